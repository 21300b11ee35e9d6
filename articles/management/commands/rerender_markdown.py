from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, Section
from disclaimers.models import Disclaimer
from faq.models import Entry

# Each model with stored HTML, and the field that holds it.
RENDERED_FIELDS = [
    (Article, "standfirst_html"),
    (Section, "body_html"),
    (Entry, "answer_html"),
    (Disclaimer, "text_html"),
]


class Command(BaseCommand):
    help = (
        "Render every stored Markdown field again, after the renderer or its "
        "sanitiser changed. Modification dates are left alone."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for model, field in RENDERED_FIELDS:
            changed = 0
            for obj in model.objects.iterator():
                before = getattr(obj, field)
                # save() renders; update_fields keeps auto_now dates unchanged.
                obj.save(update_fields=[field])
                changed += getattr(obj, field) != before
            name = model._meta.verbose_name_plural
            self.stdout.write(f"{name}: {changed} changed")
