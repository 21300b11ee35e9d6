from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hairsite.metadata import PageMeta
from hairsite.page_cache import public_page

from .models import Page
from .reports import report_mailto, reported_page


def page_context(page: Page) -> dict:
    return {
        "page": page,
        "meta": PageMeta(page.title, page.description, page.get_absolute_url()),
        "contact_email": settings.CONTACT_EMAIL,
    }


@public_page
@require_safe
def page_detail(request: HttpRequest, key: str) -> HttpResponse:
    """Show one of the site's own pages."""
    page = Page.objects.for_key(key)
    return render(request, "pages/page_detail.html", page_context(page))


@public_page
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    """Show how to report a problem, with an email prefilled for the page named."""
    # Only a public page of this site is named back; anything else is ignored.
    reported = reported_page(request.GET.get("page"))
    context = {
        **page_context(Page.objects.for_key(Page.Key.REPORT)),
        "reported": reported,
        "mailto": report_mailto(reported),
    }
    return render(request, "pages/report.html", context)
