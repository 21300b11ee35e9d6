from django.contrib import admin
from django.http import HttpRequest

from editorial.admin import MarkdownAdmin, content_checks

from .models import Page


@admin.register(Page)
class PageAdmin(MarkdownAdmin):
    list_display = ["title", "key", "updated_at"]
    search_fields = ["title", "description", "body"]
    fields = ["key", "title", "description", "body", content_checks, "version"]
    readonly_fields = ["key", content_checks]

    # The pages are a fixed set, each with its own address; `load_seed` creates
    # any that is missing, and until then visitors see its built-in text.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
