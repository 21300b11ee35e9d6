from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from disclaimers.models import TopicTagged
from editorial.models import Reference, Workflow
from hairsite.markdown import render_markdown, validate_image_alt_text


class Entry(Workflow, TopicTagged):
    question = models.CharField(
        max_length=300, help_text="The question as a reader would ask it."
    )
    answer = MarkdownxField(
        validators=[validate_image_alt_text],
        help_text="The answer in Markdown. Keep it short and plain.",
    )
    answer_html = models.TextField(editable=False)
    position = models.PositiveIntegerField(
        default=0,
        help_text=(
            "Entries are shown in ascending order of this number; a new order "
            "shows at once, without a new review."
        ),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        blank=True,
        null=True,
        related_name="faq_entries",
        help_text="The article this question belongs with, if any.",
    )
    references = models.ManyToManyField(
        Reference,
        blank=True,
        help_text="The sources behind this answer’s claims, listed under it.",
    )
    updated_at = models.DateTimeField("last modified", auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["live", "answer_html"], m2m_fields=["topics", "references"]
    )

    publish_permission = "faq.publish_entry"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        permissions = [
            ("publish_entry", "Can publish FAQ entries and record clinical reviews")
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return f"{reverse('faq:list')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"q{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.answer_html = render_markdown(self.answer)
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "answer_html"}
        super().save(*args, **kwargs)

    def snapshot(self) -> dict:
        article = self.article
        return {
            "question": self.question,
            "anchor": self.anchor,
            "answer": self.answer,
            "answer_html": self.answer_html,
            "disclaimer_keys": self.disclaimer_keys,
            "references": [reference.as_data() for reference in self.references.all()],
            "article": {"title": article.title, "slug": article.slug}
            if article
            else None,
            "first_published_at": self.first_published_at,
            "published_at": self.published_at,
            **self.review_data(),
        }
