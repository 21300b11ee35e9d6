"""Editing care cards and cycle diagrams in the admin, as editors do."""

import pytest
from django.db import models
from django.test import Client

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
    make_article,
    make_care_card,
    make_diagram,
    make_section,
)
from tests.test_admin import (
    add_row,
    admin_url,
    change_form,
    change_url,
    form_fields,
    page_text,
    row_of,
    save_form,
    shown_messages,
    stale_edit_refusal,
    submittable,
)

pytestmark = pytest.mark.django_db


def add_form(client: Client, model: type[models.Model]) -> dict[str, list[str]]:
    """Return what the model's add page would submit untouched."""
    return form_fields(
        client.get(admin_url("add", model)), f"{model._meta.model_name}_form"
    )


def fill_rows(fields: dict[str, list[str]], prefix: str, rows: list[dict]) -> None:
    """Fill in the inline's blank rows, adding more as "Add another" does."""
    for n, values in enumerate(rows):
        if n >= int(fields[f"{prefix}-TOTAL_FORMS"][0]):
            add_row(fields, prefix)
        for field, value in values.items():
            fields[f"{prefix}-{n}-{field}"] = [value]


def post_add(client: Client, model: type[models.Model], fields: dict) -> object:
    return client.post(admin_url("add", model), {**submittable(fields), "_save": "1"})


# Care cards


def test_editor_adds_a_care_card_with_its_situations_in_one_form(editor_client):
    article = make_article()
    live = Article.objects.get(pk=article.pk).live
    fields = add_form(editor_client, CareCard)
    fields |= {
        "article": [str(article.pk)],
        "level": [CareLevel.URGENT],
        "heading": ["Ask for an urgent GP appointment or get help from NHS 111 if:"],
    }
    fill_rows(
        fields,
        "items",
        [
            {"position": "2", "text": "you also feel unwell"},
            {"position": "1", "text": "your scalp is red and swollen"},
        ],
    )

    response = post_add(editor_client, CareCard, fields)

    assert response.status_code == 302
    card = CareCard.objects.get()
    assert (card.article, card.level) == (article, CareLevel.URGENT)
    assert card.as_page()["items"] == [
        "your scalp is red and swollen",
        "you also feel unwell",
    ]
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.live == live


@pytest.mark.parametrize(
    ("model", "prefix", "rows", "error"),
    [
        (CareCard, "items", 0, "Please submit at least 1 form."),
        (CycleDiagram, "stages", 1, "Please submit at least 2 forms."),
        (CycleDiagram, "stages", 7, "Please submit at most 6 forms."),
    ],
    ids=["card-without-situations", "diagram-of-one-stage", "diagram-of-seven"],
)
def test_add_page_refuses_too_few_or_too_many_rows_and_saves_nothing(
    admin_client, model, prefix, rows, error
):
    section = make_section()
    fields = add_form(admin_client, model)
    fields |= {
        "article": [str(section.article_id)],
        "section": [str(section.pk)],
        "heading": ["See a GP if:"],
        "title": ["A cycle"],
        "caption": ["How it goes."],
    }
    fill_rows(
        fields,
        prefix,
        [{"name": f"Stage {n}", "description": "x", "text": "x"} for n in range(rows)],
    )

    response = post_add(admin_client, model, fields)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not model.objects.exists()


def test_article_page_lists_its_cards_situations_with_a_link_to_edit_them(
    editor_client,
):
    article = make_article()
    card = make_care_card(article=article, items=["bald patches appear"])

    page = page_text(editor_client, change_url(article))

    assert "<ol><li>bald patches appear</li></ol>" in page
    assert change_url(card) in page


def test_card_added_on_the_article_page_waits_for_its_situations_to_publish(
    editor_client, reviewer_client
):
    article = make_article()
    live = Article.objects.get(pk=article.pk).live
    fields = change_form(editor_client, article)
    add_row(
        fields, "care_cards", position="1", level="non-urgent", heading="See a GP if:"
    )

    assert save_form(editor_client, article, fields).status_code == 302

    card = CareCard.objects.get(article=article)
    assert "None yet" in page_text(editor_client, change_url(article))
    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_publish",
        follow=True,
    )
    assert shown_messages(response, "error") == [
        "The care card “See a GP if:” lists no situations: add them on its page, "
        "or delete the card."
    ]
    article.refresh_from_db()
    assert article.live == live
    card.items.create(text="bald patches appear")
    assert article.publishing_problems() == []


def test_editing_a_situation_on_the_cards_page_flags_the_article(editor_client):
    card = make_care_card(items=["bald patches appear"])
    item = card.items.get()
    fields = change_form(editor_client, card)
    n = row_of(fields, "items", item.pk)
    fields[f"items-{n}-text"] = ["your hair comes out in clumps"]

    assert save_form(editor_client, card, fields).status_code == 302

    item.refresh_from_db()
    assert item.text == "your hair comes out in clumps"
    card.article.refresh_from_db()
    assert card.article.status == Status.DRAFT


def test_stale_care_card_form_is_refused(admin_user, editor_client):
    card = make_care_card(heading="See a GP if:")
    admin = Client()
    admin.force_login(admin_user)
    stale = change_form(admin, card)
    fresh = change_form(editor_client, card)
    fresh["heading"] = ["Speak to a GP if:"]
    assert save_form(editor_client, card, fresh).status_code == 302
    stale["level"] = [CareLevel.URGENT]

    refusal = stale_edit_refusal(save_form(admin, card, stale))

    assert "editor saved this" in refusal
    card.refresh_from_db()
    assert (card.heading, card.level) == ("Speak to a GP if:", CareLevel.NON_URGENT)


# Cycle diagrams


def test_editor_adds_a_diagram_with_its_stages_in_one_form(editor_client):
    section = make_section()
    fields = add_form(editor_client, CycleDiagram)
    fields |= {
        "section": [str(section.pk)],
        "title": ["The hair growth cycle"],
        "caption": ["Each follicle cycles on its own."],
    }
    fill_rows(
        fields,
        "stages",
        [
            {"position": "1", "name": "Anagen", "duration": "3 to 5 years",
             "description": "the growth phase"},
            {"position": "2", "name": "Catagen", "description": "a transition"},
            {"position": "3", "name": "Telogen", "duration": "2 to 4 months",
             "description": "the resting phase"},
        ],
    )  # fmt: skip

    response = post_add(editor_client, CycleDiagram, fields)

    assert response.status_code == 302
    diagram = CycleDiagram.objects.get(section=section)
    assert [(s.name, s.duration) for s in diagram.stages.all()] == [
        ("Anagen", "3 to 5 years"),
        ("Catagen", ""),
        ("Telogen", "2 to 4 months"),
    ]
    section.article.refresh_from_db()
    assert section.article.status == Status.DRAFT


def test_section_page_shows_its_diagram_with_a_link_to_its_stages(editor_client):
    diagram = make_diagram(stages=[("Anagen", ""), ("Telogen", "")])

    page = page_text(editor_client, change_url(diagram.section))

    assert "<ol><li>Anagen</li><li>Telogen</li></ol>" in page
    assert change_url(diagram) in page


# Both


@pytest.mark.parametrize(
    ("model", "make"),
    [(Section, make_section), (CareCard, make_care_card), (CycleDiagram, make_diagram)],
    ids=["sections", "care-cards", "diagrams"],
)
def test_deleting_in_bulk_from_the_list_flags_each_article(
    reviewer_client, model, make
):
    parts = [make(), make()]

    reviewer_client.post(
        admin_url("changelist", model),
        {
            "action": "delete_selected",
            "_selected_action": [part.pk for part in parts],
            "post": "yes",
        },
    )

    assert not model.objects.filter(pk__in=[part.pk for part in parts]).exists()
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


@pytest.mark.parametrize(
    "model",
    [CareCard, CareCardItem, CycleDiagram, CycleStage],
    ids=lambda model: model._meta.model_name,
)
def test_every_field_editors_fill_in_explains_itself(model):
    # The parent of an inline row is never shown; the version is hidden.
    hidden = {"version", "card", "diagram"}
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in hidden
    ]

    assert fields
    assert [field.name for field in fields if not field.help_text] == []
