"""The index follows every change to what visitors see, and nothing else."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from faq.models import Entry
from search.models import Document
from tests.factories import (
    make_article,
    make_entry,
    make_medical_reviewer,
    make_section,
)

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [document.title for document in Document.objects.search(query)]


def test_publishing_indexes_the_page_and_republishing_replaces_it():
    reviewer = make_medical_reviewer()
    article = make_article(published=False)
    section = make_section(article=article, heading="Follicles", body="Old words.")
    assert found("follicles") == []

    article.publish(reviewer)
    assert found("follicles") == ["Follicles"]

    section.body = "Fresh words."
    section.save()
    article.refresh_from_db()
    article.publish(reviewer)
    assert found("fresh") == ["Follicles"]
    assert found("old") == []


def test_a_draft_edit_after_publishing_is_not_found_until_published():
    section = make_section(heading="Scalp care", body="Wash gently.")
    section.heading = "Unreviewed heading"
    section.body = "Unreviewed claim."
    section.save()
    new_entry = make_entry(published=False, question="Draft question?")
    assert found("unreviewed") == []
    assert found("draft question") == []
    assert found("gently") == ["Scalp care"]
    assert not Document.objects.filter(entry=new_entry).exists()


def test_unpublishing_removes_the_page_from_search():
    reviewer = make_medical_reviewer()
    section = make_section(heading="Shedding")
    entry = make_entry(question="Is shedding normal?")
    assert sorted(found("shedding")) == ["Is shedding normal?", "Shedding"]

    section.article.unpublish(reviewer)
    assert found("shedding") == ["Is shedding normal?"]
    entry.unpublish(reviewer)
    assert found("shedding") == []


def test_the_index_rolls_back_with_a_failed_publish():
    article = make_article(published=False)
    make_section(article=article, heading="Rolled back")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.publish_unchecked()
        raise RuntimeError("the publishing request failed after the signal")
    assert found("rolled back") == []


def test_re_rendering_published_pages_refreshes_their_documents():
    section = make_section(heading="Rendering", body="Plain words.")
    entry = make_entry(answer="Answer words.")
    # As if an older renderer had made the published HTML.
    article = section.article
    article.live["sections"][0]["body_html"] = "<p>stale</p>"
    type(article).objects.filter(pk=article.pk).update(live=article.live)
    Entry.objects.filter(pk=entry.pk).update(
        live={**entry.live, "answer_html": "<p>stale</p>"}
    )
    Document.objects.update(body="stale")

    call_command("rerender_markdown", stdout=StringIO())

    assert sorted(Document.objects.values_list("body", flat=True)) == [
        "Answer words.",
        "Plain words.",
    ]
