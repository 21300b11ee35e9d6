from django import template

from articles.models import Article
from faq.models import Entry

register = template.Library()


@register.simple_tag
def overdue_review_counts() -> dict[str, int]:
    """Count what is due for clinical review, for the admin's front page."""
    return {
        "articles": Article.objects.overdue_for_review().count(),
        "faq": Entry.objects.overdue_for_review().count(),
    }
