"""Editorial workflow, clinical review, references and edit versions."""

from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .signals import live_changed

DOI_PATTERN = r"^10\.\d{4,9}/\S+\Z"
PMID_PATTERN = r"^[1-9]\d{0,8}\Z"


class StaleEditError(ValidationError):
    """Raised when a save would overwrite a change made since the edit began."""


class Versioned(models.Model):
    """A record that refuses to save over a version it was not edited from."""

    # Editable only so that admin forms carry it, as a hidden field.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            current = (
                type(self)
                ._base_manager.select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != self.version:
                raise StaleEditError(
                    "Someone else saved this after you opened it; nothing was "
                    "overwritten. Reload the page to see their version."
                )
            self.version += 1
            if (fields := kwargs.get("update_fields")) is not None:
                kwargs["update_fields"] = {*fields, "version"}
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1  # not saved, so still the version stored
                raise


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class Reviewer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        blank=True,
        null=True,
        related_name="reviewer_profile",
        help_text="The account this clinician signs in with to record reviews.",
    )
    name = models.CharField(max_length=120, help_text="As it appears on the page.")
    credentials = models.CharField(
        max_length=200,
        help_text="Qualifications and role, e.g. “MRCP, consultant dermatologist”.",
    )
    registration = models.CharField(
        max_length=80,
        blank=True,
        help_text="Registration, e.g. “GMC 1234567”, for readers to check.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}"


class Reference(Versioned):
    citation = models.TextField(
        help_text="Authors, title, journal or publisher, year, as readers cite it.",
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[RegexValidator(DOI_PATTERN, "A DOI looks like 10.1234/abcd.")],
        help_text="Without https://doi.org/, e.g. 10.1111/jdv.14624.",
    )
    pmid = models.CharField(
        "PMID",
        max_length=9,
        blank=True,
        validators=[RegexValidator(PMID_PATTERN, "A PubMed ID is a number.")],
        help_text="PubMed ID, digits only.",
    )
    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        help_text="For a regulator’s page or anything without a DOI.",
    )
    supports = models.CharField(
        max_length=300,
        help_text="The claim on our pages that this source supports.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["citation"]

    def __str__(self) -> str:
        return self.citation[:80]

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # Pages citing this source now differ from what visitors see.
        for label, path in [("articles.Article", "sections__references"),
                            ("faq.Entry", "references")]:  # fmt: skip
            apps.get_model(label).objects.filter(**{path: self}).mark_changed()

    def clean(self) -> None:
        super().clean()
        if not (self.doi or self.pmid or self.url):
            raise ValidationError(
                "Give a DOI, a PMID or a URL so readers can check it."
            )

    def as_data(self) -> dict[str, str]:
        """Return what a page shows of this reference."""
        return {
            "citation": self.citation,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
            "supports": self.supports,
        }


class WorkflowQuerySet(models.QuerySet):
    def published(self) -> "WorkflowQuerySet":
        """Return what visitors may see: the one definition of "public"."""
        return self.filter(live__isnull=False)

    def mark_changed(self) -> int:
        """Flag these as having changes that their live pages lack."""
        return self.filter(status__in=[Status.PUBLISHED, Status.IN_REVIEW]).update(
            status=Status.DRAFT
        )

    def overdue_for_review(self) -> "WorkflowQuerySet":
        return self.filter(review_due__lte=timezone.localdate())


class Workflow(Versioned):
    """Draft → in review → published, with the published version kept apart.

    Visitors see `live`, a snapshot taken when a reviewer publishes; editors
    change the working copy, which goes live only at the next publish.
    """

    status = models.CharField(
        max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    live = models.JSONField(
        null=True, editable=False, encoder=DjangoJSONEncoder
    )  # the published snapshot
    first_published_at = models.DateTimeField(null=True, editable=False)
    published_at = models.DateTimeField("last published", null=True, editable=False)
    reviewer = models.ForeignKey(
        Reviewer,
        on_delete=models.PROTECT,
        blank=True,
        null=True,
        editable=False,
        related_name="+",
    )
    last_reviewed = models.DateField(null=True, editable=False)
    review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When a clinician should look at this again.",
    )

    objects = WorkflowQuerySet.as_manager()

    # Set by subclasses: the permission that lets a user publish and review.
    publish_permission = ""

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.live is not None

    @property
    def live_page(self) -> dict | None:
        """Return the published snapshot, dates as dates, for templates."""
        return None if self.live is None else as_dates(self.live)

    @property
    def has_unpublished_changes(self) -> bool:
        return self.is_public and self.status != Status.PUBLISHED

    @property
    def is_review_overdue(self) -> bool:
        return self.review_due is not None and self.review_due <= timezone.localdate()

    def review_interval(self) -> timedelta:
        return timedelta(days=settings.REVIEW_INTERVAL_DAYS)

    def snapshot(self) -> dict:
        """Return the page as visitors would see it, from the working copy."""
        raise NotImplementedError

    def publishing_problems(self) -> list[str]:
        """List what must be fixed before this can be published."""
        return []

    def check_can_publish(self, user) -> None:
        if not user.has_perm(self.publish_permission):
            raise PermissionDenied("Only medical reviewers can publish.")

    def submit_for_review(self, user) -> None:
        self.status = Status.IN_REVIEW
        self.save(update_fields=["status"])

    # Atomic with what live_changed's receivers write (the search index).
    @transaction.atomic
    def record_review(self, user) -> None:
        """Record that the user, a clinician, has reviewed the working copy."""
        self.check_can_publish(user)
        reviewer = getattr(user, "reviewer_profile", None)
        if reviewer is None:
            raise ValidationError(
                "Only a reviewer with a clinician profile (name and credentials) "
                "can record a clinical review."
            )
        self.reviewer = reviewer
        self.last_reviewed = timezone.localdate()
        self.review_due = self.last_reviewed + self.review_interval()
        fields = ["reviewer", "last_reviewed", "review_due"]
        if self.status == Status.PUBLISHED:
            # Nothing is pending: the live page is the copy just reviewed.
            self.live = {**self.live, **self.review_data()}
            fields.append("live")
        self.save(update_fields=fields)
        if "live" in fields:
            live_changed.send(sender=type(self), instance=self)

    def publish(self, user) -> None:
        """Make the working copy what visitors see, if the review gate allows."""
        self.check_can_publish(user)
        if problems := self.publishing_problems():
            raise ValidationError(problems)
        self.publish_unchecked()

    @transaction.atomic
    def publish_unchecked(self) -> None:
        """Publish without the gate: only for the seed and for tests."""
        now = timezone.now()
        self.published_at = now
        self.first_published_at = self.first_published_at or now
        self.status = Status.PUBLISHED
        self.live = self.snapshot()
        self.save()
        live_changed.send(sender=type(self), instance=self)

    @transaction.atomic
    def unpublish(self, user) -> None:
        self.check_can_publish(user)
        self.live = None
        self.status = Status.UNPUBLISHED
        self.save(update_fields=["live", "status"])
        live_changed.send(sender=type(self), instance=self)

    def mark_changed(self) -> None:
        """Note that the working copy now differs from what is live."""
        if self.status in (Status.PUBLISHED, Status.IN_REVIEW):
            self.status = Status.DRAFT

    def review_data(self) -> dict:
        """Return the review facts a page shows, for the snapshot."""
        # A review counts only with both who and when, as the gate requires.
        reviewed = self.reviewer is not None and self.last_reviewed is not None
        return {
            "reviewer": str(self.reviewer) if reviewed else None,
            "last_reviewed": self.last_reviewed if reviewed else None,
            "review_due": self.review_due,
        }


def as_dates(page: dict) -> dict:
    """Return a snapshot with its ISO date strings turned back into dates."""
    page = dict(page)
    for key in ("last_reviewed", "review_due"):
        if isinstance(page.get(key), str):
            page[key] = date.fromisoformat(page[key])
    for key in ("first_published_at", "published_at"):
        if isinstance(page.get(key), str):
            page[key] = timezone.datetime.fromisoformat(page[key])
    return page
