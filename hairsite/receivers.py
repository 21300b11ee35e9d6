"""Expire the stored public pages that each change of content affects."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse

from articles.models import Article
from disclaimers.models import TOPIC_DISCLAIMER_KEYS, Disclaimer
from editorial.signals import live_changed
from faq.models import Entry
from pages.models import Page

from .page_cache import expire_every_page, expire_pages

# In the footer of every page.
FOOTER_DISCLAIMERS = {"medical-advice", "urgent-care"}
# Shown by an article's title, on its page and the home page, for these articles.
TITLE_DISCLAIMERS = {
    "headline-qualifier": Q(live__makes_headline_claim=True),
    "investigational-therapy": Q(live__is_investigational=True),
    "not-reviewed": Q(live__reviewer=None),
}
FAQ_DISCLAIMERS = {"faq-general", "headline-qualifier", "not-reviewed"}


def article_path(slug: str) -> str:
    return reverse("articles:detail", kwargs={"slug": slug})


def sitemap_paths(section: str) -> list[str]:
    """Return the sitemap section's path, and the index's, which dates each section."""
    return [reverse("sitemap"), reverse("sitemap-section", kwargs={"section": section})]


def listing_paths() -> list[str]:
    """Return the paths of the pages that list every published article."""
    return [reverse("home"), reverse("feed"), *sitemap_paths("articles")]


@receiver(live_changed, sender=Article)
def expire_article(sender, instance: Article, **kwargs) -> None:
    """Expire the article's page and the listings that summarise it."""
    paths = listing_paths()
    if instance.is_public:
        paths.append(article_path(instance.live["slug"]))
    expire_pages(paths)


@receiver(pre_save, sender=Article)
def expire_article_address(sender, instance: Article, raw: bool, **kwargs) -> None:
    """Expire the page at the address an article leaves, and the FAQ's links to it."""
    if raw or instance._state.adding:
        return
    stored = (
        Article.objects.filter(pk=instance.pk)
        .values_list("live_slug", flat=True)
        .first()
    )
    if stored != (instance.live["slug"] if instance.is_public else ""):
        # The FAQ links an answer to its article only while that is public.
        paths = [reverse("faq:list")]
        if stored:
            paths.append(article_path(stored))
        expire_pages(paths)


@receiver(post_delete, sender=Article)
def expire_deleted_article(sender, instance: Article, **kwargs) -> None:
    if instance.is_public:
        paths = [*listing_paths(), reverse("faq:list")]
        expire_pages([*paths, article_path(instance.live["slug"])])


@receiver(live_changed, sender=Entry)
def expire_faq(sender, instance: Entry, **kwargs) -> None:
    """Expire the FAQ on publish and on unpublish alike, when `live` is gone."""
    expire_pages([reverse("faq:list"), *sitemap_paths("faq")])


@receiver(post_delete, sender=Entry)
def expire_deleted_entry(sender, instance: Entry, **kwargs) -> None:
    if instance.is_public:
        expire_faq(sender, instance)


@receiver(pre_save, sender=Entry)
def expire_faq_on_reorder(sender, instance: Entry, raw: bool, **kwargs) -> None:
    """Expire the FAQ when a published answer moves: its order is not in snapshots."""
    if raw or instance._state.adding or not instance.is_public:
        return
    if (
        Entry.objects.filter(pk=instance.pk)
        .exclude(position=instance.position)
        .exists()
    ):
        expire_pages([reverse("faq:list")])


@receiver(post_save, sender=Disclaimer)
def expire_pages_showing(sender, instance: Disclaimer, **kwargs) -> None:
    """Expire the pages that show the disclaimer."""
    key = instance.key
    if key in FOOTER_DISCLAIMERS:
        expire_every_page()
        return
    paths = [reverse("disclaimers:page")]
    if key in FAQ_DISCLAIMERS or key in TOPIC_DISCLAIMER_KEYS:
        paths.append(reverse("faq:list"))
    if key in TITLE_DISCLAIMERS or key in TOPIC_DISCLAIMER_KEYS:
        # Topic disclaimers: every article, rather than search their sections.
        showing = Article.objects.published().filter(TITLE_DISCLAIMERS.get(key, Q()))
        slugs = list(showing.values_list("live_slug", flat=True))
        paths += map(article_path, slugs)
        if key in TITLE_DISCLAIMERS and slugs:
            paths.append(reverse("home"))
    expire_pages(paths)


@receiver(post_save, sender=Page)
def expire_site_page(sender, instance: Page, **kwargs) -> None:
    expire_pages([instance.get_absolute_url()])
