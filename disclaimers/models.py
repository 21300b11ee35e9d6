from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Length, Replace, Trim
from django.db.models.lookups import GreaterThan
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from editorial.models import Versioned
from hairsite.markdown import (
    has_visible_text,
    render_markdown,
    validate_image_alt_text,
    validate_renders_visible_text,
)

from .registry import REQUIRED_DISCLAIMERS

# The disclaimers that topic tags attach to sections and FAQ answers.
TOPIC_DISCLAIMER_KEYS = [
    "evidence",
    "outlook",
    "safety",
    "cost-clinics",
    "approved-alternatives",
    "condition-scope",
    "lifestyle",
]


def trimmed_length(field: str) -> Length:
    """Measure `field` without surrounding whitespace; TRIM() strips only spaces."""
    expression = F(field)
    for char in "\t\n\r":
        expression = Replace(expression, Value(char), Value(""))
    return Length(Trim(expression))


class DisclaimerQuerySet(models.QuerySet):
    def delete(self):
        raise models.ProtectedError(
            "Required disclaimers cannot be deleted; reword them instead.",
            set(self),
        )

    def by_key(self) -> dict[str, "Disclaimer"]:
        """Map every required key to its record, or to the built-in wording."""
        # save() refuses text that sanitises to nothing; a row changed around
        # it with update() and left empty still counts as missing.
        stored = {
            d.key: d
            # Only what pages show: this runs on every page a visitor loads.
            for d in self.filter(key__in=REQUIRED_DISCLAIMERS).only(
                "key", "title", "text_html"
            )
            if d.text_html.strip()
        }
        return {
            key: stored.get(key) or Disclaimer.builtin(key)
            for key in REQUIRED_DISCLAIMERS
        }


class Disclaimer(Versioned):
    key = models.CharField(
        max_length=40,
        unique=True,
        choices=[(d.key, d.key) for d in REQUIRED_DISCLAIMERS.values()],
        help_text="Which required disclaimer this is. Pages find it by this key.",
    )
    title = models.CharField(
        max_length=80,
        help_text="Short heading shown in bold, e.g. “Not medical advice”.",
    )
    text = MarkdownxField(
        validators=[validate_image_alt_text, validate_renders_visible_text],
        help_text=(
            "What visitors read, in plain English (Markdown). Keep it short: it "
            "sits beside the claim it qualifies. It can be reworded, never emptied."
        ),
    )
    text_html = models.TextField(editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["text_html"])

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(trimmed_length("text"), 0),
                name="disclaimer_text_not_blank",
                violation_error_message="A required disclaimer cannot be empty.",
            ),
            models.CheckConstraint(
                condition=GreaterThan(trimmed_length("title"), 0),
                name="disclaimer_title_not_blank",
                violation_error_message="A required disclaimer needs a title.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.key})"

    def save(self, *args, **kwargs) -> None:
        self.text_html = render_markdown(self.text)
        # Checked once here, by every route, rather than on every page view;
        # blank text is left to the database's check constraint.
        if self.text.strip() and not has_visible_text(self.text_html):
            raise ValidationError("A required disclaimer cannot show nothing.")
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "text_html"}
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(
            "Required disclaimers cannot be deleted; reword them instead.", {self}
        )

    @classmethod
    def builtin(cls, key: str) -> "Disclaimer":
        """Return the built-in wording for `key`, unsaved."""
        required = REQUIRED_DISCLAIMERS[key]
        return cls(
            key=key,
            title=required.title,
            text=required.text,
            text_html=render_markdown(required.text),
        )


class Topic(models.Model):
    slug = models.SlugField(primary_key=True, help_text="Stable identifier of the tag.")
    name = models.CharField(max_length=60, unique=True)
    disclaimer_key = models.CharField(
        max_length=40,
        choices=[(key, key) for key in TOPIC_DISCLAIMER_KEYS],
        help_text="The disclaimer shown beside every section or answer with this tag.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TopicTagged(models.Model):
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        help_text="Tags that add their disclaimer beside this text on the public page.",
    )

    class Meta:
        abstract = True

    @property
    def disclaimer_keys(self) -> list[str]:
        """Return the callout disclaimers its topics call for, once each."""
        return list(dict.fromkeys(topic.disclaimer_key for topic in self.topics.all()))
