import pytest
from django.core.management import call_command

from articles.models import Article, Section
from disclaimers.models import Disclaimer
from editorial.models import Status
from faq.models import Entry
from tests.factories import make_article, make_disclaimer, make_entry, make_section

pytestmark = pytest.mark.django_db

# What an older, laxer sanitiser might have let through.
STALE_HTML = '<p>stale</p><img src="x.png" alt="x" onerror="alert(1)">'


def test_rerender_markdown_refreshes_stale_html_and_keeps_dates():
    section = make_section(body="Some **bold** text.")
    Section.objects.filter(pk=section.pk).update(body_html="<p>stale</p>")
    call_command("rerender_markdown")
    section.refresh_from_db()
    assert section.body_html == "<p>Some <strong>bold</strong> text.</p>"
    article = section.article
    modified = article.updated_at
    call_command("rerender_markdown")
    article.refresh_from_db()
    assert article.updated_at == modified


def test_rerender_markdown_neither_publishes_nor_flags_anything(client):
    article = make_article()
    section = make_section(article=article, body="Published words.")
    section.body = "Unpublished rewrite."
    section.save()
    make_article(published=False)
    make_entry()
    make_entry(published=False)
    before = {
        obj: (obj.status, obj.live, obj.published_at)
        for obj in (*Article.objects.all(), *Entry.objects.all())
    }
    assert {status for status, _, _ in before.values()} == {
        Status.DRAFT,
        Status.PUBLISHED,
    }

    call_command("rerender_markdown")

    for obj, state in before.items():
        obj.refresh_from_db()
        assert (obj.status, obj.live, obj.published_at) == state
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Published words." in page
    assert "Unpublished rewrite." not in page


def test_rerender_markdown_refreshes_the_html_visitors_see(client):
    article = make_article()
    make_section(article=article, body="Some **bold** text.")
    entry = make_entry(answer="An *answer*.")
    article.live["sections"][0]["body_html"] = STALE_HTML
    article.live["standfirst_html"] = STALE_HTML
    Article.objects.filter(pk=article.pk).update(live=article.live)
    entry.live["answer_html"] = STALE_HTML
    Entry.objects.filter(pk=entry.pk).update(live=entry.live)

    call_command("rerender_markdown")

    article_page = client.get(article.get_absolute_url()).content.decode()
    faq_page = client.get("/faq/").content.decode()
    for page in (article_page, faq_page):
        assert "onerror" not in page
        assert "stale" not in page
    assert "<p>An introduction.</p>" in article_page
    assert "<p>Some <strong>bold</strong> text.</p>" in article_page
    assert "<p>An <em>answer</em>.</p>" in faq_page


def test_rerender_markdown_expires_the_stored_pages(
    client, django_capture_on_commit_callbacks
):
    make_article(slug="cached")
    make_disclaimer("medical-advice")
    Disclaimer.objects.filter(key="medical-advice").update(text_html="<p>stale</p>")
    for _ in range(2):  # the second render is stored
        client.get("/articles/cached/")
    assert b"<p>stale</p>" in client.get("/articles/cached/").content
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rerender_markdown")
    assert b"<p>stale</p>" not in client.get("/articles/cached/").content
