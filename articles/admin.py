from django import forms
from django.contrib import admin

from hairsite.admin_options import (
    CLINICAL_REVIEW_FIELDSET,
    FORMFIELD_OVERRIDES,
    MarkdownAdmin,
)

from .models import Article, Section, anchor_for


class SectionForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned_data = super().clean()
        # The inline formset compares rows' anchors in cleaned_data, not on the
        # instance: fill a blank one here so that it sees the anchor to be saved.
        if not cleaned_data.get("anchor") and cleaned_data.get("heading"):
            cleaned_data["anchor"] = anchor_for(
                cleaned_data["heading"], cleaned_data.get("position") or 0
            )
        return cleaned_data


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    fields = ["position", "heading", "anchor", "topics", "body"]
    formfield_overrides = FORMFIELD_OVERRIDES


@admin.register(Article)
class ArticleAdmin(MarkdownAdmin):
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


@admin.register(Section)
class SectionAdmin(MarkdownAdmin):
    form = SectionForm
    list_display = ["heading", "article", "position", "topic_names"]
    list_filter = ["article", "topics"]
    list_select_related = ["article"]
    search_fields = ["heading", "body"]
    fields = ["article", "position", "heading", "anchor", "topics", "body"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="topics")
    def topic_names(self, section: Section) -> str:
        return ", ".join(topic.name for topic in section.topics.all())
