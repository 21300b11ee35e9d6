"""The search index: one document per published section and FAQ answer."""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.utils.safestring import SafeString

from .text import START_MATCH, STOP_MATCH, excerpt, snippet_html, split_words

# The pages are in English: stem words ("treatments" finds "treatment") and
# drop stop words the English way.
SEARCH_CONFIG = "english"

# What PostgreSQL matches and ranks: a heading or question counts more than body.
SEARCH_VECTOR = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "body", weight="B", config=SEARCH_CONFIG
)


class DocumentQuerySet(models.QuerySet):
    def search(self, query: str) -> "DocumentQuerySet":
        """Return the documents matching the query, best first."""
        if not split_words(query):
            return self.none()
        shown = self.only("page_title", "title", "body", "url")
        if connections[self.db].vendor == "postgresql":
            return shown.ranked_search(query)
        return shown.word_search(query)

    def ranked_search(self, query: str) -> "DocumentQuerySet":
        """Search PostgreSQL's stored vectors, ranked, with a headline for each."""
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(search_vector=search_query)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                headline=SearchHeadline(
                    "body",
                    search_query,
                    config=SEARCH_CONFIG,
                    start_sel=START_MATCH,
                    stop_sel=STOP_MATCH,
                ),
            )
            .order_by("-rank", "page_title", "position", "pk")
        )

    def word_search(self, query: str) -> "DocumentQuerySet":
        """Find documents holding every word, those with words in the title first."""
        matches = Q()
        rank = Value(0)
        for word in split_words(query):
            in_title = Q(title__icontains=word)
            matches &= in_title | Q(body__icontains=word)
            rank += Case(When(in_title, then=1), default=0)
        return (
            self.filter(matches)
            .annotate(rank=rank)
            .order_by("-rank", "page_title", "position", "pk")
        )


class Document(models.Model):
    """A published section or FAQ answer, as plain text for search.

    Made only from the live snapshots visitors see, never from working copies,
    and replaced whenever a snapshot changes (see signals.py).
    """

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    entry = models.ForeignKey(
        "faq.Entry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    page_title = models.CharField(max_length=300)
    title = models.CharField(max_length=300)  # the section heading or question
    body = models.TextField()  # the visible words, without markup
    url = models.CharField(max_length=500)  # ending in the #anchor
    position = models.PositiveIntegerField()  # order on its page
    # Filled on PostgreSQL only, by index.store_search_vectors(), and indexed
    # there by a GIN index that migration 0001 adds.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) ^ Q(entry__isnull=True),
                name="search_document_from_one_page",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_title}: {self.title}"

    def snippet(self, query: str) -> SafeString:
        """Return the text around the query's matches as HTML, matches marked."""
        headline = getattr(self, "headline", None)  # from ranked_search()
        if headline is None:
            headline = excerpt(self.body, split_words(query))
        return snippet_html(headline, self.body)
