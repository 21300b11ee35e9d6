from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article
from disclaimers.claims import makes_headline_claim
from editorial.preview import can_preview, never_cache_preview
from hairsite.metadata import PageMeta, faq_page
from hairsite.page_cache import public_page

from .models import Entry

TITLE = "Frequently asked questions"
DESCRIPTION = (
    "Short answers to common questions about hair loss and the research into "
    "its treatment, with the sources behind them."
)


@public_page
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    """Show the published questions; staff see every working copy as a preview."""
    preview = can_preview(request, Entry)
    if preview:
        entries = Entry.objects.select_related("article", "reviewer").prefetch_related(
            "topics", "references"
        )
        pages = [(entry, entry.snapshot()) for entry in entries]
    else:
        entries = Entry.objects.published().only("live", "status")
        pages = [(entry, entry.live_page) for entry in entries]
    path = reverse("faq:list")
    answers = [page for _, page in pages]
    context = {
        "meta": PageMeta(
            TITLE,
            DESCRIPTION,
            path,
            structured_data=(faq_page(answers, path),) if answers else (),
        ),
        "pages": pages,
        "preview": preview,
        # The page counts as reviewed only when every answer on it is.
        "is_clinically_reviewed": bool(pages)
        and all(page["reviewer"] for _, page in pages),
        "makes_headline_claim": makes_headline_claim(
            *(page["question"] for _, page in pages)
        ),
        "public_articles": set(
            Article.objects.published().values_list("live_slug", flat=True)
        ),
    }
    response = render(request, "faq/entry_list.html", context)
    return never_cache_preview(response, preview)
