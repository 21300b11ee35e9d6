from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import slugify
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from disclaimers.claims import makes_headline_claim
from disclaimers.models import TopicTagged
from editorial.models import Reference, Versioned, Workflow
from hairsite.markdown import render_markdown, validate_image_alt_text

from .rendering import with_body


class Article(Workflow):
    title = models.CharField(max_length=200, help_text="The page’s main heading.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the article’s address. Changing it breaks links.",
    )
    standfirst = MarkdownxField(
        validators=[validate_image_alt_text],
        help_text="The introduction under the title, before the sections (Markdown).",
    )
    standfirst_html = models.TextField(editable=False)
    is_investigational = models.BooleanField(
        "investigational therapy",
        default=False,
        help_text=(
            "Tick when the article discusses a treatment that is not approved: the "
            "page then shows the investigational-therapy warning under the title, "
            "and publishing needs a clinical review and references."
        ),
    )
    author_name = models.CharField(max_length=120, help_text="Who wrote the article.")
    author_credentials = models.CharField(
        max_length=200,
        help_text=(
            "The author’s qualifications, or a plain statement such as “not "
            "medically qualified”. Never claim a credential the author lacks."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last modified", auto_now=True)
    # Copies of the live snapshot's address and title, indexed: pages find and
    # order published articles by them without reading every snapshot.
    live_slug = models.SlugField(max_length=200, blank=True, editable=False)
    live_title = models.CharField(
        max_length=200, blank=True, editable=False, db_index=True
    )
    history = HistoricalRecords(
        excluded_fields=["live", "standfirst_html", "live_slug", "live_title"]
    )

    publish_permission = "articles.publish_article"

    class Meta:
        ordering = ["title"]
        permissions = [
            ("publish_article", "Can publish articles and record clinical reviews")
        ]
        constraints = [
            # An address freed in a working copy stays live until republished.
            models.UniqueConstraint(
                fields=["live_slug"],
                condition=~Q(live_slug=""),
                name="article_live_slug_unique",
                violation_error_message="Another article is live at this address.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        self.standfirst_html = render_markdown(self.standfirst)
        derived = {"standfirst_html"}
        fields = kwargs.get("update_fields")
        if fields is None or "live" in fields:
            if self.live is not None:
                # Rendered once here, so visitors' requests only paste it in.
                self.live = with_body(self.live)
            self.live_slug = self.live["slug"] if self.live else ""
            self.live_title = self.live["title"] if self.live else ""
            derived |= {"live_slug", "live_title"}
        if fields is not None:
            kwargs["update_fields"] = {*fields, *derived}
        super().save(*args, **kwargs)

    def review_interval(self) -> timedelta:
        if self.is_investigational:
            return timedelta(days=settings.REVIEW_INTERVAL_INVESTIGATIONAL_DAYS)
        return super().review_interval()

    def publishing_problems(self) -> list[str]:
        problems = [
            f"The care card “{card.heading}” lists no situations: add them on "
            "its page, or delete the card."
            for card in self.care_cards.filter(items__isnull=True)
        ]
        problems += [
            f"The diagram “{diagram.title}” needs at least two stages: add them "
            "on its page, or delete the diagram."
            for diagram in CycleDiagram.objects.filter(section__article=self)
            .alias(stage_count=Count("stages"))
            .filter(stage_count__lt=2)
        ]
        if Article.objects.exclude(pk=self.pk).filter(live_slug=self.slug).exists():
            problems.append(
                f"Another published article is still live at “{self.slug}”: "
                "choose another address, or republish that one elsewhere first."
            )
        if not self.is_investigational:
            return problems
        if not self.reviewer or not self.last_reviewed:
            problems.append(
                "An investigational article needs a recorded clinical review: a "
                "medical reviewer must use “Record clinical review” first."
            )
        if not Reference.objects.filter(section__article=self).exists():
            problems.append(
                "An investigational article needs at least one reference: attach "
                "the sources to the sections they support."
            )
        return problems

    def snapshot(self) -> dict:
        sections = list(
            self.sections.select_related("diagram").prefetch_related(
                "topics", "references", "diagram__stages"
            )
        )
        numbers: dict[int, int] = {}
        references = []
        section_pages = []
        for section in sections:
            # Sources are numbered in the order the page first cites them.
            for reference in section.references.all():
                if reference.pk not in numbers:
                    numbers[reference.pk] = len(numbers) + 1
                    references.append(
                        {"number": numbers[reference.pk], **reference.as_data()}
                    )
            section_pages.append(
                {
                    **section.as_page(),
                    "references": [numbers[r.pk] for r in section.references.all()],
                }
            )
        return {
            "title": self.title,
            "slug": self.slug,
            "url": self.get_absolute_url(),
            # The Markdown too, so that rerender_markdown can refresh the HTML.
            "standfirst": self.standfirst,
            "standfirst_html": self.standfirst_html,
            "is_investigational": self.is_investigational,
            "makes_headline_claim": makes_headline_claim(
                self.title, *(section.heading for section in sections)
            ),
            "author_name": self.author_name,
            "author_credentials": self.author_credentials,
            "publisher": settings.PUBLISHER_NAME,
            "first_published_at": self.first_published_at,
            "published_at": self.published_at,
            **self.review_data(),
            "sections": section_pages,
            "care_cards": [
                card.as_page() for card in self.care_cards.prefetch_related("items")
            ],
            "references": references,
        }


class ArticlePart(models.Model):
    """A part of an article's working copy: saving or deleting it flags the article."""

    # How Article reaches this model, e.g. "sections" or "care_cards__items".
    article_lookup = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # A part moved to another article changes the one it left too.
        before = [] if self._state.adding else self.article_ids()
        super().save(*args, **kwargs)
        (
            Article.objects.filter(pk__in=before) | self.articles_of([self.pk])
        ).mark_changed()

    def delete(self, *args, **kwargs):
        before = self.article_ids()
        deleted = super().delete(*args, **kwargs)
        Article.objects.filter(pk__in=before).mark_changed()
        return deleted

    @classmethod
    def articles_of(cls, parts) -> models.QuerySet:
        """Return the articles that `parts`, a queryset or a list of ids, belong to."""
        return Article.objects.filter(**{f"{cls.article_lookup}__in": parts})

    def article_ids(self) -> list[int]:
        return list(self.articles_of([self.pk]).values_list("pk", flat=True))


def anchor_for(heading: str, position: int) -> str:
    """Make a section's #fragment from its heading, or its position if that fails."""
    return slugify(heading)[:200] or f"section-{position}"


class EvidenceLabel(models.TextChoices):
    BACKGROUND = "background", "Background explanation"
    LABORATORY = "laboratory", "Laboratory or animal research"
    EARLY_HUMAN = "early_human", "Early human trials"
    ESTABLISHED = "established", "Established treatment"
    REGULATOR = "regulator", "Regulator statement"
    OPINION = "opinion", "Opinion or outlook"


class Section(ArticlePart, TopicTagged, Versioned):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Sections are shown in ascending order of this number."
    )
    heading = models.CharField(max_length=200, help_text="The section’s heading.")
    anchor = models.SlugField(
        max_length=200,
        blank=True,
        help_text=(
            "The #fragment that links to this section. Left empty, it is made "
            "from the heading; change it only if you accept breaking old links."
        ),
    )
    evidence_label = models.CharField(
        max_length=20,
        choices=EvidenceLabel,
        blank=True,
        help_text=(
            "What kind of evidence this section rests on, shown beside its heading "
            "(as NHS “Behind the Headlines” did)."
        ),
    )
    body = MarkdownxField(
        validators=[validate_image_alt_text],
        help_text=(
            "The section’s text in Markdown. Use ### for sub-headings (the heading "
            "above is the section’s own), **bold**, [link text](https://…)."
        ),
    )
    body_html = models.TextField(editable=False)
    references = models.ManyToManyField(
        Reference,
        blank=True,
        help_text="The sources behind this section’s claims, listed at the end.",
    )
    history = HistoricalRecords(
        excluded_fields=["body_html"], m2m_fields=["topics", "references"]
    )

    article_lookup = "sections"

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "anchor"],
                name="section_anchor_unique_per_article",
                violation_error_message="Another section here has that anchor.",
            )
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs) -> None:
        self.fill_anchor()
        self.body_html = render_markdown(self.body)
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "anchor", "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self) -> None:
        super().clean()
        # Before validate_unique(), which full_clean() runs after clean().
        self.fill_anchor()

    def fill_anchor(self) -> None:
        """Make the anchor from the heading when the editor left it empty."""
        if not self.anchor:
            self.anchor = anchor_for(self.heading, self.position)

    def as_page(self) -> dict:
        """Return what the public page shows of this section."""
        return {
            "heading": self.heading,
            "anchor": self.anchor,
            "evidence_label": self.get_evidence_label_display(),
            "body": self.body,
            "body_html": self.body_html,
            "disclaimer_keys": self.disclaimer_keys,
            "diagram": diagram.as_page()
            if (diagram := getattr(self, "diagram", None))
            else None,
        }


class CycleDiagram(ArticlePart, Versioned):
    section = models.OneToOneField(
        Section,
        on_delete=models.CASCADE,
        related_name="diagram",
        help_text="The section that explains the cycle: the diagram follows its text.",
    )
    title = models.CharField(
        max_length=120,
        help_text=(
            "What the diagram shows, e.g. “The hair growth cycle”. Screen readers "
            "announce it as the image’s name, and it heads the caption."
        ),
    )
    caption = models.TextField(
        max_length=500,
        help_text=(
            "One or two plain sentences under the diagram saying what it shows; "
            "the stages are listed under it in words too. No Markdown."
        ),
    )
    history = HistoricalRecords()

    article_lookup = "sections__diagram"

    def __str__(self) -> str:
        return self.title

    def as_page(self) -> dict:
        """Return what the public page shows of this diagram."""
        return {
            "title": self.title,
            "caption": self.caption,
            "stages": [stage.as_page() for stage in self.stages.all()],
        }


class CycleStage(ArticlePart, Versioned):
    diagram = models.ForeignKey(
        CycleDiagram, on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveIntegerField(
        default=0,
        help_text=(
            "Stages go round the cycle clockwise from the top in ascending order "
            "of this number; after the last comes the first again."
        ),
    )
    name = models.CharField(
        max_length=20,
        help_text="The stage’s name, e.g. “Anagen”; drawn inside the diagram.",
    )
    duration = models.CharField(
        max_length=20,
        blank=True,
        help_text=(
            "How long it lasts, e.g. “2 to 4 months”; drawn under the name, so "
            "keep it short. Leave empty unless a reference supports it."
        ),
    )
    description = models.CharField(
        max_length=300,
        help_text=(
            "What happens in this stage, in plain words, e.g. “the growth phase: "
            "the hair grows steadily”; listed under the diagram after the name. "
            "No Markdown."
        ),
    )
    history = HistoricalRecords()

    article_lookup = "sections__diagram__stages"

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def as_page(self) -> dict[str, str]:
        """Return what the public page shows of this stage."""
        return {
            "name": self.name,
            "duration": self.duration,
            "description": self.description,
        }


class CareLevel(models.TextChoices):
    # The NHS website's three care cards, with the words it gives each level.
    NON_URGENT = "non-urgent", "Non-urgent advice"
    URGENT = "urgent", "Urgent advice"
    EMERGENCY = "emergency", "Immediate action required"


class CareCard(ArticlePart, Versioned):
    """A “when to see a doctor” box: how urgent, what to do, and when."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="care_cards",
        help_text="The article whose page shows this card.",
    )
    position = models.PositiveIntegerField(
        default=0,
        help_text=(
            "Cards show after the last section, before the references, in "
            "ascending order of this number."
        ),
    )
    level = models.CharField(
        max_length=20,
        choices=CareLevel,
        default=CareLevel.NON_URGENT,
        help_text=(
            "How urgent, as the NHS website grades it; the card’s colour and the "
            "words at the top of its heading follow it."
        ),
    )
    heading = models.CharField(
        "action heading",
        max_length=200,
        help_text=(
            "What to do, ending in “if:”. For example “See a GP if:” (non-urgent), "
            "“Ask for an urgent GP appointment or get help from NHS 111 if:” "
            "(urgent), “Call 999 or go to A&E if:” (immediate action)."
        ),
    )
    history = HistoricalRecords()

    article_lookup = "care_cards"

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading

    def as_page(self) -> dict:
        """Return what the public page shows of this card."""
        return {
            "level": self.level,
            "level_label": self.get_level_display(),
            "heading": self.heading,
            "items": [item.text for item in self.items.all()],
        }


class CareCardItem(ArticlePart, Versioned):
    card = models.ForeignKey(CareCard, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(
        default=0,
        help_text="Situations are listed in ascending order of this number.",
    )
    text = models.CharField(
        "situation",
        max_length=300,
        help_text=(
            "One situation, in plain words, that finishes the heading’s sentence: "
            "e.g. “you have sudden hair loss”. No Markdown."
        ),
    )
    history = HistoricalRecords()

    article_lookup = "care_cards__items"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "situation"

    def __str__(self) -> str:
        return self.text
