"""Editors write articles in the admin, watching the live preview, and publish."""

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from articles.models import Article
from tests.factories import make_article, make_editor, make_section

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"

# Each would set window.__xss if the browser ran it.
HOSTILE_MARKDOWN = "\n\n".join(
    [
        "Before the payloads.",
        '<img src="x" alt="A photo" onerror="window.__xss=1">',
        "[click](javascript:window.__xss=1)",
        "<script>window.__xss=1</script>",
    ]
)


def log_in_as_editor(page: Page, url: str) -> None:
    """Go to an admin `url` as an editor: meet the login form, then land there."""
    editor = make_editor(password=PASSWORD)
    page.goto(url)
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(url)


def change_page(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def add_section_row(page: Page) -> Locator:
    """Click "Add another Section" and return the row it adds."""
    index = page.locator("#id_sections-TOTAL_FORMS").input_value()
    page.get_by_role("button", name="Add another Section").click()
    row = page.locator(f"#sections-{index}")
    expect(row).to_be_visible()
    return row


def assert_nothing_ran(page: Page, content: Locator) -> None:
    """Check that no hostile payload in `content` survived or ran."""
    # Wait for the image to fail, when an onerror handler would fire.
    content.locator("img").evaluate_all(
        "images => Promise.all(images.map(image => image.complete ||"
        " new Promise(done => { image.addEventListener('load', done);"
        " image.addEventListener('error', done); })))"
    )
    content.get_by_text("click", exact=True).click()
    assert page.evaluate("window.__xss") is None
    expect(content.locator("script")).to_have_count(0)
    expect(content.locator("[onerror]")).to_have_count(0)
    expect(content.locator("a[href^='javascript' i]")).to_have_count(0)
    assert not page.evaluate(
        "[...document.scripts].some(script => script.text.includes('__xss'))"
    )


def test_editor_previews_a_section_edit_and_publishes_it(live_server, page):
    section = make_section(heading="Washing", body="Old advice.")
    article = section.article
    log_in_as_editor(page, live_server.url + change_page(article))

    row = page.locator("#sections-0")
    expect(row.locator(".markdownx-preview")).to_contain_text("Old advice.")
    row.get_by_label("Body").fill("Use **bold words** sparingly.")
    expect(row.locator(".markdownx-preview strong")).to_have_text("bold words")
    save(page)

    page.goto(live_server.url + article.get_absolute_url())
    published = page.locator(f"section#{section.anchor}")
    expect(published.locator("strong")).to_have_text("bold words")
    expect(published).not_to_contain_text("Old advice.")


def test_section_added_with_add_another_gets_a_live_preview_and_goes_live(
    live_server, page, browser
):
    article = make_article()
    make_section(article, position=1, heading="Causes")
    log_in_as_editor(page, live_server.url + change_page(article))

    row = add_section_row(page)
    row.get_by_label("Position").fill("2")
    row.get_by_label("Heading").fill("Treatments that work")
    row.get_by_label("Body").fill("Ask a *dermatologist* first.")
    expect(row.locator(".markdownx-preview em")).to_have_text("dermatologist")
    save(page)

    page.goto(live_server.url + article.get_absolute_url())
    expect(
        page.locator("nav.toc").get_by_role("link", name="Treatments that work")
    ).to_have_attribute("href", "#treatments-that-work")
    expect(page.locator("section#treatments-that-work em")).to_have_text(
        "dermatologist"
    )

    # Published (as a reviewer would), the new section reaches visitors.
    article.refresh_from_db()
    article.publish_unchecked()
    visitor = browser.new_page()
    visitor.goto(live_server.url + article.get_absolute_url())
    expect(visitor.locator("section#treatments-that-work em")).to_have_text(
        "dermatologist"
    )
    visitor.close()


def test_hostile_markdown_runs_neither_in_preview_nor_on_public_page(
    live_server, page, browser_errors
):
    section = make_section()
    article = section.article
    log_in_as_editor(page, live_server.url + change_page(article))

    row = page.locator("#sections-0")
    row.get_by_label("Body").fill(HOSTILE_MARKDOWN)
    preview = row.locator(".markdownx-preview")
    expect(preview.get_by_text("click")).to_be_visible()
    assert_nothing_ran(page, preview)
    save(page)

    page.goto(live_server.url + article.get_absolute_url())
    published = page.locator(f"section#{section.anchor}")
    expect(published).to_contain_text("Before the payloads.")
    assert_nothing_ran(page, published)
    # The sanitiser, not the CSP, must stop them: the CSP never had to block one.
    assert [e for e in browser_errors if "Content Security Policy" in e] == []


def test_editing_an_article_logs_no_errors_or_csp_violations(
    live_server, page, browser_errors
):
    section = make_section()
    log_in_as_editor(page, live_server.url + change_page(section.article))

    page.get_by_label("Standfirst").fill("A *new* introduction.")
    expect(page.locator(".field-standfirst .markdownx-preview em")).to_have_text("new")
    row = page.locator("#sections-0")
    row.get_by_label("Body").fill("Some **edited** text.")
    expect(row.locator(".markdownx-preview strong")).to_have_text("edited")
    new_row = add_section_row(page)
    new_row.get_by_label("Body").fill("A **new** section.")
    expect(new_row.locator(".markdownx-preview strong")).to_have_text("new")

    assert browser_errors == []
