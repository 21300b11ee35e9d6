from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from markdownx.models import MarkdownxField

from disclaimers.claims import makes_headline_claim
from disclaimers.models import TopicTagged
from hairsite.markdown import render_markdown, validate_image_alt_text
from hairsite.models import ClinicallyReviewable, Publishable


class Article(Publishable, ClinicallyReviewable):
    title = models.CharField(max_length=200, help_text="The page’s main heading.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the article’s address. Changing it breaks links.",
    )
    standfirst = MarkdownxField(
        validators=[validate_image_alt_text],
        help_text="The introduction under the title, before the sections (Markdown).",
    )
    standfirst_html = models.TextField(editable=False)
    is_investigational = models.BooleanField(
        "investigational therapy",
        default=False,
        help_text=(
            "Tick when the article discusses a treatment that is not approved: the "
            "page then shows the investigational-therapy warning under the title."
        ),
    )
    author_name = models.CharField(max_length=120, help_text="Who wrote the article.")
    author_credentials = models.CharField(
        max_length=200,
        help_text=(
            "The author’s qualifications, or a plain statement such as “not "
            "medically qualified”. Never claim a credential the author lacks."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last modified", auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        self.standfirst_html = render_markdown(self.standfirst)
        super().save(*args, **kwargs)

    @property
    def makes_headline_claim(self) -> bool:
        """Tell whether the title or a section heading overstates the evidence."""
        return makes_headline_claim(
            self.title, *(s.heading for s in self.sections.all())
        )


def anchor_for(heading: str, position: int) -> str:
    """Make a section's #fragment from its heading, or its position if that fails."""
    return slugify(heading)[:200] or f"section-{position}"


class Section(TopicTagged):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Sections are shown in ascending order of this number."
    )
    heading = models.CharField(max_length=200, help_text="The section’s heading.")
    anchor = models.SlugField(
        max_length=200,
        blank=True,
        help_text=(
            "The #fragment that links to this section. Left empty, it is made "
            "from the heading; change it only if you accept breaking old links."
        ),
    )
    body = MarkdownxField(
        validators=[validate_image_alt_text],
        help_text=(
            "The section’s text in Markdown. Use ### for sub-headings (the heading "
            "above is the section’s own), **bold**, [link text](https://…)."
        ),
    )
    body_html = models.TextField(editable=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "anchor"],
                name="section_anchor_unique_per_article",
                violation_error_message="Another section here has that anchor.",
            )
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self) -> None:
        super().clean()
        # Before validate_unique(), which full_clean() runs after clean().
        self.fill_anchor()

    def save(self, *args, **kwargs) -> None:
        self.fill_anchor()
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def fill_anchor(self) -> None:
        """Make the anchor from the heading when the editor left it empty."""
        if not self.anchor:
            self.anchor = anchor_for(self.heading, self.position)
