"""The admin form that refuses to overwrite edits made since it was opened."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from markdownx.fields import MarkdownxFormField


def current_version(instance: models.Model) -> int | None:
    return (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )


def stale_edit_message(instance: models.Model, seen: int) -> str:
    """Say who changed `instance` since version `seen`, and what they changed."""
    records = instance.history.order_by("history_date")
    base = records.filter(version=seen).last()
    newer = list(records.filter(version__gt=seen))
    if not newer:
        return "This was changed after you opened it."
    latest = newer[-1]
    who = sorted({str(r.history_user) for r in newer if r.history_user}) or ["someone"]
    changed = []
    if base is not None:
        changed = [
            instance._meta.get_field(change.field).verbose_name
            for change in latest.diff_against(base).changes
            if change.field != "version"
        ]
    when = timezone.localtime(latest.history_date).strftime("%H:%M on %d %B %Y")
    return (
        f"Not saved: {', '.join(who)} saved this at {when}, after you opened it"
        + (f", changing {', '.join(changed)}" if changed else "")
        + ". Nothing was overwritten. Copy your changes, reload the page to see "
        "theirs, then make your changes again."
    )


class VersionedForm(forms.ModelForm):
    """Refuse to save a form opened on a version that has since changed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            return
        # From the database, not the instance: a history page's instance is an
        # old version, and reverting to it must not look stale. In `initial`,
        # which ModelForm fills from the instance and which beats field.initial.
        self.initial["version"] = current_version(self.instance)
        if (opened := self.opened_version()) is not None:
            # Judge the editor's changes against the page they opened, not against
            # what others saved since: what they left alone is no edit of theirs.
            self.initial.update(
                model_to_dict(
                    opened.instance,
                    fields=[
                        field.name
                        for field in self.instance._meta.concrete_fields
                        if field.name in self.fields and field.name != "version"
                    ],
                )
            )

    def opened_version(self):
        """Return the history record of the stale version posted, if any."""
        if not self.is_bound:
            return None
        try:
            seen = int(self.data.get(self.add_prefix("version")))
        except (TypeError, ValueError):
            return None
        if seen == self.initial["version"]:
            return None
        return self.instance.history.filter(version=seen).last()

    def has_changed(self) -> bool:
        # The version is bookkeeping: an inline row with no edit stays unsaved.
        return any(name != "version" for name in self.changed_data)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if not self.instance.pk:
            cleaned_data["version"] = 1
            return cleaned_data
        current = current_version(self.instance)
        seen = cleaned_data.get("version")
        if seen is None or current is None or seen == current:
            return cleaned_data
        edited = [name for name in self.changed_data if name != "version"]
        if edited:
            raise ValidationError(stale_edit_message(self.instance, seen))
        # The editor changed nothing: save what is stored, not the stale page.
        for field in self.instance._meta.concrete_fields:
            if field.name in cleaned_data and field.name != "version":
                cleaned_data[field.name] = getattr(self.instance, field.name)
        return cleaned_data

    def save(self, commit: bool = True):
        # Checked in clean(): save on top of the version now stored.
        if self.instance.pk:
            self.instance.version = current_version(self.instance) or 1
        return super().save(commit)


class MarkdownFormField(MarkdownxFormField):
    """Keep LF line ends: browsers send CRLF, making untouched text look edited."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value

    def has_changed(self, initial, data) -> bool:
        return super().has_changed(self.to_python(initial), data)
