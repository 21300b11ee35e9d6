from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from editorial.models import as_dates
from editorial.views import can_preview, never_cache_preview

from .models import Article


class ArticleListView(ListView):
    http_method_names = ["get", "head"]
    queryset = Article.objects.published().only("slug", "live")


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the published article; staff see the working copy, marked as a preview."""
    article = get_object_or_404(Article, slug=slug)
    preview = can_preview(request, Article)
    if preview:
        page = article.snapshot()
    elif article.is_public:
        page = as_dates(article.live)
    else:
        raise Http404("No published article here.")
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "page": page, "preview": preview},
    )
    return never_cache_preview(response, preview)
