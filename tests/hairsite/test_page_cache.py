"""The shared page cache: what it stores, what it serves, and when it lets go."""

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import include, path
from django.utils.http import http_date, parse_http_date

from articles.models import Article
from faq.models import Entry
from hairsite.page_cache import (
    Slot,
    expire_every_page,
    expire_pages,
    public_page,
    token_key,
)
from pages.models import Page
from tests.factories import (
    make_article,
    make_disclaimer,
    make_editor,
    make_entry,
    make_medical_reviewer,
    make_section,
    record_review,
)


@public_page
def sets_a_cookie(request):
    response = HttpResponse("Welcome.")
    response.set_cookie("seen", "1")
    return response


@public_page
def has_a_form(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


@public_page
def not_found(request):
    return HttpResponse("Gone.", status=404)


# ROOT_URLCONF for tests of public views that must not be shared.
urlpatterns = [
    path("sets-a-cookie/", sets_a_cookie),
    path("has-a-form/", has_a_form),
    path("not-found/", not_found),
    path("", include("hairsite.urls")),
]

PUBLIC_PAGES = ["/", "/articles/shown/", "/faq/", "/disclaimer/"]
# Pages besides the home page that list every published article.
LISTINGS = ["/feed/", "/sitemap.xml", "/sitemap-articles.xml"]
# What the stack below the cache adds, and a stored page must carry too.
STACK_HEADERS = [
    "Content-Type",
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Vary",
    "Cache-Control",
    "ETag",
    "Last-Modified",
]


@pytest.fixture
def site(db) -> Article:
    """Publish an article and an FAQ answer that links to it."""
    article = make_article(slug="shown", title="Shown article")
    make_section(article, body="Original words.")
    make_entry(question="Original question?", article=article)
    return article


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the cache's expiries), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def warm(client: Client, url: str) -> HttpResponse:
    """Render the page until it is stored: the first render only marks its path."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
    return response


def is_served_from_cache(client: Client, url: str, django_assert_max_num_queries):
    """Tell whether the page comes from the cache: it then costs no query."""
    with django_assert_max_num_queries(100) as queries:
        response = client.get(url)
    assert response.status_code in (200, 404)
    return len(queries) == 0


def is_stored(url: str) -> bool:
    """Tell whether the cache holds a page it would serve at `url`."""
    return Slot.find(RequestFactory().get(url)).current_page() is not None


# What is stored, and served


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_is_served_from_the_cache_without_touching_the_database(
    site, client, django_assert_num_queries, url
):
    rendered = warm(client, url)

    with django_assert_num_queries(0):
        cached = client.get(url)

    assert cached.status_code == 200
    assert cached.content == rendered.content
    for header in STACK_HEADERS:
        assert cached[header] == rendered[header], header


def test_first_render_only_marks_the_path_and_the_second_is_stored(
    site, client, django_assert_max_num_queries
):
    hits = [
        is_served_from_cache(client, "/faq/", django_assert_max_num_queries)
        for _ in range(3)
    ]

    assert hits == [False, False, True]


def test_head_request_is_answered_from_the_cache(
    site, client, django_assert_num_queries
):
    warm(client, "/faq/")

    with django_assert_num_queries(0):
        response = client.head("/faq/")

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_cached_page_freezes_nothing_of_one_request(site, client, url):
    warm(client, url)

    first, second = client.get(url), client.get(url)

    assert first.content == second.content
    assert b"csrfmiddlewaretoken" not in first.content
    assert b"nonce" not in first.content
    assert "nonce" not in first["Content-Security-Policy"]
    assert "Set-Cookie" not in first


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_page_lets_shared_caches_keep_it_briefly_apart_from_staff(
    site, client, settings, url
):
    settings.PAGE_SHARED_MAX_AGE = 45

    response = client.get(url)

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=0", "s-maxage=45", "must-revalidate"}
    assert "Cookie" in response["Vary"]
    assert response["ETag"].startswith('"')  # strong: the body, byte for byte


@pytest.mark.parametrize("query", ["utm_source=mail", "q=", "page=2"])
def test_query_string_is_never_stored(site, client, query):
    for _ in range(3):
        client.get(f"/faq/?{query}")

    assert not is_stored("/faq/")


@pytest.mark.parametrize(
    "url", ["/articles/missing/", "/no-such-page/", "/admin/login/", "/healthz"]
)
def test_other_pages_are_never_stored(site, client, url):
    for _ in range(3):
        client.get(url)

    assert not is_stored(url)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_signed_in_staff_bypass_the_cache_and_get_private_pages(
    site, client, django_assert_max_num_queries, url
):
    warm(client, url)
    client.force_login(make_editor())

    assert not is_served_from_cache(client, url, django_assert_max_num_queries)
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_staff_preview_never_reaches_visitors(site, client, commit):
    editor = Client()
    editor.force_login(make_editor())
    section = site.sections.get()
    section.body = "Unpublished rewrite."
    section.save()

    for _ in range(3):
        preview = editor.get("/articles/shown/")
        assert b"Unpublished rewrite." in preview.content
    response = client.get("/articles/shown/")

    assert b"Unpublished rewrite." not in response.content
    assert b"Original words." in response.content


@pytest.mark.parametrize("url", ["/sets-a-cookie/", "/has-a-form/", "/not-found/"])
def test_public_view_response_that_is_not_everyones_is_kept_private(
    db, client, settings, url
):
    settings.ROOT_URLCONF = __name__

    responses = [client.get(url) for _ in range(3)]

    # Each render ran again: a cookie or a token each time, never a stored one.
    assert all("private" in r["Cache-Control"] for r in responses)
    assert "ETag" not in responses[-1]


def test_page_stored_for_one_host_is_not_served_for_another(
    site, client, settings, django_assert_max_num_queries
):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    for _ in range(2):
        client.get("/faq/", headers={"host": "one.example"})

    with django_assert_max_num_queries(100) as queries:
        client.get("/faq/", headers={"host": "two.example"})

    assert len(queries) > 0


def test_disabled_cache_renders_every_time_and_still_answers_304(
    site, client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    etag = warm(client, "/faq/")["ETag"]

    assert not is_served_from_cache(client, "/faq/", django_assert_max_num_queries)
    assert client.get("/faq/", headers={"if-none-match": etag}).status_code == 304


# Conditional requests


def test_cache_hit_answers_if_none_match_with_304(
    site, client, django_assert_num_queries
):
    etag = warm(client, "/articles/shown/")["ETag"]

    with django_assert_num_queries(0):
        response = client.get("/articles/shown/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_cache_hit_answers_if_modified_since_with_304(
    site, client, django_assert_num_queries
):
    last_modified = warm(client, "/articles/shown/")["Last-Modified"]

    with django_assert_num_queries(0):
        response = client.get(
            "/articles/shown/", headers={"if-modified-since": last_modified}
        )

    assert response.status_code == 304


def test_stale_validators_get_the_whole_page(site, client):
    rendered = warm(client, "/faq/")
    earlier = http_date(parse_http_date(rendered["Last-Modified"]) - 60)

    assert client.get("/faq/", headers={"if-none-match": '"stale"'}).status_code == 200
    assert (
        client.get("/faq/", headers={"if-modified-since": earlier}).status_code == 200
    )


def test_render_answers_if_none_match_with_304(site, client):
    etag = client.get("/faq/")["ETag"]

    response = client.get("/faq/", headers={"if-none-match": etag})

    assert response.status_code == 304


def test_unchanged_page_keeps_its_last_modified_when_expired(site, client, commit):
    rendered = warm(client, "/faq/")
    with commit():
        expire_pages(["/faq/"])

    response = client.get(
        "/faq/", headers={"if-modified-since": rendered["Last-Modified"]}
    )

    assert response.status_code == 304


def test_changed_page_gets_a_new_etag(site, client, commit):
    rendered = warm(client, "/faq/")
    with commit():
        make_entry(question="Another question?")

    response = client.get("/faq/", headers={"if-none-match": rendered["ETag"]})

    assert response.status_code == 200
    assert b"Another question?" in response.content


# Expiry: each change expires the pages that show it, and no others


def assert_expired(client, url, django_assert_max_num_queries) -> None:
    assert not is_served_from_cache(client, url, django_assert_max_num_queries)


def assert_kept(client, url, django_assert_max_num_queries) -> None:
    assert is_served_from_cache(client, url, django_assert_max_num_queries)


@pytest.fixture
def warm_site(site, client) -> Article:
    """Store every public page, and the page of an article the change leaves alone."""
    make_article(slug="bystander")
    for url in [*PUBLIC_PAGES, "/articles/bystander/"]:
        warm(client, url)
    return site


def republish(article: Article, **changes) -> None:
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()
    article.publish_unchecked()


def test_publishing_an_edit_expires_the_article_and_the_home_page(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        republish(warm_site, title="Retitled article")

    assert b"Retitled article" in client.get("/articles/shown/").content
    assert b"Retitled article" in client.get("/").content
    assert_kept(client, "/articles/bystander/", django_assert_max_num_queries)
    assert_kept(client, "/faq/", django_assert_max_num_queries)
    assert_kept(client, "/disclaimer/", django_assert_max_num_queries)


def test_unpublishing_expires_the_article_home_and_faq_links(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        warm_site.unpublish(make_medical_reviewer())

    assert client.get("/articles/shown/").status_code == 404
    assert b"Shown article" not in client.get("/").content
    assert b'href="/articles/shown/"' not in client.get("/faq/").content
    assert_kept(client, "/articles/bystander/", django_assert_max_num_queries)


def test_publishing_a_new_slug_expires_the_old_address(warm_site, client, commit):
    with commit():
        republish(warm_site, slug="moved")

    assert client.get("/articles/shown/").status_code == 404
    assert client.get("/articles/moved/").status_code == 200
    # The answer links to its article's address when the answer was published.
    assert b'href="/articles/shown/"' not in client.get("/faq/").content


def test_publishing_expires_the_feed_and_the_sitemap(warm_site, commit):
    keys = [token_key(url) for url in LISTINGS]
    before = caches["pages"].get_many(keys)
    with commit():
        republish(warm_site, title="Retitled article")

    after = caches["pages"].get_many(keys)
    assert all(after[key] != before.get(key) for key in keys)


def test_publishing_a_new_article_expires_the_listings(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        make_article(title="Brand new article")

    assert b"Brand new article" in client.get("/").content
    assert_kept(client, "/articles/shown/", django_assert_max_num_queries)


def test_saving_a_working_copy_expires_nothing(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        warm_site.title = "Draft title"
        warm_site.save()

    for url in PUBLIC_PAGES:
        assert_kept(client, url, django_assert_max_num_queries)


def test_recording_a_review_expires_the_article(warm_site, client, commit):
    with commit():
        reviewer = record_review(warm_site)

    assert reviewer.name.encode() in client.get("/articles/shown/").content


def test_deleting_a_published_article_expires_its_pages(warm_site, client, commit):
    with commit():
        warm_site.delete()

    assert client.get("/articles/shown/").status_code == 404
    assert b"Shown article" not in client.get("/").content


def test_reordering_published_answers_expires_the_faq_only(
    warm_site, client, commit, django_assert_max_num_queries
):
    first = Entry.objects.get()
    make_entry(question="Second question?")
    warm(client, "/faq/")
    with commit():
        first.position = 1000
        first.save()

    content = client.get("/faq/").content
    assert content.index(b"Second question?") < content.index(b"Original question?")
    assert_kept(client, "/articles/shown/", django_assert_max_num_queries)


def test_editing_an_answer_without_publishing_expires_nothing(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        entry = Entry.objects.get()
        entry.answer = "Draft answer."
        entry.save()

    assert_kept(client, "/faq/", django_assert_max_num_queries)


def test_deleting_a_published_answer_expires_the_faq(warm_site, client, commit):
    with commit():
        Entry.objects.get().delete()

    assert b"Original question?" not in client.get("/faq/").content


def test_rewording_a_footer_disclaimer_expires_every_page(warm_site, client, commit):
    with commit():
        make_disclaimer("urgent-care", text="Reworded: call 999 now.")

    for url in [*PUBLIC_PAGES, "/articles/bystander/"]:
        assert b"Reworded: call 999 now." in client.get(url).content, url


def test_rewording_a_title_disclaimer_expires_only_the_pages_showing_it(
    warm_site, client, commit, django_assert_max_num_queries
):
    investigational = make_article(slug="trial", is_investigational=True)
    warm(client, "/articles/trial/")
    warm(client, "/")
    with commit():
        make_disclaimer("investigational-therapy", text="Reworded: experimental.")

    for url in ["/articles/trial/", "/", "/disclaimer/"]:
        assert b"Reworded: experimental." in client.get(url).content, url
    assert investigational.is_public
    assert_kept(client, "/articles/shown/", django_assert_max_num_queries)
    assert_kept(client, "/faq/", django_assert_max_num_queries)


def test_rewording_the_faq_disclaimer_leaves_articles_alone(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        make_disclaimer("faq-general", text="Reworded: general answers.")

    assert b"Reworded: general answers." in client.get("/faq/").content
    assert_kept(client, "/", django_assert_max_num_queries)
    assert_kept(client, "/articles/shown/", django_assert_max_num_queries)


def test_editing_a_site_page_expires_it(warm_site, client, commit):
    warm(client, "/about/")
    with commit():
        Page.objects.create(
            key="about", title="About us", description="Who we are.", body="We are."
        )

    assert b"We are." in client.get("/about/").content


def test_expiring_every_page_reaches_pages_no_change_names(
    warm_site, client, commit, django_assert_max_num_queries
):
    with commit():
        expire_every_page()

    for url in PUBLIC_PAGES:
        assert_expired(client, url, django_assert_max_num_queries)


def test_rolled_back_change_expires_nothing(
    warm_site, client, django_assert_max_num_queries
):
    # Without a commit the on-commit callbacks never run, as after a rollback.
    republish(warm_site, title="Rolled back")

    assert_kept(client, "/articles/shown/", django_assert_max_num_queries)


def test_page_rendered_before_a_change_is_never_served_after_it(site, commit):
    request = RequestFactory().get("/faq/")
    Slot.find(request).fill(HttpResponse("Marks the path."))
    slot = Slot.find(request)  # a render begins, reading the old answers

    with commit():
        expire_pages(["/faq/"])  # the change commits while it renders
    slot.fill(HttpResponse("The old answers."))  # and then it is stored

    assert Slot.find(request).current_page() is None


def test_page_rendered_after_a_change_is_served(site, commit):
    request = RequestFactory().get("/faq/")
    Slot.find(request).fill(HttpResponse("Marks the path."))
    with commit():
        expire_pages(["/faq/"])

    Slot.find(request).fill(HttpResponse("The new answers."))

    assert Slot.find(request).current_page().content == b"The new answers."


def test_unpublishing_an_answer_expires_the_faq(warm_site, client, commit):
    with commit():
        Entry.objects.get().unpublish(make_medical_reviewer())

    assert b"Original question?" not in client.get("/faq/").content


def test_saving_a_draft_article_leaves_the_faq_stored(
    warm_site, client, commit, django_assert_max_num_queries
):
    draft = make_article(published=False, slug="draft")
    with commit():
        draft.title = "Still a draft"
        draft.save()

    assert_kept(client, "/faq/", django_assert_max_num_queries)
