"""Article bodies render when published, and again when what they quote changes."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.factories import make_article, make_disclaimer, make_section
from tests.test_public_pages import get_page

pytestmark = pytest.mark.django_db


def test_publishing_stores_the_body_visitors_get(client):
    article = make_article(slug="stored", title="Stored body")
    make_section(article=article, heading="A heading", body="Published words.")
    article.refresh_from_db()
    Article.objects.filter(pk=article.pk).update(
        live={**article.live, "html": '<article class="article">Pasted</article>'}
    )

    page = get_page(client, "/articles/stored/")

    assert "Pasted" in page.html
    assert "Published words." not in page.html


def test_stored_body_matches_a_fresh_render(client):
    article = make_article(slug="fresh")
    make_section(article=article, topics=["safety"], body="Published words.")
    article.refresh_from_db()
    stored = client.get("/articles/fresh/").content
    live = dict(article.live)
    del live["html"]
    Article.objects.filter(pk=article.pk).update(live=live)

    assert client.get("/articles/fresh/").content == stored


def test_published_article_follows_a_reworded_disclaimer_without_republishing(client):
    article = make_article(slug="reworded")
    make_section(article=article, topics=["safety"])
    disclaimer = make_disclaimer("safety")
    published_at = Article.objects.get(pk=article.pk).published_at

    disclaimer.text = "Reworded safety warning."
    disclaimer.save()

    assert "Reworded safety warning." in get_page(client, "/articles/reworded/").html
    assert Article.objects.get(pk=article.pk).published_at == published_at


def test_address_and_title_columns_follow_the_live_snapshot():
    article = make_article(slug="address", title="Address")
    assert (article.live_slug, article.live_title) == ("address", "Address")
    article.slug = "renamed"
    article.save()
    assert Article.objects.get(pk=article.pk).live_slug == "address"
    article.publish_unchecked()
    assert Article.objects.get(pk=article.pk).live_slug == "renamed"
    article.live = None
    article.save(update_fields=["live"])
    article.refresh_from_db()
    assert (article.live_slug, article.live_title) == ("", "")


def test_rerender_markdown_renders_published_bodies_again(client):
    article = make_article(slug="rerendered")
    make_section(article=article, body="Published words.")
    article.refresh_from_db()
    stale = {**article.live, "html": '<article class="article">Stale</article>'}
    Article.objects.filter(pk=article.pk).update(live=stale)

    call_command("rerender_markdown")

    html = get_page(client, "/articles/rerendered/").html
    assert "Stale" not in html
    assert "Published words." in html
