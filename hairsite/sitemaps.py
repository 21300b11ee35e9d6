"""sitemap.xml: every published page, on the configured origin."""

from datetime import date
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article
from faq.models import Entry

from .page_cache import public_page


def on_site_url(url: str) -> str:
    """Return `url` with SITE_URL's scheme and host."""
    return urlunsplit(urlsplit(settings.SITE_URL)[:2] + urlsplit(url)[2:])


def reviewed_on(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class SiteSitemap(Sitemap):
    """Name pages on SITE_URL, never on the Host header the request came with."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        # By the slug each was published at; the JSON keys only, not the pages.
        return (
            Article.objects.published()
            .order_by("pk")
            .values("live_slug", "live__last_reviewed")
        )

    def location(self, item: dict) -> str:
        return reverse("articles:detail", kwargs={"slug": item["live_slug"]})

    def lastmod(self, item: dict) -> date | None:
        """Return the last clinical review; a page never reviewed has no lastmod."""
        return reviewed_on(item["live__last_reviewed"])


class FaqSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return ["faq:list"] if Entry.objects.published().exists() else []

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> date | None:
        """Return the latest review, if every answer shown has been reviewed."""
        # As the page itself: reviewed only when every answer on it is.
        reviews = Entry.objects.published().values_list(
            "live__last_reviewed", flat=True
        )
        dates = [reviewed_on(value) for value in reviews]
        return max(dates) if dates and None not in dates else None


class PageSitemap(SiteSitemap):
    """The pages that have no clinical review, so no lastmod."""

    def items(self) -> list[str]:
        return ["home", "about", "privacy", "disclaimers:page"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "faq": FaqSitemap, "pages": PageSitemap}


@public_page
@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """List the sitemap's sections, and their pages past 50,000 URLs each."""
    response = views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")
    # Django names the sections on the request's host; name them on SITE_URL.
    for item in response.context_data["sitemaps"]:
        item.location = on_site_url(item.location)
    return response


@public_page
@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return views.sitemap(request, SITEMAPS, section=section)
