"""Every admin page renders, and the admin enforces what editors may change."""

import html
import re
from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, CareCard, CycleDiagram, Section
from disclaimers.models import Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from editorial.models import Reference, Reviewer, Status
from faq.models import Entry
from pages.models import Page
from tests.factories import (
    make_article,
    make_care_card,
    make_diagram,
    make_disclaimer,
    make_editor,
    make_entry,
    make_page,
    make_reference,
    make_reviewer,
    make_section,
)

# Reading and submitting admin forms the way a browser would


SUBMIT_TYPES = {"submit", "button", "image", "reset", "file"}


class FormFields(HTMLParser):
    """Collect the fields a browser would submit from the form with `form_id`."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.multiple = False
        self.options: list[tuple[str, bool]] = []

    def add(self, name: str, value: str) -> None:
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in SUBMIT_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.add(attrs["name"], attrs.get("value") or "on")
            else:
                self.add(attrs["name"], attrs.get("value") or "")
        elif tag == "textarea" and attrs.get("name"):
            self.textarea, self.text = attrs["name"], ""
        elif tag == "select" and attrs.get("name"):
            self.select, self.multiple, self.options = (
                attrs["name"],
                "multiple" in attrs,
                [],
            )
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value") or "", "selected" in attrs))

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            # Browsers drop the line break that starts a textarea's content.
            self.add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not self.multiple and self.options:
                chosen = [self.options[0][0]]
            for value in chosen:
                self.add(self.select, value)
            self.select = None


def form_fields(response: HttpResponse, form_id: str) -> dict[str, list[str]]:
    """Return what submitting the page's form `form_id` unchanged would send."""
    assert response.status_code == 200
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    parser.close()
    assert parser.fields, f"no form #{form_id} on the page"
    return parser.fields


def history_form_id(model: type[models.Model]) -> str:
    """Name the revert form, which simple-history gives the historical model's id."""
    return f"historical{model._meta.model_name}_form"


def submittable(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Leave out the hidden template rows that "Add another" copies."""
    return {name: values for name, values in fields.items() if "__prefix__" not in name}


def row_of(fields: dict[str, list[str]], prefix: str, pk: int) -> int:
    """Return the index of the inline row editing the object `pk`."""
    total = int(fields[f"{prefix}-TOTAL_FORMS"][0])
    return next(n for n in range(total) if fields[f"{prefix}-{n}-id"] == [str(pk)])


def add_row(fields: dict[str, list[str]], prefix: str, **values: str) -> None:
    """Do what "Add another" does: copy the template row, then fill it in."""
    n = int(fields[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    for name, value in list(fields.items()):
        if name.startswith(template):
            fields[name.replace("__prefix__", str(n))] = list(value)
    for field, value in values.items():
        fields[f"{prefix}-{n}-{field}"] = [value]
    fields[f"{prefix}-TOTAL_FORMS"] = [str(n + 1)]


def admin_url(name: str, model: type[models.Model], *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# Every registered model's pages, for a superuser


def make_group() -> Group:
    group = Group.objects.create(name=f"Editors {Group.objects.count() + 1}")
    group.permissions.set(Permission.objects.filter(codename="change_article"))
    return group


def make_user() -> User:
    username = f"someone-{User.objects.count() + 1}"
    user = User.objects.create_user(username, email=f"{username}@example.org")
    user.groups.set([make_group()])
    return user


def login_attempt() -> dict[str, str]:
    """Describe a failed login, by a new username each time."""
    return {
        "username": f"someone-{AccessAttempt.objects.count() + 1}",
        "ip_address": "192.0.2.1",
        "user_agent": "pytest",
        "http_accept": "text/html",
        "path_info": "/admin/login/",
    }


# One object of each registered model, made the way the tests make content.
OBJECT_MAKERS: dict[type[models.Model], Callable[[], models.Model]] = {
    Article: lambda: make_section(topics=["safety"]).article,
    Section: lambda: make_section(topics=["evidence"]),
    CareCard: make_care_card,
    CycleDiagram: make_diagram,
    Entry: lambda: make_entry(article=make_article(), topics=["cost"]),
    Disclaimer: lambda: make_disclaimer(
        next(
            key
            for key in REQUIRED_DISCLAIMERS
            if not Disclaimer.objects.filter(key=key).exists()
        )
    ),
    Topic: lambda: Topic.objects.get(slug="safety"),
    Page: lambda: make_page(
        next(key for key in Page.Key if not Page.objects.filter(key=key).exists())
    ),
    Reviewer: make_reviewer,
    Reference: make_reference,
    User: make_user,
    Group: make_group,
    AccessAttempt: lambda: AccessAttempt.objects.create(
        **login_attempt(), get_data="", post_data="", failures_since_start=1
    ),
    AccessLog: lambda: AccessLog.objects.create(**login_attempt()),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(
        **login_attempt(), locked_out=True
    ),
}

REGISTERED = [
    pytest.param(model, id=model._meta.label_lower) for model in admin.site._registry
]
SEARCHABLE = [
    pytest.param(model, id=model._meta.label_lower)
    for model, model_admin in admin.site._registry.items()
    if model_admin.search_fields
]
HISTORY_MODELS = [
    pytest.param(model, id=model._meta.label_lower)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, SimpleHistoryAdmin)
]
APP_LABELS = sorted({model._meta.app_label for model in admin.site._registry})


@pytest.fixture
def superuser_request(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    return request


def test_every_registered_model_has_an_object_maker():
    assert set(admin.site._registry) == set(OBJECT_MAKERS)


def test_admin_index_renders(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    for label in APP_LABELS:
        assert reverse("admin:app_list", args=[label]) in response.content.decode()


@pytest.mark.parametrize("app_label", APP_LABELS)
def test_app_index_renders(admin_client, app_label):
    response = admin_client.get(reverse("admin:app_list", args=[app_label]))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED)
def test_changelist_renders_and_lists_the_object(admin_client, model):
    obj = OBJECT_MAKERS[model]()

    response = admin_client.get(admin_url("changelist", model))

    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


@pytest.mark.parametrize("model", SEARCHABLE)
@pytest.mark.parametrize("query", ["e", "no such text", "<script>", "50%"])
def test_changelist_search_renders(admin_client, model, query):
    OBJECT_MAKERS[model]()

    response = admin_client.get(admin_url("changelist", model), {"q": query})

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED)
def test_changelist_renders_with_every_filter_choice(admin_client, model):
    # Two of each, so that filters on a related object have a choice to offer.
    OBJECT_MAKERS[model]()
    OBJECT_MAKERS[model]()
    changelist = admin_url("changelist", model)
    cl = admin_client.get(changelist).context["cl"]

    filtered = {
        spec.title: [choice["query_string"] for choice in spec.choices(cl)]
        for spec in cl.filter_specs
    }

    assert len(filtered) == len(admin.site._registry[model].list_filter)
    for title, query_strings in filtered.items():
        assert len(query_strings) > 1, f"filter {title!r} offers no choice"
        for query_string in query_strings:
            response = admin_client.get(changelist + query_string)
            # An unknown parameter would redirect to ?e=1 instead.
            assert response.status_code == 200, query_string


@pytest.mark.parametrize("model", REGISTERED)
def test_add_page_renders_where_adding_is_permitted(
    admin_client, superuser_request, model
):
    OBJECT_MAKERS[model]()
    permitted = admin.site._registry[model].has_add_permission(superuser_request)

    response = admin_client.get(admin_url("add", model))

    assert response.status_code == (200 if permitted else 403)


@pytest.mark.parametrize("model", REGISTERED)
def test_change_page_renders(admin_client, model):
    obj = OBJECT_MAKERS[model]()

    response = admin_client.get(admin_url("change", model, obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize("model", REGISTERED)
def test_history_page_renders(admin_client, model):
    obj = OBJECT_MAKERS[model]()

    response = admin_client.get(admin_url("history", model, obj.pk))

    assert response.status_code == 200


def test_the_versioned_content_models_keep_history_in_the_admin():
    assert {param.values[0] for param in HISTORY_MODELS} == {
        Article,
        Section,
        CareCard,
        CycleDiagram,
        Entry,
        Disclaimer,
        Reference,
        Page,
    }


@pytest.mark.parametrize("model", HISTORY_MODELS)
def test_history_page_links_a_revert_form_for_every_version(admin_client, model):
    obj = OBJECT_MAKERS[model]()
    obj.refresh_from_db()
    obj.save()  # one more version, so that the page has a change to show
    records = list(obj.history.all())
    assert len(records) >= 2

    response = admin_client.get(admin_url("history", model, obj.pk))

    assert response.status_code == 200
    page = response.content.decode()
    for record in records:
        url = admin_url("simple_history", model, obj.pk, record.history_id)
        assert url in page
        fields = form_fields(admin_client.get(url), history_form_id(model))
        assert "version" in fields


@pytest.mark.parametrize("model", REGISTERED)
def test_delete_page_renders_where_deleting_is_permitted(
    admin_client, superuser_request, model
):
    obj = OBJECT_MAKERS[model]()
    model_admin = admin.site._registry[model]
    permitted = model_admin.has_delete_permission(superuser_request, obj)

    response = admin_client.get(admin_url("delete", model, obj.pk))

    assert response.status_code == (200 if permitted else 403)
    assert model.objects.filter(pk=obj.pk).exists()


# Disclaimers: reworded, never deleted or emptied


def test_disclaimer_delete_page_is_forbidden_and_the_row_stays(admin_client):
    disclaimer = make_disclaimer("safety")
    url = admin_url("delete", Disclaimer, disclaimer.pk)

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Disclaimer.objects.filter(pk=disclaimer.pk).exists()


def test_disclaimer_changelist_offers_no_delete_selected_action(
    admin_client, superuser_request
):
    make_disclaimer("safety")

    response = admin_client.get(admin_url("changelist", Disclaimer))

    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    model_admin = admin.site._registry[Disclaimer]
    assert "delete_selected" not in model_admin.get_actions(superuser_request)


def test_disclaimer_delete_selected_action_is_refused_and_the_rows_stay(admin_client):
    disclaimers = [make_disclaimer("safety"), make_disclaimer("evidence")]

    response = admin_client.post(
        admin_url("changelist", Disclaimer),
        {
            "action": "delete_selected",
            "_selected_action": [d.pk for d in disclaimers],
            "index": "0",
            "post": "yes",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert Disclaimer.objects.count() == 2


def test_disclaimer_key_is_read_only_on_the_change_page(admin_client):
    disclaimer = make_disclaimer("safety")
    url = admin_url("change", Disclaimer, disclaimer.pk)

    response = admin_client.get(url)

    assert "key" not in response.context["adminform"].form.fields
    assert 'name="key"' not in response.content.decode()
    assert "safety" in response.content.decode()


def test_disclaimer_key_posted_to_the_change_page_is_ignored(admin_client):
    disclaimer = make_disclaimer("safety")
    url = admin_url("change", Disclaimer, disclaimer.pk)
    fields = form_fields(admin_client.get(url), "disclaimer_form")
    fields["key"] = ["evidence"]
    fields["title"] = ["Reworded title"]

    response = admin_client.post(url, fields)

    assert response.status_code == 302
    disclaimer.refresh_from_db()
    assert disclaimer.key == "safety"
    assert disclaimer.title == "Reworded title"


def test_disclaimer_add_page_is_refused_when_every_required_key_has_a_record(
    admin_client,
):
    for key in REQUIRED_DISCLAIMERS:
        make_disclaimer(key)
    url = admin_url("add", Disclaimer)

    assert admin_client.get(url).status_code == 403
    response = admin_client.post(url, {"key": "safety", "title": "t", "text": "t"})
    assert response.status_code == 403
    assert Disclaimer.objects.count() == len(REQUIRED_DISCLAIMERS)


def test_disclaimer_add_page_offers_only_the_missing_keys(admin_client):
    for key in REQUIRED_DISCLAIMERS:
        if key not in {"safety", "evidence"}:
            make_disclaimer(key)

    response = admin_client.get(admin_url("add", Disclaimer))

    assert response.status_code == 200
    choices = dict(response.context["adminform"].form.fields["key"].choices)
    assert set(choices) - {""} == {"safety", "evidence"}


def test_disclaimer_add_page_refuses_a_key_that_already_has_a_record(admin_client):
    disclaimer = make_disclaimer("safety")

    response = admin_client.post(
        admin_url("add", Disclaimer),
        {"key": "safety", "title": "Another", "text": "Another safety text."},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["key"]
    assert list(Disclaimer.objects.all()) == [disclaimer]


BLANK_TEXTS = {"empty": "", "spaces": "   ", "line-breaks": "\n\t\r\n "}


@pytest.mark.parametrize("field", ["text", "title"])
@pytest.mark.parametrize("value", BLANK_TEXTS.values(), ids=BLANK_TEXTS.keys())
def test_emptying_a_disclaimer_in_the_admin_is_refused(admin_client, field, value):
    disclaimer = make_disclaimer("safety")
    url = admin_url("change", Disclaimer, disclaimer.pk)
    fields = form_fields(admin_client.get(url), "disclaimer_form")
    fields[field] = [value]

    response = admin_client.post(url, fields)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        "This field is required."
    ]
    disclaimer.refresh_from_db()
    assert getattr(disclaimer, field) == getattr(REQUIRED_DISCLAIMERS["safety"], field)


# Editors change articles through the sections inline


@pytest.fixture
def visitor(db):
    """Browse the public site anonymously, as readers do."""
    return Client()


def change_url(obj: models.Model) -> str:
    return admin_url("change", type(obj), obj.pk)


def change_form(client: Client, obj: models.Model) -> dict[str, list[str]]:
    """Return what the object's change page would submit unchanged."""
    return form_fields(client.get(change_url(obj)), f"{obj._meta.model_name}_form")


def save_form(
    client: Client,
    obj: models.Model,
    fields: dict[str, list[str]],
    button: str = "_save",
    **kwargs,
) -> HttpResponse:
    """Submit the change page's form with the button named `button`."""
    return client.post(
        change_url(obj), {**submittable(fields), button: "pressed"}, **kwargs
    )


def shown_messages(response: HttpResponse, level: str) -> list[str]:
    """Return the messages of `level` ("error", "success") the page shows."""
    assert response.status_code == 200
    return [m.message for m in response.context["messages"] if m.level_tag == level]


def test_editor_is_staff_with_content_permissions_but_no_superuser(db):
    editor = make_editor()

    assert editor.is_staff
    assert not editor.is_superuser
    assert editor.has_perm("articles.change_section")


def test_article_inline_uses_the_sections_prefix(editor_client):
    article = make_section().article

    fields = change_form(editor_client, article)

    assert fields["sections-TOTAL_FORMS"] == ["1"]
    assert fields["sections-INITIAL_FORMS"] == ["1"]


def test_editors_section_change_reaches_visitors_only_once_a_reviewer_publishes_it(
    editor_client, reviewer_client, visitor
):
    article = make_article(slug="stem-cells")
    make_section(article=article, position=1, body="First section.")
    section = make_section(article=article, position=2, body="Old wording.")
    live = Article.objects.get(pk=article.pk).live
    fields = change_form(editor_client, article)
    n = row_of(fields, "sections", section.pk)
    fields[f"sections-{n}-body"] = ["New **wording**."]

    response = save_form(editor_client, article, fields)

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "New **wording**."
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.live == live
    page = page_text(visitor, "/articles/stem-cells/")
    assert "Old wording." in page
    assert "New <strong>wording</strong>" not in page

    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_record_review",
        follow=True,
    )
    assert shown_messages(response, "success") == ["Clinical review recorded."]
    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_publish",
        follow=True,
    )
    assert shown_messages(response, "success") == [
        "Published: visitors now see this version."
    ]

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    page = page_text(visitor, "/articles/stem-cells/")
    assert "<p>New <strong>wording</strong>.</p>" in page
    assert "Old wording." not in page
    assert "First section." in page
    assert "Dr Reviewer, MBBS, consultant dermatologist" in page


def test_saving_the_article_form_unchanged_changes_no_section_nor_what_is_live(
    editor_client,
):
    article = make_article()
    section = make_section(article=article, topics=["safety"], anchor="kept")
    before = Section.objects.values().get(pk=section.pk)
    live = Article.objects.get(pk=article.pk).live

    response = save_form(editor_client, article, change_form(editor_client, article))

    assert response.status_code == 302
    assert Section.objects.values().get(pk=section.pk) == before
    assert [t.slug for t in section.topics.all()] == ["safety"]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.live == live


def test_section_added_with_a_blank_anchor_gets_one_from_its_heading(editor_client):
    article = make_article(slug="stem-cells")
    make_section(article=article, position=1)
    fields = change_form(editor_client, article)
    add_row(
        fields,
        "sections",
        position="2",
        heading="Where To Get Help?",
        anchor="",
        body="Ask your GP.",
        topics="cost",
    )

    response = save_form(editor_client, article, fields)

    assert response.status_code == 302
    added = article.sections.get(position=2)
    assert added.anchor == "where-to-get-help"
    assert [t.slug for t in added.topics.all()] == ["cost"]
    # The staff preview: the working copy at the article's own address.
    page = page_text(editor_client, "/articles/stem-cells/")
    assert 'id="where-to-get-help"' in page
    assert "<p>Ask your GP.</p>" in page


def test_two_sections_added_with_blank_anchors_each_get_their_own(editor_client):
    article = make_article()
    fields = change_form(editor_client, article)
    add_row(fields, "sections", position="1", heading="First", body="One.")
    add_row(fields, "sections", position="2", heading="Second", body="Two.")

    response = save_form(editor_client, article, fields)

    assert response.status_code == 302
    assert [s.anchor for s in article.sections.all()] == ["first", "second"]


def existing_rows_share_an_anchor(fields, sections):
    n = row_of(fields, "sections", sections[1].pk)
    fields[f"sections-{n}-anchor"] = [sections[0].anchor]


def new_rows_share_an_anchor(fields, sections):
    add_row(fields, "sections", position="3", heading="A", anchor="same", body="x")
    add_row(fields, "sections", position="4", heading="B", anchor="same", body="y")


def new_row_takes_an_existing_anchor(fields, sections):
    add_row(fields, "sections", position="3", heading="C", anchor="first", body="x")


def new_row_heading_gives_an_existing_anchor(fields, sections):
    add_row(fields, "sections", position="3", heading="First", anchor="", body="x")


def blank_anchor_row_meets_a_new_row_with_its_anchor(fields, sections):
    add_row(fields, "sections", position="3", heading="Same", anchor="", body="x")
    add_row(fields, "sections", position="4", heading="D", anchor="same", body="y")


@pytest.mark.parametrize(
    "make_clash",
    [
        existing_rows_share_an_anchor,
        new_rows_share_an_anchor,
        new_row_takes_an_existing_anchor,
        new_row_heading_gives_an_existing_anchor,
        blank_anchor_row_meets_a_new_row_with_its_anchor,
    ],
)
def test_sections_sharing_an_anchor_are_refused_and_nothing_is_saved(
    editor_client, make_clash
):
    article = make_article()
    sections = [
        make_section(article=article, position=1, heading="First", anchor=""),
        make_section(article=article, position=2, heading="Second", anchor=""),
    ]
    fields = change_form(editor_client, article)
    fields[f"sections-{row_of(fields, 'sections', sections[0].pk)}-body"] = ["Edited."]
    fields["title"] = ["Edited title"]
    before = list(Section.objects.values())
    make_clash(fields, sections)

    response = save_form(editor_client, article, fields)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the error" in page
    assert (
        "Another section here has that anchor." in page
        or "Please correct the duplicate data for anchor." in page
    )
    assert list(Section.objects.values()) == before
    article.refresh_from_db()
    assert article.title != "Edited title"


# Only medical reviewers publish, by any route


def make_article_with_a_section(published: bool = True, **fields) -> Article:
    article = make_article(published=published, **fields)
    make_section(article=article)
    return article


def edit_article_and_its_section(fields: dict[str, list[str]]) -> None:
    fields["title"] = ["Changed by an editor"]
    fields["sections-0-body"] = ["Changed by an editor."]


def edit_entry(fields: dict[str, list[str]]) -> None:
    fields["question"] = ["Changed by an editor?"]
    fields["answer"] = ["Changed by an editor."]


# Each workflow model: how the tests make one, and how an editor changes it.
WORKFLOW = {
    Article: (make_article_with_a_section, edit_article_and_its_section),
    Entry: (make_entry, edit_entry),
}
WORKFLOW_MODELS = [
    pytest.param(model, id=model._meta.label_lower) for model in WORKFLOW
]
REVIEWER_BUTTONS = ["_publish", "_unpublish", "_record_review"]


def stored_content() -> dict[str, list[dict]]:
    """Return every stored row a workflow change could touch."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in [Article, Section, Entry]
    }


def test_editor_submits_for_review_from_the_change_page(editor_client):
    article = make_article_with_a_section(published=False)
    fields = change_form(editor_client, article)

    response = save_form(editor_client, article, fields, "_submit_review", follow=True)

    assert shown_messages(response, "success") == ["Submitted for review."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not article.is_public


@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_change_page_offers_the_reviewer_buttons_to_reviewers_only(
    editor_client, reviewer_client, model
):
    make, _ = WORKFLOW[model]
    obj = make()

    editors_page = page_text(editor_client, change_url(obj))
    reviewers_page = page_text(reviewer_client, change_url(obj))

    for button in REVIEWER_BUTTONS:
        assert f'name="{button}"' in reviewers_page
        assert f'name="{button}"' not in editors_page
    assert 'name="_submit_review"' in editors_page


@pytest.mark.parametrize("button", REVIEWER_BUTTONS)
@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_editor_pressing_a_reviewer_button_is_refused_and_nothing_is_saved(
    editor_client, model, button
):
    make, edit = WORKFLOW[model]
    obj = make()
    fields = change_form(editor_client, obj)
    edit(fields)
    before = stored_content()

    response = save_form(editor_client, obj, fields, button)

    assert response.status_code == 403
    assert stored_content() == before


ADD_FORMS = {
    Article: {
        "title": "Added by an editor",
        "slug": "added-by-an-editor",
        "standfirst": "An introduction.",
        "author_name": "A. Writer",
        "author_credentials": "not medically qualified",
    },
    Entry: {"question": "Added by an editor?", "answer": "An answer."},
}


@pytest.mark.parametrize("button", REVIEWER_BUTTONS)
@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_editor_pressing_a_reviewer_button_on_the_add_page_is_refused(
    editor_client, model, button
):
    url = admin_url("add", model)
    fields = submittable(
        form_fields(editor_client.get(url), f"{model._meta.model_name}_form")
    )
    fields |= {name: [value] for name, value in ADD_FORMS[model].items()}

    response = editor_client.post(url, {**fields, button: "pressed"})

    assert response.status_code == 403
    assert not model.objects.exists()
    # The same form without the button adds the object: the refusal was the button's.
    assert editor_client.post(url, fields).status_code == 302
    assert model.objects.get().status == Status.DRAFT


@pytest.mark.parametrize("button", REVIEWER_BUTTONS)
@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_editor_pressing_a_reviewer_button_on_the_revert_form_is_refused(
    editor_client, model, button
):
    make, edit = WORKFLOW[model]
    obj = make()
    fields = change_form(editor_client, obj)
    edit(fields)
    assert save_form(editor_client, obj, fields).status_code == 302
    url = admin_url("simple_history", model, obj.pk, obj.history.earliest().history_id)
    fields = submittable(form_fields(editor_client.get(url), history_form_id(model)))
    before = stored_content()

    response = editor_client.post(url, {**fields, button: "pressed"})

    assert response.status_code == 403
    assert stored_content() == before


def action_choices(client: Client, model: type[models.Model]) -> set[str]:
    response = client.get(admin_url("changelist", model))
    assert response.status_code == 200
    return {
        value for value, _ in response.context["action_form"].fields["action"].choices
    }


@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_publishing_actions_are_offered_to_reviewers_only(
    editor_client, reviewer_client, model
):
    make, _ = WORKFLOW[model]
    make()

    editors = action_choices(editor_client, model)
    reviewers = action_choices(reviewer_client, model)

    assert {"submit_selected", "publish_selected", "unpublish_selected"} <= reviewers
    assert "submit_selected" in editors
    assert not {"publish_selected", "unpublish_selected"} & editors
    page = page_text(editor_client, admin_url("changelist", model))
    assert "publish_selected" not in page


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected"])
@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_editor_crafted_publishing_action_changes_nothing(editor_client, model, action):
    make, _ = WORKFLOW[model]
    objects = [make(published=True), make(published=False)]
    before = stored_content()

    response = editor_client.post(
        admin_url("changelist", model),
        {
            "action": action,
            "_selected_action": [obj.pk for obj in objects],
            "index": "0",
        },
        follow=True,
    )

    assert shown_messages(response, "warning") == ["No action selected."]
    assert stored_content() == before


@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_editor_posting_workflow_fields_changes_only_the_content(editor_client, model):
    make, edit = WORKFLOW[model]
    obj = make()
    obj.refresh_from_db()
    fields = change_form(editor_client, obj)
    edit(fields)
    fields |= {
        "status": [Status.PUBLISHED],
        "live": ['{"title": "Forged", "sections": []}'],
        "reviewer": [str(make_reviewer().pk)],
        "last_reviewed": ["2026-01-15"],
        "first_published_at": ["2020-01-01 00:00:00"],
        "published_at": ["2020-01-01 00:00:00"],
    }

    response = save_form(editor_client, obj, fields)

    assert response.status_code == 302
    saved = type(obj).objects.get(pk=obj.pk)
    assert str(saved).startswith("Changed by an editor")
    assert saved.status == Status.DRAFT
    assert saved.live == obj.live
    assert saved.reviewer is None
    assert saved.last_reviewed is None
    assert saved.first_published_at == obj.first_published_at
    assert saved.published_at == obj.published_at


# The review gate for investigational articles


def test_investigational_article_publishes_only_after_review_and_with_a_reference(
    reviewer_client, visitor
):
    article = make_article(published=False, is_investigational=True, slug="stem-cells")
    section = make_section(article=article)
    reference = make_reference(citation="Kanti V et al. S3 guideline. JEADV 2018.")
    review_missing = "needs a recorded clinical review"
    reference_missing = "needs at least one reference"
    change_page = page_text(reviewer_client, change_url(article))
    assert review_missing in change_page
    assert reference_missing in change_page

    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_publish",
        follow=True,
    )

    errors = shown_messages(response, "error")
    assert len(errors) == 2
    assert review_missing in errors[0]
    assert reference_missing in errors[1]
    assert shown_messages(response, "success") == []
    article.refresh_from_db()
    assert not article.is_public
    assert article.status == Status.DRAFT
    assert visitor.get("/articles/stem-cells/").status_code == 404

    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_record_review",
        follow=True,
    )
    assert shown_messages(response, "success") == ["Clinical review recorded."]
    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_publish",
        follow=True,
    )
    [error] = shown_messages(response, "error")
    assert reference_missing in error
    assert visitor.get("/articles/stem-cells/").status_code == 404

    fields = change_form(reviewer_client, article)
    fields[f"sections-{row_of(fields, 'sections', section.pk)}-references"] = [
        str(reference.pk)
    ]
    assert save_form(reviewer_client, article, fields).status_code == 302
    response = save_form(
        reviewer_client,
        article,
        change_form(reviewer_client, article),
        "_publish",
        follow=True,
    )

    assert shown_messages(response, "error") == []
    assert shown_messages(response, "success") == [
        "Published: visitors now see this version."
    ]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.review_due == timezone.localdate() + timedelta(days=365)
    page = page_text(visitor, "/articles/stem-cells/")
    assert "Kanti V et al. S3 guideline. JEADV 2018." in page
    assert f"https://doi.org/{reference.doi}" in page


# Two people editing at once: the later save never overwrites the earlier


@pytest.fixture
def alice_and_bob(db) -> tuple[Client, Client]:
    alice, bob = Client(), Client()
    alice.force_login(make_editor("alice"))
    bob.force_login(make_editor("bob"))
    return alice, bob


def stale_edit_refusal(response: HttpResponse) -> str:
    """Return the one "Not saved" error the re-shown change page carries."""
    assert response.status_code == 200
    errors = [
        message
        for errors in response.context["errors"]
        for message in ([errors] if isinstance(errors, str) else errors)
    ]
    [refusal] = [message for message in errors if message.startswith("Not saved")]
    assert refusal in html.unescape(response.content.decode())
    return refusal


def test_stale_article_form_is_refused_naming_who_changed_which_field(alice_and_bob):
    alice, bob = alice_and_bob
    article = make_article_with_a_section()
    alices_form, bobs_form = change_form(alice, article), change_form(bob, article)
    alices_form["title"] = ["Alice’s title"]
    assert save_form(alice, article, alices_form).status_code == 302
    bobs_form["standfirst"] = ["Bob’s introduction."]

    response = save_form(bob, article, bobs_form)

    refusal = stale_edit_refusal(response)
    assert "alice saved this" in refusal
    assert "changing title." in refusal
    article.refresh_from_db()
    assert article.title == "Alice’s title"
    assert article.standfirst == "An introduction."


def test_stale_section_row_is_refused_naming_who_changed_which_field(alice_and_bob):
    alice, bob = alice_and_bob
    article = make_article()
    section = make_section(article=article, heading="Heading", body="Body.")
    alices_form, bobs_form = change_form(alice, article), change_form(bob, article)
    n = row_of(alices_form, "sections", section.pk)
    alices_form[f"sections-{n}-body"] = ["Alice’s body."]
    assert save_form(alice, article, alices_form).status_code == 302
    bobs_form[f"sections-{n}-heading"] = ["Bob’s heading"]

    response = save_form(bob, article, bobs_form)

    refusal = stale_edit_refusal(response)
    assert "alice saved this" in refusal
    assert "changing body." in refusal
    section.refresh_from_db()
    assert (section.heading, section.body) == ("Heading", "Alice’s body.")


def test_stale_disclaimer_form_is_refused_naming_who_changed_which_field(
    alice_and_bob,
):
    alice, bob = alice_and_bob
    disclaimer = make_disclaimer("safety")
    alices_form, bobs_form = (
        change_form(alice, disclaimer),
        change_form(bob, disclaimer),
    )
    alices_form["title"] = ["Alice’s title"]
    assert save_form(alice, disclaimer, alices_form).status_code == 302
    bobs_form["text"] = ["Bob’s text."]

    response = save_form(bob, disclaimer, bobs_form)

    refusal = stale_edit_refusal(response)
    assert "alice saved this" in refusal
    assert "changing title." in refusal
    disclaimer.refresh_from_db()
    assert disclaimer.title == "Alice’s title"
    assert disclaimer.text == REQUIRED_DISCLAIMERS["safety"].text


def alice_changes_the_title(fields, section: Section) -> Callable[[], str]:
    fields["title"] = ["Alice’s change"]
    return lambda: Article.objects.get(pk=section.article_id).title


def alice_changes_the_section(fields, section: Section) -> Callable[[], str]:
    fields[f"sections-{row_of(fields, 'sections', section.pk)}-body"] = [
        "Alice’s change"
    ]
    return lambda: Section.objects.get(pk=section.pk).body


@pytest.mark.parametrize(
    "alices_change", [alice_changes_the_title, alice_changes_the_section]
)
def test_stale_form_that_bob_did_not_change_saves_and_keeps_alices_change(
    alice_and_bob, alices_change
):
    alice, bob = alice_and_bob
    article = make_article()
    section = make_section(article=article)
    alices_form, bobs_form = change_form(alice, article), change_form(bob, article)
    alices_value = alices_change(alices_form, section)
    assert save_form(alice, article, alices_form).status_code == 302
    sections_after_alice = stored_content()["articles.Section"]

    response = save_form(bob, article, bobs_form)

    assert response.status_code == 302
    assert alices_value() == "Alice’s change"
    # Bob saved no section: not even a version or a history entry of his.
    assert stored_content()["articles.Section"] == sections_after_alice


# History: what changed, and going back to an earlier version


def edit_section_body(client: Client, section: Section, body: str) -> None:
    fields = change_form(client, section.article)
    fields[f"sections-{row_of(fields, 'sections', section.pk)}-body"] = [body]
    assert save_form(client, section.article, fields).status_code == 302


def test_section_history_shows_each_edit_as_a_marked_diff(editor_client):
    section = make_section(body="Hair grows in cycles.\n\nSlowly at first.")
    edit_section_body(editor_client, section, "Hair grows in cycles.\n\nGradually.")
    edit_section_body(editor_client, section, "Hair grows in cycles.\n\nQuickly.")

    page = page_text(editor_client, admin_url("history", Section, section.pk))

    assert '<span class="diff-removed">-Slowly at first.</span>' in page
    assert '<span class="diff-added">+Gradually.</span>' in page
    assert '<span class="diff-removed">-Gradually.</span>' in page
    assert '<span class="diff-added">+Quickly.</span>' in page


def test_section_history_diff_marks_only_lines_that_changed(editor_client):
    section = make_section(body="Hair grows in cycles.\n\nSlowly at first.")
    edit_section_body(editor_client, section, "Hair grows in cycles.\n\nGradually.")

    page = page_text(editor_client, admin_url("history", Section, section.pk))

    removed = re.findall(r'<span class="diff-removed">(.*?)</span>', page)
    added = re.findall(r'<span class="diff-added">(.*?)</span>', page)
    assert (removed, added) == (["-Slowly at first."], ["+Gradually."])


def test_entry_history_shows_each_edit_as_a_marked_diff(editor_client):
    entry = make_entry(question="Is it approved?")
    for question in ["Is it licensed?", "Is it regulated?"]:
        fields = change_form(editor_client, entry)
        fields["question"] = [question]
        assert save_form(editor_client, entry, fields).status_code == 302

    page = page_text(editor_client, admin_url("history", Entry, entry.pk))

    assert "<b>question</b>: “Is it approved?” → “Is it licensed?”" in page
    assert "<b>question</b>: “Is it licensed?” → “Is it regulated?”" in page


def revert_to(client: Client, obj: models.Model, record) -> HttpResponse:
    """Press "Revert" on the history form of the historical `record`."""
    model = type(obj)
    url = admin_url("simple_history", model, obj.pk, record.history_id)
    fields = submittable(form_fields(client.get(url), history_form_id(model)))
    return client.post(url, {**fields, "_save": "Revert"})


def test_reverting_a_section_makes_its_old_body_the_draft_and_visitors_keep_live(
    editor_client, visitor
):
    article = make_article(slug="stem-cells")
    section = make_section(article=article, body="First wording.")
    first = section.history.earliest()
    edit_section_body(editor_client, section, "Second wording.")
    edit_section_body(editor_client, section, "Third wording.")
    article.refresh_from_db()
    article.publish_unchecked()  # as a reviewer would

    response = revert_to(editor_client, section, first)

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "First wording."
    page = page_text(visitor, "/articles/stem-cells/")
    assert "Third wording." in page
    assert "First wording." not in page
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reverting_an_entry_makes_its_old_answer_the_draft_and_visitors_keep_live(
    editor_client, visitor
):
    entry = make_entry(answer="First wording.")
    first = entry.history.earliest()
    for answer in ["Second wording.", "Third wording."]:
        fields = change_form(editor_client, entry)
        fields["answer"] = [answer]
        assert save_form(editor_client, entry, fields).status_code == 302
    entry.refresh_from_db()
    entry.publish_unchecked()  # as a reviewer would

    response = revert_to(editor_client, entry, first)

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "First wording."
    assert entry.status == Status.DRAFT
    page = page_text(visitor, reverse("faq:list"))
    assert "Third wording." in page
    assert "First wording." not in page


def test_revert_form_edited_before_reverting_saves(editor_client):
    entry = make_entry(answer="First wording.")
    first = entry.history.earliest()
    fields = change_form(editor_client, entry)
    fields["answer"] = ["Second wording."]
    assert save_form(editor_client, entry, fields).status_code == 302
    entry.refresh_from_db()
    url = admin_url("simple_history", Entry, entry.pk, first.history_id)
    fields = submittable(form_fields(editor_client.get(url), history_form_id(Entry)))
    assert fields["version"] == [str(entry.version)]
    fields["question"] = ["A corrected question?"]

    response = editor_client.post(url, {**fields, "_save": "Revert"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.question, entry.answer) == ("A corrected question?", "First wording.")


# Clinical review due dates


def test_admin_index_counts_what_is_due_for_clinical_review(editor_client):
    today = timezone.localdate()
    make_article(review_due=today - timedelta(days=1))
    make_article(review_due=today)
    make_article(review_due=today + timedelta(days=1))
    make_entry(review_due=today - timedelta(days=400))

    page = page_text(editor_client, reverse("admin:index"))

    assert "Due for clinical review" in page
    articles = admin_url("changelist", Article)
    entries = admin_url("changelist", Entry)
    assert f'<a href="{articles}?review=overdue">2 articles</a>' in page
    assert f'<a href="{entries}?review=overdue">1 FAQ entry</a>' in page


def test_admin_index_says_nothing_of_review_when_nothing_is_due(editor_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    make_article(review_due=tomorrow)
    make_article(review_due=None)
    make_entry(review_due=tomorrow)

    page = page_text(editor_client, reverse("admin:index"))

    assert "Due for clinical review" not in page
    assert "?review=overdue" not in page


@pytest.mark.parametrize("model", WORKFLOW_MODELS)
def test_overdue_filter_lists_only_what_is_due_for_review(editor_client, model):
    make, _ = WORKFLOW[model]
    today = timezone.localdate()
    overdue = [make(review_due=today - timedelta(days=1)), make(review_due=today)]
    make(review_due=today + timedelta(days=1))
    make(review_due=None)

    response = editor_client.get(admin_url("changelist", model), {"review": "overdue"})

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == set(overdue)
    assert "OVERDUE since" in response.content.decode()


# Content checks beside the text they concern


def test_section_inline_shows_content_checks_for_each_section(editor_client):
    article = make_article()
    make_section(article=article, position=1, body="It has minimal side effects.")
    make_section(article=article, position=2, body="Hair grows in cycles.")

    page = page_text(editor_client, change_url(article))

    first, second = page.split('id="sections-1"')
    first = first.split('id="sections-0"')[1]
    warning = "Check that a reference supports the health claim “minimal side effects”"
    assert warning in first
    assert '<ul class="content-warnings">' in first
    assert "No warnings." in second
    assert "health claim" not in second


# The FAQ is reordered from its list


def test_editor_reorders_the_faq_from_the_list_and_the_public_faq_page_follows(
    editor_client, visitor
):
    entries = [
        make_entry(question=question, position=position)
        for position, question in enumerate(["Alpha?", "Bravo?", "Charlie?"], start=1)
    ]
    changelist = admin_url("changelist", Entry)
    fields = form_fields(editor_client.get(changelist), "changelist-form")
    new_positions = {"Alpha?": 3, "Bravo?": 1, "Charlie?": 2}
    for n in range(int(fields["form-TOTAL_FORMS"][0])):
        entry = next(e for e in entries if fields[f"form-{n}-id"] == [str(e.pk)])
        fields[f"form-{n}-position"] = [str(new_positions[entry.question])]

    response = editor_client.post(changelist, {**fields, "_save": "Save"})

    assert response.status_code == 302
    assert [e.question for e in Entry.objects.all()] == ["Bravo?", "Charlie?", "Alpha?"]
    # The order is no claim to review: it shows at once, and nothing awaits publishing.
    assert {e.status for e in Entry.objects.all()} == {Status.PUBLISHED}
    page = page_text(visitor, reverse("faq:list"))
    assert page.index("Bravo?") < page.index("Charlie?") < page.index("Alpha?")


# Topics are a fixed vocabulary


@pytest.fixture(params=["superuser", "editor"])
def content_client(request, client, admin_user):
    client.force_login(admin_user if request.param == "superuser" else make_editor())
    return client


def test_topic_admin_refuses_adding(content_client):
    url = admin_url("add", Topic)

    assert content_client.get(url).status_code == 403
    response = content_client.post(
        url, {"slug": "new", "name": "New", "disclaimer_key": "safety"}
    )
    assert response.status_code == 403
    assert not Topic.objects.filter(slug="new").exists()


def test_topic_admin_refuses_changing(content_client):
    url = admin_url("change", Topic, "safety")

    response = content_client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="name"' not in response.content.decode()
    response = content_client.post(
        url, {"slug": "safety", "name": "Renamed", "disclaimer_key": "evidence"}
    )
    assert response.status_code == 403
    topic = Topic.objects.get(slug="safety")
    assert (topic.name, topic.disclaimer_key) == ("Safety", "safety")


def test_topic_admin_refuses_deleting(content_client):
    url = admin_url("delete", Topic, "safety")

    assert content_client.get(url).status_code == 403
    assert content_client.post(url, {"post": "yes"}).status_code == 403
    response = content_client.post(
        admin_url("changelist", Topic),
        {
            "action": "delete_selected",
            "_selected_action": ["safety"],
            "index": "0",
            "post": "yes",
        },
    )
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    assert Topic.objects.filter(slug="safety").exists()


# Only staff reach the admin


@pytest.fixture(params=["anonymous", "non-staff"])
def outsider_client(request, db, client, django_user_model):
    if request.param == "non-staff":
        client.force_login(django_user_model.objects.create_user("visitor"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("admin:index"),
        lambda: admin_url("changelist", Article),
        lambda: admin_url("change", Article, make_article().pk),
        lambda: admin_url("add", Section),
        lambda: admin_url("changelist", Disclaimer),
    ],
    ids=["index", "article-list", "article-change", "section-add", "disclaimers"],
)
def test_outsider_is_redirected_to_the_admin_login(outsider_client, url):
    address = url()

    response = outsider_client.get(address)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={address}"
