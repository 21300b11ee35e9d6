"""Admin options that the content apps share."""

from django import forms
from django.db import models
from markdownx.admin import MarkdownxModelAdmin

# Markdown editors with live preview, and topic tags as tick boxes.
FORMFIELD_OVERRIDES = {
    **MarkdownxModelAdmin.formfield_overrides,
    models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
}

CLINICAL_REVIEW_FIELDSET = (
    "Clinical review",
    {
        "fields": ["reviewed_by", "last_reviewed"],
        "description": "Record a review only once a clinician has really done it.",
    },
)


class MarkdownAdmin(MarkdownxModelAdmin):
    """Admin for models with Markdown fields, edited with a live preview."""

    formfield_overrides = FORMFIELD_OVERRIDES

    class Media:
        # Makes markdownx work in inline rows added with "Add another", and
        # shows why an image upload was refused.
        js = ["admin/js/markdown_editor.js"]
