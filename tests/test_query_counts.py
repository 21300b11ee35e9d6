"""Public pages cost a fixed number of queries, however much content they show."""

import pytest
from django.utils import timezone

from articles.models import Article, Section
from articles.views import ArticleListView
from disclaimers.models import Topic
from editorial.models import Reference, Status
from faq.models import Entry
from hairsite.markdown import render_markdown
from tests.factories import make_article

# Each page's queries: its published rows, then the disclaimers (one query);
# the home page counts its articles to paginate them; the FAQ also asks which
# articles are public, to link only to those.
MAX_QUERIES = {"/": 3, "/articles/long/": 2, "/faq/": 3, "/disclaimer/": 1}
# What a page repeats for each item: each section or answer.
REPEATED = {
    "/articles/long/": b'<section class="section"',
    "/faq/": b'<details class="faq-entry"',
}
TEASER = b'<article class="teaser">'
BODY = "A paragraph with a [link](https://example.org/) and **bold** words."


def make_references(count: int) -> list[Reference]:
    return Reference.objects.bulk_create(
        Reference(citation=f"Study {n}.", doi=f"10.1000/{n}", supports="A claim.")
        for n in range(count)
    )


def make_long_article(count: int) -> Article:
    """Publish an article of `count` tagged sections, each citing its own source."""
    article = make_article(slug="long", published=False)
    body_html = render_markdown(BODY)
    sections = Section.objects.bulk_create(
        Section(
            article=article,
            position=n,
            heading=f"Section {n}",
            anchor=f"section-{n}",
            body=BODY,
            body_html=body_html,
        )
        for n in range(count)
    )
    link_each(Section, sections, make_references(count))
    article.publish_unchecked()
    return article


def make_listed_articles(count: int) -> None:
    """Publish `count` short articles for the home page, copies of one."""
    live = make_article(title="Listed", slug="listed").live
    Article.objects.bulk_create(
        Article(
            title=f"Listed {n}",
            slug=f"listed-{n}",
            standfirst="An introduction.",
            standfirst_html=live["standfirst_html"],
            author_name="A. Writer",
            author_credentials="not medically qualified",
            status=Status.PUBLISHED,
            live={**live, "title": f"Listed {n}", "slug": f"listed-{n}"},
            live_title=f"Listed {n}",
            live_slug=f"listed-{n}",
        )
        for n in range(count - 1)
    )


def make_faq(count: int) -> None:
    """Publish `count` tagged answers, each citing its own source."""
    answer_html = render_markdown(BODY)
    entries = Entry.objects.bulk_create(
        Entry(
            question=f"Question {n}?", answer=BODY, answer_html=answer_html, position=n
        )
        for n in range(count)
    )
    link_each(Entry, entries, make_references(count))
    published = []
    for entry in Entry.objects.prefetch_related("topics", "references"):
        entry.published_at = timezone.now()
        entry.status = Status.PUBLISHED
        entry.live = entry.snapshot()
        published.append(entry)
    Entry.objects.bulk_update(published, ["published_at", "status", "live"])


def link_each(model, rows, references: list[Reference]) -> None:
    """Tag each row with the safety topic and cite its own reference."""
    safety = Topic.objects.get(slug="safety")
    topics, sources = model.topics.through, model.references.through
    field = model._meta.model_name
    topics.objects.bulk_create(
        topics(**{f"{field}_id": row.pk, "topic_id": safety.pk}) for row in rows
    )
    sources.objects.bulk_create(
        sources(**{f"{field}_id": row.pk, "reference_id": reference.pk})
        for row, reference in zip(rows, references, strict=True)
    )


@pytest.mark.parametrize("count", [15, 1500])
def test_public_page_queries_do_not_grow_with_its_content(
    db, client, django_assert_max_num_queries, django_assert_num_queries, count
):
    make_long_article(count)
    make_listed_articles(count)
    make_faq(count)

    for url, max_queries in MAX_QUERIES.items():
        with django_assert_max_num_queries(max_queries, info=url):
            rendered = client.get(url)
        assert rendered.status_code == 200
        client.get(url)  # stored by its second render
        with django_assert_num_queries(0, info=url):
            cached = client.get(url)
        assert cached.content == rendered.content
        if url in REPEATED:
            assert rendered.content.count(REPEATED[url]) == count, url
    # The home page lists a page of them, the long article among the rest.
    teasers = client.get("/").content.count(TEASER)
    assert teasers == min(count + 1, ArticleListView.paginate_by)
