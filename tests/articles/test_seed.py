"""The one test module that loads the seed: it must load as the publisher wrote it."""

import html
import inspect
import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from articles.management.commands import load_seed
from articles.models import (
    Article,
    CareCard,
    CareCardItem,
    CareLevel,
    CycleDiagram,
    CycleStage,
    EvidenceLabel,
    Section,
)
from disclaimers.models import Disclaimer
from disclaimers.registry import REQUIRED_DISCLAIMERS
from editorial.models import Reference, Reviewer, Status
from faq.models import Entry
from pages.models import Page
from pages.registry import BUILTIN_PAGES

pytestmark = pytest.mark.django_db

SEED = json.loads(load_seed.SEED_FILE.read_text(encoding="utf-8"))

TITLE = "Stem Cell Breakthrough: A Potential Cure for Baldness"

HEADINGS = [
    "Understanding Baldness",
    "What Are Stem Cells?",
    "The Role of Stem Cells in Hair Growth",
    "Stem Cell Therapy for Hair Loss",
    "How Stem Cell Therapy Works",
    "Clinical Trials and Research Findings",
    "Advantages of Stem Cell Therapy for Baldness",
    "Challenges and Limitations",
    "Future Implications and Possibilities",
    "Addressing Safety Concerns",
    "Alternatives to Stem Cell Therapy",
    "Lifestyle Changes for Healthy Hair",
    "Myths and Misconceptions",
    "The Cost of Stem Cell Therapy",
    "Conclusion",
]

QUESTIONS = [
    "Is stem cell therapy for hair loss suitable for everyone?",
    "Are there any side effects of stem cell therapy for hair loss?",
    "How long does it take to see results from stem cell therapy for hair loss?",
    "Can stem cell therapy prevent future hair loss?",
    "Where can I get access to stem cell therapy for hair loss?",
]

# CONTENT.md's table: seed section number (or question) -> topic tags.
SECTION_TOPICS = {
    1: {"condition"},
    6: {"evidence"},
    7: {"safety"},
    9: {"outlook"},
    10: {"safety"},
    11: {"treatments"},
    12: {"lifestyle"},
    14: {"cost"},
    15: {"evidence"},
}
QUESTION_TOPICS = {
    1: {"condition"},
    2: {"safety"},
    3: {"evidence"},
    4: {"evidence"},
    5: {"clinics"},
}

BLOG_LEFTOVERS = ["Jemmy", "Leave a Comment", "Content is protected", "Hello, friends"]


def load() -> str:
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def text_of(rendered: str) -> str:
    """The text a reader sees in rendered HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in (
            Article,
            Section,
            Entry,
            Disclaimer,
            Reference,
            CycleDiagram,
            CycleStage,
            CareCard,
            CareCardItem,
        )
    }


def cited(reference: Reference, relation: str) -> set[int]:
    """The positions of the sections or questions that cite `reference`."""
    return set(getattr(reference, relation).values_list("position", flat=True))


@pytest.fixture
def article() -> Article:
    load()
    return Article.objects.get()


def test_seed_creates_one_published_investigational_article_with_the_seed_title(
    article,
):
    assert article.title == TITLE
    assert article.slug == "stem-cell-breakthrough-baldness"
    assert article.is_investigational
    assert article.status == Status.PUBLISHED
    assert article.first_published_at is not None
    assert list(Article.objects.published()) == [article]
    live = dict(article.live)
    assert TITLE in live.pop("html")  # the body, rendered when published
    assert live == json.loads(json.dumps(article.snapshot(), cls=DjangoJSONEncoder))


def test_seed_article_page_is_public_from_the_start(article, client):
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Preview — not published" not in response.content.decode()


def test_seed_introduction_is_the_standfirst(article):
    assert article.standfirst.startswith(
        "Baldness is a common condition that affects millions of people worldwide,"
    )
    assert article.standfirst.endswith(
        "its potential as a game-changer in the field of hair restoration."
    )
    assert text_of(article.standfirst_html) == article.standfirst


def test_seed_creates_the_fifteen_sections_with_their_headings_in_order(article):
    assert [s.heading for s in article.sections.all()] == HEADINGS
    assert [s.position for s in article.sections.all()] == list(range(1, 16))


def test_seed_section_anchors_are_made_from_the_headings(article):
    anchors = [s.anchor for s in article.sections.all()]

    assert anchors[0] == "understanding-baldness"
    assert anchors[1] == "what-are-stem-cells"
    assert anchors[-1] == "conclusion"


@pytest.mark.parametrize(
    ("number", "body"),
    [
        (
            1,
            "Baldness, also known as alopecia, is the partial or complete loss of "
            "hair from the scalp or other parts of the body. It can be caused by "
            "various factors, including genetics, hormonal changes, medical "
            "conditions, and aging. While it is more common in men, women can also "
            "experience hair loss.",
        ),
        (
            2,
            "Stem cells are undifferentiated cells that have the remarkable ability "
            "to develop into different types of specialized cells in the body. They "
            "serve as the body’s natural repair system, replenishing damaged or "
            "aging cells and promoting tissue regeneration.",
        ),
        (
            3,
            "In the hair follicles, which are the tiny structures that produce and "
            "support hair growth, there are specific types of stem cells known as "
            "hair follicle stem cells. These cells play a crucial role in the "
            "natural hair growth cycle, which consists of three phases: anagen "
            "(growth phase), catagen (transition phase), and telogen (resting "
            "phase).",
        ),
        (
            15,
            "Stem cell therapy represents a significant breakthrough in the search "
            "for a potential cure for baldness. While still in the early stages of "
            "development, the promising results from research and clinical trials "
            "provide hope for those experiencing hair loss. With continued "
            "advancements and rigorous scientific exploration, stem cell therapy "
            "could revolutionize the field of hair restoration and offer a "
            "transformative solution for individuals seeking to regain their "
            "confidence and self-esteem.",
        ),
    ],
    ids=["section-1", "section-2", "section-3", "section-15"],
)
def test_seed_section_body_is_the_seed_paragraph_verbatim(article, number, body):
    section = article.sections.get(position=number)

    assert section.body == body
    assert section.body_html == f"<p>{html.escape(body, quote=False)}</p>"


def test_every_seed_section_body_is_its_paragraph_and_renders_unchanged(article):
    sections = list(article.sections.all())

    assert [s.body for s in sections] == [item["body"] for item in SEED["sections"]]
    for section in sections:
        assert text_of(section.body_html) == section.body


def test_seed_creates_the_five_questions_verbatim_in_order(article):
    entries = list(Entry.objects.all())

    assert [e.question for e in entries] == QUESTIONS
    assert [e.answer for e in entries] == [item["answer"] for item in SEED["faq"]]
    assert entries[1].answer.startswith(
        "Stem cell therapy for hair loss is generally considered safe, with "
        "minimal side effects."
    )
    for entry in entries:
        assert entry.is_public
        assert entry.status == Status.PUBLISHED
        assert entry.live["question"] == entry.question
        assert entry.live["answer_html"] == entry.answer_html
        assert entry.article == article
        assert text_of(entry.answer_html) == entry.answer
    assert Entry.objects.published().count() == 5


def test_seed_tags_sections_with_the_topics_content_md_names(article):
    tagged = {
        section.position: {topic.slug for topic in section.topics.all()}
        for section in article.sections.all()
    }

    assert tagged == {n: SECTION_TOPICS.get(n, set()) for n in range(1, 16)}


def test_seed_tags_questions_with_the_topics_content_md_names(article):
    tagged = {
        number: {topic.slug for topic in entry.topics.all()}
        for number, entry in enumerate(Entry.objects.all(), start=1)
    }

    assert tagged == QUESTION_TOPICS


def test_seed_stores_every_required_disclaimer(article):
    stored = {d.key: d for d in Disclaimer.objects.all()}

    assert len(stored) == 13
    assert set(stored) == set(REQUIRED_DISCLAIMERS)
    for key, required in REQUIRED_DISCLAIMERS.items():
        assert stored[key].title == required.title
        assert stored[key].text == required.text


TEXT_FIELDS = models.CharField | models.TextField | models.JSONField


def texts_in(value, path: str):
    """Yield (path, text) for every text in a stored value, live snapshots too."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item, path)
    elif isinstance(value, str) and value:
        yield path, value


def stored_texts():
    """Yield (model, field, value) for every text stored in the database."""
    for model in apps.get_models():
        fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)
        ]
        if not fields:
            continue
        for row in model.objects.values(*fields):
            for field, value in row.items():
                for path, text in texts_in(value, field):
                    yield model, path, text


@pytest.mark.parametrize("leftover", BLOG_LEFTOVERS)
def test_seed_leaves_no_blog_leftovers_in_any_text(article, leftover):
    texts = list(stored_texts())
    found = [
        f"{model._meta.label}.{field}"
        for model, field, value in texts
        if leftover.lower() in value.lower()
        # The byline, on the article, its history and its live page.
        and field.rsplit(".")[-1] != "author_name"
        # The live page's rendered body shows that byline.
        and not (field == "live.html" and leftover in article.author_name)
    ]

    assert found == []
    # Guards the guard: the search did read the seed's texts, published ones too.
    assert {
        (Section, "body"),
        (Entry, "answer"),
        (Disclaimer, "text"),
        (Reference, "citation"),
        (Article, "live.sections.body_html"),
        (Entry, "live.answer_html"),
    } <= {(model, field) for model, field, _ in texts}


# Not "Jemmy": the byline names the author on purpose.
@pytest.mark.parametrize("leftover", BLOG_LEFTOVERS[1:])
def test_seed_pages_show_no_blog_leftovers(article, client, leftover):
    for url in (article.get_absolute_url(), "/faq/"):
        assert leftover not in client.get(url).content.decode()


def test_seed_author_is_the_blog_writer_who_is_not_medically_qualified(article):
    assert article.author_name == "Jemmy"
    assert "not medically qualified" in article.author_credentials


def test_seed_records_no_clinical_review(article):
    assert not Reviewer.objects.exists()
    for reviewable in [article, *Entry.objects.all()]:
        assert reviewable.reviewer is None
        assert reviewable.last_reviewed is None
        assert reviewable.live["reviewer"] is None
        assert reviewable.live["last_reviewed"] is None


def test_seed_review_is_due_today(article):
    today = timezone.localdate()

    for reviewable in [article, *Entry.objects.all()]:
        assert reviewable.review_due == today
        assert reviewable.is_review_overdue
        assert reviewable.live["review_due"] == today.isoformat()
    assert list(Article.objects.overdue_for_review()) == [article]
    assert Entry.objects.overdue_for_review().count() == 5


def test_seed_article_and_faq_pages_say_they_are_not_reviewed(article, client):
    for url in (article.get_absolute_url(), "/faq/"):
        response = client.get(url)

        assert response.status_code == 200
        assert b'data-disclaimer="not-reviewed"' in response.content
    article_page = client.get(article.get_absolute_url()).content.decode()
    faq_page = client.get("/faq/").content.decode()
    assert "<dt>Medical review</dt><dd>Not yet reviewed by a clinician</dd>" in (
        article_page
    )
    assert faq_page.count("Not yet reviewed by a clinician.") == 5
    assert "Reviewed by" not in faq_page


# References and evidence labels


def test_seed_creates_the_nine_references_each_checkable(article):
    references = list(Reference.objects.all())

    assert len(references) == 9
    assert {r.citation for r in references} == {
        item["citation"] for item in SEED["references"]
    }
    for reference in references:
        assert reference.doi or reference.pmid or reference.url
        assert reference.supports
        reference.full_clean()


def test_seed_attaches_each_reference_where_the_seed_file_cites_it(article):
    by_citation = {r.citation: r for r in Reference.objects.all()}

    for item in SEED["references"]:
        reference = by_citation[item["citation"]]
        assert cited(reference, "section_set") == set(item["sections"])
        assert cited(reference, "entry_set") == set(item["faq"])
    # Guards the guard: the seed does cite sources in sections and answers.
    assert all(item["sections"] for item in SEED["references"])
    assert any(item["faq"] for item in SEED["references"])


def test_seed_gives_every_section_its_evidence_label(article):
    labels = [s.evidence_label for s in article.sections.all()]

    assert labels == [item["evidence_label"] for item in SEED["sections"]]
    assert all(label in EvidenceLabel.values for label in labels)


def test_seed_article_page_lists_its_references_with_links(article, client):
    page = client.get(article.get_absolute_url()).content.decode()

    references_start = page.index('<section class="references" id="references"')
    references = page[references_start : page.index("</section>", references_start)]
    assert '<h2 id="references-heading">References</h2>' in references
    assert references.count('<li id="ref-') == 9
    for reference in Reference.objects.all():
        assert html.escape(reference.citation, quote=False) in references
        if reference.doi:
            assert f'href="https://doi.org/{reference.doi}"' in references
        if reference.pmid:
            assert (
                f'href="https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/"'
                in references
            )
    assert references.count('href="https://doi.org/10.') == 6
    assert 'href="#ref-1"' in page


# When to see a doctor, and the hair growth cycle

# The NHS hair-loss page's "See a GP if" list and its advice to see a GP before a
# commercial clinic, in our words.
GP_SITUATIONS = [
    "your hair falls out suddenly",
    "bald patches appear",
    "your hair is coming out in clumps",
    "your scalp itches and burns as well",
    "you are worried about losing your hair",
    "you are thinking of paying a commercial hair clinic – a GP can find out the "
    "cause first",
]


def test_seed_adds_the_non_urgent_see_a_gp_card_to_the_published_page(article, client):
    card = article.care_cards.get()

    assert card.level == CareLevel.NON_URGENT
    assert card.heading == "See a GP if:"
    assert [item.text for item in card.items.all()] == GP_SITUATIONS
    assert article.live["care_cards"] == [card.as_page()]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Non-urgent advice:</span> See a GP if:</h2>" in page
    for situation in GP_SITUATIONS:
        assert f"<li>{html.escape(situation)}</li>" in page


def test_seed_draws_the_hair_growth_cycle_in_the_section_that_explains_it(
    article, client
):
    diagram = CycleDiagram.objects.get()
    stages = [stage.name for stage in diagram.stages.all()]

    assert diagram.section.heading == "The Role of Stem Cells in Hair Growth"
    assert stages == ["Anagen", "Catagen", "Telogen"]
    # The phases the section's own text names, in its order.
    body = diagram.section.body
    assert [body.index(name.lower()) for name in stages] == sorted(
        body.index(name.lower()) for name in stages
    )
    page = client.get(article.get_absolute_url()).content.decode()
    section = page[page.index(f'id="{diagram.section.anchor}"') :]
    section = section[: section.index("</section>")]
    assert section.count('<svg class="cycle-diagram__drawing"') == 1


def test_seed_stage_durations_are_supported_by_a_reference_cited_there(article):
    diagram = CycleDiagram.objects.get()
    supports = " ".join(
        reference.supports for reference in diagram.section.references.all()
    )

    durations = [stage.duration for stage in diagram.stages.all() if stage.duration]
    assert durations
    for duration in durations:
        assert duration in supports


def test_loading_the_seed_twice_creates_nothing_new():
    first = load()
    before = counts()

    second = load()

    assert counts() == before
    assert before == {
        "articles.Article": 1,
        "articles.Section": 15,
        "faq.Entry": 5,
        "disclaimers.Disclaimer": 13,
        "editorial.Reference": 9,
        "articles.CycleDiagram": 1,
        "articles.CycleStage": 3,
        "articles.CareCard": 1,
        "articles.CareCardItem": 6,
    }
    assert (
        "created 13 disclaimers, 3 pages, 1 articles, 15 sections, 1 diagrams, "
        "1 care cards, 5 FAQ entries." in first
    )
    assert (
        "created 0 disclaimers, 0 pages, 0 articles, 0 sections, 0 diagrams, "
        "0 care cards, 0 FAQ entries." in second
    )


EDITS = [
    pytest.param(
        lambda: Section.objects.get(position=2),
        "body",
        "An editor’s rewording.",
        id="section-body",
    ),
    pytest.param(
        lambda: Section.objects.get(position=2),
        "heading",
        "Stem cells explained",
        id="section-heading",
    ),
    pytest.param(
        lambda: Disclaimer.objects.get(key="safety"),
        "text",
        "An editor’s reworded safety warning.",
        id="disclaimer-text",
    ),
    pytest.param(
        lambda: Entry.objects.get(position=2),
        "answer",
        "An editor’s reworded answer.",
        id="faq-answer",
    ),
    pytest.param(
        lambda: Article.objects.get(),
        "standfirst",
        "An editor’s introduction.",
        id="article-standfirst",
    ),
    pytest.param(
        lambda: Section.objects.get(position=2),
        "anchor",
        "stem-cells",
        id="section-anchor",
    ),
    pytest.param(
        lambda: Entry.objects.get(position=2),
        "question",
        "Does it have side effects?",
        id="faq-question",
    ),
    pytest.param(
        lambda: CareCardItem.objects.get(position=1),
        "text",
        "your hair is thinning fast",
        id="care-card-situation",
    ),
    pytest.param(
        lambda: CycleStage.objects.get(name="Catagen"),
        "description",
        "An editor’s description.",
        id="diagram-stage",
    ),
    pytest.param(
        lambda: Reference.objects.get(doi="10.1111/jdv.14624"),
        "supports",
        "An editor’s rewording of the claim.",
        id="reference-supports",
    ),
    pytest.param(
        lambda: Page.objects.get(key="privacy"),
        "body",
        "An editor’s privacy notice.",
        id="site-page-body",
    ),
]


@pytest.mark.parametrize(("find", "field", "value"), EDITS)
def test_loading_the_seed_again_keeps_an_editors_edit(find, field, value):
    load()
    record = find()
    setattr(record, field, value)
    record.save()
    before = counts()

    load()

    record.refresh_from_db()
    assert getattr(record, field) == value
    assert counts() == before


def test_seed_file_ships_inside_the_project():
    seed_file = load_seed.SEED_FILE

    assert seed_file.is_file()
    assert seed_file.is_relative_to(settings.BASE_DIR)
    assert seed_file.relative_to(settings.BASE_DIR).parts[0] == "articles"


def test_load_seed_does_not_read_the_shared_folder():
    source = inspect.getsource(load_seed)

    assert "shared" not in source
    assert ".." not in str(load_seed.SEED_FILE)


def test_seed_creates_the_site_pages_from_their_built_in_text():
    load()

    assert {
        page.key: (page.title, page.description, page.body)
        for page in Page.objects.all()
    } == {
        key: (text["title"], text["description"], text["body"])
        for key, text in BUILTIN_PAGES.items()
    }


def test_loading_the_seed_again_restores_a_missing_site_page_only():
    load()
    Page.objects.filter(key="report").delete()
    about = Page.objects.get(key="about")

    load()

    assert Page.objects.filter(key="report").exists()
    assert Page.objects.get(key="about").version == about.version
