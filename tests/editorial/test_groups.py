"""The Editors and Medical reviewers groups: who may write, publish and delete."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.factories import make_article, make_editor, make_medical_reviewer
from tests.test_admin import admin_url, form_fields, submittable

pytestmark = pytest.mark.django_db

# Permission, whether Editors have it, whether Medical reviewers have it.
PERMISSIONS = [
    ("articles.publish_article", False, True),
    ("faq.publish_entry", False, True),
    ("articles.delete_article", False, True),
    ("faq.delete_entry", False, True),
    ("articles.add_article", True, True),
    ("articles.change_article", True, True),
    ("articles.view_article", True, True),
    ("articles.add_section", True, True),
    ("articles.change_section", True, True),
    ("articles.delete_section", True, True),
    ("articles.add_carecard", True, True),
    ("articles.change_carecard", True, True),
    ("articles.delete_carecard", True, True),
    ("articles.add_carecarditem", True, True),
    ("articles.change_carecarditem", True, True),
    ("articles.delete_carecarditem", True, True),
    ("articles.add_cyclediagram", True, True),
    ("articles.change_cyclediagram", True, True),
    ("articles.delete_cyclediagram", True, True),
    ("articles.add_cyclestage", True, True),
    ("articles.change_cyclestage", True, True),
    ("articles.delete_cyclestage", True, True),
    ("faq.add_entry", True, True),
    ("faq.change_entry", True, True),
    ("disclaimers.change_disclaimer", True, True),
    ("disclaimers.view_disclaimer", True, True),
    ("disclaimers.add_disclaimer", False, False),
    ("disclaimers.delete_disclaimer", False, False),
    ("disclaimers.view_topic", True, True),
    ("disclaimers.change_topic", False, False),
    ("editorial.add_reference", True, True),
    ("editorial.change_reference", True, True),
    ("editorial.delete_reference", False, False),
    ("editorial.view_reviewer", True, True),
    ("editorial.add_reviewer", False, False),
    ("editorial.change_reviewer", False, False),
    ("auth.change_user", False, False),
    ("auth.change_group", False, False),
]


@pytest.mark.parametrize(
    ("permission", "editors", "reviewers"),
    PERMISSIONS,
    ids=[permission for permission, _, _ in PERMISSIONS],
)
def test_group_grants_exactly_what_its_role_needs(permission, editors, reviewers):
    editor = make_editor()
    reviewer = make_medical_reviewer()

    assert editor.has_perm(permission) is editors
    assert reviewer.has_perm(permission) is reviewers


def test_medical_reviewers_can_do_everything_editors_can():
    editors = set(Group.objects.get(name="Editors").permissions.all())
    reviewers = set(Group.objects.get(name="Medical reviewers").permissions.all())

    assert editors < reviewers


def test_group_members_are_staff_but_not_superusers():
    for user in (make_editor(), make_medical_reviewer()):
        assert user.is_staff
        assert not user.is_superuser


def test_only_medical_reviewers_have_a_clinician_profile():
    editor = make_editor()
    reviewer = make_medical_reviewer()

    assert not hasattr(editor, "reviewer_profile")
    assert reviewer.reviewer_profile.user == reviewer


@pytest.mark.parametrize("button", ["_record_review", "_publish", "_unpublish"])
def test_editor_posting_a_reviewer_button_is_refused_before_anything_is_saved(
    client, button
):
    article = make_article(title="Published title")
    before = Article.objects.values().get(pk=article.pk)
    client.force_login(make_editor())
    url = admin_url("change", Article, article.pk)
    fields = submittable(form_fields(client.get(url), "article_form"))
    fields["title"] = ["Changed title"]

    response = client.post(url, {**fields, button: "1"})

    assert response.status_code == 403
    assert Article.objects.values().get(pk=article.pk) == before


def test_editor_is_not_offered_the_reviewer_buttons(client):
    article = make_article()
    client.force_login(make_editor())

    page = client.get(admin_url("change", Article, article.pk)).content.decode()

    assert 'name="_submit_review"' in page
    for button in ["_record_review", "_publish", "_unpublish"]:
        assert f'name="{button}"' not in page
