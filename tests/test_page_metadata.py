"""What each public page tells browsers, crawlers and link previews about itself."""

import datetime
import itertools
import json
import re

import pytest

from tests.factories import (
    make_article,
    make_entry,
    make_page,
    make_reference,
    make_section,
    record_review,
)
from tests.test_public_pages import Page, get_page, words

pytestmark = pytest.mark.django_db

SITE_URL = "https://hair.example.org"
ARTICLE = "/articles/public-article/"
# Every public page with its own metadata: its path, <h1> and Open Graph type.
PAGES = [
    pytest.param("/", "Hair loss: what the research says", "website", id="home"),
    pytest.param(ARTICLE, "Stem cells & hair", "article", id="article"),
    pytest.param("/faq/", "Frequently asked questions", "website", id="faq"),
    pytest.param("/disclaimer/", "Disclaimer", "website", id="disclaimer"),
    pytest.param("/about/", "About <us>", "website", id="about"),
    pytest.param("/privacy/", "Privacy", "website", id="privacy"),
    pytest.param("/report/", "Report a problem with this page", "website", id="report"),
]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE_URL
    article = make_article(
        slug="public-article",
        title="Stem cells & hair",
        standfirst="What the <b>early</b> trials show &amp; what they do not.",
    )
    make_section(article, references=[make_reference(citation="Kanti V. 2018.")])
    make_section(article, references=[make_reference(citation="FDA. 2020.")])
    make_entry(question="Is it <safe>?", answer="Not *known*: ask a GP & a pharmacist.")
    make_entry(question="Does it work?", answer="Not yet.")
    make_page("about", title="About <us>", description="Who we are & how we work.")
    return article


def meta(page: Page, **attrs: str) -> str | None:
    found = page.find("meta", **attrs)
    return found[0].attrs["content"] if found else None


def link_href(page: Page, **attrs: str) -> str | None:
    found = page.find("link", **attrs)
    return found[0].attrs["href"] if found else None


def structured_data(page: Page) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.html
    )
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def of_type(graph: list[dict], kind: str) -> dict:
    (item,) = [item for item in graph if item["@type"] == kind]
    return item


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES)
def test_page_has_its_title_description_canonical_and_open_graph(
    client, path, h1, og_type
):
    page = get_page(client, path)

    (heading,) = page.find("h1")
    assert words(heading.text) == h1
    assert words(page.find("title")[0].text) == f"{h1} – Hairsite"
    description = meta(page, name="description")
    assert description and "<" not in description
    assert link_href(page, rel="canonical") == SITE_URL + path
    assert meta(page, property="og:url") == SITE_URL + path
    assert meta(page, property="og:title") == h1
    assert meta(page, property="og:description") == description
    assert meta(page, property="og:type") == og_type
    assert meta(page, property="og:site_name") == "Hairsite"
    assert meta(page, property="og:image") is None


def test_article_description_is_its_introduction_as_plain_text(client):
    page = get_page(client, ARTICLE)

    assert meta(page, name="description") == (
        "What the early trials show & what they do not."
    )


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES)
def test_absolute_urls_come_from_site_url_never_the_host_header(
    client, path, h1, og_type
):
    response = client.get(path + "?utm_source=x", headers={"host": "localhost"})

    html = response.content.decode()
    assert "localhost" not in html
    assert "testserver" not in html
    assert "utm_source" not in html
    assert f'<link rel="canonical" href="{SITE_URL}{path}">' in html


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES)
def test_footer_links_the_site_pages_and_a_report_of_this_very_page(
    client, path, h1, og_type
):
    page = get_page(client, path)

    (footer,) = page.find("footer")
    links = [e.attrs["href"] for e in page.inside(footer, "a")]
    assert links == ["/about/", "/disclaimer/", "/privacy/", f"/report/?page={path}"]


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES)
def test_every_page_offers_the_article_feed(client, path, h1, og_type):
    page = get_page(client, path)

    assert page.find(
        "link", rel="alternate", type="application/atom+xml", href="/feed/"
    )


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES)
def test_reading_a_page_sets_no_cookie(client, path, h1, og_type):
    response = client.get(path)

    assert not response.cookies
    assert "Set-Cookie" not in response


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES)
def test_headings_start_at_one_h1_and_never_skip_a_level(client, path, h1, og_type):
    page = get_page(client, path)

    levels = [int(e.tag[1]) for e in page.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


@pytest.mark.parametrize(("path", "h1", "og_type"), PAGES[1:])
def test_breadcrumbs_lead_from_home_to_the_page_as_titled(client, path, h1, og_type):
    graph = structured_data(get_page(client, path))

    trail = of_type(graph, "BreadcrumbList")["itemListElement"]
    assert [(step["position"], step["name"], step["item"]) for step in trail] == [
        (1, "Home", SITE_URL + "/"),
        (2, h1, SITE_URL + path),
    ]


def test_home_page_describes_the_site(client):
    graph = structured_data(get_page(client, "/"))

    assert graph == [
        {
            "@type": "WebSite",
            "name": "Hairsite",
            "url": SITE_URL + "/",
            "inLanguage": "en-GB",
            "publisher": {"@type": "Organization", "name": "Hairsite",
                          "url": SITE_URL + "/"},
        }
    ]  # fmt: skip


def test_error_page_claims_no_address_and_reports_no_page(client):
    page = get_page(client, "/no-such-page/", 404)

    assert link_href(page, rel="canonical") is None
    assert meta(page, property="og:title") is None
    assert "application/ld+json" not in page.html
    assert "/report/" in page.links()
    assert not [link for link in page.links() if "?page=" in link]


def test_unreviewed_article_structured_data_matches_the_page(client):
    page = get_page(client, ARTICLE)

    data = of_type(structured_data(page), "MedicalWebPage")
    assert data["name"] == words(page.find("h1")[0].text)
    assert data["description"] == meta(page, name="description")
    assert data["url"] == SITE_URL + ARTICLE
    assert data["author"]["name"] == "A. Writer"
    assert "reviewedBy" not in data
    assert "lastReviewed" not in data
    assert page.trust()["Medical review"] == "Not yet reviewed by a clinician"
    references = page.inside(page.find("section", id="references")[0], "li")
    assert [c["name"] for c in data["citation"]] == ["Kanti V. 2018.", "FDA. 2020."]
    for reference, citation in zip(references, data["citation"], strict=True):
        assert words(reference.text).startswith(citation["name"])


def test_reviewed_article_structured_data_names_the_reviewer_shown(client, site):
    record_review(site, on=datetime.date(2026, 3, 14))

    page = get_page(client, ARTICLE)

    data = of_type(structured_data(page), "MedicalWebPage")
    assert data["lastReviewed"] == "2026-03-14"
    assert page.trust()["Medical review"] == (
        f"{data['reviewedBy']['name']}, on 14 March 2026"
    )
    assert f'<time datetime="{data["datePublished"][:10]}">' in page.html


def test_faq_structured_data_holds_the_questions_and_answers_shown(client):
    page = get_page(client, "/faq/")

    data = of_type(structured_data(page), "FAQPage")
    questions = [words(e.text) for e in page.find("summary")]
    answers = re.findall(r'<div class="answer">(.*?)</div>', page.html, re.DOTALL)
    assert [q["name"] for q in data["mainEntity"]] == questions
    assert [q["acceptedAnswer"]["text"] for q in data["mainEntity"]] == answers
    assert questions == ["Is it <safe>?", "Does it work?"]
    assert answers[0] == "<p>Not <em>known</em>: ask a GP &amp; a pharmacist.</p>"
