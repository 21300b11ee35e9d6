import datetime
import xml.etree.ElementTree as ET

import pytest

from hairsite.sitemaps import ArticleSitemap
from tests.factories import (
    make_article,
    make_entry,
    make_medical_reviewer,
    record_review,
)

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://hair.example.org"


def entries(client, url: str) -> dict[str, str | None]:
    """Return each <loc> of a sitemap or index, with its <lastmod> if any."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return {
        node.findtext("sm:loc", namespaces=NS): node.findtext(
            "sm:lastmod", namespaces=NS
        )
        for node in root
    }


def test_index_lists_each_section_on_the_site_url(client):
    assert entries(client, "/sitemap.xml") == {
        "https://hair.example.org/sitemap-articles.xml": None,
        "https://hair.example.org/sitemap-faq.xml": None,
        "https://hair.example.org/sitemap-pages.xml": None,
    }


def test_articles_are_listed_by_published_slug_and_only_when_published(client):
    make_article(slug="published")
    make_article(slug="draft", published=False)
    make_article(slug="withdrawn").unpublish(make_medical_reviewer())
    renamed = make_article(slug="old-address")
    renamed.slug = "new-address"
    renamed.save()

    assert entries(client, "/sitemap-articles.xml") == {
        "https://hair.example.org/articles/published/": None,
        "https://hair.example.org/articles/old-address/": None,
    }


def test_article_lastmod_is_its_last_clinical_review(client):
    record_review(make_article(slug="reviewed"), on=datetime.date(2026, 3, 14))
    make_article(slug="never-reviewed")

    assert entries(client, "/sitemap-articles.xml") == {
        "https://hair.example.org/articles/reviewed/": "2026-03-14",
        "https://hair.example.org/articles/never-reviewed/": None,
    }


def test_review_of_unpublished_changes_is_not_the_lastmod(client):
    article = make_article(slug="pending")
    article.title = "Rewritten"
    article.mark_changed()
    article.save()
    article.record_review(make_medical_reviewer())

    assert entries(client, "/sitemap-articles.xml") == {
        "https://hair.example.org/articles/pending/": None
    }


@pytest.mark.parametrize(
    ("reviews", "lastmod"),
    [
        ([None, None], None),
        ([datetime.date(2026, 1, 2), None], None),
        ([datetime.date(2026, 1, 2), datetime.date(2026, 5, 6)], "2026-05-06"),
    ],
    ids=["unreviewed", "partly-reviewed", "all-reviewed"],
)
def test_faq_lastmod_is_the_last_review_once_every_answer_is_reviewed(
    client, reviews, lastmod
):
    for reviewed_on in reviews:
        entry = make_entry()
        if reviewed_on:
            record_review(entry, on=reviewed_on)
    make_entry(published=False)

    assert entries(client, "/sitemap-faq.xml") == {
        "https://hair.example.org/faq/": lastmod
    }


def test_faq_page_is_listed_only_with_a_published_answer(client):
    make_entry(published=False)

    assert entries(client, "/sitemap-faq.xml") == {}


def test_site_pages_are_listed_without_a_lastmod(client):
    assert entries(client, "/sitemap-pages.xml") == {
        "https://hair.example.org/": None,
        "https://hair.example.org/about/": None,
        "https://hair.example.org/privacy/": None,
        "https://hair.example.org/disclaimer/": None,
    }


def test_index_splits_a_section_past_its_limit(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for n in range(5):
        make_article(slug=f"a{n}")

    index = entries(client, "/sitemap.xml")
    pages = [
        entries(client, url.removeprefix("https://hair.example.org"))
        for url in index
        if "articles" in url
    ]

    assert [url for url in index if "articles" in url] == [
        "https://hair.example.org/sitemap-articles.xml",
        "https://hair.example.org/sitemap-articles.xml?p=2",
        "https://hair.example.org/sitemap-articles.xml?p=3",
    ]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert {url for page in pages for url in page} == {
        f"https://hair.example.org/articles/a{n}/" for n in range(5)
    }


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-articles.xml"])
def test_sitemap_never_names_the_requests_host(client, url):
    make_article()

    response = client.get(url, headers={"host": "localhost"})

    assert b"localhost" not in response.content
    assert b"testserver" not in response.content


@pytest.mark.parametrize(
    "url",
    ["/sitemap-nothing.xml", "/sitemap-articles.xml?p=2", "/sitemap-articles.xml?p=0",
     "/sitemap-articles.xml?p=abc", "/sitemap-articles.xml?p=%ff",
     "/sitemap-articles.xml?p=99999999999999999999"],
)  # fmt: skip
def test_unknown_section_or_page_is_not_found(client, url):
    make_article()

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-pages.xml"])
def test_sitemap_is_read_only(client, url):
    assert client.post(url).status_code == 405
