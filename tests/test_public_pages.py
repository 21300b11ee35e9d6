"""What every public page carries, and the disclaimers each kind of page adds."""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from articles.models import Article, Section
from disclaimers.models import Disclaimer
from faq.models import Entry
from tests.factories import (
    grant,
    make_article,
    make_disclaimer,
    make_editor,
    make_entry,
    make_medical_reviewer,
    make_reference,
    make_reviewer,
    make_section,
    record_review,
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
    cache_control: set[str] = field(default_factory=set)

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

    def inside(self, container: Element, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and container in e.ancestors]

    def trust(self) -> dict[str, str]:
        """The article's trust block, as {term: detail}."""
        block = self.find("dl", **{"class": "trust"})[0]
        terms = [words(e.text) for e in self.inside(block, "dt")]
        details = [words(e.text) for e in self.inside(block, "dd")]
        return dict(zip(terms, details, strict=True))

    def preview_banners(self) -> list[str]:
        return [words(e.text) for e in self.find("div", **{"class": "preview-banner"})]


def get_page(client: Client, url: str, status_code: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status_code
    html = response.content.decode()
    parser = PageParser()
    parser.feed(html)
    parser.close()
    cache_control = {
        part.strip() for part in response.get("Cache-Control", "").split(",")
    }
    return Page(response.status_code, html, parser.elements, cache_control - {""})


def words(text: str) -> str:
    return " ".join(text.split())


# Every public URL, and the status it answers with.
PUBLIC_PAGES = [
    pytest.param("/", 200, id="home"),
    pytest.param("/articles/public-article/", 200, id="article"),
    pytest.param("/faq/", 200, id="faq"),
    pytest.param("/disclaimer/", 200, id="disclaimer-page"),
    pytest.param("/about/", 200, id="about"),
    pytest.param("/privacy/", 200, id="privacy"),
    pytest.param("/report/?page=/faq/", 200, id="report"),
    pytest.param("/no-such-page/", 404, id="not-found"),
    pytest.param("/articles/no-such-article/", 404, id="unknown-article"),
    pytest.param("/articles/draft-article/", 404, id="draft-article"),
]


@pytest.fixture
def public_content(db):
    article = make_article(slug="public-article")
    make_section(article, topics=["safety"])
    make_entry(topics=["evidence"], article=article)
    make_article(slug="draft-article", published=False)
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


@pytest.fixture
def article_with_pending_edit(db) -> Article:
    """A published article whose section was rewritten and not yet republished."""
    article = make_article()
    section = make_section(article, anchor="edited", body="Published words.")
    section.body = "Unpublished rewrite."
    section.save()
    article.refresh_from_db()
    return article


def test_unreviewed_article_says_so_under_its_title(db, client):
    article = make_article()

    page = get_page(client, article.get_absolute_url())

    header = page.find("header", **{"class": "article-header"})[0]
    assert "not-reviewed" in page.keys_inside(header)
    assert page.trust()["Medical review"] == "Not yet reviewed by a clinician"


def test_reviewed_article_names_its_reviewer_instead_of_the_warning(db, client):
    article = make_article()
    record_review(article, on=datetime.date(2026, 3, 14))

    page = get_page(client, article.get_absolute_url())

    assert page.callouts("not-reviewed") == []
    assert page.trust()["Medical review"] == (
        "Dr R. Example, MBBS, consultant dermatologist, on 14 March 2026"
    )
    assert page.find("time", datetime="2026-03-14")


def test_review_of_an_unchanged_published_article_shows_at_once(db, client):
    article = make_article()

    article.record_review(make_medical_reviewer())

    page = get_page(client, article.get_absolute_url())
    assert page.callouts("not-reviewed") == []
    assert page.trust()["Medical review"].startswith(
        "Dr Reviewer, MBBS, consultant dermatologist, on "
    )


def test_review_of_pending_changes_reaches_visitors_only_when_published(
    client, article_with_pending_edit
):
    reviewer = make_medical_reviewer()
    article = article_with_pending_edit
    article.record_review(reviewer)

    before = get_page(client, article.get_absolute_url())
    article.publish(reviewer)
    after = get_page(client, article.get_absolute_url())

    assert before.callouts("not-reviewed")
    assert before.trust()["Medical review"] == "Not yet reviewed by a clinician"
    assert "Published words." in before.html
    assert after.callouts("not-reviewed") == []
    assert after.trust()["Medical review"].startswith(
        "Dr Reviewer, MBBS, consultant dermatologist, on "
    )
    assert "Unpublished rewrite." in after.html


# Reviewer and date are set together by record_review(); a half-recorded review
# can only come from code or a data migration, and must not pass for a review.
@pytest.mark.parametrize(
    "half",
    [
        pytest.param(
            lambda article: setattr(article, "reviewer", make_reviewer()),
            id="reviewer-without-date",
        ),
        pytest.param(
            lambda article: setattr(
                article, "last_reviewed", datetime.date(2026, 3, 14)
            ),
            id="date-without-reviewer",
        ),
    ],
)
def test_half_recorded_review_still_shows_not_reviewed(db, client, half):
    article = make_article()
    half(article)
    article.publish_unchecked()

    page = get_page(client, article.get_absolute_url())

    assert page.callouts("not-reviewed")
    assert page.trust()["Medical review"] == "Not yet reviewed by a clinician"


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


def make_long_article(section_count: int) -> Article:
    """Make a reviewed investigational article with tagged, sourced sections."""
    article = make_article(is_investigational=True)
    for n in range(section_count):
        make_section(
            article,
            heading=f"Miracle {n}",
            topics=["safety", "cost", "evidence"],
            references=[make_reference()],
        )
    record_review(article)
    make_disclaimer("safety")
    return article


# Visitors' page is the stored snapshot: the article row, then the disclaimers.
@pytest.mark.parametrize("section_count", [3, 30])
def test_article_page_query_count_does_not_grow_with_sections(
    db, client, django_assert_num_queries, section_count
):
    article = make_long_article(section_count)

    with django_assert_num_queries(2):
        page = get_page(client, article.get_absolute_url())

    assert len(page.callouts("safety")) == section_count
    assert len(page.find("li", id=f"ref-{section_count}")) == 1


# Staff preview builds the page from the working copy: prefetched, not per section.
@pytest.mark.parametrize("section_count", [3, 30])
def test_article_preview_query_count_does_not_grow_with_sections(
    db, client, django_assert_num_queries, section_count
):
    article = make_long_article(section_count)
    client.force_login(make_editor())

    with django_assert_num_queries(11):
        page = get_page(client, article.get_absolute_url())

    assert len(page.callouts("safety")) == section_count
    assert page.preview_banners()


def test_draft_article_is_not_found(db, client):
    article = make_article(published=False)

    get_page(client, article.get_absolute_url(), 404)


def test_unpublished_article_is_not_found(db, client):
    article = make_article()
    article.unpublish(make_medical_reviewer())

    get_page(client, article.get_absolute_url(), 404)


def test_draft_article_is_not_listed_on_the_home_page(db, client):
    make_article(title="Published piece")
    make_article(title="Draft piece", published=False)

    page = get_page(client, "/")

    assert "Published piece" in page.html
    assert "Draft piece" not in page.html


def test_staff_preview_a_draft_article_at_its_address_never_cached(db, client):
    article = make_article(published=False)
    make_section(article, body="Draft words.")
    client.force_login(make_editor())

    page = get_page(client, article.get_absolute_url())

    assert "Draft words." in page.html
    assert page.preview_banners()[0].startswith("Preview — not published")
    assert {"no-cache", "no-store", "private"} <= page.cache_control


def test_unknown_article_slug_is_not_found(db, client):
    make_article(slug="real")

    get_page(client, reverse("articles:detail", kwargs={"slug": "not-real"}), 404)


# Published pages and staff previews


def test_visitors_see_the_live_article_while_changes_await_publishing(
    client, article_with_pending_edit
):
    page = get_page(client, article_with_pending_edit.get_absolute_url())

    assert article_with_pending_edit.has_unpublished_changes
    assert "Published words." in page.find("section", id="edited")[0].text
    assert "Unpublished rewrite." not in page.html
    assert page.preview_banners() == []


def test_visitors_see_the_live_title_while_a_new_one_awaits_publishing(db, client):
    article = make_article(title="Published title")
    article.title = "Unpublished title"
    article.mark_changed()  # as the admin does when an article's fields change
    article.save()

    page = get_page(client, article.get_absolute_url())
    home = get_page(client, "/")

    assert page.find("h1")[0].text == "Published title"
    assert "Unpublished title" not in page.html
    assert "Published title" in home.html
    assert "Unpublished title" not in home.html


def test_staff_see_the_working_copy_as_an_uncached_preview(
    client, article_with_pending_edit
):
    client.force_login(make_editor())

    page = get_page(client, article_with_pending_edit.get_absolute_url())

    assert "Unpublished rewrite." in page.find("section", id="edited")[0].text
    assert "Published words." not in page.html
    assert len(page.preview_banners()) == 1
    assert page.preview_banners()[0].startswith("Preview — not published")
    assert "Visitors see the last published version" in page.preview_banners()[0]
    assert {"no-cache", "no-store", "private"} <= page.cache_control


def test_publishing_the_changes_shows_them_to_visitors(
    client, article_with_pending_edit
):
    article_with_pending_edit.publish(make_medical_reviewer())

    page = get_page(client, article_with_pending_edit.get_absolute_url())

    assert "Unpublished rewrite." in page.find("section", id="edited")[0].text
    assert "Published words." not in page.html


def test_staff_view_of_an_unchanged_published_article_says_so(db, client):
    article = make_article()
    client.force_login(make_editor())

    page = get_page(client, article.get_absolute_url())

    assert page.preview_banners() == [
        "Staff view of the published page — status: Published."
    ]
    assert {"no-cache", "no-store", "private"} <= page.cache_control


def logged_in_non_staff(client: Client) -> None:
    client.force_login(User.objects.create_user("reader"))


def logged_in_staff_without_view_permission(client: Client) -> None:
    user = User.objects.create_user("clerk", is_staff=True)
    grant(user, "auth.view_user")
    client.force_login(user)


@pytest.mark.parametrize(
    "visitor",
    [lambda client: None, logged_in_non_staff, logged_in_staff_without_view_permission],
    ids=["anonymous", "logged-in-non-staff", "staff-without-view-permission"],
)
@pytest.mark.parametrize("url", ["/articles/public-article/", "/faq/", "/"])
def test_visitors_never_see_a_preview_banner_or_unpublished_text(
    db, client, visitor, url
):
    article = make_article(slug="public-article")
    section = make_section(article, body="Published words.")
    make_entry(question="Published question?")
    make_entry(question="Draft question?", published=False)
    section.body = "Unpublished rewrite."
    section.save()
    visitor(client)

    page = get_page(client, url)

    assert page.preview_banners() == []
    assert "Preview — not published" not in page.html
    assert "Staff view" not in page.html
    assert "Status:" not in page.html
    assert "Unpublished rewrite." not in page.html
    assert "Draft question?" not in page.html
    # Shared caches may keep what anonymous visitors get; a session's page is private.
    anonymous = settings.SESSION_COOKIE_NAME not in client.cookies
    assert ("public" in page.cache_control) is anonymous
    assert ("private" in page.cache_control) is not anonymous


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
        entry = make_entry()
        if reviewed:
            record_review(entry)

    page = get_page(client, reverse("faq:list"))

    assert bool(page.callouts("not-reviewed")) is shows_not_reviewed
    assert len(page.find("p", **{"class": "review-status"})) == len(reviews)


def test_unpublished_entry_does_not_count_towards_the_faq_page_review(db, client):
    record_review(make_entry())
    make_entry(published=False)

    page = get_page(client, reverse("faq:list"))

    assert page.callouts("not-reviewed") == []


def test_review_of_a_pending_answer_counts_only_once_published(db, client):
    reviewer = make_medical_reviewer()
    entry = make_entry(answer="Published answer.")
    entry.answer = "Rewritten answer."
    entry.mark_changed()
    entry.save()
    entry.record_review(reviewer)

    before = get_page(client, reverse("faq:list"))
    entry.publish(reviewer)
    after = get_page(client, reverse("faq:list"))

    assert before.callouts("not-reviewed")
    assert "Published answer." in before.html
    assert after.callouts("not-reviewed") == []
    assert "Rewritten answer." in after.html
    assert "Reviewed by Dr Reviewer, MBBS, consultant dermatologist on" in words(
        after.html
    )


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
    make_entry(question="Is this a draft?", published=False)
    withdrawn = make_entry(question="Was this withdrawn?")
    withdrawn.unpublish(make_medical_reviewer())

    page = get_page(client, reverse("faq:list"))

    assert "Is this published?" in page.html
    assert "Is this a draft?" not in page.html
    assert "Was this withdrawn?" not in page.html


def test_visitors_see_the_live_answer_while_a_rewrite_awaits_publishing(db, client):
    entry = make_entry(answer="Published answer.")
    entry.answer = "Unpublished answer."
    entry.mark_changed()
    entry.save()

    page = get_page(client, reverse("faq:list"))

    assert "Published answer." in page.find("details", id=entry.anchor)[0].text
    assert "Unpublished answer." not in page.html


def test_staff_see_draft_faq_entries_with_their_status_uncached(db, client):
    published = make_entry(question="Is this published?")
    draft = make_entry(question="Is this a draft?", published=False)
    client.force_login(make_editor())

    page = get_page(client, reverse("faq:list"))

    def status_of(entry: Entry) -> list[str]:
        details = page.find("details", id=entry.anchor)[0]
        return [
            words(e.text)
            for e in page.inside(details, "p")
            if e.attrs.get("class") == "entry-status"
        ]

    assert "Is this a draft?" in page.html
    assert status_of(draft) == ["Status: Draft"]
    assert status_of(published) == ["Status: Published"]
    assert page.preview_banners()[0].startswith("Preview — not published")
    assert {"no-cache", "no-store", "private"} <= page.cache_control


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
