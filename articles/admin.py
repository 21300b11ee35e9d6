from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin

from hairsite.admin_options import CLINICAL_REVIEW_FIELDSET, FORMFIELD_OVERRIDES

from .models import Article, Section

# markdownx wires up editors once, at page load; this makes rows added with
# "Add another section" get a working editor and preview too.
MARKDOWNX_INLINE_JS = "admin/js/markdownx_inlines.js"


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["position", "heading", "anchor", "topics", "body"]
    formfield_overrides = FORMFIELD_OVERRIDES


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    inlines = [SectionInline]
    list_display = [
        "title",
        "is_published",
        "is_investigational",
        "reviewed_by",
        "updated_at",
    ]
    list_filter = ["is_published", "is_investigational", "last_reviewed"]
    search_fields = ["title", "standfirst", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "is_published"]}),
        (
            "Trust",
            {"fields": ["is_investigational", "author_name", "author_credentials"]},
        ),
        CLINICAL_REVIEW_FIELDSET,
        ("Dates", {"fields": ["created_at", "updated_at"]}),
    ]

    class Media:
        js = [MARKDOWNX_INLINE_JS]


@admin.register(Section)
class SectionAdmin(MarkdownxModelAdmin):
    list_display = ["heading", "article", "position", "topic_names"]
    list_filter = ["article", "topics"]
    list_select_related = ["article"]
    search_fields = ["heading", "body"]
    fields = ["article", "position", "heading", "anchor", "topics", "body"]
    formfield_overrides = FORMFIELD_OVERRIDES

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="topics")
    def topic_names(self, section: Section) -> str:
        return ", ".join(topic.name for topic in section.topics.all())
