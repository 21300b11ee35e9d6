import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, Section
from disclaimers.models import Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from faq.models import Entry

SEED_FILE = Path(__file__).resolve().parents[2] / "seed" / "stem_cell_baldness.json"


class Command(BaseCommand):
    help = (
        "Load the seed article, its FAQ and the disclaimer wording. Safe to run "
        "again: it only adds what is missing and never overwrites an editor's work."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        created = {"disclaimers": 0, "articles": 0, "sections": 0, "FAQ entries": 0}

        for required in REQUIRED_DISCLAIMERS.values():
            _, new = Disclaimer.objects.get_or_create(
                key=required.key,
                defaults={"title": required.title, "text": required.text},
            )
            created["disclaimers"] += new

        # The seed has had no clinical review: nothing here records one.
        article, new = Article.objects.get_or_create(
            slug=seed["article"]["slug"],
            defaults={**seed["article"], "is_published": True},
        )
        created["articles"] += new
        # Sections and questions come only with a new article: matched later by
        # anchor or wording, any that an editor had changed would come back.
        if new:
            for position, item in enumerate(seed["sections"], start=1):
                section = Section.objects.create(
                    article=article,
                    position=position,
                    heading=item["heading"],
                    body=item["body"],
                )
                section.topics.set(Topic.objects.filter(slug__in=item["topics"]))
                created["sections"] += 1
            for position, item in enumerate(seed["faq"], start=1):
                entry = Entry.objects.create(
                    question=item["question"],
                    answer=item["answer"],
                    position=position,
                    article=article,
                    is_published=True,
                )
                entry.topics.set(Topic.objects.filter(slug__in=item["topics"]))
                created["FAQ entries"] += 1

        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Seed loaded: created {summary}.")
