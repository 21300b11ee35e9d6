from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every published page. Publishing keeps "
        "it up to date; run this after restoring a database or changing how "
        "pages are indexed."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Search index rebuilt: {rebuild()} documents.")
