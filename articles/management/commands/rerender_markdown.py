from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, Section
from articles.rendering import with_body
from disclaimers.models import Disclaimer
from editorial.signals import live_changed
from faq.models import Entry
from hairsite.markdown import render_markdown
from hairsite.page_cache import expire_every_page
from pages.models import Page

# Each model with stored HTML: its Markdown field and the HTML made from it.
RENDERED_FIELDS = [
    (Article, "standfirst", "standfirst_html"),
    (Section, "body", "body_html"),
    (Entry, "answer", "answer_html"),
    (Disclaimer, "text", "text_html"),
    (Page, "body", "body_html"),
]


class Command(BaseCommand):
    help = (
        "Render every stored Markdown field again, working copies and published "
        "pages alike, and the published articles' bodies, after the renderer, its "
        "sanitiser or the article templates changed. Nothing else "
        "changes: no dates, versions or workflow states."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for model, source, target in RENDERED_FIELDS:
            changed = 0
            for pk, markdown, html in model.objects.values_list("pk", source, target):
                if (fresh := render_markdown(markdown)) != html:
                    # update(), not save(): derived HTML is no editorial change.
                    model.objects.filter(pk=pk).update(**{target: fresh})
                    changed += 1
            self.stdout.write(f"{model._meta.verbose_name_plural}: {changed} changed")
        # The article bodies quote the disclaimers just refreshed.
        disclaimers = Disclaimer.objects.by_key()
        for model in (Article, Entry):
            changed = 0
            for obj in model.objects.published().only("live"):
                live = rerender_page(obj.live)
                if model is Article:
                    live = with_body(live, disclaimers)
                if live != obj.live:
                    model.objects.filter(pk=obj.pk).update(live=live)
                    obj.live = live
                    live_changed.send(sender=model, instance=obj)
                    changed += 1
            self.stdout.write(
                f"published {model._meta.verbose_name_plural}: {changed} changed"
            )
        # Disclaimers and site pages changed by update() sent no signal, and
        # they show on every page.
        expire_every_page()


def rerender_page(page: dict) -> dict:
    """Render a published snapshot's HTML again from the Markdown it keeps."""
    page = dict(page)
    for source, target in [
        ("standfirst", "standfirst_html"),
        ("answer", "answer_html"),
    ]:
        if source in page:
            page[target] = render_markdown(page[source])
    if "sections" in page:
        page["sections"] = [
            {**section, "body_html": render_markdown(section["body"])}
            for section in page["sections"]
        ]
    return page
