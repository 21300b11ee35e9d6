"""The editorial workflow on the models: statuses, publishing, review, versions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial.models import Reference, StaleEditError, Status, as_dates
from faq.models import Entry
from tests.factories import (
    grant,
    make_article,
    make_disclaimer,
    make_editor,
    make_entry,
    make_medical_reviewer,
    make_reference,
    make_section,
    record_review,
    stop_clock,
)
from tests.test_admin import admin_url, form_fields, submittable

pytestmark = pytest.mark.django_db

# What each workflow model is made with, and the working-copy field an edit changes.
WORKFLOW = {
    "article": (Article, make_article, "title"),
    "entry": (Entry, make_entry, "question"),
}


@pytest.fixture
def clock(monkeypatch):
    return stop_clock(monkeypatch)


@pytest.fixture(params=WORKFLOW)
def kind(request) -> str:
    return request.param


def make_item(kind: str, **fields) -> Article | Entry:
    _, maker, _ = WORKFLOW[kind]
    return maker(**fields)


def stored(obj: Article | Entry | Reference) -> dict:
    """Return the row as the database holds it."""
    return type(obj).objects.values().get(pk=obj.pk)


# Draft → in review → published → edited → published again → unpublished


def test_new_item_is_a_draft_that_visitors_cannot_see(kind):
    item = make_item(kind, published=False)

    assert item.status == Status.DRAFT
    assert item.live is None
    assert not item.is_public
    assert item.first_published_at is None
    assert item.published_at is None


def test_submitting_for_review_publishes_nothing(kind):
    item = make_item(kind, published=False)

    item.submit_for_review(make_editor())

    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    assert item.live is None
    assert not item.has_unpublished_changes


def test_publishing_makes_the_working_copy_live_and_dates_it(kind, clock):
    model, _, field = WORKFLOW[kind]
    item = make_item(kind, published=False, **{field: "First wording"})
    item.submit_for_review(make_editor())

    item.publish(make_medical_reviewer())

    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.live[field] == "First wording"
    assert item.first_published_at == clock.now
    assert item.published_at == clock.now
    assert item.is_public
    assert not item.has_unpublished_changes
    assert list(model.objects.published()) == [item]


def test_editing_a_published_item_makes_a_draft_and_leaves_the_live_page(kind):
    _, _, field = WORKFLOW[kind]
    item = make_item(kind, **{field: "First wording"})
    live = stored(item)["live"]

    setattr(item, field, "Second wording")
    item.mark_changed()
    item.save()

    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.live == live
    assert item.live[field] == "First wording"
    assert item.is_public
    assert item.has_unpublished_changes


def test_republishing_moves_published_at_and_keeps_first_published_at(kind, clock):
    _, _, field = WORKFLOW[kind]
    reviewer = make_medical_reviewer()
    item = make_item(kind, published=False, **{field: "First wording"})
    item.publish(reviewer)
    first = clock.now
    clock.advance(days=30)
    setattr(item, field, "Second wording")
    item.mark_changed()
    item.save()

    item.publish(reviewer)

    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.live[field] == "Second wording"
    assert item.first_published_at == first
    assert item.published_at == first + timedelta(days=30)
    live_dates = as_dates(dict(item.live))
    assert live_dates["first_published_at"] == first
    assert live_dates["published_at"] == first + timedelta(days=30)
    assert not item.has_unpublished_changes


def test_unpublishing_takes_the_page_down_and_keeps_the_first_publication(kind, clock):
    model, _, _ = WORKFLOW[kind]
    reviewer = make_medical_reviewer()
    item = make_item(kind, published=False)
    item.publish(reviewer)
    first = clock.now
    clock.advance(days=1)

    item.unpublish(reviewer)

    item.refresh_from_db()
    assert item.status == Status.UNPUBLISHED
    assert item.live is None
    assert not item.is_public
    assert not item.has_unpublished_changes
    assert item.first_published_at == first
    assert not model.objects.published().exists()


def test_publishing_again_after_unpublishing_keeps_the_first_publication(kind, clock):
    reviewer = make_medical_reviewer()
    item = make_item(kind, published=False)
    item.publish(reviewer)
    first = clock.now
    item.unpublish(reviewer)
    clock.advance(days=7)

    item.publish(reviewer)

    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.first_published_at == first
    assert item.published_at == first + timedelta(days=7)


# published(): the one definition of public, on every public page


def test_published_holds_only_items_with_a_live_page(kind):
    model, _, _ = WORKFLOW[kind]
    reviewer = make_medical_reviewer()
    live = make_item(kind)
    changed = make_item(kind)
    changed.mark_changed()
    changed.save()
    make_item(kind, published=False)
    withdrawn = make_item(kind)
    withdrawn.unpublish(reviewer)

    assert set(model.objects.published()) == {live, changed}


def test_home_page_lists_only_published_articles(client):
    make_article(title="Live article")
    make_article(title="Never published", published=False)
    make_article(title="Withdrawn").unpublish(make_medical_reviewer())

    page = client.get(reverse("home")).content.decode()

    assert "Live article" in page
    assert "Never published" not in page
    assert "Withdrawn" not in page


@pytest.mark.parametrize("state", ["never-published", "unpublished"])
def test_article_page_is_not_found_for_visitors_unless_published(client, state):
    article = make_article(slug="hidden", published=state == "unpublished")
    if state == "unpublished":
        article.unpublish(make_medical_reviewer())

    response = client.get("/articles/hidden/")

    assert response.status_code == 404


def test_faq_page_shows_visitors_only_published_entries(client):
    make_entry(question="Live question?")
    make_entry(question="Never published question?", published=False)
    make_entry(question="Withdrawn question?").unpublish(make_medical_reviewer())

    page = client.get(reverse("faq:list")).content.decode()

    assert "Live question?" in page
    assert "Never published question?" not in page
    assert "Withdrawn question?" not in page


def test_faq_links_an_article_only_while_the_article_is_published(client):
    article = make_article(title="Linked article", slug="linked")
    make_entry(article=article)
    assert 'href="/articles/linked/"' in client.get("/faq/").content.decode()

    article.unpublish(make_medical_reviewer())

    assert 'href="/articles/linked/"' not in client.get("/faq/").content.decode()


# Only medical reviewers publish


def staff_with_every_change_permission() -> User:
    user = User.objects.create_user("busy-editor", is_staff=True)
    return grant(
        user,
        "articles.change_article",
        "articles.change_section",
        "faq.change_entry",
        "editorial.change_reference",
    )


def user_with_the_other_publish_permission(kind: str) -> User:
    other = Entry if kind == "article" else Article
    user = User.objects.create_user("other-reviewer", is_staff=True)
    return grant(user, other.publish_permission)


REFUSED_USERS = {
    "editor": lambda kind: make_editor(),
    "every-change-permission": lambda kind: staff_with_every_change_permission(),
    "other-models-publish-permission": user_with_the_other_publish_permission,
    "no-permissions": lambda kind: User.objects.create_user("visitor"),
}


@pytest.mark.parametrize("user", REFUSED_USERS)
def test_publish_refuses_a_user_without_the_publish_permission(kind, user):
    item = make_item(kind, published=False)
    before = stored(item)

    with pytest.raises(PermissionDenied):
        item.publish(REFUSED_USERS[user](kind))

    assert stored(item) == before


@pytest.mark.parametrize("method", ["unpublish", "record_review"])
def test_reviewer_only_methods_refuse_an_editor(kind, method):
    item = make_item(kind)
    before = stored(item)

    with pytest.raises(PermissionDenied):
        getattr(item, method)(make_editor())

    assert stored(item) == before


def test_user_granted_the_publish_permission_directly_can_publish(kind):
    model, _, _ = WORKFLOW[kind]
    item = make_item(kind, published=False)
    user = User.objects.create_user("granted", is_staff=True)
    grant(user, model.publish_permission)

    item.publish(user)

    assert item.is_public


# The review gate for investigational articles

NEEDS_REVIEW = "needs a recorded clinical review"
NEEDS_REFERENCE = "needs at least one reference"


def gate_problems(article: Article) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        article.publish(make_medical_reviewer(f"gatekeeper-{article.pk}"))
    return refused.value.messages


def only_reviewed(article: Article) -> None:
    record_review(article)
    make_section(article=article)


def only_referenced(article: Article) -> None:
    make_section(article=article, references=[make_reference()])


def referenced_elsewhere(article: Article) -> None:
    record_review(article)
    make_section(article=article)
    make_section(references=[make_reference()])  # another article's section
    make_entry(article=article).references.set([make_reference()])


@pytest.mark.parametrize(
    ("prepare", "missing"),
    [
        (lambda article: None, [NEEDS_REVIEW, NEEDS_REFERENCE]),
        (only_reviewed, [NEEDS_REFERENCE]),
        (only_referenced, [NEEDS_REVIEW]),
        (referenced_elsewhere, [NEEDS_REFERENCE]),
    ],
    ids=["neither", "review-only", "reference-only", "reference-elsewhere"],
)
def test_investigational_article_gate_lists_each_missing_item(prepare, missing):
    article = make_article(published=False, is_investigational=True)
    prepare(article)
    article.refresh_from_db()
    before = stored(article)

    problems = gate_problems(article)

    assert len(problems) == len(missing)
    for problem, expected in zip(problems, missing, strict=True):
        assert expected in problem
    assert article.publishing_problems() == problems
    assert stored(article) == before


def test_half_recorded_review_does_not_pass_the_gate():
    article = make_article(published=False, is_investigational=True)
    make_section(article=article, references=[make_reference()])
    record_review(article)
    article.last_reviewed = None
    article.save()

    problems = gate_problems(article)

    assert len(problems) == 1
    assert NEEDS_REVIEW in problems[0]


def test_investigational_article_publishes_once_reviewed_and_referenced():
    reviewer = make_medical_reviewer()
    article = make_article(published=False, is_investigational=True)
    make_section(article=article, references=[make_reference()])

    article.record_review(reviewer)
    article.publish(reviewer)

    article.refresh_from_db()
    assert article.publishing_problems() == []
    assert article.status == Status.PUBLISHED
    assert article.live["reviewer"] == str(reviewer.reviewer_profile)
    assert article.live["is_investigational"] is True


def test_article_that_is_not_investigational_publishes_without_review():
    article = make_article(published=False)

    article.publish(make_medical_reviewer())

    article.refresh_from_db()
    assert article.reviewer is None
    assert article.status == Status.PUBLISHED
    assert article.live["reviewer"] is None


def test_faq_entry_publishes_without_review():
    entry = make_entry(published=False)

    entry.publish(make_medical_reviewer())

    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED
    assert entry.live["reviewer"] is None


# Recording a clinical review


def test_record_review_needs_a_reviewer_profile_as_well_as_the_permission(kind):
    model, _, _ = WORKFLOW[kind]
    user = User.objects.create_user("no-profile", is_staff=True)
    grant(user, model.publish_permission)
    item = make_item(kind)
    before = stored(item)

    with pytest.raises(ValidationError) as refused:
        item.record_review(user)

    assert "clinician profile" in refused.value.messages[0]
    assert stored(item) == before


@pytest.mark.parametrize(
    ("kind", "fields", "interval"),
    [
        ("article", {"is_investigational": True}, 365),
        ("article", {"is_investigational": False}, 3 * 365),
        ("entry", {}, 3 * 365),
    ],
    ids=["investigational-article", "article", "entry"],
)
def test_record_review_dates_the_review_and_sets_the_next(
    clock, kind, fields, interval
):
    user = make_medical_reviewer()
    item = make_item(kind, published=False, review_due=date(2020, 1, 1), **fields)

    item.record_review(user)

    item.refresh_from_db()
    assert item.reviewer == user.reviewer_profile
    assert item.last_reviewed == date(2026, 3, 2)
    assert item.review_due == date(2026, 3, 2) + timedelta(days=interval)
    assert not item.is_review_overdue


# Overdue for review: due today counts


@pytest.mark.parametrize(
    ("due_in_days", "overdue"),
    [(-400, True), (-1, True), (0, True), (1, False), (None, False)],
    ids=["long-ago", "yesterday", "today", "tomorrow", "no-date"],
)
def test_review_is_overdue_from_the_day_it_is_due(clock, kind, due_in_days, overdue):
    model, _, _ = WORKFLOW[kind]
    today = date(2026, 3, 2)
    due = None if due_in_days is None else today + timedelta(days=due_in_days)
    item = make_item(kind, review_due=due)

    assert item.is_review_overdue is overdue
    assert model.objects.overdue_for_review().contains(item) is overdue


def test_overdue_review_turns_true_at_midnight_local_time(monkeypatch, kind):
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    stop_clock(monkeypatch, at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    model, _, _ = WORKFLOW[kind]
    item = make_item(kind, review_due=date(2026, 7, 2))

    assert item.is_review_overdue
    assert model.objects.overdue_for_review().contains(item)


# Versions: a stale copy never overwrites a newer save


VERSIONED = {
    "article": (lambda: make_article(title="Original"), "title"),
    "section": (lambda: make_section(heading="Original"), "heading"),
    "entry": (lambda: make_entry(question="Original"), "question"),
    "disclaimer": (lambda: make_disclaimer("safety", title="Original"), "title"),
    "reference": (lambda: make_reference(citation="Original"), "citation"),
}


@pytest.mark.parametrize("model", VERSIONED)
def test_stale_copy_is_refused_and_the_row_is_unchanged(model):
    maker, field = VERSIONED[model]
    obj = maker()
    first = type(obj).objects.get(pk=obj.pk)
    stale = type(obj).objects.get(pk=obj.pk)
    setattr(first, field, "Saved first")
    first.save()
    before = type(obj).objects.values().get(pk=obj.pk)

    setattr(stale, field, "Saved second")
    with pytest.raises(StaleEditError):
        stale.save()

    assert type(obj).objects.values().get(pk=obj.pk) == before
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == "Saved first"


def test_stale_edit_error_is_a_validation_error():
    assert issubclass(StaleEditError, ValidationError)


def test_stale_copy_is_refused_with_update_fields_too():
    article = make_article(title="Original")
    stale = Article.objects.get(pk=article.pk)
    article.title = "Saved first"
    article.save()

    stale.title = "Saved second"
    with pytest.raises(StaleEditError):
        stale.save(update_fields=["title"])

    assert Article.objects.get(pk=article.pk).title == "Saved first"


def test_stale_copy_can_save_after_refreshing():
    article = make_article(title="Original")
    stale = Article.objects.get(pk=article.pk)
    article.title = "Saved first"
    article.save()

    stale.refresh_from_db()
    stale.title = "Saved second"
    stale.save()

    assert Article.objects.get(pk=article.pk).title == "Saved second"


@pytest.mark.parametrize("model", VERSIONED)
def test_each_save_of_a_fresh_copy_bumps_the_version(model):
    maker, field = VERSIONED[model]
    obj = maker()
    obj.refresh_from_db()
    version = obj.version

    setattr(obj, field, "Changed once")
    obj.save()
    setattr(obj, field, "Changed twice")
    obj.save()

    assert obj.version == version + 2
    assert type(obj).objects.get(pk=obj.pk).version == version + 2


def test_new_record_starts_at_version_one():
    reference = make_reference()

    assert reference.version == 1
    assert Reference.objects.get(pk=reference.pk).version == 1


def test_save_with_update_fields_bumps_the_stored_version():
    article = make_article(title="Original", published=False)

    article.title = "Changed"
    article.save(update_fields=["title"])

    stored_article = Article.objects.get(pk=article.pk)
    assert stored_article.version == article.version == 2
    assert stored_article.title == "Changed"


@pytest.mark.parametrize(
    "method", ["submit_for_review", "record_review", "publish", "unpublish"]
)
def test_every_workflow_step_bumps_the_version(kind, method):
    item = make_item(kind)
    item.refresh_from_db()
    version = item.version

    getattr(item, method)(make_medical_reviewer())

    assert type(item).objects.get(pk=item.pk).version == version + 1


def test_workflow_step_on_a_stale_copy_is_refused(kind):
    item = make_item(kind)
    stale = type(item).objects.get(pk=item.pk)
    item.mark_changed()
    item.save()

    with pytest.raises(StaleEditError):
        stale.unpublish(make_medical_reviewer())

    assert type(item).objects.get(pk=item.pk).is_public


# References


@pytest.mark.parametrize(
    "fields",
    [
        {"doi": "10.1111/jdv.14624"},
        {"doi": "10.1000/182"},
        {"doi": "10.123456789/long-registrant"},
        {"doi": "10.1002/(SICI)1097-4636(199905)45:2<101::AID-JBM3>3.0.CO;2-X"},
        {"pmid": "1"},
        {"pmid": "29044749"},
        {"pmid": "999999999"},
        {"url": "https://www.fda.gov/consumers/consumer-updates/stem-cells"},
        {"doi": "10.1000/182", "pmid": "29044749", "url": "https://example.org/"},
    ],
    ids=[
        "doi",
        "short-doi",
        "nine-digit-registrant",
        "sici-doi",
        "pmid-one",
        "pmid",
        "pmid-nine-digits",
        "url",
        "all-three",
    ],
)
def test_valid_reference_passes_validation(fields):
    reference = Reference(citation="A study.", supports="A claim.", **fields)

    reference.full_clean()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"doi": "doi:10.1000/182"}, "doi"),
        ({"doi": "https://doi.org/10.1000/182"}, "doi"),
        ({"doi": "10.100/182"}, "doi"),
        ({"doi": "10.1234567890/182"}, "doi"),
        ({"doi": "11.1000/182"}, "doi"),
        ({"doi": "10.1000/"}, "doi"),
        ({"doi": "10.1000"}, "doi"),
        ({"doi": "10.1000/has space"}, "doi"),
        ({"doi": " 10.1000/182"}, "doi"),
        ({"doi": "10.1000/182 "}, "doi"),
        ({"doi": "   "}, "doi"),
        ({"pmid": "0"}, "pmid"),
        ({"pmid": "0123"}, "pmid"),
        ({"pmid": "-1"}, "pmid"),
        ({"pmid": "12a"}, "pmid"),
        ({"pmid": "PMID:123"}, "pmid"),
        ({"pmid": "1.5"}, "pmid"),
        ({"pmid": "١٢٣"}, "pmid"),
        ({"pmid": "1234567890"}, "pmid"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "http://"}, "url"),
    ],
    ids=[
        "doi-prefix",
        "doi-as-link",
        "doi-short-registrant",
        "doi-long-registrant",
        "doi-not-10",
        "doi-no-suffix",
        "doi-no-slash",
        "doi-space",
        "doi-leading-space",
        "doi-trailing-space",
        "doi-blank",
        "pmid-zero",
        "pmid-leading-zero",
        "pmid-negative",
        "pmid-letters",
        "pmid-prefix",
        "pmid-decimal",
        "pmid-arabic-digits",
        "pmid-too-long",
        "url-javascript",
        "url-words",
        "url-no-host",
    ],
)
def test_invalid_reference_identifier_is_refused(fields, field):
    reference = Reference(citation="A study.", supports="A claim.", **fields)

    with pytest.raises(ValidationError) as refused:
        reference.full_clean()

    assert field in refused.value.message_dict


def test_reference_without_doi_pmid_or_url_is_refused():
    reference = Reference(citation="Someone told me.", supports="A claim.")

    with pytest.raises(ValidationError) as refused:
        reference.full_clean()

    assert refused.value.messages == [
        "Give a DOI, a PMID or a URL so readers can check it."
    ]


# History: who changed what, and when


HISTORY = {
    "article": (lambda: make_article(title="Original"), "title"),
    "section": (lambda: make_section(heading="Original"), "heading"),
    "entry": (lambda: make_entry(question="Original"), "question"),
    "disclaimer": (lambda: make_disclaimer("safety", title="Original"), "title"),
    "reference": (lambda: make_reference(citation="Original"), "citation"),
}


@pytest.mark.parametrize("model", HISTORY)
def test_every_save_is_recorded_in_the_history_with_its_time(clock, model):
    maker, field = HISTORY[model]
    obj = maker()
    obj.refresh_from_db()
    clock.advance(hours=2)
    setattr(obj, field, "Changed")
    obj.save()

    latest = obj.history.first()
    assert latest.history_type == "~"
    assert getattr(latest, field) == "Changed"
    assert latest.version == obj.version
    assert latest.history_date == clock.now
    assert latest.history_user is None
    assert obj.history.last().history_type == "+"


def test_history_records_workflow_steps_but_not_the_live_page(kind):
    item = make_item(kind, published=False)

    item.publish(make_medical_reviewer())

    latest = item.history.first()
    assert latest.status == Status.PUBLISHED
    assert not hasattr(latest, "live")


def test_section_history_records_its_references():
    section = make_section()
    reference = make_reference()

    section.references.set([reference])
    section.heading = "Changed"
    section.save()

    latest = section.history.first()
    assert [r.reference_id for r in latest.references.all()] == [reference.pk]


def change_in_admin(client: Client, obj, field: str, value: str) -> None:
    """Change one field through the admin change form, as a browser would."""
    model = type(obj)
    form_id = f"{model._meta.model_name}_form"
    fields = submittable(
        form_fields(client.get(admin_url("change", model, obj.pk)), form_id)
    )
    fields[field] = [value]
    response = client.post(admin_url("change", model, obj.pk), fields)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("model", HISTORY)
def test_history_names_the_user_who_saved_through_the_admin(client, model):
    maker, field = HISTORY[model]
    obj = maker()
    editor = make_editor()
    client.force_login(editor)
    before = timezone.now()

    change_in_admin(client, obj, field, "Changed in the admin")

    latest = type(obj).objects.get(pk=obj.pk).history.first()
    assert getattr(latest, field) == "Changed in the admin"
    assert latest.history_user == editor
    assert before <= latest.history_date <= timezone.now()


def test_history_names_the_reviewer_who_published_through_the_admin(client):
    article = make_article(published=False)
    reviewer = make_medical_reviewer()
    client.force_login(reviewer)
    fields = submittable(
        form_fields(
            client.get(admin_url("change", Article, article.pk)), "article_form"
        )
    )

    response = client.post(
        admin_url("change", Article, article.pk), {**fields, "_publish": "1"}
    )

    assert response.status_code == 302
    latest = Article.objects.get(pk=article.pk).history.first()
    assert latest.status == Status.PUBLISHED
    assert latest.history_user == reviewer
