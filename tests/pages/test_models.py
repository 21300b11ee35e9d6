import pytest

from pages.models import Page
from pages.registry import BUILTIN_PAGES
from tests.factories import make_page

pytestmark = pytest.mark.django_db


def test_every_page_has_built_in_text_that_would_pass_the_admin_form():
    assert set(BUILTIN_PAGES) == set(Page.Key.values)
    for key, text in BUILTIN_PAGES.items():
        Page(key=key, **text).full_clean()


def test_saving_renders_the_body_once_sanitised():
    page = make_page("about", body="## Our team\n\n<script>alert(1)</script>Hello")

    assert page.body_html.startswith("<h2>Our team</h2>")
    assert "<script" not in page.body_html


def test_saving_some_fields_still_renders_the_body():
    page = make_page("about", body="Old.")
    page.body = "New."
    page.save(update_fields=["body"])

    page.refresh_from_db()
    assert page.body_html == "<p>New.</p>"


def test_stored_page_is_used_for_its_key():
    make_page("privacy", title="Our privacy notice")

    assert Page.objects.for_key("privacy").title == "Our privacy notice"


def test_missing_page_falls_back_to_its_built_in_text_unsaved():
    page = Page.objects.for_key("privacy")

    assert page.pk is None
    assert page.title == BUILTIN_PAGES["privacy"]["title"]
    assert "<h2>Server logs</h2>" in page.body_html
    assert not Page.objects.exists()


def test_every_edit_is_kept_in_the_history():
    page = make_page("about", body="First.")
    page.body = "Second."
    page.save()

    assert [record.body for record in page.history.order_by("history_date")] == [
        "First.",
        "Second.",
    ]


@pytest.mark.parametrize("key", Page.Key.values)
def test_each_page_has_its_own_address(key):
    assert make_page(key).get_absolute_url() == f"/{key}/"
