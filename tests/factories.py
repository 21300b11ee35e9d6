"""Small helpers that make test data; tests never rely on the seed."""

from itertools import count

from django.contrib.auth.models import Permission, User

from articles.models import Article, Section
from disclaimers.models import Disclaimer, Topic
from disclaimers.registry import REQUIRED_DISCLAIMERS
from faq.models import Entry

_numbers = count(1)


def make_article(**fields) -> Article:
    n = next(_numbers)
    values = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "standfirst": "An introduction.",
        "author_name": "A. Writer",
        "author_credentials": "not medically qualified",
        "is_published": True,
    }
    return Article.objects.create(**(values | fields))


def make_section(
    article: Article | None = None, topics: list[str] = (), **fields
) -> Section:
    n = next(_numbers)
    values = {
        "article": article or make_article(),
        "position": n,
        "heading": f"Section {n}",
        "body": f"Body of section {n}.",
    }
    section = Section.objects.create(**(values | fields))
    section.topics.set(Topic.objects.filter(slug__in=topics))
    return section


def make_entry(topics: list[str] = (), **fields) -> Entry:
    n = next(_numbers)
    values = {
        "question": f"Question {n}?",
        "answer": f"Answer {n}.",
        "position": n,
        "is_published": True,
    }
    entry = Entry.objects.create(**(values | fields))
    entry.topics.set(Topic.objects.filter(slug__in=topics))
    return entry


def make_disclaimer(key: str, **fields) -> Disclaimer:
    required = REQUIRED_DISCLAIMERS[key]
    values = {"key": key, "title": required.title, "text": required.text}
    return Disclaimer.objects.create(**(values | fields))


def make_editor(
    username: str = "editor", password: str = "correct horse battery"
) -> User:
    """Make a staff user who may edit every kind of content, but is no superuser."""
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["articles", "faq", "disclaimers"]
        )
    )
    return user
