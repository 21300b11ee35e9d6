import datetime

import pytest
from django.test import Client

from pages.registry import BUILTIN_PAGES
from tests.factories import make_page, stop_clock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["about", "privacy"])
def test_page_shows_its_stored_text_with_the_contact_address(client, settings, key):
    settings.CONTACT_EMAIL = "editors@example.org"
    make_page(key, title="Stored title", body="Stored **words**.")

    html = client.get(f"/{key}/").content.decode()

    assert "<h1>Stored title</h1>" in html
    assert "<p>Stored <strong>words</strong>.</p>" in html
    assert '<a href="mailto:editors@example.org">editors@example.org</a>' in html


def test_page_says_when_it_was_last_updated(client, monkeypatch):
    stop_clock(monkeypatch, datetime.datetime(2026, 4, 7, 12, tzinfo=datetime.UTC))
    make_page("privacy")

    html = client.get("/privacy/").content.decode()

    assert 'Last updated <time datetime="2026-04-07">7 April 2026</time>' in html


@pytest.mark.parametrize("key", ["about", "privacy", "report"])
def test_page_not_yet_stored_shows_its_built_in_text(client, key):
    response = client.get(f"/{key}/")

    assert response.status_code == 200
    assert f"<h1>{BUILTIN_PAGES[key]['title']}</h1>" in response.content.decode()
    assert "Last updated" not in response.content.decode()


def test_an_edit_shows_at_once(client):
    page = make_page("about", body="Before.")
    page.body = "After."
    page.save()

    assert "<p>After.</p>" in client.get("/about/").content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("url", ["/about/", "/privacy/", "/report/?page=/"])
def test_pages_are_read_only(method, url):
    make_page("about", body="Unchanged.")
    client = Client()

    response = getattr(client, method)(url, {"body": "Overwritten."})

    assert response.status_code == 405
    assert "<p>Unchanged.</p>" in client.get("/about/").content.decode()
