from django.urls import path

from . import views

app_name = "disclaimers"

urlpatterns = [
    path("", views.DisclaimerPageView.as_view(), name="page"),
]
