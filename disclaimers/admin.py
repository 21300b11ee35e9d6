from django.contrib import admin
from django.http import HttpRequest

from editorial.admin import MarkdownAdmin

from .models import Disclaimer, Topic
from .registry import REQUIRED_DISCLAIMERS


@admin.register(Disclaimer)
class DisclaimerAdmin(MarkdownAdmin):
    list_display = ["title", "key", "updated_at"]
    search_fields = ["key", "title", "text"]
    fields = ["key", "title", "text", "version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Disclaimer | None = None):
        # The key is how pages find a disclaimer: fixed once the record exists.
        return ["key"] if obj else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Only keys the site requires, and only those without a record yet.
        missing = set(REQUIRED_DISCLAIMERS) - set(
            Disclaimer.objects.values_list("key", flat=True)
        )
        return bool(missing) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "key":
            # Offer only the keys still missing a record (the add form's only use).
            taken = set(Disclaimer.objects.values_list("key", flat=True))
            kwargs["choices"] = [("", "---------")] + [
                (key, key) for key in REQUIRED_DISCLAIMERS if key not in taken
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "disclaimer_key"]

    # Topics are a fixed vocabulary tied to the disclaimers; editors apply them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
