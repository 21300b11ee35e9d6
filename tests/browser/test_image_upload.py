"""Editors drop images into the Markdown editor; refused files say why."""

import base64
import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_admin_editing import log_in_as_editor
from tests.factories import make_section

pytestmark = pytest.mark.browser

DROP_FILE = """(editor, [name, type, data]) => {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type}));
    const drop = new DragEvent("drop", {dataTransfer: transfer, bubbles: true});
    editor.dispatchEvent(drop);
}"""


def drop_file(editor: Locator, name: str, content_type: str, data: bytes) -> None:
    editor.evaluate(DROP_FILE, [name, content_type, base64.b64encode(data).decode()])


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(output, "PNG")
    return output.getvalue()


@pytest.fixture
def section_editor(live_server, page: Page, settings, tmp_path) -> Locator:
    settings.MEDIA_ROOT = tmp_path
    section = make_section(body="Text.")
    url = reverse("admin:articles_article_change", args=[section.article.pk])
    log_in_as_editor(page, live_server.url + url)
    return page.locator("#sections-0")


def test_dropped_image_is_inserted_with_a_placeholder_to_describe(section_editor):
    editor = section_editor.locator(".markdownx-editor")
    drop_file(editor, "photo.png", "image/png", png())
    # The alt text is a placeholder that saving refuses until it is replaced.
    inserted = re.compile(r"!\[DESCRIBE THIS IMAGE\]\(/media/images/[\w-]+\.png\)")
    expect(editor).to_have_value(inserted)
    expect(section_editor.locator(".markdownx-preview img")).to_have_count(1)


def test_refused_upload_shows_the_reason_and_leaves_the_text_alone(
    section_editor, tmp_path
):
    editor = section_editor.locator(".markdownx-editor")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    drop_file(editor, "drawing.svg", "image/svg+xml", svg)
    expect(section_editor.locator(".upload-errors")).to_contain_text(
        "PNG, JPEG, WebP or GIF"
    )
    expect(editor).to_have_value("Text.")
    assert not any(tmp_path.rglob("*.*"))
