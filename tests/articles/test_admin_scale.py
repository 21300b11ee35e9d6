"""The article and section lists cost the same queries at any size, and stay light."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from bench.content import clone_articles
from tests.factories import make_article, make_reference, make_section, record_review

pytestmark = pytest.mark.django_db


def list_queries(client: Client, url: str) -> list[str]:
    """GET an admin page; return the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


@pytest.fixture
def article() -> Article:
    """A reviewed article whose sections have topics and references."""
    article = make_article()
    for topics in (["evidence"], ["safety", "cost"], []):
        make_section(article, topics=topics, references=[make_reference()])
    record_review(article)
    return article


def query_counts(client: Client, changelist: str, queries: list[str]) -> list[int]:
    return [len(list_queries(client, changelist + query)) for query in queries]


def test_article_list_queries_do_not_grow_with_articles(reviewer_client, article):
    changelist = reverse("admin:articles_article_changelist")
    queries = ["", "?p=2", "?q=Section", "?review=overdue", "?status__exact=published"]
    clone_articles(article, copies=105, sections=1, slug_prefix="few")
    few = query_counts(reviewer_client, changelist, queries)
    clone_articles(article, copies=210, sections=1, slug_prefix="many")
    assert query_counts(reviewer_client, changelist, queries) == few


def test_section_list_queries_do_not_grow_with_sections(reviewer_client, article):
    changelist = reverse("admin:articles_section_changelist")
    queries = ["", "?p=2", "?q=Body", f"?article__id__exact={article.pk}"]
    clone_articles(article, copies=40, sections=3, slug_prefix="few")
    few = query_counts(reviewer_client, changelist, queries)
    clone_articles(article, copies=80, sections=3, slug_prefix="many")
    assert query_counts(reviewer_client, changelist, queries) == few


def test_section_list_never_loads_articles_published_pages(reviewer_client, article):
    # Each article's snapshot holds its whole page: a list of 100 sections,
    # and its filter by article, would read and decode hundreds of them.
    clone_articles(article, copies=3, sections=3, slug_prefix="copy")
    changelist = reverse("admin:articles_section_changelist")
    for query in ("", f"?article__id__exact={article.pk}"):
        sql = list_queries(reviewer_client, changelist + query)
        assert not [q for q in sql if '"articles_article"."live"' in q]


def test_article_page_fetches_sections_topics_and_references_together(
    reviewer_client, article
):
    change = reverse("admin:articles_article_change", args=[article.pk])
    three = len(list_queries(reviewer_client, change))
    for topics in (["evidence"], ["safety"], ["cost"]):
        make_section(article, topics=topics, references=[make_reference()])
    # Each row still asks for its topic choices, the titles of its chosen
    # references (the autocomplete widget) and its stored version.
    assert len(list_queries(reviewer_client, change)) <= three + 3 * 3
