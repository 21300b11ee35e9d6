from django.core.management.base import BaseCommand

from hairsite.page_cache import expire_every_page


class Command(BaseCommand):
    help = (
        "Stop serving every stored public page, so that each renders afresh: run "
        "it at each deploy, after rerender_markdown, since new templates or code "
        "change pages no edit did."
    )

    def handle(self, *args, **options) -> None:
        expire_every_page()
        self.stdout.write("Every stored page will render afresh.")
