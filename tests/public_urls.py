"""Every public page, and a small published site to show them, for the page checkers."""

from dataclasses import dataclass

from django.urls import reverse

from tests.factories import (
    make_article,
    make_care_card,
    make_diagram,
    make_entry,
    make_page,
    make_reference,
    make_section,
    record_review,
)

ARTICLE_SLUG = "stem-cells-for-hair-loss"
# A word the site's sections and answers use, and one they never do.
FOUND_WORD = "minoxidil"
MISSING_WORD = "xylophone"


@dataclass(frozen=True)
class PublicPage:
    """A page visitors can reach: its URL's name, arguments, query and status."""

    url_name: str
    args: tuple[str, ...] = ()
    query: str = ""
    status: int = 200

    def path(self) -> str:
        return reverse(self.url_name, args=self.args) + self.query


PUBLIC_PAGES = {
    "home": PublicPage("home"),
    "article": PublicPage("articles:detail", args=(ARTICLE_SLUG,)),
    "faq": PublicPage("faq:list"),
    "disclaimer": PublicPage("disclaimers:page"),
    "about": PublicPage("about"),
    "privacy": PublicPage("privacy"),
    "report": PublicPage("report", query=f"?page=/articles/{ARTICLE_SLUG}/"),
    "search": PublicPage("search:results", query=f"?q={FOUND_WORD}"),
    "search-no-hits": PublicPage("search:results", query=f"?q={MISSING_WORD}"),
    "search-empty": PublicPage("search:results"),
    "not-found": PublicPage("articles:detail", args=("no-such-article",), status=404),
}


def make_public_site() -> None:
    """Publish what pages can hold: articles, a diagram, care cards, answers, pages."""
    trial = make_reference(
        citation="Example A, Sample B. Stem cells for hair loss: a small trial. "
        "J Hair Res. 2024;3:10-20.",
    )
    guidance = make_reference(
        citation="NHS. Hair loss. 2023.",
        doi="",
        url="https://www.nhs.uk/conditions/hair-loss/",
    )
    article = make_article(
        title="Stem cells: a cure for baldness?",
        slug=ARTICLE_SLUG,
        standfirst="What the **early trials** show, and what they do not.",
        is_investigational=True,
    )
    growth = make_section(
        article,
        heading="How hair grows",
        evidence_label="background",
        topics=["condition"],
        body="Each hair grows, rests and falls out in a cycle:\n\n"
        "- growing (anagen)\n- changing (catagen)\n- resting (telogen)\n\n"
        "Read the [NHS page on hair loss](https://www.nhs.uk/conditions/hair-loss/).",
    )
    make_section(
        article,
        heading="What the trials found",
        evidence_label="early_human",
        topics=["evidence", "safety"],
        references=[trial],
        body="### Small numbers\n\nThe trial had **twenty** people, too few to tell "
        "whether it works as well as minoxidil.\n\n> No trial followed people for "
        "a year.",
    )
    make_section(
        article,
        heading="Treatments that work",
        evidence_label="established",
        topics=["treatments"],
        references=[guidance],
        body="Minoxidil and finasteride are licensed. Ask a GP before paying a clinic.",
    )
    make_diagram(
        growth,
        title="The hair growth cycle",
        caption="Each hair grows, stops growing, rests and falls out.",
        stages=[("Anagen", "2 to 7 years"), ("Catagen", "2 weeks"), ("Telogen", "")],
    )
    for level, heading in [
        ("non-urgent", "See a GP if:"),
        ("urgent", "Ask for an urgent GP appointment if:"),
        ("emergency", "Call 999 if:"),
    ]:
        make_care_card(article, level=level, heading=heading)
    record_review(make_article(title="Alopecia areata", slug="alopecia-areata"))
    cited = make_entry(
        published=False,
        question="Is there a cure for baldness?",
        answer="Not yet. Minoxidil slows hair loss while you use it.",
        topics=["treatments"],
        article=article,
    )
    cited.references.set([guidance])
    cited.publish_unchecked()
    make_entry(
        question="Are stem cell clinics safe?",
        answer="Unlicensed clinics are **not** regulated. Ask a GP first.",
        topics=["safety", "clinics"],
    )
    record_review(make_entry(question="Does stress cause hair loss?"))
    make_page(
        "about",
        title="About us",
        body="## Who writes our pages\n\nWriters, with a clinician's review."
        "\n\n- [Privacy](/privacy/)\n- [Report a problem](/report/)",
    )
