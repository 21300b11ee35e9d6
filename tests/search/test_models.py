import pytest
from django.db import IntegrityError, connection

from search.models import Document
from tests.factories import make_article, make_entry, make_section

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


def titles(query: str) -> list[str]:
    return [document.title for document in Document.objects.search(query)]


def test_search_finds_documents_holding_every_word_in_any_case():
    article = make_article()
    make_section(article=article, heading="Finasteride", body="A tablet, daily.")
    make_section(article=article, heading="Minoxidil", body="A lotion, used daily.")
    make_entry(question="Which tablet?", answer="Ask a GP about TABLETS.")
    assert titles("DAILY") == ["Finasteride", "Minoxidil"]
    assert titles("daily tablet") == ["Finasteride"]
    assert titles("tablet") == ["Which tablet?", "Finasteride"]
    assert titles("tablet lotion") == []


def test_search_ranks_a_match_in_the_title_above_one_in_the_body():
    article = make_article(title="A")
    make_section(article=article, heading="Scalp", body="About hair in general.")
    make_section(article=article, heading="Hair transplants", body="Surgery.")
    assert titles("hair") == ["Hair transplants", "Scalp"]


@pytest.mark.parametrize("query", ["", " ", "-", '"', "!:*", "()", "'", "&|"])
def test_search_without_words_finds_nothing(query, django_assert_num_queries):
    make_section(heading="Anything")
    with django_assert_num_queries(0):
        assert titles(query) == []


def test_postgresql_search_understands_word_forms_and_web_search_syntax():
    make_section(heading="Treatment", body="One treatment for thinning hair.")
    make_section(heading="Side effects", body="Rare and mild in men.")
    # PostgreSQL stems and reads web search syntax; SQLite matches words.
    assert titles("treatments") == (["Treatment"] if POSTGRESQL else [])
    assert titles("treatment -thinning") == ([] if POSTGRESQL else ["Treatment"])
    assert titles('"mild and rare"') == ([] if POSTGRESQL else ["Side effects"])
    assert titles('"rare and mild"') == ["Side effects"]


def test_snippet_marks_matches_in_escaped_text():
    make_section(heading="Doses", body="If `<img src=x onerror=alert(1)>` & 'dose'")
    (document,) = Document.objects.search("dose")
    assert document.snippet("dose") == (
        "If &lt;img src=x onerror=alert(1)&gt; &amp; &#x27;<mark>dose</mark>&#x27;"
    )


def test_snippet_of_a_title_match_shows_the_start_of_the_body():
    body = " ".join(f"Patch {n}." for n in range(100))
    make_section(heading="Alopecia areata", body=body)
    (document,) = Document.objects.search("alopecia")
    snippet = document.snippet("alopecia")
    assert snippet.startswith("Patch 0. Patch 1.")
    assert snippet.endswith(" …")
    assert "<mark>" not in snippet


def test_a_document_belongs_to_exactly_one_page():
    with pytest.raises(IntegrityError):
        Document.objects.create(page_title="P", title="T", body="", url="/", position=0)


def test_postgresql_searches_through_the_gin_index():
    make_section(heading="Follicles")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Document._meta.db_table
        )
        if POSTGRESQL:
            # The table is tiny; make the planner show it can use the index.
            cursor.execute("SET LOCAL enable_seqscan = off")
    gin = [name for name, c in constraints.items() if c.get("type") == "gin"]
    assert gin == (["search_document_vector"] if POSTGRESQL else [])
    plan = Document.objects.search("follicles").explain()
    assert ("search_document_vector" in plan) == POSTGRESQL
