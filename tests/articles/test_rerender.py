import pytest
from django.core.management import call_command

from articles.models import Section
from tests.factories import make_section

pytestmark = pytest.mark.django_db


def test_rerender_markdown_refreshes_stale_html_and_keeps_dates():
    section = make_section(body="Some **bold** text.")
    Section.objects.filter(pk=section.pk).update(body_html="<p>stale</p>")
    call_command("rerender_markdown")
    section.refresh_from_db()
    assert section.body_html == "<p>Some <strong>bold</strong> text.</p>"
    article = section.article
    modified = article.updated_at
    call_command("rerender_markdown")
    article.refresh_from_db()
    assert article.updated_at == modified
