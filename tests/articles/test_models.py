import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Section
from tests.factories import make_article, make_entry, make_section

pytestmark = pytest.mark.django_db


# Section anchors


def test_blank_anchor_is_made_from_the_heading():
    section = make_section(heading="What Are Stem Cells?", anchor="")

    assert section.anchor == "what-are-stem-cells"


def test_given_anchor_is_kept():
    section = make_section(heading="What Are Stem Cells?", anchor="stem-cells")

    assert section.anchor == "stem-cells"


def test_changing_the_heading_keeps_the_anchor_so_old_links_still_work():
    section = make_section(heading="Old heading", anchor="")
    section.heading = "New heading"
    section.save()

    section.refresh_from_db()
    assert section.anchor == "old-heading"


@pytest.mark.parametrize(
    "heading", ["???", "—", "  "], ids=["punctuation", "dash", "spaces"]
)
def test_anchor_falls_back_to_the_position_when_the_heading_has_no_letters(heading):
    section = make_section(heading=heading, anchor="", position=7)

    assert section.anchor == "section-7"


def test_full_clean_fills_a_blank_anchor_before_checking_uniqueness():
    article = make_article()
    make_section(article=article, heading="Conclusion")
    section = Section(article=article, position=2, heading="Conclusion", body="x")

    with pytest.raises(ValidationError) as raised:
        section.full_clean()

    assert section.anchor == "conclusion"
    assert "Another section here has that anchor." in str(raised.value)


@pytest.mark.parametrize(
    "second",
    [{"anchor": "summary"}, {"anchor": "", "heading": "Summary"}],
    ids=["given-anchor", "anchor-from-heading"],
)
def test_database_refuses_two_sections_of_an_article_with_one_anchor(second):
    article = make_article()
    make_section(article=article, heading="Summary", anchor="")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_section(article=article, **second)

    assert article.sections.count() == 1


def test_full_clean_refuses_a_duplicate_anchor_in_the_same_article():
    article = make_article()
    make_section(article=article, anchor="summary")
    duplicate = Section(
        article=article, position=2, heading="Other", anchor="summary", body="x"
    )

    with pytest.raises(ValidationError, match="Another section here has that anchor"):
        duplicate.full_clean()


def test_two_articles_may_use_the_same_anchor():
    first = make_section(heading="Conclusion", anchor="")
    second = make_section(heading="Conclusion", anchor="")
    second.full_clean()

    assert first.article != second.article
    assert first.anchor == second.anchor == "conclusion"


# Rendering on save


def test_saving_a_section_renders_its_body_to_html():
    section = make_section(body="Some **bold** and a [link](https://example.org/).")

    assert section.body_html == (
        '<p>Some <strong>bold</strong> and a <a href="https://example.org/" '
        'rel="noopener noreferrer">link</a>.</p>'
    )


def test_saving_a_section_again_re_renders_its_body():
    section = make_section(body="Before.")
    section.body = "*After.*"
    section.save()

    section.refresh_from_db()
    assert section.body_html == "<p><em>After.</em></p>"


def test_saving_an_article_renders_its_standfirst_to_html():
    article = make_article(standfirst="An **important** introduction.")

    assert article.standfirst_html == (
        "<p>An <strong>important</strong> introduction.</p>"
    )


HOSTILE_MARKDOWN = {
    "script": "<script>alert(1)</script>",
    "event-handler": '<img src="x.png" alt="x" onerror="alert(1)">',
    "javascript-link": "[click](javascript:alert(1))",
    "iframe": '<iframe src="https://example.org/"></iframe>',
    "style": '<p style="position:fixed">cover</p>',
}


@pytest.mark.parametrize(
    "markdown", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys()
)
def test_saving_sanitises_the_body_and_the_standfirst(markdown):
    section = make_section(body=markdown)
    article = make_article(standfirst=markdown)

    for html in (section.body_html, article.standfirst_html):
        assert "<script" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assert "<iframe" not in html
        assert "style=" not in html


# Ordering


def test_sections_are_ordered_by_position():
    article = make_article()
    third = make_section(article=article, position=3)
    first = make_section(article=article, position=1)
    second = make_section(article=article, position=2)

    assert list(article.sections.all()) == [first, second, third]


def test_sections_with_the_same_position_keep_the_order_they_were_made_in():
    article = make_article()
    earlier = make_section(article=article, position=1)
    later = make_section(article=article, position=1)

    assert list(article.sections.all()) == [earlier, later]


# Headline claims


@pytest.mark.parametrize(
    ("title", "heading", "claims"),
    [
        ("Stem Cell Breakthrough", "Understanding Baldness", True),
        ("Stem cells and hair loss", "A potential cure?", True),
        ("Stem cells and hair loss", "A game-changer", True),
        ("Stem cells and hair loss", "Understanding Baldness", False),
        ("Securing a result", "Procurement of cells", False),
    ],
    ids=["title", "heading", "hyphenated-heading", "neither", "words-inside-words"],
)
def test_article_makes_a_headline_claim_from_its_title_or_a_heading(
    title, heading, claims
):
    article = make_article(title=title)
    make_section(article=article, heading=heading)

    assert article.makes_headline_claim is claims


def test_article_without_sections_makes_a_claim_only_from_its_title():
    assert make_article(title="A miracle for hair").makes_headline_claim
    assert not make_article(title="Hair loss explained").makes_headline_claim


# Clinical review


@pytest.mark.parametrize("make", [make_article, make_entry], ids=["article", "entry"])
@pytest.mark.parametrize(
    "review",
    [
        {"reviewed_by": "Dr A. Example, MRCP", "last_reviewed": None},
        {"reviewed_by": "", "last_reviewed": datetime.date(2025, 1, 1)},
        {"reviewed_by": "   ", "last_reviewed": datetime.date(2025, 1, 1)},
    ],
    ids=["reviewer-without-date", "date-without-reviewer", "blank-reviewer-with-date"],
)
def test_clean_refuses_half_a_clinical_review(make, review):
    reviewable = make()
    for field, value in review.items():
        setattr(reviewable, field, value)

    with pytest.raises(ValidationError, match="both the reviewer and the date"):
        reviewable.full_clean()


@pytest.mark.parametrize("make", [make_article, make_entry], ids=["article", "entry"])
@pytest.mark.parametrize(
    "review",
    [
        {"reviewed_by": "", "last_reviewed": None},
        {
            "reviewed_by": "Dr A. Example, MRCP",
            "last_reviewed": datetime.date(2025, 1, 1),
        },
    ],
    ids=["no-review", "full-review"],
)
def test_clean_accepts_no_review_or_a_full_one(make, review):
    reviewable = make(**review)

    reviewable.full_clean()

    assert reviewable.is_clinically_reviewed is bool(review["reviewed_by"])


# Publishing and addresses


def test_published_excludes_drafts():
    public = make_article(is_published=True)
    make_article(is_published=False)

    assert list(Article.objects.published()) == [public]


def test_article_address_is_under_articles_by_slug():
    article = make_article(slug="stem-cells")

    assert article.get_absolute_url() == "/articles/stem-cells/"


def test_section_address_is_its_article_page_with_the_anchor():
    article = make_article(slug="stem-cells")
    section = make_section(article=article, heading="Conclusion", anchor="")

    assert section.get_absolute_url() == "/articles/stem-cells/#conclusion"
