from django.contrib import admin

from articles.admin import ArticleFilter
from editorial.admin import ReviewFilter, WorkflowAdmin, content_checks

from .models import Entry


@admin.register(Entry)
class EntryAdmin(WorkflowAdmin):
    list_display = ["question", "position", "state", "reviewer", "review_due_display"]
    # Reorder questions straight from the list.
    list_editable = ["position"]
    workflow_neutral_fields = ["version", "position"]
    list_filter = ["status", ReviewFilter, "topics", ("article", ArticleFilter)]
    list_select_related = ["reviewer"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["references"]
    readonly_fields = [content_checks]
    fieldsets = [
        (None, {"fields": ["question", "answer", content_checks, "version"]}),
        ("Placing", {"fields": ["position", "topics", "references", "article"]}),
        ("Review", {"fields": ["review_due"]}),
    ]
