import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article, make_medical_reviewer, stop_clock

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def feed(client, **headers: str) -> ET.Element:
    response = client.get("/feed/", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def test_feed_is_atom_naming_the_site_on_the_site_url(client, settings):
    settings.SITE_URL = "https://hair.example.org"

    root = feed(client)

    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.findtext("atom:title", namespaces=ATOM) == "Hairsite: articles"
    links = {
        link.get("rel"): link.get("href") for link in root.findall("atom:link", ATOM)
    }
    assert links == {
        "alternate": "https://hair.example.org/",
        "self": "https://hair.example.org/feed/",
    }
    assert root.findtext("atom:id", namespaces=ATOM) == "https://hair.example.org/"


def test_feed_lists_only_published_articles_as_visitors_see_them(client, settings):
    settings.SITE_URL = "https://hair.example.org"
    make_article(slug="shown", title="Shown", standfirst="An <em>intro</em> & more.")
    make_article(slug="draft", title="Draft", published=False)
    make_article(slug="withdrawn", title="Withdrawn").unpublish(make_medical_reviewer())
    pending = make_article(slug="pending", title="Published title")
    pending.title = "Unpublished title"
    pending.mark_changed()
    pending.save()

    entries = feed(client).findall("atom:entry", ATOM)

    assert sorted(
        entry.findtext("atom:title", namespaces=ATOM) for entry in entries
    ) == [
        "Published title",
        "Shown",
    ]
    shown = next(
        e for e in entries if e.findtext("atom:title", namespaces=ATOM) == "Shown"
    )
    assert shown.find("atom:link", ATOM).get("href") == (
        "https://hair.example.org/articles/shown/"
    )
    assert shown.findtext("atom:author/atom:name", namespaces=ATOM) == "A. Writer"
    summary = shown.find("atom:summary", ATOM)
    assert summary.get("type") == "html"
    assert summary.text == "<p>An <em>intro</em> &amp; more.</p>"


def test_feed_dates_are_when_published_and_last_updated(client, monkeypatch):
    clock = stop_clock(
        monkeypatch, datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    )
    article = make_article()
    clock.advance(days=10)
    article.publish_unchecked()

    entry = feed(client).find("atom:entry", ATOM)

    assert (
        entry.findtext("atom:published", namespaces=ATOM) == "2026-01-05T09:00:00+00:00"
    )
    assert (
        entry.findtext("atom:updated", namespaces=ATOM) == "2026-01-15T09:00:00+00:00"
    )


def test_feed_never_names_the_requests_host(client):
    make_article()

    root = feed(client, host="localhost")

    assert "localhost" not in ET.tostring(root, encoding="unicode")


def test_feed_is_read_only(client):
    assert client.post("/feed/").status_code == 405
