"""The page a "Report a problem" link names, checked, and the email it prefills."""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import Http404
from django.urls import ResolverMatch, resolve

from articles.models import Article
from articles.views import HOME_TITLE
from disclaimers.views import TITLE as DISCLAIMER_TITLE
from faq.views import TITLE as FAQ_TITLE
from hairsite.metadata import absolute_url

from .models import Page

# A path on this site in the characters its addresses use: no scheme, host,
# query, fragment, escapes, backslashes or control characters to smuggle in.
SAME_SITE_PATH = re.compile(r"/(?!/)[\w/.~-]{0,300}", re.ASCII)
# Public pages whose title is fixed, by URL name.
FIXED_TITLES = {
    "home": HOME_TITLE,
    "faq:list": FAQ_TITLE,
    "disclaimers:page": DISCLAIMER_TITLE,
}


@dataclass(frozen=True)
class ReportedPage:
    title: str
    path: str

    @property
    def url(self) -> str:
        return absolute_url(self.path)


def reported_page(value: str | None) -> ReportedPage | None:
    """Return the public page of this site that `value` names, or None."""
    if value is None or not SAME_SITE_PATH.fullmatch(value):
        return None
    try:
        match = resolve(value)
    except Http404:
        return None
    title = public_title(match)
    return ReportedPage(title, value) if title else None


def public_title(match: ResolverMatch) -> str | None:
    """Return the title visitors see at `match`, or None if it is no public page."""
    if match.view_name == "articles:detail":
        return (
            Article.objects.published()
            .filter(live_slug=match.kwargs["slug"])
            .values_list("live_title", flat=True)
            .first()
        )
    if match.view_name in Page.Key.values:
        return Page.objects.for_key(match.view_name).title
    return FIXED_TITLES.get(match.view_name)


def report_mailto(reported: ReportedPage | None) -> str:
    """Return a mailto: link to the editors, prefilled with the page reported."""
    if reported:
        subject = f"Problem with the page “{reported.title}”"
        body = f"Page: {reported.title}\r\nAddress: {reported.url}\r\n\r\n"
    else:
        subject, body = "Problem with a page", "Page address:\r\n\r\n"
    body += "What is wrong:\r\n"
    query = urlencode({"subject": subject, "body": body}, quote_via=quote)
    return f"mailto:{quote(settings.CONTACT_EMAIL, safe='@')}?{query}"
