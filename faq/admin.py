from django.contrib import admin

from hairsite.admin_options import CLINICAL_REVIEW_FIELDSET, MarkdownAdmin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(MarkdownAdmin):
    list_display = ["question", "position", "is_published", "article", "reviewed_by"]
    # Reorder questions straight from the list.
    list_editable = ["position"]
    list_filter = ["is_published", "topics", "article", "last_reviewed"]
    list_select_related = ["article"]
    search_fields = ["question", "answer"]
    fieldsets = [
        (None, {"fields": ["question", "answer", "position", "topics", "article"]}),
        ("Publishing", {"fields": ["is_published"]}),
        CLINICAL_REVIEW_FIELDSET,
    ]
