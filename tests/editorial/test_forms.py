"""The admin's Markdown fields take text as browsers send it."""

import pytest

from articles.models import Section
from editorial.models import Status
from tests.factories import make_article, make_medical_reviewer, make_section
from tests.test_admin import change_form, save_form

pytestmark = pytest.mark.django_db


def as_browser_sends(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Turn line ends into CRLF, as browsers do with every textarea."""
    return {
        name: [value.replace("\n", "\r\n") for value in values]
        for name, values in fields.items()
    }


def test_unchanged_markdown_sent_with_crlf_line_ends_is_no_edit(client):
    article = make_article(standfirst="First line.\n\nSecond line.")
    section = make_section(article=article, body="One.\n\nTwo.\n\n- a\n- b")
    reviewer = make_medical_reviewer()
    client.force_login(reviewer)
    history_before = section.history.count()

    response = save_form(
        client, article, as_browser_sends(change_form(client, article))
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert section.history.count() == history_before
    assert Section.objects.get(pk=section.pk).body == "One.\n\nTwo.\n\n- a\n- b"


def test_markdown_edited_in_a_browser_is_stored_with_lf_line_ends(client):
    article = make_article()
    section = make_section(article=article, body="Old.")
    client.force_login(make_medical_reviewer())
    fields = change_form(client, article)
    fields["sections-0-body"] = ["New.\r\n\r\nMore."]

    save_form(client, article, fields)

    section.refresh_from_db()
    assert section.body == "New.\n\nMore."
    article.refresh_from_db()
    assert article.status == Status.DRAFT
