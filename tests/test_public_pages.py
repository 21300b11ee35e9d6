"""What every public page carries, and the disclaimers each kind of page adds."""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from articles.models import Article, Section
from disclaimers.models import Disclaimer
from faq.models import Entry
from tests.factories import (
    make_article,
    make_disclaimer,
    make_entry,
    make_section,
)


def broken_view(request):
    raise RuntimeError("A failure the 500 page must survive.")


# ROOT_URLCONF for the 500-page tests: the site's URLs plus one that fails.
urlpatterns = [
    path("broken/", broken_view),
    path("", include("hairsite.urls")),
]

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


# Compared by identity: "inside this <section>" means this very element.
@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    ancestors: list["Element"]
    text: str = ""


class PageParser(HTMLParser):
    """Collect every element with its ancestors and the text inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = Element(tag, dict(attrs), list(self.open))
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


@dataclass
class Page:
    status_code: int
    html: str
    elements: list[Element] = field(default_factory=list)

    def callouts(self, key: str | None = None) -> list[Element]:
        """The rendered disclaimers, or only those for `key`."""
        return [
            e
            for e in self.elements
            if "data-disclaimer" in e.attrs
            and (key is None or e.attrs["data-disclaimer"] == key)
        ]

    def keys_inside(self, container: Element) -> list[str]:
        """The keys of the disclaimers rendered inside `container`, in page order."""
        return [
            e.attrs["data-disclaimer"]
            for e in self.callouts()
            if container in e.ancestors
        ]

    def links(self) -> list[str]:
        return [
            e.attrs["href"] for e in self.elements if e.tag == "a" and "href" in e.attrs
        ]

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]


def get_page(client: Client, url: str, status_code: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status_code
    html = response.content.decode()
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return Page(response.status_code, html, parser.elements)


def words(text: str) -> str:
    return " ".join(text.split())


# Every public URL, and the status it answers with.
PUBLIC_PAGES = [
    pytest.param("/", 200, id="home"),
    pytest.param("/articles/public-article/", 200, id="article"),
    pytest.param("/faq/", 200, id="faq"),
    pytest.param("/disclaimer/", 200, id="disclaimer-page"),
    pytest.param("/no-such-page/", 404, id="not-found"),
    pytest.param("/articles/no-such-article/", 404, id="unknown-article"),
]


@pytest.fixture
def public_content(db):
    article = make_article(slug="public-article")
    make_section(article, topics=["safety"])
    make_entry(topics=["evidence"], article=article)
    return article


@pytest.mark.parametrize(("url", "status_code"), PUBLIC_PAGES)
def test_every_public_page_carries_the_footer_disclaimers(
    client, public_content, url, status_code
):
    page = get_page(client, url, status_code)

    footer = page.find("footer")[0]
    assert {"medical-advice", "urgent-care"} <= set(page.keys_inside(footer))
    assert reverse("disclaimers:page") in [
        e.attrs["href"] for e in page.elements if e.tag == "a" and footer in e.ancestors
    ]


@pytest.mark.parametrize(("url", "status_code"), PUBLIC_PAGES)
def test_every_public_page_shows_reworded_footer_disclaimers(
    client, public_content, url, status_code
):
    make_disclaimer("urgent-care", text="Reworded: call 999.")

    page = get_page(client, url, status_code)

    assert words(page.callouts("urgent-care")[0].text).endswith("Reworded: call 999.")


@pytest.fixture
def failing_site(settings):
    """Serve the site plus a URL that raises, through Django's real 500 handler."""
    settings.ROOT_URLCONF = __name__
    client = Client()
    client.raise_request_exception = False
    return client


def assert_built_in_footer(page: Page) -> None:
    for key in ["medical-advice", "urgent-care"]:
        callouts = page.callouts(key)
        assert len(callouts) == 1
        assert Disclaimer.builtin(key).text_html in page.html
    assert reverse("disclaimers:page") in page.links()


def test_server_error_page_carries_built_in_footer_disclaimers_without_the_database(
    failing_site,
):
    # No db fixture: pytest-django makes any query here raise.
    page = get_page(failing_site, "/broken/", 500)

    assert "Something went wrong" in page.html
    assert_built_in_footer(page)


def test_server_error_page_ignores_reworded_disclaimers(
    db, failing_site, django_assert_num_queries
):
    make_disclaimer("medical-advice", text="Stored medical wording.")
    make_disclaimer("urgent-care", text="Stored urgent wording.")

    with django_assert_num_queries(0):
        page = get_page(failing_site, "/broken/", 500)

    assert_built_in_footer(page)
    assert "Stored medical wording." not in page.html
    assert "Stored urgent wording." not in page.html


# The article page


@pytest.mark.parametrize("is_investigational", [True, False])
def test_article_shows_investigational_warning_only_when_flagged(
    db, client, is_investigational
):
    article = make_article(is_investigational=is_investigational)

    page = get_page(client, article.get_absolute_url())

    header = page.find("header", **{"class": "article-header"})[0]
    assert ("investigational-therapy" in page.keys_inside(header)) is is_investigational
    assert len(page.callouts("investigational-therapy")) == int(is_investigational)


@pytest.mark.parametrize(
    ("title", "headings", "qualified"),
    [
        ("A cure for baldness?", ["Background"], True),
        ("Stem cells and hair loss", ["Background", "A breakthrough"], True),
        ("Stem cells and hair loss", ["The revolution in the lab"], True),
        ("Stem cells and hair loss", ["Game changer or hype?"], True),
        ("Stem cells and hair loss", ["Miracle or myth"], True),
        ("Stem cells and hair loss", ["Background", "What the evidence shows"], False),
        ("Securing better evidence", ["Procurement", "Evolution of hair"], False),
        ("Stem cells and hair loss", [], False),
    ],
)
def test_article_qualifies_a_headline_claim_only_when_it_makes_one(
    db, client, title, headings, qualified
):
    article = make_article(title=title)
    for heading in headings:
        make_section(article, heading=heading)

    page = get_page(client, article.get_absolute_url())

    header = page.find("header", **{"class": "article-header"})[0]
    assert ("headline-qualifier" in page.keys_inside(header)) is qualified
    assert len(page.callouts("headline-qualifier")) == int(qualified)


def test_unreviewed_article_says_so_under_its_title(db, client):
    article = make_article()

    page = get_page(client, article.get_absolute_url())

    header = page.find("header", **{"class": "article-header"})[0]
    assert "not-reviewed" in page.keys_inside(header)
    assert "Medically reviewed by" not in page.html


def test_reviewed_article_names_its_reviewer_instead_of_the_warning(db, client):
    article = make_article(
        reviewed_by="Dr A. Example, consultant dermatologist",
        last_reviewed=datetime.date(2026, 3, 14),
    )

    page = get_page(client, article.get_absolute_url())

    assert page.callouts("not-reviewed") == []
    assert "Medically reviewed by Dr A. Example, consultant dermatologist on" in words(
        page.html
    )
    assert page.find("time", datetime="2026-03-14")


@pytest.mark.parametrize(
    "review",
    [
        {"reviewed_by": "Dr A. Example"},
        {"last_reviewed": datetime.date(2026, 3, 14)},
    ],
    ids=["reviewer-without-date", "date-without-reviewer"],
)
def test_half_recorded_review_still_shows_not_reviewed(db, client, review):
    article = make_article(**review)

    page = get_page(client, article.get_absolute_url())

    assert page.callouts("not-reviewed")
    assert "Medically reviewed by" not in page.html


@pytest.mark.parametrize(
    ("topic", "key"),
    [
        ("condition", "condition-scope"),
        ("evidence", "evidence"),
        ("outlook", "outlook"),
        ("safety", "safety"),
        ("cost", "cost-clinics"),
        ("clinics", "cost-clinics"),
        ("treatments", "approved-alternatives"),
        ("lifestyle", "lifestyle"),
    ],
)
def test_topic_tag_puts_its_callout_inside_the_tagged_section(db, client, topic, key):
    article = make_article()
    make_section(article, anchor="before")
    make_section(article, anchor="tagged", topics=[topic])
    make_section(article, anchor="after")

    page = get_page(client, article.get_absolute_url())

    assert len(page.callouts(key)) == 1
    assert page.keys_inside(page.find("section", id="tagged")[0]) == [key]
    assert page.keys_inside(page.find("section", id="before")[0]) == []
    assert page.keys_inside(page.find("section", id="after")[0]) == []


def test_section_tagged_cost_and_clinics_shows_one_cost_callout(db, client):
    article = make_article()
    make_section(article, anchor="money", topics=["cost", "clinics", "safety"])

    page = get_page(client, article.get_absolute_url())

    section = page.find("section", id="money")[0]
    assert sorted(page.keys_inside(section)) == ["cost-clinics", "safety"]


def test_article_lists_sections_in_position_order_with_a_table_of_contents(db, client):
    article = make_article()
    make_section(article, position=30, heading="Third", anchor="third")
    make_section(article, position=10, heading="First", anchor="first")
    make_section(article, position=20, heading="Second", anchor="second")

    page = get_page(client, article.get_absolute_url())

    assert [s.attrs["id"] for s in page.find("section")] == ["first", "second", "third"]
    toc = page.find("nav", **{"class": "toc"})[0]
    toc_links = [e for e in page.elements if e.tag == "a" and toc in e.ancestors]
    assert [(a.attrs["href"], words(a.text)) for a in toc_links] == [
        ("#first", "First"),
        ("#second", "Second"),
        ("#third", "Third"),
    ]


@pytest.mark.parametrize("section_count", [3, 30])
def test_article_page_query_count_does_not_grow_with_sections(
    db, client, django_assert_max_num_queries, section_count
):
    article = make_article(is_investigational=True)
    for n in range(section_count):
        make_section(
            article, heading=f"Miracle {n}", topics=["safety", "cost", "evidence"]
        )
    make_disclaimer("safety")

    with django_assert_max_num_queries(4):
        page = get_page(client, article.get_absolute_url())

    assert len(page.callouts("safety")) == section_count


def test_draft_article_is_not_found(db, client):
    article = make_article(is_published=False)

    get_page(client, article.get_absolute_url(), 404)


def test_draft_article_is_not_listed_on_the_home_page(db, client):
    make_article(title="Published piece")
    make_article(title="Draft piece", is_published=False)

    page = get_page(client, "/")

    assert "Published piece" in page.html
    assert "Draft piece" not in page.html


def test_unknown_article_slug_is_not_found(db, client):
    make_article(slug="real")

    get_page(client, reverse("articles:detail", kwargs={"slug": "not-real"}), 404)


# The FAQ page


def test_faq_page_starts_with_the_general_faq_disclaimer(db, client):
    make_entry()

    page = get_page(client, reverse("faq:list"))

    assert len(page.callouts("faq-general")) == 1
    first_entry = page.find("details")[0]
    assert page.elements.index(page.callouts("faq-general")[0]) < page.elements.index(
        first_entry
    )


@pytest.mark.parametrize(
    ("reviews", "shows_not_reviewed"),
    [
        ([], True),
        ([False], True),
        ([True, False], True),
        ([True], False),
        ([True, True], False),
    ],
    ids=["no-entries", "unreviewed", "partly-reviewed", "reviewed", "all-reviewed"],
)
def test_faq_page_is_not_reviewed_unless_every_entry_is(
    db, client, reviews, shows_not_reviewed
):
    for reviewed in reviews:
        review = (
            {"reviewed_by": "Dr A. Example", "last_reviewed": datetime.date(2026, 1, 5)}
            if reviewed
            else {}
        )
        make_entry(**review)

    page = get_page(client, reverse("faq:list"))

    assert bool(page.callouts("not-reviewed")) is shows_not_reviewed


def test_unpublished_review_does_not_count_towards_the_faq_page(db, client):
    make_entry(reviewed_by="Dr A. Example", last_reviewed=datetime.date(2026, 1, 5))
    make_entry(is_published=False)

    page = get_page(client, reverse("faq:list"))

    assert page.callouts("not-reviewed") == []


def test_faq_answer_carries_the_callouts_of_its_tags(db, client):
    plain = make_entry()
    safety = make_entry(topics=["safety"])
    money = make_entry(topics=["cost", "evidence"])

    page = get_page(client, reverse("faq:list"))

    def keys_in(entry: Entry) -> list[str]:
        return sorted(page.keys_inside(page.find("details", id=entry.anchor)[0]))

    assert keys_in(plain) == []
    assert keys_in(safety) == ["safety"]
    assert keys_in(money) == ["cost-clinics", "evidence"]


def test_unpublished_faq_entry_is_not_listed(db, client):
    make_entry(question="Is this published?")
    make_entry(question="Is this a draft?", is_published=False)

    page = get_page(client, reverse("faq:list"))

    assert "Is this published?" in page.html
    assert "Is this a draft?" not in page.html


# Writing to public pages

WRITE_SQL = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.mark.parametrize("enforce_csrf_checks", [True, False], ids=["csrf", "no-csrf"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize(("url", "status_code"), PUBLIC_PAGES)
def test_public_pages_refuse_writes(
    public_content, url, status_code, method, enforce_csrf_checks
):
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    counts = [m.objects.count() for m in (Article, Section, Entry, Disclaimer)]

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, {"title": "Overwritten"})

    assert 400 <= response.status_code < 500
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(WRITE_SQL)]
    assert [m.objects.count() for m in (Article, Section, Entry, Disclaimer)] == counts
    assert not Article.objects.filter(title="Overwritten").exists()
