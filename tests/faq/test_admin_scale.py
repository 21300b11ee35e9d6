"""The FAQ entry list costs the same queries at any size, and stays light."""

import pytest
from django.urls import reverse

from bench.content import clone_entries
from tests.articles.test_admin_scale import list_queries, query_counts
from tests.factories import make_article, make_entry, make_reference, record_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    """Two reviewed entries, with topics and references, one tied to an article."""
    article = make_article()
    tied = make_entry(topics=["evidence"], article=article)
    tied.references.set([make_reference()])
    record_review(tied)
    return [tied, make_entry(topics=["safety", "cost"])]


def test_entry_list_queries_do_not_grow_with_entries(reviewer_client, entries):
    changelist = reverse("admin:faq_entry_changelist")
    queries = [
        "",
        "?p=2",
        "?q=Answer",
        "?review=overdue",
        "?topics__slug__exact=evidence",
        f"?article__id__exact={entries[0].article_id}",
    ]
    clone_entries(entries, copies=105)
    few = query_counts(reviewer_client, changelist, queries)
    clone_entries(entries, copies=210)
    assert query_counts(reviewer_client, changelist, queries) == few


def test_entry_list_never_loads_articles_published_pages(reviewer_client, entries):
    changelist = reverse("admin:faq_entry_changelist")
    for query in ("", f"?article__id__exact={entries[0].article_id}"):
        sql = list_queries(reviewer_client, changelist + query)
        assert not [q for q in sql if '"articles_article"."live"' in q]
