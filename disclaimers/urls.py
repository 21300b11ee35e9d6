from django.urls import path
from django.views.generic import TemplateView

app_name = "disclaimers"

urlpatterns = [
    path(
        "",
        TemplateView.as_view(
            template_name="disclaimers/disclaimer_list.html",
            http_method_names=["get", "head"],
        ),
        name="page",
    ),
]
