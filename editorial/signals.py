"""Signals other apps listen to, to keep what they derive from live pages fresh."""

from django.dispatch import Signal

# Sent with `instance` after a Workflow's published snapshot (`live`) changed:
# on publish, unpublish, a review recorded on a published page, and a
# re-render. Sent inside the transaction: receivers that act outside the
# database (caches) should defer with transaction.on_commit().
live_changed = Signal()
