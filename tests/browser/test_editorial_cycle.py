"""An editor and a medical reviewer take an article round the editorial cycle.

Each person has their own browser context (their own cookies); a visitor
watches the public page from a third, never logged in.
"""

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from articles.models import Article, Section
from tests.browser.test_admin_editing import PASSWORD, change_page, save
from tests.factories import (
    make_article,
    make_editor,
    make_medical_reviewer,
    make_reference,
    make_section,
)

pytestmark = pytest.mark.browser

REVIEWER = "Dr Reviewer, MBBS, consultant dermatologist"
# Two paragraphs, so that the history page shows a line-by-line diff.
LATER = "None of them followed people for a year."
ORIGINAL = f"Three small trials reported more hairs.\n\n{LATER}"
EDITED = f"About a dozen small trials reported mixed results.\n\n{LATER}"
REVISED = f"About a dozen trials proved that it works.\n\n{LATER}"


def first_line(body: str) -> str:
    return body.splitlines()[0]


@pytest.fixture
def open_page(browser: Browser, browser_errors: list[str]) -> Iterator[Callable]:
    """Open pages for other people, each in a fresh context, recording errors."""
    contexts = []

    def record_console_error(message: ConsoleMessage) -> None:
        if message.type == "error":
            source = message.location.get("url", "")
            browser_errors.append(f"{message.text} ({source})")

    def open_page() -> Page:
        context = browser.new_context()
        contexts.append(context)
        context.set_default_timeout(5_000)
        page = context.new_page()
        page.on("console", record_console_error)
        page.on("pageerror", lambda error: browser_errors.append(f"Uncaught {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page: Page, url: str, user: User) -> None:
    """Go to an admin `url` as `user`: meet the login form, then land there."""
    page.goto(url)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(url)


def section_body(page: Page) -> Locator:
    """Return the first section's body: the Markdown editor and its preview."""
    return page.locator("#sections-0 .field-body")


def press(page: Page, button: str, message: str) -> None:
    """Press a change page's `button` and wait for the message it leads to."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(message)


def medical_review(page: Page) -> Locator:
    return page.locator("dl.trust div").filter(has_text="Medical review").locator("dd")


def make_investigational_article() -> tuple[Article, Section]:
    """Make a published, never reviewed investigational article with a source."""
    article = make_article(title="Stem cells for hair loss", is_investigational=True)
    section = make_section(
        article,
        heading="What the trials found",
        body=ORIGINAL,
        references=[make_reference()],
    )
    return article, section


def test_editor_and_reviewer_take_an_article_through_review_publish_and_revert(
    live_server, page, open_page, browser_errors
):
    article, section = make_investigational_article()
    editor_user, reviewer_user = make_editor(), make_medical_reviewer()
    public_url = live_server.url + article.get_absolute_url()
    admin_url = live_server.url + change_page(article)
    section_url = live_server.url + reverse(
        "admin:articles_section_change", args=[section.pk]
    )
    editor, reviewer, visitor = page, open_page(), open_page()
    public_section = visitor.locator(f"section#{section.anchor}")
    not_reviewed = visitor.locator("[data-disclaimer='not-reviewed']")

    # Published but never reviewed: visitors are told so.
    visitor.goto(public_url)
    expect(public_section).to_contain_text(first_line(ORIGINAL))
    expect(not_reviewed).to_be_visible()
    expect(medical_review(visitor)).to_have_text("Not yet reviewed by a clinician")

    # The editor's saved change waits for review; only staff see it.
    log_in(editor, admin_url, editor_user)
    section_body(editor).get_by_role("textbox").fill(EDITED)
    expect(section_body(editor).locator(".markdownx-preview")).to_contain_text(
        first_line(EDITED)
    )
    save(editor)
    visitor.reload()
    expect(public_section).to_contain_text(first_line(ORIGINAL))
    expect(public_section).not_to_contain_text(first_line(EDITED))
    editor.goto(public_url)
    expect(editor.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(editor.locator(f"section#{section.anchor}")).to_contain_text(
        first_line(EDITED)
    )
    editor.goto(admin_url)
    press(editor, "Save and submit for review", "Submitted for review.")
    expect(editor.locator(".workflow-panel")).to_contain_text("State: In review")
    for reviewers_only in ["Save and record my clinical review", "Save and publish"]:
        expect(editor.get_by_role("button", name=reviewers_only)).to_have_count(0)

    # The reviewer records a review, then publishes: visitors see it at once.
    log_in(reviewer, admin_url, reviewer_user)
    panel = reviewer.locator(".workflow-panel")
    expect(panel).to_contain_text("State: In review")
    expect(panel.locator(".publishing-problems")).to_contain_text(
        "needs a recorded clinical review"
    )
    press(reviewer, "Save and record my clinical review", "Clinical review recorded.")
    expect(panel).to_contain_text(f"Clinical review: {REVIEWER}")
    expect(panel.locator(".publishing-problems")).to_have_count(0)
    press(reviewer, "Save and publish", "Published: visitors now see this version.")
    expect(panel).to_contain_text("State: Published")
    visitor.reload()
    expect(public_section).to_contain_text(first_line(EDITED))
    expect(medical_review(visitor)).to_contain_text(REVIEWER)
    expect(not_reviewed).to_have_count(0)

    # The editor revises; the reviewer reads the diff and reverts the section.
    editor.goto(admin_url)
    section_body(editor).get_by_role("textbox").fill(REVISED)
    save(editor)
    reviewer.goto(section_url)
    reviewer.get_by_role("link", name="History").click()
    records = reviewer.locator("#change-history tbody tr")
    expect(records.first.locator(".diff-removed")).to_contain_text([first_line(EDITED)])
    expect(records.first.locator(".diff-added")).to_contain_text([first_line(REVISED)])
    records.nth(1).get_by_role("link", name=section.heading).click()
    expect(
        reviewer.get_by_role("heading", name=f"Revert {section.heading}")
    ).to_be_visible()
    expect(reviewer.get_by_label("Body")).to_have_value(EDITED)
    reviewer.get_by_role("button", name="Revert").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("changed successfully")
    reviewer.goto(admin_url)
    press(reviewer, "Save and publish", "Published: visitors now see this version.")
    visitor.reload()
    expect(public_section).to_contain_text(first_line(EDITED))
    expect(public_section).not_to_contain_text(first_line(REVISED))
    expect(medical_review(visitor)).to_contain_text(REVIEWER)

    assert browser_errors == []


def test_reviewer_saving_a_page_the_editor_saved_meanwhile_is_refused(
    live_server, page, open_page, browser_errors
):
    article, _ = make_investigational_article()
    editor_user, reviewer_user = make_editor(), make_medical_reviewer()
    admin_url = live_server.url + change_page(article)
    editor, reviewer = page, open_page()
    log_in(editor, admin_url, editor_user)
    log_in(reviewer, admin_url, reviewer_user)

    section_body(editor).get_by_role("textbox").fill(EDITED)
    save(editor)
    reviewer.get_by_label("Standfirst").fill("A new introduction by the reviewer.")
    section_body(reviewer).get_by_role("textbox").fill(REVISED)
    reviewer.get_by_role("button", name="Save", exact=True).click()

    expect(reviewer.locator(".errornote")).to_be_visible()
    expect(reviewer.locator("#sections-0 .errorlist")).to_contain_text(
        "Not saved: editor saved this"
    )
    reviewer.goto(admin_url)
    expect(reviewer.get_by_label("Standfirst")).to_have_value("An introduction.")
    expect(section_body(reviewer).get_by_role("textbox")).to_have_value(EDITED)
    assert browser_errors == []
