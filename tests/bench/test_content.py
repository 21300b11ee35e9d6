"""The benchmarks' copies are published pages like the ones they copy."""

import pytest

from bench.content import clone_articles, clone_entries
from tests.factories import (
    make_article,
    make_entry,
    make_reference,
    make_section,
    record_review,
)

pytestmark = pytest.mark.django_db


def test_article_copies_repeat_the_sections_with_their_topics_and_sources():
    article = make_article()
    for topics in (["evidence"], ["safety"]):
        make_section(article, topics=topics, references=[make_reference()])
    record_review(article)

    copies = clone_articles(article, copies=2, sections=5, slug_prefix="copy")

    original = article.live_page
    for n, copy in enumerate(copies, start=1):
        page = copy.live_page
        assert page["slug"] == f"copy-{n}"
        assert page["reviewer"] == original["reviewer"]
        assert [section["heading"] for section in page["sections"]] == [
            section["heading"] for section in original["sections"] * 3
        ][:5]
        assert [section["disclaimer_keys"] for section in page["sections"]] == [
            ["evidence"],
            ["safety"],
        ] * 2 + [["evidence"]]
        assert page["references"] == original["references"]
        assert copy.sections.count() == 5


def test_entry_copies_take_the_templates_in_turn():
    templates = [make_entry(topics=["cost"]), make_entry(topics=["lifestyle"])]
    templates[0].references.set([make_reference()])
    templates[0].publish_unchecked()

    copies = clone_entries(templates, copies=3)

    assert [copy.live_page["question"] for copy in copies] == [
        templates[0].question,
        templates[1].question,
        templates[0].question,
    ]
    assert copies[0].live_page["disclaimer_keys"] == ["cost-clinics"]
    assert copies[0].live_page["references"] == templates[0].live_page["references"]
    assert [copy.position for copy in copies] == [1, 2, 3]
