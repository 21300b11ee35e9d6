"""A visitor on a phone reads an article, jumps through it, opens answers, searches."""

import re

import pytest
from playwright.sync_api import Page, expect

from articles.models import Article, Section
from tests.factories import make_article, make_entry, make_section

pytestmark = pytest.mark.browser

# A phone's screen: most visitors arrive from a search engine on one.
PHONE = {"width": 360, "height": 640}


def make_long_article() -> tuple[Article, Section]:
    """Publish an article whose last section starts well below the first screen."""
    article = make_article(title="Hair loss treatments", slug="hair-loss-treatments")
    for heading in ["How hair grows", "What the trials found"]:
        make_section(article, heading=heading, body="A paragraph.\n\n" * 12)
    last = make_section(
        article,
        heading="Treatments that work",
        body="Minoxidil and finasteride are licensed treatments.",
    )
    return article, last


def test_visitor_follows_the_table_of_contents_to_a_section(live_server, page: Page):
    article, section = make_long_article()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Hair loss treatments")
    heading = page.get_by_role("heading", name="Treatments that work")
    expect(heading).not_to_be_in_viewport()

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Treatments that work").click()

    expect(page).to_have_url(re.compile(f"#{section.anchor}$"))
    expect(heading).to_be_in_viewport()


def test_visitor_opens_an_faq_answer_by_click_enter_or_space(live_server, page: Page):
    make_entry(question="Does stress cause hair loss?", answer="It can, for months.")
    page.goto(live_server.url + "/faq/")
    question = page.locator("summary").filter(has_text="Does stress cause hair loss?")
    answer = page.get_by_text("It can, for months.")
    expect(answer).to_be_hidden()

    question.click()
    expect(answer).to_be_visible()
    question.click()
    expect(answer).to_be_hidden()
    question.press("Enter")
    expect(answer).to_be_visible()
    question.press("Enter")
    expect(answer).to_be_hidden()
    question.press("Space")
    expect(answer).to_be_visible()


def test_visitor_searches_from_the_header_and_lands_on_the_section(
    live_server, page: Page
):
    article, section = make_long_article()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")

    header = page.get_by_role("banner")
    header.locator("input[name=q]").fill("finasteride")
    header.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=finasteride$"))
    result = page.get_by_role("main").locator(f"a[href$='#{section.anchor}']")
    expect(result).to_have_count(1)
    result.click()
    expect(page).to_have_url(
        live_server.url + article.get_absolute_url() + f"#{section.anchor}"
    )
    expect(page.get_by_role("heading", name="Treatments that work")).to_be_in_viewport()
