"""Published content in bulk for the benchmarks, cloned from existing pages."""

from collections import defaultdict
from itertools import cycle, islice

from django.db import models, transaction

from articles.models import Article, Section
from editorial.models import Workflow
from faq.models import Entry

# What a copy must not inherit: it is published afresh.
UNPUBLISHED = {"live": None, "first_published_at": None, "published_at": None}


def copy_of[M: models.Model](obj: M, **changes) -> M:
    """Return an unsaved copy of `obj`'s own columns, with `changes` applied."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    return type(obj)(**(values | changes))


def copy_links(field: models.ManyToManyField, pairs: list[tuple]) -> None:
    """Give each copy in (copy, original) `pairs` its original's links by `field`."""
    through = field.remote_field.through
    source = f"{field.m2m_field_name()}_id"
    target = f"{field.m2m_reverse_field_name()}_id"
    linked = defaultdict(list)
    originals = {original.pk for _, original in pairs}
    for source_id, target_id in through.objects.filter(
        **{f"{source}__in": originals}
    ).values_list(source, target):
        linked[source_id].append(target_id)
    through.objects.bulk_create(
        through(**{source: copy.pk, target: target_id})
        for copy, original in pairs
        for target_id in linked[original.pk]
    )


def publish_without_history(obj: Workflow) -> None:
    """Publish through the model, skipping django-simple-history's record."""
    # Copies need no history, and recording it is most of the time taken.
    obj.skip_history_when_saving = True
    obj.publish_unchecked()


@transaction.atomic
def clone_articles(
    template: Article, copies: int, sections: int, slug_prefix: str
) -> list[Article]:
    """Publish `copies` copies of `template`, its sections repeated to `sections`."""
    articles = Article.objects.bulk_create(
        copy_of(
            template,
            title=f"{template.title} ({slug_prefix} {n})",
            slug=f"{slug_prefix}-{n}",
            live_slug="",
            live_title="",
            **UNPUBLISHED,
        )
        for n in range(1, copies + 1)
    )
    originals = list(template.sections.all())
    pairs = [
        (
            copy_of(
                original,
                article_id=article.pk,
                position=position,
                anchor=f"{original.anchor}-{position}",
            ),
            original,
        )
        for article in articles
        for position, original in enumerate(islice(cycle(originals), sections), 1)
    ]
    Section.objects.bulk_create([copy for copy, _ in pairs])
    for name in ("topics", "references"):
        copy_links(Section._meta.get_field(name), pairs)
    for article in articles:
        publish_without_history(article)
    return articles


@transaction.atomic
def clone_entries(templates: list[Entry], copies: int) -> list[Entry]:
    """Publish `copies` FAQ entries, copies of `templates` in turn."""
    pairs = [
        (copy_of(original, position=position, **UNPUBLISHED), original)
        for position, original in enumerate(islice(cycle(templates), copies), 1)
    ]
    Entry.objects.bulk_create([copy for copy, _ in pairs])
    for name in ("topics", "references"):
        copy_links(Entry._meta.get_field(name), pairs)
    entries = list(
        Entry.objects.filter(pk__in=[copy.pk for copy, _ in pairs])
        .select_related("article", "reviewer")
        .prefetch_related("topics", "references")
    )
    for entry in entries:
        publish_without_history(entry)
    return entries
