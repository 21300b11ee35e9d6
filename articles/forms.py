from editorial.forms import VersionedForm

from .models import anchor_for


class SectionForm(VersionedForm):
    def clean(self) -> dict:
        cleaned_data = super().clean()
        # The inline formset compares rows' anchors in cleaned_data, not on the
        # instance: fill a blank one here so that it sees the anchor to be saved.
        if not cleaned_data.get("anchor") and cleaned_data.get("heading"):
            cleaned_data["anchor"] = anchor_for(
                cleaned_data["heading"], cleaned_data.get("position") or 0
            )
        return cleaned_data
