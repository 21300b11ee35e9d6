from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from .models import Article, Section


class ArticleListView(ListView):
    http_method_names = ["get", "head"]
    queryset = Article.objects.published()


class ArticleDetailView(DetailView):
    http_method_names = ["get", "head"]
    queryset = Article.objects.published().prefetch_related(
        Prefetch("sections", queryset=Section.objects.prefetch_related("topics"))
    )
