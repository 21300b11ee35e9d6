from django.urls import path

from . import views

app_name = "faq"

urlpatterns = [
    path("", views.entry_list, name="list"),
]
