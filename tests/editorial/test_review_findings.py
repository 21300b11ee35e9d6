"""Routes around the workflow that a code review found, each now closed."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Section
from disclaimers.models import Disclaimer
from editorial.models import Status
from faq.models import Entry
from tests.factories import make_article, make_disclaimer, make_section
from tests.test_admin import admin_url, change_form, save_form

pytestmark = pytest.mark.django_db


def test_a_new_slug_waits_for_review_and_the_published_address_keeps_working(
    editor_client,
):
    article = make_article(slug="published-address")
    make_section(article=article, body="Text.")
    fields = change_form(editor_client, article)
    fields["slug"] = ["renamed-by-editor"]
    save_form(editor_client, article, fields)

    visitor = Client()
    assert visitor.get("/articles/published-address/").status_code == 200
    assert visitor.get("/articles/renamed-by-editor/").status_code == 404
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_editor_cannot_postpone_a_review(editor_client):
    article = make_article(review_due="2026-01-01")
    fields = change_form(editor_client, article)
    assert "review_due" not in fields
    fields["review_due"] = ["2099-01-01"]
    save_form(editor_client, article, fields)
    article.refresh_from_db()
    assert str(article.review_due) == "2026-01-01"


def test_reviewer_can_set_a_review_date(reviewer_client):
    article = make_article(review_due="2026-01-01")
    fields = change_form(reviewer_client, article)
    fields["review_due"] = ["2026-06-01"]
    save_form(reviewer_client, article, fields)
    article.refresh_from_db()
    assert str(article.review_due) == "2026-06-01"


def test_home_page_shows_the_qualifiers_beside_each_title(client):
    make_article(title="A miracle cure", is_investigational=True)
    page = client.get("/").content.decode()
    for key in ("headline-qualifier", "investigational-therapy", "not-reviewed"):
        assert f'data-disclaimer="{key}"' in page


@pytest.mark.parametrize(
    "text", ["<script>call 999</script>", "<!-- -->", "<style>p{}</style>"]
)
def test_disclaimer_that_sanitises_to_nothing_is_refused(text):
    disclaimer = make_disclaimer("urgent-care")
    disclaimer.text = text
    with pytest.raises(ValidationError, match="shows nothing"):
        disclaimer.full_clean()


def test_stored_disclaimer_that_sanitises_to_nothing_shows_the_builtin_wording(client):
    disclaimer = make_disclaimer("urgent-care")
    Disclaimer.objects.filter(pk=disclaimer.pk).update(
        text="<script>x</script>", text_html=""
    )
    builtin = Disclaimer.builtin("urgent-care")
    assert builtin.text_html in client.get("/faq/").content.decode()


def test_moving_a_section_flags_both_articles(db):
    first, second = make_article(), make_article()
    section = make_section(article=first)
    first.refresh_from_db()
    first.publish_unchecked()
    section.article = second
    section.save()
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_bulk_deleting_sections_flags_their_article(reviewer_client):
    article = make_article()
    section = make_section(article=article)
    article.refresh_from_db()
    article.publish_unchecked()
    reviewer_client.post(
        admin_url("changelist", Section),
        {"action": "delete_selected", "_selected_action": [section.pk], "post": "yes"},
    )
    assert not Section.objects.exists()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_seed_adds_no_content_to_a_site_that_has_some():
    make_article(slug="renamed-seed")
    call_command("load_seed", stdout=StringIO())
    assert Article.objects.count() == 1
    assert not Entry.objects.exists()
    assert Disclaimer.objects.count() == 13


def test_saving_a_disclaimer_that_sanitises_to_nothing_is_refused_by_any_route():
    disclaimer = make_disclaimer("urgent-care")
    disclaimer.text = "<script>call 999</script>"
    with pytest.raises(ValidationError, match="cannot show nothing"):
        disclaimer.save()
    disclaimer.refresh_from_db()
    assert disclaimer.text == Disclaimer.builtin("urgent-care").text
