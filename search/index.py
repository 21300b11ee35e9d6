"""Make search documents from published snapshots, never from working copies."""

from collections.abc import Iterator
from itertools import batched

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import connections, models, transaction
from django.urls import reverse

from faq.views import TITLE as FAQ_TITLE

from .models import SEARCH_VECTOR, Document
from .text import plain_text


def section_documents(page: dict) -> Iterator[dict]:
    """Yield the fields of a document for each section of a published article."""
    for position, section in enumerate(page["sections"]):
        yield {
            "page_title": page["title"],
            "title": section["heading"],
            "body": plain_text(section["body_html"]),
            "url": f"{page['url']}#{section['anchor']}",
            "position": position,
        }


def answer_documents(page: dict) -> Iterator[dict]:
    """Yield the fields of the document for a published FAQ answer."""
    yield {
        "page_title": FAQ_TITLE,
        "title": page["question"],
        "body": plain_text(page["answer_html"]),
        "url": f"{reverse('faq:list')}#{page['anchor']}",
        "position": 0,
    }


# Each indexed model: the document field naming its page, and how the page's
# published snapshot becomes documents.
SOURCES = {
    "articles.Article": ("article", section_documents),
    "faq.Entry": ("entry", answer_documents),
}


def documents_for(document_model: type[models.Model], page: models.Model) -> list:
    """Return unsaved documents made from the page's published snapshot."""
    field, documents = SOURCES[page._meta.label]
    if page.live is None:
        return []
    return [
        document_model(**{field: page}, **values) for values in documents(page.live)
    ]


def store_search_vectors(documents: models.QuerySet) -> None:
    """Store the vectors PostgreSQL searches; elsewhere search matches words."""
    if connections[documents.db].vendor == "postgresql":
        documents.update(search_vector=SEARCH_VECTOR)


def index(page: models.Model) -> None:
    """Replace the page's documents with ones made from its published snapshot."""
    field, _ = SOURCES[page._meta.label]
    documents = Document.objects.filter(**{field: page})
    with transaction.atomic():
        documents.delete()
        Document.objects.bulk_create(documents_for(Document, page))
        store_search_vectors(documents)


def rebuild(apps: Apps = global_apps) -> int:
    """Replace the whole index with documents made from every published page."""
    document_model = apps.get_model("search", "Document")
    with transaction.atomic():
        document_model.objects.all().delete()
        documents = (
            document
            for label in SOURCES
            # live__isnull, as published() says: migrations' models lack it.
            for page in apps.get_model(label)
            .objects.filter(live__isnull=False)
            .only("live")
            .iterator()
            for document in documents_for(document_model, page)
        )
        for batch in batched(documents, 1000):
            document_model.objects.bulk_create(batch)
        store_search_vectors(document_model.objects.all())
        return document_model.objects.count()
