from importlib import import_module
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles.models import Article
from faq.models import Entry
from faq.views import TITLE as FAQ_PAGE_TITLE
from search.index import index, rebuild
from search.models import Document
from tests.factories import make_article, make_entry, make_section

pytestmark = pytest.mark.django_db


def indexed(page: Article | Entry) -> list[tuple[str, str, str, str]]:
    documents = Document.objects.filter(
        **{"article" if isinstance(page, Article) else "entry": page}
    ).order_by("position")
    return [(d.page_title, d.title, d.body, d.url) for d in documents]


def test_a_published_article_has_a_document_per_section_in_page_order():
    article = make_article(title="Hair loss", slug="hair-loss")
    make_section(article=article, position=2, heading="Later", body="Second *one*.")
    make_section(article=article, position=1, heading="First", body="- a\n- b")
    assert indexed(article) == [
        ("Hair loss", "First", "a b", "/articles/hair-loss/#first"),
        ("Hair loss", "Later", "Second one.", "/articles/hair-loss/#later"),
    ]


def test_a_published_faq_answer_has_one_document_linking_to_its_question():
    entry = make_entry(question="Does it hurt?", answer="Rarely **much**.")
    assert indexed(entry) == [
        (FAQ_PAGE_TITLE, "Does it hurt?", "Rarely much.", f"/faq/#q{entry.pk}")
    ]


def test_unpublished_pages_have_no_documents():
    article = make_article(published=False)
    make_section(article=article)
    entry = make_entry(published=False)
    assert indexed(article) == indexed(entry) == []


def test_documents_come_from_the_published_snapshot_not_the_working_copy():
    article = make_article()
    section = make_section(article=article, heading="Live", body="Published words.")
    section.heading = "Draft"
    section.body = "Unpublished words."
    section.save()
    index(Article.objects.get(pk=article.pk))
    assert [(title, body) for _, title, body, _ in indexed(article)] == [
        ("Live", "Published words.")
    ]


def test_deleting_a_page_deletes_its_documents():
    section = make_section()
    entry = make_entry()
    section.article.delete()
    entry.delete()
    assert not Document.objects.exists()


def test_search_vectors_are_stored_where_postgresql_searches_them():
    make_section()
    make_entry()
    stored = Document.objects.filter(search_vector__isnull=False).count()
    assert stored == (2 if connection.vendor == "postgresql" else 0)


def test_rebuild_replaces_the_index_with_every_published_page():
    make_section(article=make_article(), body="Live section.")
    make_section(article=make_article(published=False), body="Draft section.")
    make_entry(answer="Live answer.")
    make_entry(published=False, answer="Draft answer.")
    Document.objects.update(body="stale")
    Document.objects.filter(entry__isnull=False).delete()
    assert rebuild() == 2
    assert set(Document.objects.values_list("body", flat=True)) == {
        "Live section.",
        "Live answer.",
    }


def test_rebuild_search_index_command_reports_the_documents_it_made():
    make_section()
    Document.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue() == "Search index rebuilt: 1 documents.\n"
    assert Document.objects.count() == 1


def test_the_migration_indexes_what_was_published_before_search_existed():
    make_section()
    make_entry()
    Document.objects.all().delete()
    state = MigrationLoader(connection).project_state(("search", "0002_fill_index"))
    migration = import_module("search.migrations.0002_fill_index")
    migration.fill_index(state.apps, None)
    assert Document.objects.count() == 2
