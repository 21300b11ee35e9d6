"""The Atom feed of published articles."""

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from hairsite.metadata import SITE_NAME, absolute_url

from .models import Article


class ArticleFeed(Feed):
    """The latest published articles, as visitors see them; links on SITE_URL."""

    feed_type = Atom1Feed
    title = f"{SITE_NAME}: articles"
    subtitle = "New and updated articles about hair loss and the research into it."

    def link(self) -> str:
        return absolute_url(reverse("home"))

    def feed_url(self) -> str:
        return absolute_url(reverse("feed"))

    def author_name(self) -> str:
        return settings.PUBLISHER_NAME

    def items(self) -> list[dict]:
        articles = Article.objects.published().only("live").order_by("-published_at")
        return [article.live_page for article in articles[:20]]

    def item_title(self, page: dict) -> str:
        return page["title"]

    def item_description(self, page: dict) -> str:
        return page["standfirst_html"]

    def item_link(self, page: dict) -> str:
        return absolute_url(page["url"])

    def item_author_name(self, page: dict) -> str:
        return page["author_name"]

    def item_pubdate(self, page: dict) -> datetime:
        return page["first_published_at"]

    def item_updateddate(self, page: dict) -> datetime:
        return page["published_at"]
