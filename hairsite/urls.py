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
