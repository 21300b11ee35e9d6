from typing import Any

from django.views.generic import ListView

from disclaimers.claims import makes_headline_claim

from .models import Entry


class EntryListView(ListView):
    http_method_names = ["get", "head"]
    queryset = (
        Entry.objects.published().select_related("article").prefetch_related("topics")
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entries = context["entry_list"]
        # The page counts as reviewed only when every answer on it is.
        context["is_clinically_reviewed"] = bool(entries) and all(
            entry.is_clinically_reviewed for entry in entries
        )
        context["makes_headline_claim"] = makes_headline_claim(
            *(entry.question for entry in entries)
        )
        return context
