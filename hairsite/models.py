"""Abstract models that articles and FAQ entries share."""

from django.core.exceptions import ValidationError
from django.db import models


class PublishableQuerySet(models.QuerySet):
    def published(self) -> "PublishableQuerySet":
        """Return what visitors may see: the one definition of "public"."""
        return self.filter(is_published=True)


class Publishable(models.Model):
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Tick to show this on the public site; untick to take it off.",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True


class ClinicallyReviewable(models.Model):
    reviewed_by = models.CharField(
        "medical reviewer",
        max_length=200,
        blank=True,
        help_text=(
            "Name and credentials of the clinician who reviewed this content, "
            "e.g. “Dr A. Example, MRCP, consultant dermatologist”. Leave empty "
            "until a real review has happened: pages then say they are not reviewed."
        ),
    )
    last_reviewed = models.DateField(
        blank=True,
        null=True,
        help_text="The date of that clinical review.",
    )

    class Meta:
        abstract = True

    @property
    def is_clinically_reviewed(self) -> bool:
        return bool(self.reviewed_by and self.last_reviewed)

    def clean(self) -> None:
        super().clean()
        if bool(self.reviewed_by.strip()) != bool(self.last_reviewed):
            raise ValidationError(
                "Record a clinical review with both the reviewer and the date, "
                "or leave both empty."
            )
