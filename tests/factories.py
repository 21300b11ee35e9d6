"""Small helpers that make test data; tests never rely on the seed."""

from datetime import UTC, date, datetime, timedelta
from itertools import count

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from articles.models import Article, CareCard, CycleDiagram, Section
from disclaimers.models import Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from editorial.models import Reference, Reviewer
from faq.models import Entry
from pages.models import Page

_numbers = count(1)


def make_article(published: bool = True, **fields) -> Article:
    """Make an article; a published one is republished as sections are added."""
    n = next(_numbers)
    values = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "standfirst": "An introduction.",
        "author_name": "A. Writer",
        "author_credentials": "not medically qualified",
    }
    article = Article.objects.create(**(values | fields))
    if published:
        article.publish_unchecked()
    return article


def make_section(
    article: Article | None = None,
    topics: list[str] = (),
    references: list[Reference] = (),
    **fields,
) -> Section:
    n = next(_numbers)
    article = article or make_article()
    values = {
        "article": article,
        "position": n,
        "heading": f"Section {n}",
        "body": f"Body of section {n}.",
    }
    section = Section.objects.create(**(values | fields))
    section.topics.set(Topic.objects.filter(slug__in=topics))
    section.references.set(references)
    if article.is_public:
        article.publish_unchecked()
    return section


def make_care_card(
    article: Article | None = None,
    items: list[str] = ("your hair falls out suddenly", "bald patches appear"),
    **fields,
) -> CareCard:
    """Make a care card listing `items`; a published article is republished."""
    article = article or make_article()
    values = {"article": article, "heading": "See a GP if:"}
    card = CareCard.objects.create(**(values | fields))
    for position, text in enumerate(items, start=1):
        card.items.create(position=position, text=text)
    if article.is_public:
        article.publish_unchecked()
    return card


def make_diagram(
    section: Section | None = None,
    stages: list[tuple[str, str]] = (("Anagen", "years"), ("Telogen", "months")),
    **fields,
) -> CycleDiagram:
    """Make a cycle diagram of (name, duration) stages; republish as above."""
    section = section or make_section()
    values = {"section": section, "title": "A cycle", "caption": "How it goes."}
    diagram = CycleDiagram.objects.create(**(values | fields))
    for position, (name, duration) in enumerate(stages, start=1):
        diagram.stages.create(
            position=position,
            name=name,
            duration=duration,
            description=f"What happens in {name}.",
        )
    if section.article.is_public:
        section.article.publish_unchecked()
    return diagram


def make_entry(published: bool = True, topics: list[str] = (), **fields) -> Entry:
    n = next(_numbers)
    values = {"question": f"Question {n}?", "answer": f"Answer {n}.", "position": n}
    entry = Entry.objects.create(**(values | fields))
    entry.topics.set(Topic.objects.filter(slug__in=topics))
    if published:
        entry.publish_unchecked()
    return entry


def make_reference(**fields) -> Reference:
    n = next(_numbers)
    values = {
        "citation": f"Author A. Study {n}. J Examples. 2024;1:{n}.",
        "doi": f"10.1000/example.{n}",
        "supports": "A claim on the page.",
    }
    return Reference.objects.create(**(values | fields))


def make_page(key: str, **fields) -> Page:
    """Store one of the site's own pages, as `load_seed` or an editor would."""
    values = {"title": f"Page {key}", "description": f"About {key}.", "body": "Text."}
    return Page.objects.create(key=key, **(values | fields))


def make_disclaimer(key: str, **fields) -> Disclaimer:
    required = REQUIRED_DISCLAIMERS[key]
    values = {"key": key, "title": required.title, "text": required.text}
    return Disclaimer.objects.create(**(values | fields))


def make_reviewer(user: User | None = None, **fields) -> Reviewer:
    values = {"name": "Dr R. Example", "credentials": "MBBS, consultant dermatologist"}
    return Reviewer.objects.create(user=user, **(values | fields))


def record_review(obj: Article | Entry, on: date | None = None) -> Reviewer:
    """Record a clinical review directly, as a reviewer would, and republish."""
    reviewer = make_reviewer()
    obj.reviewer = reviewer
    obj.last_reviewed = on or date(2026, 1, 15)
    obj.save()
    if obj.is_public:
        obj.publish_unchecked()
    return reviewer


def make_editor(
    username: str = "editor", password: str = "correct horse battery"
) -> User:
    """Make a staff user in the Editors group (write, submit; never publish)."""
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_medical_reviewer(
    username: str = "reviewer", password: str = "correct horse battery"
) -> User:
    """Make a staff user in the Medical reviewers group, with a clinician profile."""
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    make_reviewer(user=user, name=f"Dr {username.title()}")
    return user


def grant(user: User, *codenames: str) -> User:
    """Give `user` the named permissions directly (app_label.codename)."""
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


class Clock:
    """A time that tests set and move, in place of timezone.now()."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def stop_clock(monkeypatch, at: datetime | None = None) -> Clock:
    """Fix timezone.now(), and so localdate(), auto_now and history dates."""
    clock = Clock(at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def restore_editorial_groups() -> None:
    """Make the Editors and Medical reviewers groups as their migration does.

    A live_server test empties the database when it ends, and Django then
    recreates permissions but not the groups the data migration made.
    """
    from importlib import import_module

    migration = import_module("editorial.migrations.0002_groups")
    for name, grants in [
        ("Editors", migration.EDITORS),
        ("Medical reviewers", migration.REVIEWERS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            permission
            for app_label, codenames in grants.items()
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )
    later = import_module("articles.migrations.0003_care_card_and_diagram_permissions")
    for group in Group.objects.filter(name__in=later.GROUPS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=later.CODENAMES
            )
        )
