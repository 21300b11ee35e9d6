from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from disclaimers.models import TopicTagged
from hairsite.markdown import render_markdown, validate_image_alt_text
from hairsite.models import ClinicallyReviewable, Publishable


class Entry(Publishable, ClinicallyReviewable, TopicTagged):
    question = models.CharField(
        max_length=300, help_text="The question as a reader would ask it."
    )
    answer = MarkdownxField(
        validators=[validate_image_alt_text],
        help_text="The answer in Markdown. Keep it short and plain.",
    )
    answer_html = models.TextField(editable=False)
    position = models.PositiveIntegerField(
        default=0, help_text="Entries are shown in ascending order of this number."
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        blank=True,
        null=True,
        related_name="faq_entries",
        help_text="The article this question belongs with, if any.",
    )
    updated_at = models.DateTimeField("last modified", auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return f"{reverse('faq:list')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"q{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)
