from django.urls import path

from . import views

# URL names are the pages' keys (Page.Key), without a namespace, like "home".
urlpatterns = [
    path("about/", views.page_detail, {"key": "about"}, name="about"),
    path("privacy/", views.page_detail, {"key": "privacy"}, name="privacy"),
    path("report/", views.report, name="report"),
]
