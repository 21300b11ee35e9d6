"""Care cards and diagrams on the article page: visitors see them as published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, CareLevel, CycleStage
from editorial.models import Status
from tests.factories import (
    make_article,
    make_care_card,
    make_diagram,
    make_editor,
    make_reference,
    make_section,
)
from tests.test_public_pages import get_page, words

pytestmark = pytest.mark.django_db


def situations(page) -> list[str]:
    return [
        words(item.text)
        for card in page.find("div", **{"class": "care-card care-card--non-urgent"})
        for item in page.inside(card, "li")
    ]


def test_visitors_see_the_published_care_card_and_staff_the_working_copy(client):
    article = make_article(slug="hair-loss")
    card = make_care_card(article=article, items=["bald patches appear"])
    item = card.items.get()
    item.text = "your hair comes out in clumps"
    item.save()

    assert situations(get_page(client, "/articles/hair-loss/")) == [
        "bald patches appear"
    ]
    client.force_login(make_editor())
    preview = get_page(client, "/articles/hair-loss/")
    assert situations(preview) == ["your hair comes out in clumps"]
    assert preview.preview_banners()


def stage_names(page) -> list[str]:
    return [
        words(e.text) for e in page.find("tspan", **{"class": "cycle-diagram__name"})
    ]


@pytest.mark.parametrize("level", CareLevel, ids=CareLevel.values)
def test_care_card_heading_gives_its_level_in_words_not_only_colour(client, level):
    article = make_article(slug="hair-loss")
    make_care_card(article=article, level=level, heading="Do this if:")

    page = get_page(client, "/articles/hair-loss/")

    (card,) = page.find("div", **{"class": f"care-card care-card--{level}"})
    (heading,) = page.inside(card, "h2")
    assert words(heading.text) == f"{level.label}: Do this if:"


def test_care_cards_follow_the_last_section_and_come_before_the_references(client):
    article = make_article(slug="hair-loss")
    make_section(article=article, position=1, references=[make_reference()])
    make_section(article=article, position=2, body="The last section.")
    make_care_card(article=article, position=2, heading="Second card:")
    make_care_card(article=article, position=1, heading="First card:")

    html = get_page(client, "/articles/hair-loss/").html

    last_section = html.index("The last section.")
    first, second = html.index("First card:"), html.index("Second card:")
    assert last_section < first < second < html.index('id="references"')


def test_care_card_situations_are_shown_as_text_never_as_markup(client):
    article = make_article(slug="hair-loss")
    make_care_card(article=article, items=['<img src=x onerror="alert(1)">'])

    html = get_page(client, "/articles/hair-loss/").html

    assert "<img src=x" not in html
    assert "<li>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</li>" in html


def test_article_without_care_cards_shows_none(client):
    make_section(article=make_article(slug="hair-loss"))

    assert "care-card" not in get_page(client, "/articles/hair-loss/").html


def test_diagram_is_drawn_inside_its_own_section(client):
    article = make_article(slug="hair-loss")
    drawn = make_section(article=article, position=1, anchor="the-cycle")
    make_section(article=article, position=2, anchor="other")
    make_diagram(section=drawn, title="The hair growth cycle")

    page = get_page(client, "/articles/hair-loss/")

    (svg,) = page.find("svg")
    assert page.find("section", id="the-cycle")[0] in svg.ancestors
    assert page.find("section", id="other")[0] not in svg.ancestors
    assert svg.attrs["aria-labelledby"] == "the-cycle-diagram-title"
    (title,) = page.find("title", id="the-cycle-diagram-title")
    assert words(title.text) == "The hair growth cycle"


def test_visitors_see_the_published_diagram_and_staff_the_working_copy(client):
    article = make_article(slug="hair-loss")
    make_diagram(section=make_section(article=article), stages=[("A", ""), ("B", "")])
    stage = CycleStage.objects.get(name="B")
    stage.name = "Telogen"
    stage.save()

    assert stage_names(get_page(client, "/articles/hair-loss/")) == ["A", "B"]
    client.force_login(make_editor())
    assert stage_names(get_page(client, "/articles/hair-loss/")) == ["A", "Telogen"]


def test_page_published_before_cards_and_diagrams_existed_still_shows(client):
    article = make_article(slug="hair-loss")
    make_section(article=article, body="Old page.")
    live = Article.objects.get(pk=article.pk).live
    del live["care_cards"]
    del live["html"]  # and rendered by the request, as pages were then
    for section in live["sections"]:
        del section["diagram"]
    Article.objects.filter(pk=article.pk).update(live=live)

    page = get_page(client, "/articles/hair-loss/")

    assert "Old page." in page.html
    assert not page.find("svg")


def with_parts(count: int) -> Article:
    """Make a published article with `count` care cards and diagrams."""
    article = make_article(slug=f"with-{count}")
    for _ in range(count):
        make_care_card(article=article)
        make_diagram(section=make_section(article=article))
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    return article


def test_visitors_page_reads_no_more_for_cards_and_diagrams(
    client, django_assert_num_queries
):
    article = with_parts(3)

    with django_assert_num_queries(2):
        page = get_page(client, article.get_absolute_url())

    assert len(page.find("svg")) == 3


def test_preview_query_count_does_not_grow_with_cards_and_diagrams(client):
    client.force_login(make_editor())
    counts = []
    for article in (with_parts(1), with_parts(5)):
        with CaptureQueriesContext(connection) as queries:
            page = get_page(client, article.get_absolute_url())
        assert page.preview_banners()
        counts.append(len(queries))

    assert counts[0] == counts[1]
