import datetime
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import (
    Article,
    CareCard,
    CareCardItem,
    CareLevel,
    CycleDiagram,
    CycleStage,
    Section,
)
from editorial.models import Status
from tests.factories import (
    grant,
    make_article,
    make_care_card,
    make_diagram,
    make_editor,
    make_entry,
    make_medical_reviewer,
    make_reference,
    make_reviewer,
    make_section,
)

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

    assert article.snapshot()["makes_headline_claim"] is claims
    article.refresh_from_db()
    assert article.live["makes_headline_claim"] is claims


def test_article_without_sections_makes_a_claim_only_from_its_title():
    assert make_article(title="A miracle for hair").snapshot()["makes_headline_claim"]
    assert not make_article(title="Hair loss").snapshot()["makes_headline_claim"]


def test_claim_added_after_publishing_reaches_the_live_page_only_when_published():
    article = make_article(title="Hair loss explained")
    section = make_section(article=article, heading="Background")
    section.heading = "A miracle"
    section.save()

    assert article.snapshot()["makes_headline_claim"]
    assert not article.live["makes_headline_claim"]
    article.publish_unchecked()
    assert article.live["makes_headline_claim"]


# The page snapshot


def test_snapshot_numbers_references_in_the_order_the_page_first_cites_them():
    later = make_reference(citation="Zed Z. Cited first.", doi="10.1000/z")
    earlier = make_reference(citation="Abe A. Cited second.", pmid="123", doi="")
    article = make_article()
    make_section(article=article, position=1, references=[later])
    make_section(article=article, position=2, references=[earlier, later])
    make_section(article=article, position=3)

    page = article.snapshot()

    assert [(r["number"], r["citation"]) for r in page["references"]] == [
        (1, "Zed Z. Cited first."),
        (2, "Abe A. Cited second."),
    ]
    assert page["references"][1]["pmid"] == "123"
    assert [sorted(s["references"]) for s in page["sections"]] == [[1], [1, 2], []]


def test_snapshot_shows_each_sections_evidence_label_as_readers_see_it():
    article = make_article()
    make_section(article=article, position=1, evidence_label="early_human")
    make_section(article=article, position=2, evidence_label="regulator")
    make_section(article=article, position=3, evidence_label="")

    labels = [s["evidence_label"] for s in article.snapshot()["sections"]]

    assert labels == ["Early human trials", "Regulator statement", ""]


# Clinical review: recorded whole, by a clinician who may publish, or not at all


@pytest.mark.parametrize("make", [make_article, make_entry], ids=["article", "entry"])
def test_record_review_records_the_reviewer_and_the_date_together(make):
    user = make_medical_reviewer()
    reviewable = make()

    reviewable.record_review(user)

    reviewable.refresh_from_db()
    assert reviewable.reviewer == user.reviewer_profile
    assert reviewable.last_reviewed == timezone.localdate()
    assert reviewable.snapshot()["reviewer"] == (
        "Dr Reviewer, MBBS, consultant dermatologist"
    )


@pytest.mark.parametrize(
    ("make", "days"),
    [
        (lambda: make_article(is_investigational=True), 365),
        (lambda: make_article(is_investigational=False), 3 * 365),
        (make_entry, 3 * 365),
    ],
    ids=["investigational-article", "article", "entry"],
)
def test_record_review_sets_the_next_review_due(make, days):
    reviewable = make()

    reviewable.record_review(make_medical_reviewer())

    assert reviewable.review_due == timezone.localdate() + timedelta(days=days)
    assert not reviewable.is_review_overdue


def editor_with_a_clinician_profile(reviewable) -> User:
    """Not allowed to publish, so not allowed to record a review."""
    user = make_editor()
    make_reviewer(user=user)
    return user


def publisher_without_a_clinician_profile(reviewable) -> User:
    return grant(make_editor(), reviewable.publish_permission)


@pytest.mark.parametrize("make", [make_article, make_entry], ids=["article", "entry"])
@pytest.mark.parametrize(
    ("make_user", "error"),
    [
        (editor_with_a_clinician_profile, PermissionDenied),
        (publisher_without_a_clinician_profile, ValidationError),
    ],
    ids=["without-publish-permission", "without-clinician-profile"],
)
def test_record_review_refuses_anyone_else_and_records_nothing(make, make_user, error):
    reviewable = make(review_due=datetime.date(2026, 1, 1))
    user = make_user(reviewable)

    with pytest.raises(error):
        reviewable.record_review(user)

    reviewable.refresh_from_db()
    assert reviewable.reviewer is None
    assert reviewable.last_reviewed is None
    assert reviewable.review_due == datetime.date(2026, 1, 1)
    assert reviewable.snapshot()["reviewer"] is None


@pytest.mark.parametrize("make", [make_article, make_entry], ids=["article", "entry"])
def test_review_of_an_unchanged_published_page_shows_at_once(make):
    user = make_medical_reviewer()
    reviewable = make()

    reviewable.record_review(user)

    reviewable.refresh_from_db()
    assert reviewable.status == Status.PUBLISHED
    assert reviewable.live["reviewer"] == str(user.reviewer_profile)
    assert reviewable.live["last_reviewed"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("make", "field"),
    [(make_article, "title"), (make_entry, "question")],
    ids=["article", "entry"],
)
def test_review_of_pending_changes_goes_live_only_with_them(make, field):
    user = make_medical_reviewer()
    reviewable = make()
    published = getattr(reviewable, field)
    setattr(reviewable, field, "Rewritten, not yet published")
    reviewable.mark_changed()
    reviewable.save()

    reviewable.record_review(user)
    reviewable.refresh_from_db()
    assert reviewable.live["reviewer"] is None
    assert reviewable.live[field] == published

    reviewable.publish(user)
    reviewable.refresh_from_db()
    assert reviewable.live["reviewer"] == str(user.reviewer_profile)
    assert reviewable.live[field] == "Rewritten, not yet published"


# Publishing


def test_published_is_what_has_a_live_page():
    public = make_article()
    make_article(published=False)
    withdrawn = make_article()
    withdrawn.unpublish(make_medical_reviewer())
    changed = make_article()
    changed.title = "Rewritten, not yet republished"
    changed.mark_changed()
    changed.save()

    assert set(Article.objects.published()) == {public, changed}
    assert changed.status == Status.DRAFT
    assert changed.has_unpublished_changes


def test_publishing_needs_the_publish_permission_and_changes_nothing_without_it():
    article = make_article(published=False)

    with pytest.raises(PermissionDenied):
        article.publish(make_editor())

    article.refresh_from_db()
    assert article.live is None
    assert article.status == Status.DRAFT


def test_investigational_article_needs_a_review_and_a_reference_to_publish():
    article = make_article(published=False, is_investigational=True)
    make_section(article=article)

    with pytest.raises(ValidationError) as raised:
        article.publish(make_medical_reviewer())

    assert len(raised.value.messages) == 2
    assert "needs a recorded clinical review" in raised.value.messages[0]
    assert "needs at least one reference" in raised.value.messages[1]
    article.refresh_from_db()
    assert article.live is None
    assert not Article.objects.published().exists()


@pytest.mark.parametrize(
    ("reviewed", "referenced", "problem"),
    [
        (False, True, "needs a recorded clinical review"),
        (True, False, "needs at least one reference"),
    ],
    ids=["unreviewed", "unreferenced"],
)
def test_investigational_article_is_held_back_by_either_missing_step(
    reviewed, referenced, problem
):
    user = make_medical_reviewer()
    article = make_article(published=False, is_investigational=True)
    make_section(article=article, references=[make_reference()] if referenced else [])
    if reviewed:
        article.record_review(user)

    with pytest.raises(ValidationError, match=problem):
        article.publish(user)

    assert article.publishing_problems() != []


def test_reviewed_and_referenced_investigational_article_publishes():
    user = make_medical_reviewer()
    article = make_article(published=False, is_investigational=True)
    make_section(article=article, references=[make_reference()])
    article.record_review(user)

    article.publish(user)

    article.refresh_from_db()
    assert article.publishing_problems() == []
    assert article.status == Status.PUBLISHED
    assert article.live["is_investigational"] is True
    assert list(Article.objects.published()) == [article]


def test_article_that_is_not_investigational_publishes_without_the_gate():
    article = make_article(published=False)

    article.publish(make_medical_reviewer())

    assert article.publishing_problems() == []
    assert Article.objects.published().get() == article


# Addresses


def test_article_address_is_under_articles_by_slug():
    article = make_article(slug="stem-cells")

    assert article.get_absolute_url() == "/articles/stem-cells/"


def test_section_address_is_its_article_page_with_the_anchor():
    article = make_article(slug="stem-cells")
    section = make_section(article=article, heading="Conclusion", anchor="")

    assert section.get_absolute_url() == "/articles/stem-cells/#conclusion"


# Care cards and cycle diagrams: parts of the working copy, published with it


def test_snapshot_lists_the_care_cards_in_order_with_their_situations():
    article = make_article()
    later = make_care_card(article=article, position=2, items=["b", "c"])
    earlier = make_care_card(
        article=article,
        position=1,
        level=CareLevel.EMERGENCY,
        heading="Call 999 or go to A&E if:",
        items=["a"],
    )

    assert article.snapshot()["care_cards"] == [
        {
            "level": "emergency",
            "level_label": "Immediate action required",
            "heading": "Call 999 or go to A&E if:",
            "items": ["a"],
        },
        {
            "level": "non-urgent",
            "level_label": "Non-urgent advice",
            "heading": later.heading,
            "items": ["b", "c"],
        },
    ]
    assert earlier.items.get().text == "a"


def test_situations_keep_their_positions_whatever_order_they_were_added_in():
    card = make_care_card(items=[])
    card.items.create(position=2, text="second")
    card.items.create(position=1, text="first")

    assert card.as_page()["items"] == ["first", "second"]


def test_snapshot_gives_a_section_its_diagram_and_the_others_none():
    article = make_article()
    drawn = make_section(article=article, position=1)
    make_section(article=article, position=2)
    make_diagram(
        section=drawn,
        title="The hair growth cycle",
        caption="Round it goes.",
        stages=[("Telogen", ""), ("Anagen", "years")],
    )

    sections = article.snapshot()["sections"]

    assert sections[0]["diagram"] == {
        "title": "The hair growth cycle",
        "caption": "Round it goes.",
        "stages": [
            {
                "name": "Telogen",
                "duration": "",
                "description": "What happens in Telogen.",
            },
            {
                "name": "Anagen",
                "duration": "years",
                "description": "What happens in Anagen.",
            },
        ],
    }
    assert sections[1]["diagram"] is None


@pytest.fixture
def published_with_parts() -> Article:
    """A published article with a care card, and a diagram in its first section."""
    article = make_article()
    drawn = make_section(article=article, position=1)
    make_section(article=article, position=2)
    make_care_card(article=article)
    make_diagram(section=drawn, stages=[("A", ""), ("B", ""), ("C", "")])
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    return article


def save_with(obj, **changes) -> None:
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()


PART_EDITS = {
    "add-card": lambda article: CareCard.objects.create(
        article=article, level=CareLevel.URGENT, heading="Get help from NHS 111 if:"
    ),
    "change-card": lambda article: save_with(
        article.care_cards.get(), level=CareLevel.URGENT
    ),
    "delete-card": lambda article: article.care_cards.get().delete(),
    "add-situation": lambda article: article.care_cards.get().items.create(
        text="your scalp is sore"
    ),
    "change-situation": lambda article: save_with(
        CareCardItem.objects.first(), text="your scalp is sore"
    ),
    "delete-situation": lambda article: CareCardItem.objects.first().delete(),
    "add-diagram": lambda article: CycleDiagram.objects.create(
        section=article.sections.get(position=2), title="Another", caption="x"
    ),
    "change-diagram": lambda article: save_with(
        CycleDiagram.objects.get(), title="New"
    ),
    "delete-diagram": lambda article: CycleDiagram.objects.get().delete(),
    "add-stage": lambda article: CycleDiagram.objects.get().stages.create(
        name="D", description="x"
    ),
    "change-stage": lambda article: save_with(
        CycleStage.objects.first(), duration="2 to 4 months"
    ),
    "delete-stage": lambda article: CycleStage.objects.first().delete(),
}


@pytest.mark.parametrize("edit", PART_EDITS.values(), ids=PART_EDITS.keys())
def test_editing_a_card_or_diagram_flags_the_article_and_leaves_visitors_the_live_page(
    published_with_parts, edit
):
    article = published_with_parts
    live = article.live

    edit(article)

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.has_unpublished_changes
    assert article.live == live
    assert article.snapshot() != live


# Each part, the field naming its parent, and how to make a parent elsewhere.
MOVABLE_PARTS = {
    "section": (make_section, "article", lambda article: article),
    "card": (make_care_card, "article", lambda article: article),
    "situation": (
        lambda article: make_care_card(article=article).items.first(),
        "card",
        make_care_card,
    ),
    "diagram": (
        lambda article: make_diagram(section=make_section(article=article)),
        "section",
        make_section,
    ),
}


@pytest.mark.parametrize(
    ("make_part", "parent", "make_parent"),
    MOVABLE_PARTS.values(),
    ids=MOVABLE_PARTS.keys(),
)
def test_moving_a_part_to_another_article_flags_both(make_part, parent, make_parent):
    first, second = make_article(), make_article()
    part = make_part(article=first)

    save_with(part, **{parent: make_parent(article=second)})

    for article in (first, second):
        article.refresh_from_db()
        assert article.status == Status.DRAFT


def test_editing_a_part_of_an_unpublished_draft_keeps_it_a_draft():
    article = make_article(published=False)
    card = make_care_card(article=article)

    save_with(card, heading="Speak to a GP if:")

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.live is None


def test_publishing_makes_the_working_copy_of_cards_and_diagrams_live(
    published_with_parts,
):
    article = published_with_parts
    save_with(article.care_cards.get(), heading="Speak to a GP if:")
    save_with(CycleStage.objects.first(), name="Anagen")

    article.publish(make_medical_reviewer())

    article.refresh_from_db()
    assert article.live["care_cards"][0]["heading"] == "Speak to a GP if:"
    assert article.live["sections"][0]["diagram"]["stages"][0]["name"] == "Anagen"


def test_cards_and_diagrams_keep_a_history_of_their_edits(published_with_parts):
    card = published_with_parts.care_cards.get()
    stage = CycleStage.objects.first()

    save_with(card, heading="Speak to a GP if:")
    save_with(stage, name="Anagen")

    assert [r.heading for r in card.history.order_by("history_date")] == [
        "See a GP if:",
        "Speak to a GP if:",
    ]
    assert stage.history.latest("history_date").name == "Anagen"


EMPTY_PARTS = {
    "card-without-situations": (
        lambda article: make_care_card(article=article, items=[]),
        "The care card “See a GP if:” lists no situations",
    ),
    "diagram-with-one-stage": (
        lambda article: make_diagram(
            section=make_section(article=article), stages=[("Anagen", "")]
        ),
        "The diagram “A cycle” needs at least two stages",
    ),
}


@pytest.mark.parametrize(
    ("make_part", "problem"), EMPTY_PARTS.values(), ids=EMPTY_PARTS.keys()
)
def test_a_card_or_diagram_that_would_show_empty_holds_publishing_back(
    make_part, problem
):
    article = make_article(published=False)
    make_part(article)

    assert [p for p in article.publishing_problems() if p.startswith(problem)]
    with pytest.raises(ValidationError, match=problem):
        article.publish(make_medical_reviewer())
    article.refresh_from_db()
    assert article.live is None


def test_complete_cards_and_diagrams_raise_no_publishing_problem(
    published_with_parts,
):
    assert published_with_parts.publishing_problems() == []


def test_an_address_still_live_elsewhere_holds_publishing_back():
    moved = make_article(slug="taken")
    moved.slug = "elsewhere"
    moved.save()
    newcomer = make_article(published=False, slug="taken")

    assert any("still live at “taken”" in p for p in newcomer.publishing_problems())
    with pytest.raises(IntegrityError):
        newcomer.publish_unchecked()
