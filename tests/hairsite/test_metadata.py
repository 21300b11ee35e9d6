import datetime
import json
import re

import pytest

from hairsite.metadata import (
    PageMeta,
    faq_page,
    json_ld,
    medical_web_page,
    summary,
)

AWARE = datetime.datetime(2026, 2, 3, 10, 30, tzinfo=datetime.UTC)


def article_page(**changes) -> dict:
    """An article snapshot as Article.snapshot() makes one, never reviewed."""
    page = {
        "title": "Stem cells and hair",
        "url": "/articles/stem-cells/",
        "author_name": "A. Writer",
        "author_credentials": "not medically qualified",
        "publisher": "Hairsite",
        "first_published_at": AWARE,
        "published_at": AWARE + datetime.timedelta(days=2),
        "reviewer": None,
        "last_reviewed": None,
        "review_due": datetime.date(2026, 2, 3),
        "references": [
            {"number": 1, "citation": "Kanti V. Guideline.", "doi": "10.1111/jdv.14624",
             "pmid": "29178529", "url": "", "supports": "x"},
            {"number": 2, "citation": "FDA alert.", "doi": "", "pmid": "",
             "url": "https://www.fda.gov/alert", "supports": "y"},
        ],
    }  # fmt: skip
    return page | changes


def script_data(html: str) -> object:
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html)
    assert match, html
    return json.loads(match[1])


@pytest.mark.parametrize(
    "text",
    ["</script><script>alert(1)</script>", "<!--", "a & b", "]]>", "\u2028\u2029",
     "caf\u00e9 \U0001f600"],
)  # fmt: skip
def test_json_ld_keeps_any_string_inside_the_element_and_round_trips(text):
    data = {"name": text}

    html = json_ld(data)

    inner = html.removeprefix('<script type="application/ld+json">')
    assert "<" not in inner.removesuffix("</script>")
    assert ">" not in inner.removesuffix("</script>")
    assert "&" not in inner
    assert script_data(html) == data


def test_summary_is_plain_text_cut_at_a_word():
    # As render_markdown writes it: blocks on lines of their own.
    html = "<p>Hair &amp; <strong>scalp</strong>: what helps.</p>"
    html += "\n<p>word</p>" * 80

    text = summary(html)

    assert text.startswith("Hair & scalp: what helps. word word")
    assert len(text) <= 160
    assert text.endswith("word…")


def test_summary_of_short_text_is_the_whole_text():
    assert summary("<p>Short &lt;text&gt;.</p>") == "Short <text>."


def test_page_urls_come_from_site_url_not_the_request(settings):
    settings.SITE_URL = "https://hair.example.org"

    meta = PageMeta("FAQ", "Answers.", "/faq/")

    assert meta.url == "https://hair.example.org/faq/"
    assert meta.graph["@graph"][-1]["itemListElement"][1]["item"] == meta.url


def test_breadcrumbs_lead_from_home_to_the_page():
    assert PageMeta("About us", "x", "/about/").breadcrumbs == [
        ("Home", "/"),
        ("About us", "/about/"),
    ]
    assert PageMeta("Home page", "x", "/").breadcrumbs == [("Home", "/")]


def test_breadcrumb_list_names_and_numbers_each_step(settings):
    settings.SITE_URL = "https://hair.example.org"

    graph = PageMeta("About us", "x", "/about/").graph

    assert graph["@context"] == "https://schema.org"
    assert graph["@graph"] == [
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home",
                 "item": "https://hair.example.org/"},
                {"@type": "ListItem", "position": 2, "name": "About us",
                 "item": "https://hair.example.org/about/"},
            ],
        }
    ]  # fmt: skip


def test_home_page_has_no_breadcrumb_list():
    graph = PageMeta("Home", "x", "/", structured_data=({"@type": "WebSite"},)).graph

    assert graph["@graph"] == [{"@type": "WebSite"}]


def test_unreviewed_article_has_no_review_in_its_structured_data(settings):
    settings.SITE_URL = "https://hair.example.org"

    data = medical_web_page(article_page(), "What the trials show.")

    assert "reviewedBy" not in data
    assert "lastReviewed" not in data
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Stem cells and hair"
    assert data["description"] == "What the trials show."
    assert data["url"] == "https://hair.example.org/articles/stem-cells/"
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["author"] == {"@type": "Person", "name": "A. Writer",
                              "description": "not medically qualified"}  # fmt: skip
    assert data["publisher"]["name"] == "Hairsite"
    assert data["datePublished"] == AWARE
    assert data["dateModified"] == AWARE + datetime.timedelta(days=2)


def test_reviewed_article_names_its_reviewer_and_review_date():
    page = article_page(
        reviewer="Dr R. Example, MBBS", last_reviewed=datetime.date(2026, 3, 14)
    )

    data = medical_web_page(page, "x")

    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr R. Example, MBBS"}
    assert data["lastReviewed"] == datetime.date(2026, 3, 14)
    assert script_data(json_ld(data))["lastReviewed"] == "2026-03-14"


@pytest.mark.parametrize(
    "half",
    [{"reviewer": "Dr R. Example"}, {"last_reviewed": datetime.date(2026, 3, 14)}],
    ids=["reviewer-without-date", "date-without-reviewer"],
)
def test_half_recorded_review_is_no_review(half):
    data = medical_web_page(article_page(**half), "x")

    assert "reviewedBy" not in data
    assert "lastReviewed" not in data


def test_citations_link_each_reference_by_doi_or_else_its_url():
    citations = medical_web_page(article_page(), "x")["citation"]

    assert citations == [
        {
            "@type": "CreativeWork",
            "name": "Kanti V. Guideline.",
            "url": "https://doi.org/10.1111/jdv.14624",
            "identifier": [
                {"@type": "PropertyValue", "propertyID": "DOI",
                 "value": "10.1111/jdv.14624"},
                {"@type": "PropertyValue", "propertyID": "PMID",
                 "value": "29178529"},
            ],
        },
        {"@type": "CreativeWork", "name": "FDA alert.",
         "url": "https://www.fda.gov/alert"},
    ]  # fmt: skip


def test_preview_of_a_page_never_published_leaves_out_what_it_lacks():
    page = article_page(first_published_at=None, published_at=None, references=[])

    data = medical_web_page(page, "x")

    assert not {"datePublished", "dateModified", "citation"} & set(data)


def test_faq_page_pairs_each_question_with_its_answer_as_shown():
    answers = [
        {"question": "Is it safe?", "answer_html": "<p>Not <em>known</em>.</p>"},
        {"question": "Does it work?", "answer_html": "<p>Not yet.</p>"},
    ]

    data = faq_page(answers, "/faq/")

    assert data["@type"] == "FAQPage"
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]] == [
        ("Is it safe?", "<p>Not <em>known</em>.</p>"),
        ("Does it work?", "<p>Not yet.</p>"),
    ]
