import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from disclaimers.claims import makes_headline_claim
from disclaimers.models import TOPIC_DISCLAIMER_KEYS, Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from editorial.models import StaleEditError
from hairsite.markdown import render_markdown
from tests.factories import make_disclaimer


def test_deleting_a_disclaimer_is_refused_and_the_row_stays(db):
    disclaimer = make_disclaimer("safety")

    with pytest.raises(ProtectedError):
        disclaimer.delete()

    assert Disclaimer.objects.filter(pk=disclaimer.pk).exists()


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Disclaimer.objects.all(),
        lambda: Disclaimer.objects.filter(key="safety"),
        lambda: Disclaimer.objects.exclude(key="evidence"),
    ],
    ids=["all", "filter", "exclude"],
)
def test_deleting_disclaimers_in_bulk_is_refused_and_the_rows_stay(db, queryset):
    make_disclaimer("safety")
    make_disclaimer("evidence")

    with pytest.raises(ProtectedError):
        queryset().delete()

    assert set(Disclaimer.objects.values_list("key", flat=True)) == {
        "safety",
        "evidence",
    }


BLANK_VALUES = {"empty": "", "one-space": " ", "spaces": "     "}


@pytest.mark.parametrize("field", ["text", "title"])
@pytest.mark.parametrize("value", BLANK_VALUES.values(), ids=BLANK_VALUES.keys())
def test_database_refuses_a_blank_disclaimer(db, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_disclaimer("safety", **{field: value})

    assert not Disclaimer.objects.exists()


@pytest.mark.parametrize("field", ["text", "title"])
@pytest.mark.parametrize("value", BLANK_VALUES.values(), ids=BLANK_VALUES.keys())
def test_database_refuses_rewording_a_disclaimer_to_blank(db, field, value):
    disclaimer = make_disclaimer("safety")
    setattr(disclaimer, field, value)

    with pytest.raises(IntegrityError), transaction.atomic():
        disclaimer.save()

    disclaimer.refresh_from_db()
    assert getattr(disclaimer, field) == getattr(REQUIRED_DISCLAIMERS["safety"], field)


@pytest.mark.parametrize("field", ["text", "title"])
@pytest.mark.parametrize("value", BLANK_VALUES.values(), ids=BLANK_VALUES.keys())
def test_full_clean_refuses_a_blank_disclaimer(db, field, value):
    disclaimer = Disclaimer.builtin("safety")
    setattr(disclaimer, field, value)

    with pytest.raises(ValidationError):
        disclaimer.full_clean()


# SQL's TRIM() removes only spaces; the constraint strips tabs and breaks too.
@pytest.mark.parametrize("field", ["text", "title"])
@pytest.mark.parametrize("value", ["\n\n", " \t ", "\r\n"], ids=["lf", "tab", "crlf"])
def test_database_refuses_a_disclaimer_of_only_tabs_or_line_breaks(db, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_disclaimer("safety", **{field: value})


def test_full_clean_accepts_the_built_in_wording(db):
    Disclaimer.builtin("safety").full_clean()


def test_saving_renders_the_text_to_sanitised_html(db):
    disclaimer = make_disclaimer(
        "safety",
        text="Ask **a doctor**. <script>alert(1)</script>[x](javascript:alert(1))",
    )

    assert "<strong>a doctor</strong>" in disclaimer.text_html
    assert "<script" not in disclaimer.text_html
    assert "javascript:" not in disclaimer.text_html
    disclaimer.refresh_from_db()
    assert disclaimer.text_html == render_markdown(disclaimer.text)


def test_rewording_a_disclaimer_re_renders_its_html(db):
    disclaimer = make_disclaimer("safety")

    disclaimer.text = "Now *reworded*."
    disclaimer.save()

    disclaimer.refresh_from_db()
    assert disclaimer.text_html == "<p>Now <em>reworded</em>.</p>"


# Versions and history


def test_rewording_a_disclaimer_keeps_every_earlier_wording_in_its_history(db):
    disclaimer = make_disclaimer("safety")
    disclaimer.text = "First rewording."
    disclaimer.save()
    disclaimer.text = "Second rewording."
    disclaimer.save()

    history = disclaimer.history.order_by("history_date")

    assert [(h.version, h.text) for h in history] == [
        (1, REQUIRED_DISCLAIMERS["safety"].text),
        (2, "First rewording."),
        (3, "Second rewording."),
    ]


def test_stale_copy_of_a_disclaimer_cannot_overwrite_a_newer_wording(db):
    disclaimer = make_disclaimer("safety")
    stale = Disclaimer.objects.get(pk=disclaimer.pk)
    disclaimer.text = "The colleague’s wording."
    disclaimer.save()
    stale.text = "An overwrite from an old copy."

    with pytest.raises(StaleEditError):
        stale.save()

    disclaimer.refresh_from_db()
    assert disclaimer.text == "The colleague’s wording."
    assert disclaimer.version == 2
    assert disclaimer.history.count() == 2


def test_refreshed_copy_of_a_disclaimer_can_be_reworded_again(db):
    disclaimer = make_disclaimer("safety")
    stale = Disclaimer.objects.get(pk=disclaimer.pk)
    disclaimer.text = "The colleague’s wording."
    disclaimer.save()

    stale.refresh_from_db()
    stale.text = "A rewording made on top of theirs."
    stale.save()

    disclaimer.refresh_from_db()
    assert disclaimer.text == "A rewording made on top of theirs."
    assert disclaimer.version == 3


def test_refused_blank_rewording_leaves_the_same_copy_savable(db):
    disclaimer = make_disclaimer("safety")
    disclaimer.text = " "
    with pytest.raises(IntegrityError), transaction.atomic():
        disclaimer.save()

    disclaimer.text = "A proper rewording."
    disclaimer.save()

    disclaimer.refresh_from_db()
    assert disclaimer.text == "A proper rewording."


# Looking disclaimers up by key


def test_by_key_gives_built_in_wording_for_every_key_when_nothing_is_stored(db):
    by_key = Disclaimer.objects.by_key()

    assert list(by_key) == list(REQUIRED_DISCLAIMERS)
    for key, disclaimer in by_key.items():
        assert disclaimer.pk is None
        assert disclaimer.key == key
        assert disclaimer.title == REQUIRED_DISCLAIMERS[key].title
        assert disclaimer.text == REQUIRED_DISCLAIMERS[key].text
        assert disclaimer.text_html == render_markdown(REQUIRED_DISCLAIMERS[key].text)


def test_by_key_prefers_stored_wording_and_fills_the_gaps(db):
    stored = make_disclaimer("safety", title="Reworded", text="New *words*.")

    by_key = Disclaimer.objects.by_key()

    assert list(by_key) == list(REQUIRED_DISCLAIMERS)
    assert by_key["safety"] == stored
    assert by_key["safety"].text_html == "<p>New <em>words</em>.</p>"
    assert by_key["evidence"].pk is None
    assert by_key["evidence"].text == REQUIRED_DISCLAIMERS["evidence"].text


def test_by_key_reads_the_database_once(db, django_assert_num_queries):
    make_disclaimer("safety")
    make_disclaimer("evidence")

    with django_assert_num_queries(1):
        Disclaimer.objects.by_key()


@pytest.mark.parametrize("key", REQUIRED_DISCLAIMERS)
def test_every_built_in_disclaimer_has_a_title_and_text_that_can_be_stored(db, key):
    required = REQUIRED_DISCLAIMERS[key]

    assert required.key == key
    assert required.title.strip()
    assert required.text.strip()
    assert render_markdown(required.text).strip()
    # The built-in wording must also pass the model's own checks.
    Disclaimer.builtin(key).full_clean()


def test_every_topic_disclaimer_is_a_required_disclaimer():
    assert set(TOPIC_DISCLAIMER_KEYS) <= set(REQUIRED_DISCLAIMERS)


def test_migration_creates_the_topics_content_md_names(db):
    topics = dict(Topic.objects.values_list("slug", "disclaimer_key"))

    assert topics == {
        "condition": "condition-scope",
        "evidence": "evidence",
        "outlook": "outlook",
        "safety": "safety",
        "cost": "cost-clinics",
        "clinics": "cost-clinics",
        "treatments": "approved-alternatives",
        "lifestyle": "lifestyle",
    }


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("A cure for baldness", True),
        ("Cures baldness", True),
        ("Baldness cured!", True),
        ("CURE", True),
        ("A cure-all", True),
        ("A breakthrough in hair loss", True),
        ("Three breakthroughs", True),
        ("A revolutionary treatment", True),
        ("The stem-cell revolution", True),
        ("A game-changer", True),
        ("A game changer", True),
        ("A gamechanger", True),
        ("Game-changing results", True),
        ("A miracle", True),
        ("Miracles happen", True),
        ("A miraculous recovery", True),
        ("Secure your appointment", False),
        ("Curettage of the scalp", False),
        ("Procurement of cells", False),
        ("The evolution of hair", False),
        ("An obscure study", False),
        ("Manicures and pedicures", False),
        ("What the evidence shows", False),
        ("Safety and side effects", False),
        ("How much does it cost?", False),
        ("", False),
    ],
)
def test_makes_headline_claim(text, claims):
    assert makes_headline_claim(text) is claims


def test_makes_headline_claim_looks_at_every_text():
    assert makes_headline_claim("Plain title", "Plain heading", "A miracle")
    assert not makes_headline_claim("Plain title", "Plain heading")
    assert not makes_headline_claim()
