import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search.views import MAX_QUERY_LENGTH, RESULTS_PER_PAGE
from tests.factories import make_article, make_entry, make_section

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def search(client, query: str = "", **params):
    """Search as a visitor, sending the query exactly as given, percent-encoded."""
    query_string = "&".join(
        f"{name}={quote(value, safe='')}"
        for name, value in {"q": query, **params}.items()
    )
    return client.get(f"{URL}?{query_string}")


def result_links(response) -> list[str]:
    return re.findall(r'<h2><a href="([^"]+)">', response.content.decode())


def search_box_value(response) -> str:
    return re.search(r'name="q" value="([^"]*)"', response.content.decode())[1]


# What strangers type, paste or forge; each must get an ordinary page.
HOSTILE_QUERIES = [
    "",
    "   ",
    "\t\r\n",
    "\x00",
    "hair\x00loss",
    "\x02\x03",
    "\x7f\x1b[31m",
    "-",
    '"',
    '""',
    "'",
    "or",
    "OR",
    "-or",
    "!",
    "&|!():*",
    "hair:*",
    "hair <-> loss",
    "hair & !loss",
    "(hair | loss)",
    "\\",
    "%",
    "_",
    "%_%",
    "'; DROP TABLE search_document; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}{% debug %}",
    "\u202eevil",
    "zero\u200bwidth\ufeff",
    "ﬁnasteride ＦＵＬＬＷＩＤＴＨ",
    "\U0001f9d1\u200d\u2695\ufe0f",
    "x" * 5000,
    "hair " * 1000,
    "\ufffd\ufffe\uffff",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gets_an_ordinary_page(client, query):
    make_section(heading="Hair loss", body="Hair loss has many causes.")
    response = search(client, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1>") == 1
    assert "<script>" not in page
    assert "\x00" not in page


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%ED%A0%80",  # a lone surrogate, UTF-8 encoded
        "q=%FF%FE%C0%AF",  # not UTF-8 at all
        "q=%00",
        "q=hair&q=loss",
        "q",
        "page=2",
        "q[]=hair",
        "q=" + "%E2%80%AE" * 300,
    ],
)
def test_malformed_query_strings_get_an_ordinary_page(client, query_string):
    response = client.get(f"{URL}?{query_string}")
    assert response.status_code == 200
    assert response.content.decode().count("<h1>") == 1


def test_results_link_to_the_section_or_answer_with_a_marked_snippet(client):
    article = make_article(title="Hair loss: the basics", slug="basics")
    make_section(article=article, heading="Genes", body="Genes cause most hair loss.")
    entry = make_entry(question="Is it genetic?", answer="Often: genes matter.")
    response = search(client, "genes")
    page = response.content.decode()
    assert result_links(response) == ["/articles/basics/#genes", f"/faq/#q{entry.pk}"]
    assert "Hair loss: the basics" in page
    assert "Frequently asked questions" in page
    assert "<mark>Genes</mark> cause most hair loss." in page
    assert "Often: <mark>genes</mark> matter." in page
    assert "2 results" in page
    assert search_box_value(response) == "genes"


def test_headings_and_snippets_are_escaped(client):
    make_section(heading="<i>Tags</i> & “quotes”", body="Type `<b>bold</b>` firmly.")
    page = search(client, "firmly").content.decode()
    assert "&lt;i&gt;Tags&lt;/i&gt; &amp; “quotes”" in page
    assert "<i>Tags" not in page
    assert "<b>bold" not in page


def test_query_is_shown_escaped_and_kept_in_the_search_box(client):
    response = search(client, '"><b>x')
    page = response.content.decode()
    assert search_box_value(response) == "&quot;&gt;&lt;b&gt;x"
    assert "<b>x" not in page


def test_no_results_page_helps_the_visitor(client):
    make_section(heading="Hair loss")
    page = search(client, "xylophone").content.decode()
    assert "No published pages match “xylophone”." in page
    assert "Check the spelling." in page
    assert result_links(search(client, "xylophone")) == []


def test_empty_search_explains_what_to_do(client):
    make_section(heading="Hair loss")
    page = search(client, "  ").content.decode()
    assert "<h1>Search</h1>" in page
    assert "Type one or more words" in page
    assert "No published pages match" not in page


def test_a_long_query_is_cut_and_the_visitor_told(client):
    make_section(heading="Hair loss")
    response = search(client, "hair " + "y" * 300)
    page = response.content.decode()
    assert f"Searches can be up to {MAX_QUERY_LENGTH} characters long" in page
    assert search_box_value(response) == ("hair " + "y" * 300)[:MAX_QUERY_LENGTH]
    assert "Searches can be up" not in search(client, "hair").content.decode()


def test_only_published_text_is_found(client):
    draft = make_article(published=False, slug="draft")
    make_section(article=draft, heading="Secret", body="Unreviewed cure.")
    live = make_section(heading="Known", body="Reviewed words.")
    live.body = "Unreviewed cure, edited after publishing."
    live.save()
    make_entry(published=False, question="Unreviewed cure?")
    assert result_links(search(client, "unreviewed cure")) == []
    assert result_links(search(client, "reviewed words")) == [
        live.article.get_absolute_url() + "#known"
    ]


@pytest.fixture
def many_results():
    article = make_article(slug="many")
    for n in range(RESULTS_PER_PAGE + 5):
        make_section(article=article, position=n, heading=f"Part {n}", body="Follicle.")


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("1", 1),
        ("2", 2),
        ("3", 2),  # past the end: the last page
        ("0", 2),
        ("-1", 2),
        ("99999999999999999999", 2),
        ("last", 1),
        ("", 1),
        ("x", 1),
        ("1.5", 1),
        ("%00", 1),
    ],
)
def test_results_paginate_and_any_page_number_gets_a_page(
    client, many_results, page, shown
):
    response = client.get(f"{URL}?q=follicle&page={page}")
    assert response.status_code == 200
    links = result_links(response)
    if shown == 1:
        assert len(links) == RESULTS_PER_PAGE
        assert links[0] == "/articles/many/#part-0"
    else:
        assert links == [f"/articles/many/#part-{n}" for n in range(20, 25)]


def test_pages_link_to_each_other_keeping_the_query(client, many_results):
    first = search(client, "follicle").content.decode()
    second = search(client, "follicle", page="2").content.decode()
    assert 'href="?q=follicle&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert 'href="?q=follicle&amp;page=1" rel="prev"' in second
    assert "25 results; page 1 of 2." in first
    assert '<ol class="search-results" start="21">' in second


def queries_to_search(client, query: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert search(client, query).status_code == 200
    return [query["sql"] for query in queries]


def test_results_page_query_count_does_not_grow_with_results(client):
    make_section(heading="Alone", body="Singular.")
    article = make_article()
    for n in range(RESULTS_PER_PAGE + 5):
        make_section(article=article, heading=f"Part {n}", body="Plural.")
    one = queries_to_search(client, "singular")
    many = queries_to_search(client, "plural")
    assert len(one) == len(many)
    # The count of results and one page of them.
    assert sum("search_document" in sql for sql in many) == 2


def test_search_pages_ask_search_engines_not_to_index_them(client):
    response = search(client, "hair")
    assert response.headers["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_search_only_answers_reads(client, method):
    assert getattr(client, method)(URL, {"q": "hair"}).status_code == 405


def test_every_page_has_the_search_form(client):
    page = client.get(reverse("home")).content.decode()
    assert (
        f'<form class="site-search" role="search" action="{URL}" method="get">' in page
    )
    assert '<label for="site-search-q">Search the site</label>' in page
    assert '<input type="search" id="site-search-q" name="q" value="">' in page
    assert '<button type="submit">Search</button>' in page
