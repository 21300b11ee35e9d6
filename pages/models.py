"""The site's own pages: about us, privacy, and report a problem."""

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from editorial.models import Versioned
from hairsite.markdown import (
    render_markdown,
    validate_image_alt_text,
    validate_renders_visible_text,
)

from .registry import BUILTIN_PAGES


class PageQuerySet(models.QuerySet):
    def for_key(self, key: str) -> "Page":
        """Return the stored page for `key`, or its built-in text if none is stored."""
        return self.filter(key=key).first() or Page.builtin(key)


class Page(Versioned):
    class Key(models.TextChoices):
        # The values are the pages' URL names.
        ABOUT = "about", "About us and our editorial process"
        PRIVACY = "privacy", "Privacy"
        REPORT = "report", "Report a problem with this page"

    key = models.CharField(
        max_length=20,
        unique=True,
        choices=Key,
        editable=False,
        help_text="Which of the site's pages this is; its address follows from it.",
    )
    title = models.CharField(
        max_length=120,
        help_text="The page's heading, also its title in browser tabs and search "
        "results.",
    )
    description = models.CharField(
        max_length=300,
        help_text="One or two plain sentences that search engines and link "
        "previews show under the title.",
    )
    body = MarkdownxField(
        validators=[validate_image_alt_text, validate_renders_visible_text],
        help_text="The page's text in Markdown. Use ## for headings (the title is "
        "the page's only main heading) and [link text](/privacy/) for links.",
    )
    body_html = models.TextField(
        editable=False, help_text="The body rendered from Markdown when saved."
    )
    updated_at = models.DateTimeField(
        "last updated",
        auto_now=True,
        help_text="When the page was last saved; shown at its foot.",
    )
    history = HistoricalRecords(excluded_fields=["body_html"])

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(self.key)

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "body_html"}
        super().save(*args, **kwargs)

    @classmethod
    def builtin(cls, key: str) -> "Page":
        """Return the built-in text for `key`, unsaved: no footer link may 404."""
        text = BUILTIN_PAGES[key]
        return cls(key=key, **text, body_html=render_markdown(text["body"]))
