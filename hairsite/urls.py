from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles.feeds import ArticleFeed
from articles.views import ArticleListView

from . import sitemaps, views
from .page_cache import public_page

admin.site.site_header = "Hairsite editing"
admin.site.site_title = "Hairsite editing"
admin.site.index_title = "Content"

# A 503 page while the database is down; Django's 500 page for anything else.
handler500 = "hairsite.views.server_error"

urlpatterns = [
    path("", ArticleListView.as_view(), name="home"),
    path("articles/", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path("search/", include("search.urls")),
    path("disclaimer/", include("disclaimers.urls")),
    path("", include("pages.urls")),
    path("feed/", public_page(require_safe(ArticleFeed())), name="feed"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # These replace markdownx's own URLs, which answer anyone (markdownx #136).
    path(
        settings.MARKDOWNX_URLS_PATH.lstrip("/"),
        views.markdown_preview,
        name="markdown_preview",
    ),
    path(
        settings.MARKDOWNX_UPLOAD_URLS_PATH.lstrip("/"),
        views.image_upload,
        name="image_upload",
    ),
    path(
        settings.MEDIA_URL.lstrip("/") + "<path:path>",
        views.uploaded_image,
        name="uploaded_image",
    ),
]
