from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from editorial.preview import can_preview, never_cache_preview
from hairsite.metadata import PageMeta, medical_web_page, summary, web_site
from hairsite.page_cache import public_page

from .models import Article

# What the home page shows of each article's published snapshot.
TEASER_KEYS = (
    "title",
    "url",
    "standfirst_html",
    "makes_headline_claim",
    "is_investigational",
    "reviewer",
)
HOME_TITLE = "Hair loss: what the research says"
HOME_DESCRIPTION = (
    "Plain-English information about hair loss and the research into new "
    "treatments, with the evidence and its limits beside every claim."
)


@method_decorator(public_page, name="dispatch")
class ArticleListView(ListView):
    http_method_names = ["get", "head"]
    paginate_by = 20
    # Ordered by, and reading only, what visitors see: each article's published
    # teaser, never its working copy, nor its sections.
    queryset = (
        Article.objects.published()
        .order_by("live_title", "pk")
        .values_list(*(f"live__{key}" for key in TEASER_KEYS))
    )

    def get_context_data(self, **kwargs) -> dict:
        meta = PageMeta(
            HOME_TITLE, HOME_DESCRIPTION, reverse("home"), structured_data=(web_site(),)
        )
        context = super().get_context_data(meta=meta, **kwargs)
        context["teasers"] = [
            dict(zip(TEASER_KEYS, row, strict=True)) for row in context["object_list"]
        ]
        return context


@public_page
@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the published article; staff see the working copy, marked as a preview."""
    preview = can_preview(request, Article)
    if preview:
        article = get_object_or_404(Article, slug=slug)
        page = article.snapshot()
    else:
        # By the address it was published at: a new slug waits for review too.
        article = get_object_or_404(Article.objects.published(), live_slug=slug)
        page = article.live_page
    description = summary(page["standfirst_html"])
    meta = PageMeta(
        page["title"],
        description,
        page["url"],
        og_type="article",
        structured_data=(medical_web_page(page, description),),
    )
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "page": page, "preview": preview, "meta": meta},
    )
    return never_cache_preview(response, preview)
