from django.contrib import admin

from editorial.admin import (
    MarkdownAdmin,
    MarkdownFieldsMixin,
    ReviewFilter,
    WorkflowAdmin,
    content_checks,
)

from .forms import SectionForm
from .models import Article, Section


class SectionInline(MarkdownFieldsMixin, admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    # Each row links to the section's own page, and so to its history.
    show_change_link = True
    fields = [
        "position",
        "heading",
        "anchor",
        "evidence_label",
        "topics",
        "references",
        "body",
        content_checks,
        "version",
    ]
    readonly_fields = [content_checks]
    autocomplete_fields = ["references"]


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin):
    inlines = [SectionInline]
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


@admin.register(Section)
class SectionAdmin(MarkdownAdmin):
    form = SectionForm
    list_display = ["heading", "article", "position", "evidence_label", "topic_names"]
    list_filter = ["article", "topics", "evidence_label"]
    list_select_related = ["article"]
    search_fields = ["heading", "body"]
    fields = [
        "article",
        "position",
        "heading",
        "anchor",
        "evidence_label",
        "topics",
        "references",
        "body",
        "version",
        content_checks,
    ]
    readonly_fields = [content_checks]
    autocomplete_fields = ["references"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def delete_queryset(self, request, queryset) -> None:
        # Bulk deletion skips Section.delete(): flag the articles here.
        articles = Article.objects.filter(sections__in=queryset)
        article_ids = list(articles.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        Article.objects.filter(pk__in=article_ids).mark_changed()

    @admin.display(description="topics")
    def topic_names(self, section: Section) -> str:
        return ", ".join(topic.name for topic in section.topics.all())
