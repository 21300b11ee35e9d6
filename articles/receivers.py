"""Keep the published articles' rendered bodies in step with what they show."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from disclaimers.models import Disclaimer

from .models import Article
from .rendering import with_body


@receiver(post_save, sender=Disclaimer)
def render_bodies_again(sender, instance: Disclaimer, raw: bool, **kwargs) -> None:
    """Render every published article again: their bodies quote the disclaimers."""
    if raw:
        return
    disclaimers = Disclaimer.objects.by_key()
    for pk, live in Article.objects.published().values_list("pk", "live"):
        # update(): new wording is no editorial change to the article.
        Article.objects.filter(pk=pk).update(live=with_body(live, disclaimers))
