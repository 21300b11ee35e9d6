from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from hairsite.metadata import PageMeta
from hairsite.page_cache import public_page

TITLE = "Disclaimer"
DESCRIPTION = (
    "The notices our pages carry and why: general information about hair loss, "
    "not medical advice, and what is still experimental."
)


@method_decorator(public_page, name="dispatch")
class DisclaimerPageView(TemplateView):
    template_name = "disclaimers/disclaimer_list.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs) -> dict:
        meta = PageMeta(TITLE, DESCRIPTION, reverse("disclaimers:page"))
        return super().get_context_data(meta=meta, **kwargs)
