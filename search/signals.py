"""Keep the search index in step with what visitors see."""

from django.dispatch import receiver

from articles.models import Article
from editorial.signals import live_changed
from faq.models import Entry

from .index import index


@receiver(live_changed, sender=Article)
@receiver(live_changed, sender=Entry)
def reindex_page(sender, instance, **kwargs) -> None:
    """Index the page's new published snapshot, or drop it when unpublished."""
    # Inside the publishing transaction: the index commits or rolls back with it.
    index(instance)
