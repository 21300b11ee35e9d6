from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from editorial.preview import can_preview, never_cache_preview

from .models import Article


class ArticleListView(ListView):
    http_method_names = ["get", "head"]
    queryset = Article.objects.published().only("live")


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the published article; staff see the working copy, marked as a preview."""
    preview = can_preview(request, Article)
    if preview:
        article = get_object_or_404(Article, slug=slug)
        page = article.snapshot()
    else:
        # By the address it was published at: a new slug waits for review too.
        article = get_object_or_404(Article.objects.published(), live__slug=slug)
        page = article.live_page
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "page": page, "preview": preview},
    )
    return never_cache_preview(response, preview)
