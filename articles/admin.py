from collections.abc import Iterable

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from editorial.admin import (
    HistoryAdmin,
    MarkdownAdmin,
    MarkdownFieldsMixin,
    ReviewFilter,
    WorkflowAdmin,
    content_checks,
)
from editorial.forms import VersionedForm

from .forms import SectionForm
from .models import Article, CareCard, CareCardItem, CycleDiagram, CycleStage, Section


class ArticlePartMixin:
    """Flag the articles whose parts a bulk deletion removes."""

    def delete_queryset(self, request, queryset) -> None:
        # Bulk deletion skips the model's delete(): flag the articles here.
        articles = self.model.articles_of(queryset)
        article_ids = list(articles.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        Article.objects.filter(pk__in=article_ids).mark_changed()


class CountedRowsInline(admin.TabularInline):
    """Rows whose count matters: too few or too many do not save."""

    form = VersionedForm
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.update(validate_min=True, validate_max=True)
        return super().get_formset(request, obj, **kwargs)


def listed(texts: Iterable[str], empty: str) -> str:
    """Show texts as a numbered list in the admin, or say what is missing."""
    items = format_html_join("", "<li>{}</li>", ((text,) for text in texts))
    return format_html("<ol>{}</ol>", items) if items else empty


@admin.display(description="situations")
def situation_list(card: CareCard) -> str:
    return listed(
        (item.text for item in card.items.all()),
        "None yet: save, then open the card with “Change” to list them.",
    )


@admin.display(description="stages")
def stage_list(diagram: CycleDiagram) -> str:
    return listed(
        (stage.name for stage in diagram.stages.all()),
        "None yet: save, then open the diagram with “Change” to add them.",
    )


# What an editor writes in a section, on the article's page and on its own.
SECTION_FIELDS = [
    "position",
    "heading",
    "anchor",
    "evidence_label",
    "topics",
    "references",
    "body",
]


class SectionInline(MarkdownFieldsMixin, admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    # Each row links to the section's own page, and so to its history.
    show_change_link = True
    fields = [*SECTION_FIELDS, content_checks, "version"]
    readonly_fields = [content_checks]
    autocomplete_fields = ["references"]

    def get_queryset(self, request):
        # Each row shows its topics and references: fetch them all at once.
        return super().get_queryset(request).prefetch_related("topics", "references")


class CareCardInline(admin.TabularInline):
    model = CareCard
    form = VersionedForm
    extra = 0
    # The admin cannot nest inlines: situations are edited on the card's page.
    show_change_link = True
    fields = ["position", "level", "heading", situation_list, "version"]
    readonly_fields = [situation_list]
    verbose_name_plural = "when to see a doctor (care cards)"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin):
    inlines = [SectionInline, CareCardInline]
    list_display = [
        "title",
        "state",
        "is_investigational",
        "reviewer",
        "review_due_display",
        "updated_at",
    ]
    list_filter = ["status", ReviewFilter, "is_investigational"]
    list_select_related = ["reviewer"]
    search_fields = ["title", "standfirst", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "version"]}),
        (
            "Trust",
            {
                "fields": [
                    "is_investigational",
                    "author_name",
                    "author_credentials",
                    "review_due",
                ]
            },
        ),
        ("Dates", {"fields": ["created_at", "updated_at"]}),
    ]


class CycleDiagramInline(admin.StackedInline):
    model = CycleDiagram
    form = VersionedForm
    extra = 0
    # The admin cannot nest inlines: stages are edited on the diagram's page.
    show_change_link = True
    fields = ["title", "caption", stage_list, "version"]
    readonly_fields = [stage_list]


class ArticleFilter(admin.RelatedFieldListFilter):
    """Filter by article, reading only titles, not each article's published page."""

    def field_choices(self, field, request, model_admin):
        return list(Article.objects.values_list("pk", "title"))


@admin.register(Section)
class SectionAdmin(ArticlePartMixin, MarkdownAdmin):
    form = SectionForm
    inlines = [CycleDiagramInline]
    list_display = ["heading", "article", "position", "evidence_label", "topic_names"]
    list_filter = [("article", ArticleFilter), "topics", "evidence_label"]
    list_select_related = ["article"]
    search_fields = ["heading", "body"]
    fields = ["article", *SECTION_FIELDS, "version", content_checks]
    readonly_fields = [content_checks]
    autocomplete_fields = ["references"]

    def get_queryset(self, request):
        # The list shows each section's article by title: leave its page out.
        queryset = super().get_queryset(request).defer("article__live")
        return queryset.prefetch_related("topics")

    @admin.display(description="topics")
    def topic_names(self, section: Section) -> str:
        return ", ".join(topic.name for topic in section.topics.all())


class CareCardItemInline(CountedRowsInline):
    model = CareCardItem
    min_num = 1
    fields = ["position", "text", "version"]


@admin.register(CareCard)
class CareCardAdmin(ArticlePartMixin, HistoryAdmin):
    form = VersionedForm
    inlines = [CareCardItemInline]
    list_display = ["heading", "level", "article", "position"]
    list_filter = ["level"]
    list_select_related = ["article"]
    search_fields = ["heading", "items__text", "article__title"]
    autocomplete_fields = ["article"]
    fields = ["article", "position", "level", "heading", "version"]


class CycleStageInline(CountedRowsInline):
    model = CycleStage
    min_num = 2
    max_num = 6  # more would crowd the labels drawn inside the ring
    fields = ["position", "name", "duration", "description", "version"]


@admin.register(CycleDiagram)
class CycleDiagramAdmin(ArticlePartMixin, HistoryAdmin):
    form = VersionedForm
    inlines = [CycleStageInline]
    list_display = ["title", "section", "article"]
    list_select_related = ["section__article"]
    search_fields = ["title", "caption", "stages__name", "section__heading"]
    autocomplete_fields = ["section"]
    fields = ["section", "title", "caption", "version"]

    @admin.display(description="article", ordering="section__article__title")
    def article(self, diagram: CycleDiagram) -> Article:
        return diagram.section.article
