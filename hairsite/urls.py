from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.views import ArticleListView

from . import views

admin.site.site_header = "Hairsite editing"
admin.site.site_title = "Hairsite editing"
admin.site.index_title = "Content"

urlpatterns = [
    path("", ArticleListView.as_view(), name="home"),
    path("articles/", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path("disclaimer/", include("disclaimers.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    # Replaces markdownx's own URLs, whose preview answers anyone (markdownx #136).
    path(
        settings.MARKDOWNX_URLS_PATH.lstrip("/"),
        views.markdown_preview,
        name="markdown_preview",
    ),
]
