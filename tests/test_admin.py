"""Every admin page renders, and the admin enforces what editors may change."""

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from articles.models import Article, Section
from disclaimers.models import Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from faq.models import Entry
from tests.factories import (
    make_article,
    make_disclaimer,
    make_editor,
    make_entry,
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
    Entry: lambda: make_entry(article=make_article(), topics=["cost"]),
    Disclaimer: lambda: make_disclaimer(
        next(
            key
            for key in REQUIRED_DISCLAIMERS
            if not Disclaimer.objects.filter(key=key).exists()
        )
    ),
    Topic: lambda: Topic.objects.get(slug="safety"),
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
def editor_client(db, client):
    client.force_login(make_editor())
    return client


def article_form(client: Client, article: Article) -> dict[str, list[str]]:
    return form_fields(
        client.get(admin_url("change", Article, article.pk)), "article_form"
    )


def save_article(
    client: Client, article: Article, fields: dict[str, list[str]]
) -> HttpResponse:
    return client.post(admin_url("change", Article, article.pk), submittable(fields))


def test_editor_is_staff_with_content_permissions_but_no_superuser(db):
    editor = make_editor()

    assert editor.is_staff
    assert not editor.is_superuser
    assert editor.has_perm("articles.change_section")


def test_article_inline_uses_the_sections_prefix(editor_client):
    article = make_section().article

    fields = article_form(editor_client, article)

    assert fields["sections-TOTAL_FORMS"] == ["1"]
    assert fields["sections-INITIAL_FORMS"] == ["1"]


def test_editor_changes_a_section_body_and_the_public_page_shows_it(editor_client):
    article = make_article(slug="stem-cells")
    make_section(article=article, position=1, body="First section.")
    section = make_section(article=article, position=2, body="Old wording.")
    fields = article_form(editor_client, article)
    n = row_of(fields, "sections", section.pk)
    fields[f"sections-{n}-body"] = ["New **wording**."]

    response = save_article(editor_client, article, fields)

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "New **wording**."
    page = page_text(editor_client, "/articles/stem-cells/")
    assert "<p>New <strong>wording</strong>.</p>" in page
    assert "Old wording." not in page
    assert "First section." in page


def test_saving_the_article_form_unchanged_changes_no_section(editor_client):
    article = make_article()
    section = make_section(article=article, topics=["safety"], anchor="kept")
    before = Section.objects.values().get(pk=section.pk)

    response = save_article(
        editor_client, article, article_form(editor_client, article)
    )

    assert response.status_code == 302
    assert Section.objects.values().get(pk=section.pk) == before
    assert [t.slug for t in section.topics.all()] == ["safety"]


def test_section_added_with_a_blank_anchor_gets_one_from_its_heading(editor_client):
    article = make_article(slug="stem-cells")
    make_section(article=article, position=1)
    fields = article_form(editor_client, article)
    add_row(
        fields,
        "sections",
        position="2",
        heading="Where To Get Help?",
        anchor="",
        body="Ask your GP.",
        topics="cost",
    )

    response = save_article(editor_client, article, fields)

    assert response.status_code == 302
    added = article.sections.get(position=2)
    assert added.anchor == "where-to-get-help"
    assert [t.slug for t in added.topics.all()] == ["cost"]
    page = page_text(editor_client, "/articles/stem-cells/")
    assert 'id="where-to-get-help"' in page
    assert "<p>Ask your GP.</p>" in page


def test_two_sections_added_with_blank_anchors_each_get_their_own(editor_client):
    article = make_article()
    fields = article_form(editor_client, article)
    add_row(fields, "sections", position="1", heading="First", body="One.")
    add_row(fields, "sections", position="2", heading="Second", body="Two.")

    response = save_article(editor_client, article, fields)

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
    fields = article_form(editor_client, article)
    fields[f"sections-{row_of(fields, 'sections', sections[0].pk)}-body"] = ["Edited."]
    fields["title"] = ["Edited title"]
    before = list(Section.objects.values())
    make_clash(fields, sections)

    response = save_article(editor_client, article, fields)

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


# The FAQ is reordered from its list


def test_editor_reorders_the_faq_from_the_list_and_the_faq_page_follows(
    editor_client,
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
    page = page_text(editor_client, reverse("faq:list"))
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
