from urllib.parse import parse_qs, urlsplit

import pytest

from pages.reports import ReportedPage, report_mailto, reported_page
from tests.factories import make_article, make_entry, make_medical_reviewer, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    make_article(slug="published", title="A published article")
    make_article(slug="draft", published=False)
    make_article(slug="withdrawn").unpublish(make_medical_reviewer())
    make_entry()


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Hair loss: what the research says"),
        ("/articles/published/", "A published article"),
        ("/faq/", "Frequently asked questions"),
        ("/disclaimer/", "Disclaimer"),
        ("/about/", "Stored about page"),
        ("/privacy/", "Privacy"),
        ("/report/", "Report a problem with this page"),
    ],
)
def test_a_public_page_is_named_by_its_title(site, path, title):
    make_page("about", title="Stored about page")

    assert reported_page(path) == ReportedPage(title, path)


def test_an_article_is_named_by_its_published_title(site):
    article = make_article(slug="renamed", title="Published title")
    article.title = "Unpublished title"
    article.save()

    assert reported_page("/articles/renamed/").title == "Published title"


# Anything but a public page of this site is ignored, never echoed.
HOSTILE = [
    None,
    "",
    "faq/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "https://evil.example/faq/",
    "javascript:alert(1)",
    "/faq/?q=<script>",
    "/faq/#top",
    "/faq/%0d%0aSet-Cookie:x=1",
    "/faq/\r\nSet-Cookie: x=1",
    "/faq/\x00",
    "/<script>alert(1)</script>/",
    '/" onmouseover="alert(1)',
    "/faq/ ",
    "/fåq/",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/../../etc/passwd",
    "/articles/draft/",
    "/articles/withdrawn/",
    "/articles/no-such-article/",
    "/no-such-page/",
    "/admin/",
    "/admin/login/",
    "/editor/markdown-preview/",
    "/healthz",
    "/sitemap.xml",
    "/feed/",
    "/" + "a" * 5000,
    "/\ud800/",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_anything_but_a_public_page_is_ignored(site, value):
    assert reported_page(value) is None


# HTTP cannot carry a lone surrogate; undecodable bytes are sent raw below.
@pytest.mark.parametrize("value", [v for v in HOSTILE if v and v.isprintable()])
def test_report_page_ignores_hostile_input_and_never_echoes_it(client, site, value):
    plain = client.get("/report/")

    response = client.get("/report/", {"page": value})

    assert response.status_code == 200
    assert response.content == plain.content
    assert "You are reporting a problem with" not in plain.content.decode()


@pytest.mark.parametrize(
    "query",
    ["page=%ff%fe", "page=%00", "page=/faq/&page=//evil.example/", "page[]=/faq/",
     "page=%2Ffaq%2F%0A", "page=" + "%2F" * 3000],
)  # fmt: skip
def test_report_page_ignores_malformed_queries(client, site, query):
    plain = client.get("/report/")

    response = client.get(f"/report/?{query}")

    assert response.status_code == 200
    assert response.content == plain.content
    assert "You are reporting a problem with" not in plain.content.decode()


def test_report_page_names_the_page_and_prefills_the_email(client, site, settings):
    settings.CONTACT_EMAIL = "editors@example.org"
    settings.SITE_URL = "https://hair.example.org"

    html = client.get("/report/?page=/articles/published/").content.decode()

    assert (
        'You are reporting a problem with <a href="/articles/published/">'
        "A published article</a>." in html
    )
    assert 'href="mailto:editors@example.org?subject=' in html


def test_mailto_carries_the_title_and_the_address_on_the_site_url(settings):
    settings.CONTACT_EMAIL = "editors@example.org"
    settings.SITE_URL = "https://hair.example.org"

    link = urlsplit(report_mailto(ReportedPage("Hair & “care”", "/faq/")))

    assert (link.scheme, link.path) == ("mailto", "editors@example.org")
    fields = parse_qs(link.query)
    assert fields["subject"] == ["Problem with the page “Hair & “care””"]
    assert fields["body"] == [
        "Page: Hair & “care”\r\nAddress: https://hair.example.org/faq/\r\n\r\n"
        "What is wrong:\r\n"
    ]
    # Spaces as %20, since a mailto: reader may keep a "+" as it is.
    assert "+" not in link.query


def test_mailto_without_a_page_asks_for_its_address(settings):
    settings.CONTACT_EMAIL = "editors@example.org"

    fields = parse_qs(urlsplit(report_mailto(None)).query)

    assert fields["subject"] == ["Problem with a page"]
    assert fields["body"] == ["Page address:\r\n\r\nWhat is wrong:\r\n"]
