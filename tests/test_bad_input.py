"""What a stranger can send gets a 4xx, never a 500, and changes nothing."""

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from editorial.models import Versioned, Workflow
from tests.factories import make_article, make_entry, make_reference, make_section

pytestmark = pytest.mark.django_db

CONTENT_APPS = ["articles", "faq", "disclaimers", "editorial", "auth", "axes"]
# Sample values for URL parameters, by name; any other parameter gets "1".
SAMPLES = {
    "slug": "article-slug",
    "path": "images/AAAAAAAAAAAAAAAAAAAAAAAA.png",
    "app_label": "articles",
    "url": "x",
    "section": "articles",
}
# A path converter, a named regex group, or an unnamed one (simple-history's).
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\([^?)][^)]*\)")


def every_url(resolver: URLResolver | None = None, prefix: str = "/") -> list[str]:
    """Expand every URL pattern of the site into one concrete URL each."""
    urls = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = PARAMETER.sub(
            lambda match: SAMPLES.get(match[1] or match[2], "1"), str(pattern.pattern)
        )
        route = route.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        if isinstance(pattern, URLResolver):
            urls += every_url(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            urls.append(prefix + route)
    return sorted(set(urls))


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def site_state() -> dict[str, object]:
    """Row counts, every edit version, and what is published."""
    state: dict[str, object] = row_counts()
    for app in CONTENT_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, Workflow):
                fields = ["pk", "version", "status", "live", "reviewer"]
            elif issubclass(model, Versioned):
                fields = ["pk", "version"]
            else:
                continue
            state[f"{model._meta.label} rows"] = list(
                model.objects.order_by("pk").values_list(*fields)
            )
    return state


@pytest.fixture
def content():
    article = make_article(slug="article-slug", is_investigational=True)
    make_section(article, topics=["safety"], references=[make_reference()])
    make_section(make_article(slug="draft-slug", published=False))
    make_entry(topics=["evidence"])
    make_entry(published=False)


def test_url_walk_finds_public_editor_and_admin_urls():
    urls = every_url()
    expected = ["/", "/faq/", "/disclaimer/", "/articles/article-slug/", "/admin/",
                "/editor/markdown-preview/", "/editor/image-upload/",
                "/admin/articles/article/1/history/1/", "/about/", "/privacy/",
                "/report/", "/feed/", "/sitemap.xml", "/sitemap-articles.xml",
                "/robots.txt"]  # fmt: skip
    assert set(expected) <= set(urls)
    assert not [url for url in urls if "<" in url or "(" in url]
    assert len(urls) > 40


# Workflow buttons and an edit version too: a stranger must not publish anything.
WRITE_DATA = {"title": "x", "answer": "x", "version": "1", "_publish": "1",
              "_unpublish": "1", "_record_review": "1"}  # fmt: skip


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_to_any_url_change_nothing(client, content, method):
    before = site_state()
    for url in every_url():
        response = getattr(client, method)(url, WRITE_DATA)
        assert response.status_code < 500, url
        if not url.startswith("/admin/"):
            assert 400 <= response.status_code < 500, (url, response.status_code)
    assert site_state() == before


@pytest.mark.parametrize(
    "url",
    [
        "/?%%%",
        "/?a=%ff%fe",
        "/faq/?page=abc&page=-1",
        "/faq/?q=" + "x" * 100_000,
        "/articles/%ff%fe/",
        "/articles/a%00b/",
        "/articles/" + "a" * 5000 + "/",
        "/disclaimer/?" + "&".join(f"k{n}=v" for n in range(5000)),
        "/media/images/%2e%2e/%2e%2e/hairsite/settings.py",
        "/media/%00",
        "/report/?page=%ff%fe",
        "/report/?page=//evil.example/",
        "/sitemap-articles.xml?p=%ff",
        "/sitemap-articles.xml?p=-1",
    ],
    ids=["bad-percent", "bad-utf8-query", "odd-page", "huge-query", "bad-utf8-path",
         "nul-in-path", "long-path", "many-params", "traversal", "nul-media",
         "report-bad-utf8", "report-other-site", "sitemap-bad-page",
         "sitemap-negative-page"],
)  # fmt: skip
def test_odd_urls_get_a_page_not_a_500(client, content, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404)


def test_unknown_host_is_a_400(client, content):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_oversized_form_body_is_a_400_and_saves_nothing(client, content, settings):
    before = site_state()
    big = {
        "username": "x",
        "password": "y" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    }
    response = client.post("/admin/login/", big)
    assert response.status_code == 400
    assert site_state() == before


def test_too_many_form_fields_is_a_400(client, content):
    fields = {f"f{n}": "x" for n in range(2000)}
    assert client.post("/admin/login/", fields).status_code == 400


def test_head_of_public_pages_has_no_body(client, content):
    response = client.head("/faq/")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", ["options", "trace"])
@pytest.mark.parametrize("url", ["/", "/faq/", "/disclaimer/", "/healthz"])
def test_other_methods_get_a_405_page_with_the_disclaimers(
    client, content, method, url
):
    response = client.generic(method.upper(), url)
    assert response.status_code == 405
    assert response["Allow"]
    assert b'data-disclaimer="medical-advice"' in response.content
    assert b'data-disclaimer="urgent-care"' in response.content
