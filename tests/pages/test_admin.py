import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from pages.models import Page
from tests.factories import grant, make_page
from tests.test_admin import form_fields

pytestmark = pytest.mark.django_db


def change_url(page: Page) -> str:
    return reverse("admin:pages_page_change", args=[page.pk])


def test_editor_changes_a_page_and_visitors_see_it_at_once(editor_client, client):
    page = make_page("privacy", body="Old notice.")
    fields = form_fields(editor_client.get(change_url(page)), "page_form")
    fields["body"] = ["We set **no** cookies."]

    response = editor_client.post(change_url(page), fields)

    assert response.status_code == 302
    assert (
        "<p>We set <strong>no</strong> cookies.</p>"
        in client.get("/privacy/").content.decode()
    )
    assert page.history.count() == 2


def test_page_key_is_shown_but_cannot_be_changed(editor_client):
    page = make_page("privacy")
    fields = form_fields(editor_client.get(change_url(page)), "page_form")

    editor_client.post(change_url(page), {**fields, "key": ["about"]})

    page.refresh_from_db()
    assert page.key == "privacy"
    assert "key" not in fields


def test_pages_cannot_be_added_or_deleted_in_the_admin(editor_client, admin_client):
    page = make_page("about")

    for client in (editor_client, admin_client):
        assert client.get(reverse("admin:pages_page_add")).status_code == 403
        delete = reverse("admin:pages_page_delete", args=[page.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()


def test_editor_with_only_page_permissions_gets_the_markdown_preview(client):
    user = grant(User.objects.create_user("clerk", is_staff=True), "pages.change_page")
    client.force_login(user)

    response = client.post(reverse("markdown_preview"), {"content": "**Hi**"})

    assert response.content == b"<p><strong>Hi</strong></p>"
