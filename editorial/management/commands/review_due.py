from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize
from django.utils import timezone

from articles.models import Article
from faq.models import Entry


class Command(BaseCommand):
    help = (
        "List articles and FAQ entries whose clinical review is due; exit with "
        "status 1 when any is, so that a scheduler can raise the alarm."
    )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        overdue = [
            (model._meta.verbose_name, obj)
            for model in (Article, Entry)
            for obj in model.objects.overdue_for_review().order_by("review_due")
        ]
        for kind, obj in overdue:
            days = (today - obj.review_due).days
            late = f"{days} day{pluralize(days)} overdue" if days else "due today"
            self.stdout.write(f"{obj.review_due:%Y-%m-%d}  {kind}: {obj} ({late})")
        if overdue:
            raise CommandError(f"{len(overdue)} overdue for clinical review.")
        self.stdout.write("Nothing is overdue for clinical review.")
