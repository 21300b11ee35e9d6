"""The published snapshot: what it holds, how pages show it, and that edits wait."""

import json
from datetime import date

import pytest
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from articles.models import Article, EvidenceLabel, Section
from faq.models import Entry
from tests.factories import (
    make_article,
    make_editor,
    make_entry,
    make_reference,
    make_section,
    record_review,
)
from tests.test_public_pages import get_page, words

pytestmark = pytest.mark.django_db


def stored_live(obj: Article | Entry) -> dict:
    return type(obj).objects.get(pk=obj.pk).live


def as_json(page: dict) -> dict:
    """Return `page` as the database gives it back from the JSON column."""
    return json.loads(json.dumps(page, cls=DjangoJSONEncoder))


# What an article's snapshot holds


@pytest.mark.parametrize(
    ("label", "shown"),
    [(choice.value, choice.label) for choice in EvidenceLabel] + [("", "")],
    ids=[*EvidenceLabel.values, "none"],
)
def test_snapshot_shows_the_evidence_label_as_readers_read_it(label, shown):
    article = make_article()
    make_section(article=article, evidence_label=label)

    assert article.snapshot()["sections"][0]["evidence_label"] == shown
    assert stored_live(article)["sections"][0]["evidence_label"] == shown


def test_snapshot_lists_each_sections_disclaimer_keys_once():
    article = make_article()
    make_section(article=article, position=1, topics=["cost", "clinics", "safety"])
    make_section(article=article, position=2)

    sections = stored_live(article)["sections"]

    assert sections[0]["disclaimer_keys"] == ["cost-clinics", "safety"]
    assert sections[1]["disclaimer_keys"] == []


def test_snapshot_numbers_references_in_order_of_first_citation():
    alpha = make_reference(citation="Alpha A. First alphabetically.")
    beta = make_reference(citation="Beta B. Second alphabetically.")
    gamma = make_reference(citation="Gamma G. Third alphabetically.")
    article = make_article()
    # Made out of order: the page follows position, not creation.
    make_section(article=article, position=4, references=[beta])
    make_section(article=article, position=3)
    make_section(article=article, position=2, references=[alpha, gamma])
    make_section(article=article, position=1, references=[gamma])

    page = stored_live(article)

    assert [s["references"] for s in page["sections"]] == [[1], [2, 1], [], [3]]
    assert [(r["number"], r["citation"]) for r in page["references"]] == [
        (1, gamma.citation),
        (2, alpha.citation),
        (3, beta.citation),
    ]


def test_reference_cited_by_two_sections_is_listed_once_under_one_number():
    shared = make_reference()
    article = make_article()
    make_section(article=article, position=1, references=[shared])
    make_section(article=article, position=2, references=[shared])

    page = stored_live(article)

    assert [s["references"] for s in page["sections"]] == [[1], [1]]
    assert len(page["references"]) == 1


def test_snapshot_reference_carries_what_readers_need_to_check_it():
    reference = make_reference(
        citation="Author A. A study. J Examples. 2024;1:1.",
        doi="10.1000/example.1",
        pmid="12345678",
        url="https://example.org/study",
        supports="The claim in the first section.",
    )
    article = make_article()
    make_section(article=article, references=[reference])

    assert stored_live(article)["references"] == [
        {
            "number": 1,
            "citation": "Author A. A study. J Examples. 2024;1:1.",
            "doi": "10.1000/example.1",
            "pmid": "12345678",
            "url": "https://example.org/study",
            "supports": "The claim in the first section.",
        }
    ]


def test_snapshot_holds_the_article_and_its_trust_facts():
    article = make_article(
        title="Stem cells and hair loss",
        slug="stem-cells",
        standfirst="An *introduction*.",
        is_investigational=True,
        author_name="A. Writer",
        author_credentials="not medically qualified",
        review_due=date(2027, 1, 15),
    )
    reviewer = record_review(article, on=date(2026, 1, 15))
    make_section(article=article, heading="Background", anchor="background")

    page = stored_live(article)

    assert page["title"] == "Stem cells and hair loss"
    assert page["url"] == "/articles/stem-cells/"
    assert page["standfirst_html"] == "<p>An <em>introduction</em>.</p>"
    assert page["is_investigational"] is True
    assert page["author_name"] == "A. Writer"
    assert page["author_credentials"] == "not medically qualified"
    assert page["publisher"] == settings.PUBLISHER_NAME
    assert page["reviewer"] == str(reviewer)
    assert page["last_reviewed"] == "2026-01-15"
    assert page["review_due"] == "2027-01-15"
    assert [s["heading"] for s in page["sections"]] == ["Background"]
    assert page["sections"][0]["anchor"] == "background"


def test_snapshot_without_a_review_names_no_reviewer():
    article = make_article()

    page = stored_live(article)

    assert page["reviewer"] is None
    assert page["last_reviewed"] is None


def test_live_page_is_the_snapshot_taken_when_published():
    article = make_article()
    make_section(article=article, topics=["safety"], references=[make_reference()])

    live = stored_live(article)
    assert live.pop("html")  # the rendered body, added as it is stored
    assert live == as_json(article.snapshot())


# What an FAQ entry's snapshot holds


def test_entry_snapshot_holds_the_answer_its_sources_and_its_article():
    article = make_article(title="The article", slug="the-article")
    reference = make_reference(pmid="12345678")
    entry = make_entry(
        published=False,
        question="Is it safe?",
        answer="**Not yet known.**",
        topics=["safety", "cost"],
        article=article,
    )
    entry.references.set([reference])
    entry.publish_unchecked()

    page = stored_live(entry)

    assert page["question"] == "Is it safe?"
    assert page["anchor"] == f"q{entry.pk}"
    assert page["answer_html"] == "<p><strong>Not yet known.</strong></p>"
    assert page["disclaimer_keys"] == ["cost-clinics", "safety"]
    assert page["references"] == [reference.as_data()]
    assert page["article"] == {"title": "The article", "slug": "the-article"}
    assert page["reviewer"] is None


def test_entry_snapshot_without_an_article_says_none():
    entry = make_entry()

    assert stored_live(entry)["article"] is None


# Edits wait for the next publish: the live page is stored, not recomputed


def change_section_text(section: Section) -> None:
    section.heading = "Rewritten heading"
    section.body = "Rewritten body."
    section.save()


def change_section_label_and_topics(section: Section) -> None:
    section.evidence_label = EvidenceLabel.ESTABLISHED
    section.save()
    section.topics.clear()


def change_section_references(section: Section) -> None:
    section.references.set([make_reference(citation="A new source.")])


def change_cited_reference(section: Section) -> None:
    reference = section.references.get()
    reference.citation = "Rewritten citation."
    reference.doi = "10.9999/changed"
    reference.save()


def add_a_section(section: Section) -> None:
    # Not make_section(), which republishes as a reviewer would.
    Section.objects.create(
        article=section.article, position=99, heading="Added", body="Added."
    )


def delete_the_section(section: Section) -> None:
    section.delete()


def change_the_article(section: Section) -> None:
    article = Article.objects.get(pk=section.article_id)
    article.title = "Rewritten title"
    article.standfirst = "Rewritten standfirst."
    article.is_investigational = True
    article.save()


@pytest.mark.parametrize(
    "edit",
    [
        change_section_text,
        change_section_label_and_topics,
        change_section_references,
        change_cited_reference,
        add_a_section,
        delete_the_section,
        change_the_article,
    ],
)
def test_edits_after_publishing_leave_the_live_page_unchanged(edit):
    article = make_article(title="Published title")
    section = make_section(
        article=article,
        heading="Published heading",
        body="Published body.",
        evidence_label=EvidenceLabel.LABORATORY,
        topics=["safety"],
        references=[make_reference(citation="Published citation.")],
    )
    live = stored_live(article)

    edit(section)

    article.refresh_from_db()
    assert article.live == live
    assert article.snapshot() != article.live


def test_visitors_see_the_published_section_after_it_is_rewritten(client):
    article = make_article(slug="stem-cells")
    section = make_section(
        article=article, heading="Published heading", body="Published body."
    )

    change_section_text(section)

    page = get_page(client, "/articles/stem-cells/")
    assert "Published heading" in page.html
    assert "Published body." in page.html
    assert "Rewritten" not in page.html


def test_staff_preview_shows_the_rewrite_that_visitors_do_not_see(client):
    article = make_article(slug="stem-cells")
    section = make_section(article=article, body="Published body.")
    change_section_text(section)
    client.force_login(make_editor())

    page = get_page(client, "/articles/stem-cells/")

    assert "Rewritten body." in page.html
    assert "Published body." not in page.html
    assert "no-store" in page.cache_control


def test_visitors_see_the_published_answer_after_it_is_rewritten(client):
    entry = make_entry(answer="Published answer.")
    entry.answer = "Rewritten answer."
    entry.save()

    page = get_page(client, "/faq/")

    assert "Published answer." in page.html
    assert "Rewritten answer." not in page.html
    assert Entry.objects.get(pk=entry.pk).live["answer_html"] == (
        "<p>Published answer.</p>"
    )


def test_publishing_again_puts_the_rewrite_on_the_live_page(client):
    article = make_article(slug="stem-cells")
    section = make_section(article=article, body="Published body.")
    change_section_text(section)

    article.publish_unchecked()

    page = get_page(client, "/articles/stem-cells/")
    assert "Rewritten body." in page.html
    assert "Published body." not in page.html


# References on the article page


def reference_items(page) -> dict[str, object]:
    """Map each reference's #ref-n id to its <li>."""
    block = page.find("section", id="references")[0]
    return {li.attrs["id"]: li for li in page.inside(block, "li")}


def section_sources(page, anchor: str) -> list[str]:
    section = page.find("section", id=anchor)[0]
    return [
        link.attrs["href"]
        for link in page.inside(section, "a")
        if link.attrs["href"].startswith("#ref-")
    ]


def test_article_page_links_a_doi_to_doi_org_and_a_pmid_to_pubmed(client):
    article = make_article(slug="stem-cells")
    make_section(
        article=article,
        references=[make_reference(doi="10.1111/jdv.14624", pmid="29044749")],
    )

    page = get_page(client, "/articles/stem-cells/")

    links = page.links()
    assert "https://doi.org/10.1111/jdv.14624" in links
    assert "https://pubmed.ncbi.nlm.nih.gov/29044749/" in links
    item = reference_items(page)["ref-1"]
    assert [a.attrs["href"] for a in page.inside(item, "a")] == [
        "https://doi.org/10.1111/jdv.14624",
        "https://pubmed.ncbi.nlm.nih.gov/29044749/",
    ]


def test_article_page_links_a_url_only_reference_to_its_url(client):
    article = make_article(slug="stem-cells")
    make_section(
        article=article,
        references=[make_reference(doi="", url="https://www.fda.gov/stem-cells")],
    )

    page = get_page(client, "/articles/stem-cells/")

    item = reference_items(page)["ref-1"]
    assert [a.attrs["href"] for a in page.inside(item, "a")] == [
        "https://www.fda.gov/stem-cells"
    ]
    assert "doi.org" not in item.text
    assert "PMID" not in item.text


def test_article_page_numbers_references_in_order_of_first_citation(client):
    first = make_reference(citation="Zeta Z. Cited first.", doi="10.1000/first")
    second = make_reference(citation="Alpha A. Cited second.", pmid="111")
    article = make_article(slug="stem-cells")
    make_section(article=article, position=1, anchor="one", references=[first])
    make_section(article=article, position=2, anchor="two", references=[first, second])

    page = get_page(client, "/articles/stem-cells/")

    items = reference_items(page)
    assert list(items) == ["ref-1", "ref-2"]
    assert "Zeta Z. Cited first." in items["ref-1"].text
    assert "Alpha A. Cited second." in items["ref-2"].text
    assert section_sources(page, "one") == ["#ref-1"]
    assert section_sources(page, "two") == ["#ref-2", "#ref-1"]


def test_article_page_reuses_the_number_of_a_reference_cited_twice(client):
    shared = make_reference(citation="Shared source.")
    article = make_article(slug="stem-cells")
    make_section(article=article, position=1, anchor="one", references=[shared])
    make_section(article=article, position=2, anchor="two")
    make_section(article=article, position=3, anchor="three", references=[shared])

    page = get_page(client, "/articles/stem-cells/")

    assert list(reference_items(page)) == ["ref-1"]
    # In what visitors read: the <head>'s structured data cites it again.
    assert words(page.find("body")[0].text).count("Shared source.") == 1
    assert section_sources(page, "one") == ["#ref-1"]
    assert section_sources(page, "two") == []
    assert section_sources(page, "three") == ["#ref-1"]


def test_article_without_references_has_no_references_section(client):
    article = make_article(slug="stem-cells")
    make_section(article=article)

    page = get_page(client, "/articles/stem-cells/")

    assert page.find("section", id="references") == []
    assert "#references" not in page.links()


HOSTILE_REFERENCES = [
    {"citation": "<script>alert(1)</script> et al."},
    {"supports": '"><img src=x onerror=alert(1)>'},
    {"doi": '10.1000/"><script>alert(1)</script>'},
    {"doi": "10.1000/x?y=1&z=<b>"},
]


@pytest.mark.parametrize(
    "fields",
    HOSTILE_REFERENCES,
    ids=["citation", "supports", "doi-quote", "doi-query"],
)
def test_article_page_escapes_what_a_reference_holds(client, fields):
    reference = make_reference(**fields)
    reference.full_clean()  # accepted as valid, so it must be made safe on the page
    article = make_article(slug="stem-cells")
    make_section(article=article, references=[reference])

    page = get_page(client, "/articles/stem-cells/")

    assert "<script>alert(1)" not in page.html
    assert "<img src=x" not in page.html
    assert "<b>" not in page.html
    doi_links = [link for link in page.links() if link.startswith("https://doi.org/")]
    assert not any(char in link for link in doi_links for char in ' "<>')


def test_faq_page_links_an_answers_doi_and_pmid(client):
    entry = make_entry(published=False)
    entry.references.set([make_reference(doi="10.1000/faq.1", pmid="424242")])
    entry.publish_unchecked()

    page = get_page(client, "/faq/")

    assert "https://doi.org/10.1000/faq.1" in page.links()
    assert "https://pubmed.ncbi.nlm.nih.gov/424242/" in page.links()
