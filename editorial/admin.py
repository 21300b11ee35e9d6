"""Admin for the editorial workflow: versions, review, publishing and history."""

import difflib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from .checks import check_markdown, readability
from .forms import MarkdownFormField, VersionedForm
from .models import Reference, Reviewer, Workflow


class HistoryAdmin(SimpleHistoryAdmin):
    """History with a readable diff of each change, and revert to any version."""

    history_list_display = ["changes"]

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        """Skip simple-history's own field deltas: `changes` shows a readable diff."""

    @admin.display(description="what changed")
    def changes(self, record) -> str:
        previous = record.prev_record
        if previous is None:
            return "Created"
        rows = []
        for change in record.diff_against(previous).changes:
            if change.field == "version":
                continue
            old, new = str(change.old or ""), str(change.new or "")
            if "\n" in old or "\n" in new or len(old) + len(new) > 120:
                # [2:] drops the "--- "/"+++ " file header: it is no change.
                lines = list(
                    difflib.unified_diff(
                        old.splitlines(), new.splitlines(), lineterm="", n=1
                    )
                )[2:]
                body = format_html_join(
                    "\n",
                    '<span class="diff-{}">{}</span>',
                    ((DIFF_CLASSES.get(line[:1], "same"), line) for line in lines),
                )
                rows.append(format_html("<b>{}</b><pre>{}</pre>", change.field, body))
            else:
                rows.append(
                    format_html("<b>{}</b>: “{}” → “{}”", change.field, old, new)
                )
        return format_html_join("", "<div>{}</div>", ((row,) for row in rows)) or "—"


DIFF_CLASSES = {"+": "added", "-": "removed", "@": "hunk"}

# Fields only the workflow changes; a form, a revert included, never does.
WORKFLOW_FIELDS = [
    "status",
    "live",
    "first_published_at",
    "published_at",
    "reviewer",
    "last_reviewed",
]
# Buttons on the change page, the model method each calls, and what it says.
WORKFLOW_BUTTONS = {
    "_submit_review": ("submit_for_review", "Submitted for review."),
    "_record_review": ("record_review", "Clinical review recorded."),
    "_publish": ("publish", "Published: visitors now see this version."),
    "_unpublish": ("unpublish", "Unpublished: visitors no longer see this."),
}
REVIEWER_BUTTONS = {"_record_review", "_publish", "_unpublish"}


class MarkdownFieldsMixin:
    """Markdown editors with live preview, and topic tags as tick boxes."""

    formfield_overrides = {
        MarkdownxField: {
            "widget": AdminMarkdownxWidget,
            "form_class": MarkdownFormField,
        }
    }

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MarkdownAdmin(MarkdownFieldsMixin, HistoryAdmin):
    """Admin for versioned models with Markdown fields and a live preview."""

    form = VersionedForm

    class Media:
        # Makes markdownx work in inline rows added with "Add another", and
        # shows why an image upload was refused.
        js = ["admin/js/markdown_editor.js"]


@admin.display(description="content checks")
def content_checks(obj) -> str:
    """Show a reviewer what to look at in a section or answer; never blocks."""
    text = getattr(obj, "body", None) or getattr(obj, "answer", "") or ""
    if not text:
        return "—"
    score = readability(text)
    findings = format_html_join(
        "", "<li>{}</li>", ((finding.message,) for finding in check_markdown(text))
    )
    return format_html(
        "<p>{} words, about {} min to read; reading ease {} ({}).</p>{}",
        score.words,
        score.reading_minutes,
        score.flesch_reading_ease,
        score.grade,
        format_html('<ul class="content-warnings">{}</ul>', findings)
        if findings
        else "No warnings.",
    )


class ReviewFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue for review"), ("never", "Never reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue_for_review()
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        return queryset


class WorkflowAdmin(MarkdownAdmin):
    """Submit, review and publish from the change page; reviewers alone publish."""

    change_form_template = "admin/editorial/change_form.html"
    # Fields whose change shows at once, without a new review and publish.
    workflow_neutral_fields = ["version"]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.model.publish_permission)

    @admin.display(description="state")
    def state(self, obj: Workflow) -> str:
        if obj.has_unpublished_changes:
            return f"Published; changes {obj.get_status_display().lower()}"
        return obj.get_status_display()

    @admin.display(description="review due", boolean=False, ordering="review_due")
    def review_due_display(self, obj: Workflow) -> str:
        if obj.review_due is None:
            return "—"
        due = obj.review_due.strftime("%d %b %Y")
        return f"OVERDUE since {due}" if obj.is_review_overdue else due

    def refuse_reviewer_buttons(self, request: HttpRequest) -> None:
        # Refuse before anything is saved: a crafted POST must not half-happen.
        if (
            request.method == "POST"
            and REVIEWER_BUTTONS & set(request.POST)
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves too: the same refusal, and all of it or nothing.
        self.refuse_reviewer_buttons(request)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_publish_permission(request):
            readonly.append("review_due")
        return readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self.refuse_reviewer_buttons(request)
        obj = self.get_object(request, object_id) if object_id else None
        extra_context = {
            **(extra_context or {}),
            "workflow_object": obj,
            "can_publish": self.has_publish_permission(request),
            "can_record_review": hasattr(request.user, "reviewer_profile"),
            "publishing_problems": obj.publishing_problems() if obj else [],
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: Workflow, form, change: bool) -> None:
        if change:
            current = type(obj)._base_manager.get(pk=obj.pk)
            kept = list(WORKFLOW_FIELDS)
            # Only a reviewer may move a review date, and only on purpose: a
            # revert does not bring an old one back.
            if not (
                self.has_publish_permission(request)
                and "review_due" in form.changed_data
            ):
                kept.append("review_due")
            for field in kept:
                setattr(obj, field, getattr(current, field))
            # Against what is stored, not form.changed_data: a revert form's
            # initial values are the old version's, so it reports no change.
            edited = {
                field.name
                for field in obj._meta.concrete_fields
                if field.name in form.fields
                and field.value_from_object(obj) != field.value_from_object(current)
            }
            m2m_edited = {f.name for f in obj._meta.many_to_many} & set(
                form.changed_data
            )
            if (edited | m2m_edited) - set(self.workflow_neutral_fields):
                obj.mark_changed()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change and any(formset.has_changed() for formset in formsets):
            obj.mark_changed()
            obj.save(update_fields=["status"])

    def response_change(self, request: HttpRequest, obj: Workflow) -> HttpResponse:
        return self.run_workflow_button(request, obj) or super().response_change(
            request, obj
        )

    def response_add(self, request, obj, post_url_continue=None) -> HttpResponse:
        return self.run_workflow_button(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def run_workflow_button(self, request, obj: Workflow) -> HttpResponse | None:
        for button, (method, done) in WORKFLOW_BUTTONS.items():
            if button in request.POST:
                try:
                    getattr(obj, method)(request.user)
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, message, messages.ERROR)
                else:
                    self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return None

    @admin.action(description="Submit selected for review")
    def submit_selected(self, request, queryset) -> None:
        for obj in queryset:
            obj.submit_for_review(request.user)
        self.message_user(request, f"{len(queryset)} submitted for review.")

    @admin.action(description="Publish selected", permissions=["publish"])
    def publish_selected(self, request, queryset) -> None:
        published = 0
        for obj in queryset:
            try:
                obj.publish(request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"{obj}: {message}", messages.ERROR)
            else:
                published += 1
        self.message_user(request, f"{published} published.")

    @admin.action(description="Unpublish selected", permissions=["publish"])
    def unpublish_selected(self, request, queryset) -> None:
        for obj in queryset:
            obj.unpublish(request.user)
        self.message_user(request, f"{len(queryset)} unpublished.")


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "registration", "user"]
    search_fields = ["name", "credentials", "registration"]
    autocomplete_fields = ["user"]


@admin.register(Reference)
class ReferenceAdmin(HistoryAdmin):
    form = VersionedForm
    list_display = ["citation", "doi", "pmid", "url"]
    search_fields = ["citation", "doi", "pmid", "url", "supports"]
