"""The article page's body, rendered once when it goes live rather than per request."""

from django.template.loader import render_to_string

from disclaimers.models import Disclaimer
from editorial.models import as_dates


def render_article_body(page: dict, disclaimers: dict | None = None) -> str:
    """Render the <article> visitors see from a snapshot, with today's disclaimers."""
    if disclaimers is None:
        disclaimers = Disclaimer.objects.by_key()
    context = {"page": as_dates(page), "disclaimers": disclaimers}
    return render_to_string("articles/article_body.html", context)


def with_body(page: dict, disclaimers: dict | None = None) -> dict:
    """Return the snapshot with its rendered body under "html"."""
    return {**page, "html": render_article_body(page, disclaimers)}
