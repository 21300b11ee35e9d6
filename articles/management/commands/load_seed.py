import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, CareCard, CycleDiagram, Section
from disclaimers.models import Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from editorial.models import Reference
from faq.models import Entry
from pages.models import Page
from pages.registry import BUILTIN_PAGES

SEED_FILE = Path(__file__).resolve().parents[2] / "seed" / "stem_cell_baldness.json"


class Command(BaseCommand):
    help = (
        "Load the seed article, its FAQ, its references, the disclaimer wording "
        "and the site's own pages. Safe to run again: it adds missing disclaimers "
        "and pages, adds content only to a site that has none, and never "
        "overwrites an editor's work."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        created = {
            "disclaimers": 0,
            "pages": 0,
            "articles": 0,
            "sections": 0,
            "diagrams": 0,
            "care cards": 0,
            "FAQ entries": 0,
        }

        for required in REQUIRED_DISCLAIMERS.values():
            _, new = Disclaimer.objects.get_or_create(
                key=required.key,
                defaults={"title": required.title, "text": required.text},
            )
            created["disclaimers"] += new

        for key, text in BUILTIN_PAGES.items():
            _, new = Page.objects.get_or_create(key=key, defaults=text)
            created["pages"] += new

        # Content only into an empty site: once editors have worked on it, a
        # renamed or deleted seed article must not come back as a duplicate.
        if Article.objects.exists() or Entry.objects.exists():
            self.report(created)
            return
        article = Article.objects.create(
            **seed["article"],
            # No clinical review has happened, so none is recorded: the review
            # is due now, and the page says it is not reviewed.
            review_due=timezone.localdate(),
        )
        created["articles"] += 1
        references = [
            (Reference.objects.create(**fields(item, Reference)), item)
            for item in seed["references"]
        ]
        for position, item in enumerate(seed["sections"], start=1):
            section = Section.objects.create(
                article=article, position=position, **fields(item, Section)
            )
            section.topics.set(Topic.objects.filter(slug__in=item["topics"]))
            section.references.set(
                r for r, cited in references if position in cited["sections"]
            )
            created["sections"] += 1
            if seed_diagram := item.get("diagram"):
                diagram = CycleDiagram.objects.create(
                    section=section, **fields(seed_diagram, CycleDiagram)
                )
                add_rows(diagram.stages, seed_diagram["stages"])
                created["diagrams"] += 1
        for position, item in enumerate(seed["care_cards"], start=1):
            card = CareCard.objects.create(
                article=article, position=position, **fields(item, CareCard)
            )
            add_rows(card.items, [{"text": text} for text in item["items"]])
            created["care cards"] += 1
        # The seed is public from the start; any later publish passes the gate.
        article.publish_unchecked()

        for position, item in enumerate(seed["faq"], start=1):
            entry = Entry.objects.create(
                position=position,
                article=article,
                review_due=timezone.localdate(),
                **fields(item, Entry),
            )
            entry.topics.set(Topic.objects.filter(slug__in=item["topics"]))
            entry.references.set(
                r for r, cited in references if position in cited["faq"]
            )
            entry.publish_unchecked()
            created["FAQ entries"] += 1
        self.report(created)

    def report(self, created: dict[str, int]) -> None:
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Seed loaded: created {summary}.")


def add_rows(related, items: list[dict]) -> None:
    """Create the related rows for `items`, numbered in the seed's order."""
    for position, item in enumerate(items, start=1):
        related.create(position=position, **fields(item, related.model))


def fields(item: dict, model) -> dict:
    """Keep the seed item's values that are plain fields of `model`."""
    names = {
        field.name for field in model._meta.concrete_fields if not field.many_to_many
    }
    return {key: value for key, value in item.items() if key in names}
