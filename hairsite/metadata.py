"""What pages say about themselves: head tags, breadcrumbs and schema.org data."""

import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import unescape
from urllib.parse import quote

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

SITE_NAME = "Hairsite"
# The condition the site's articles are about.
CONDITION = {
    "@type": "MedicalCondition",
    "name": "Androgenetic alopecia",
    "alternateName": "Pattern hair loss",
}
# Pages are written for patients and the public, not for clinicians.
AUDIENCE = {"@type": "MedicalAudience", "audienceType": "Patient"}
# As Django's json_script: no string in the data can then close the element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """Return `path` on the site's configured origin, never the request's Host."""
    return settings.SITE_URL + path


def summary(html: str, width: int = 160) -> str:
    """Return rendered HTML as plain text cut at a word, for a meta description."""
    return textwrap.shorten(unescape(strip_tags(html)), width=width, placeholder="…")


@dataclass(frozen=True)
class PageMeta:
    """What a public page tells browsers, search engines and link previews."""

    title: str
    description: str
    path: str
    og_type: str = "website"
    # schema.org items describing the page; the breadcrumbs are added to them.
    structured_data: tuple[dict, ...] = ()

    @property
    def url(self) -> str:
        return absolute_url(self.path)

    @property
    def breadcrumbs(self) -> list[tuple[str, str]]:
        """Return the trail from the home page to this page, as (name, path)."""
        home = reverse("home")
        if self.path == home:
            return [("Home", home)]
        return [("Home", home), (self.title, self.path)]

    @property
    def graph(self) -> dict:
        """Return the page's JSON-LD: its structured data and its breadcrumbs."""
        items = list(self.structured_data)
        if len(self.breadcrumbs) > 1:
            items.append(breadcrumb_list(self.breadcrumbs))
        return {"@context": "https://schema.org", "@graph": items}


def json_ld(data: dict) -> SafeString:
    """Render `data` as a JSON-LD script element, a data block browsers never run."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


def breadcrumb_list(trail: Sequence[tuple[str, str]]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def organisation(name: str) -> dict:
    return {"@type": "Organization", "name": name, "url": absolute_url(reverse("home"))}


def web_site() -> dict:
    return {
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": absolute_url(reverse("home")),
        "inLanguage": "en-GB",
        "publisher": organisation(settings.PUBLISHER_NAME),
    }


def reference_link(reference: dict) -> str:
    """Return where readers can check a reference: DOI, else PubMed, else its URL."""
    if reference["doi"]:
        return f"https://doi.org/{quote(reference['doi'], safe='/')}"
    if reference["pmid"]:
        return f"https://pubmed.ncbi.nlm.nih.gov/{reference['pmid']}/"
    return reference["url"]


def citation(reference: dict) -> dict:
    identifiers = [
        {"@type": "PropertyValue", "propertyID": kind, "value": reference[field]}
        for kind, field in [("DOI", "doi"), ("PMID", "pmid")]
        if reference[field]
    ]
    return {
        "@type": "CreativeWork",
        "name": reference["citation"],
        "url": reference_link(reference),
        **({"identifier": identifiers} if identifiers else {}),
    }


def medical_web_page(page: dict, description: str) -> dict:
    """Describe an article page from the snapshot its template shows."""
    data = {
        "@type": "MedicalWebPage",
        "url": absolute_url(page["url"]),
        "name": page["title"],
        "description": description,
        "inLanguage": "en-GB",
        "about": CONDITION,
        "audience": AUDIENCE,
        "author": {
            "@type": "Person",
            "name": page["author_name"],
            "description": page["author_credentials"],
        },
        "publisher": organisation(page["publisher"]),
        "datePublished": page["first_published_at"],
        "dateModified": page["published_at"],
        "citation": [citation(reference) for reference in page["references"]],
    }
    # Only a recorded review, with both who and when, as the page itself shows.
    if page["reviewer"] and page["last_reviewed"]:
        data["lastReviewed"] = page["last_reviewed"]
        data["reviewedBy"] = {"@type": "Person", "name": page["reviewer"]}
    # A preview of a page never published has no dates, and maybe no sources.
    return {key: value for key, value in data.items() if value not in (None, [])}


def faq_page(answers: Iterable[dict], path: str) -> dict:
    """Describe the FAQ page: each question with the answer exactly as shown."""
    return {
        "@type": "FAQPage",
        "url": absolute_url(path),
        "inLanguage": "en-GB",
        "mainEntity": [
            {
                "@type": "Question",
                "name": answer["question"],
                "acceptedAnswer": {"@type": "Answer", "text": answer["answer_html"]},
            }
            for answer in answers
        ],
    }
