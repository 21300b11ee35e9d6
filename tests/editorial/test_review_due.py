"""`manage.py review_due`: lists what is due for clinical review, and fails if any."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import (
    make_article,
    make_entry,
    make_medical_reviewer,
    stop_clock,
)
from tests.hairsite.test_deploy import manage

TODAY = date(2026, 3, 2)


@pytest.fixture
def clock(monkeypatch):
    return stop_clock(monkeypatch)


def review_due() -> str:
    """Run the command and return what it printed; it raises if anything is due."""
    out = StringIO()
    call_command("review_due", stdout=out)
    return out.getvalue()


def test_empty_site_has_nothing_overdue(db, clock):
    assert "Nothing is overdue" in review_due()


def test_nothing_is_overdue_when_every_review_is_later_or_unset(db, clock):
    make_article(title="Due tomorrow", review_due=TODAY + timedelta(days=1))
    make_article(title="No date set", review_due=None)
    make_entry(question="Due next year?", review_due=TODAY + timedelta(days=365))

    output = review_due()

    assert "Nothing is overdue for clinical review." in output
    assert "Due tomorrow" not in output
    assert "Due next year?" not in output


def test_each_overdue_item_is_listed_and_the_command_fails(db, clock):
    make_article(title="Long overdue", review_due=TODAY - timedelta(days=30))
    make_article(title="Due today", review_due=TODAY)
    make_article(title="Not yet due", review_due=TODAY + timedelta(days=1))
    make_entry(question="Overdue question?", review_due=TODAY - timedelta(days=2))
    out = StringIO()

    with pytest.raises(CommandError, match=r"^3 overdue for clinical review\."):
        call_command("review_due", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "2026-01-31  article: Long overdue (30 days overdue)",
        "2026-03-02  article: Due today (due today)",
        "2026-02-28  FAQ entry: Overdue question? (2 days overdue)",
    ]


def test_recording_a_review_takes_the_item_off_the_list(db, clock):
    article = make_article(title="Reviewed", review_due=TODAY - timedelta(days=3))

    article.record_review(make_medical_reviewer())

    assert "Nothing is overdue" in review_due()


def test_review_due_exits_with_status_one_when_anything_is_overdue(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    migrated = manage("migrate", "--no-input", **database)
    assert migrated.returncode == 0, migrated.stderr

    clear = manage("review_due", **database)
    assert clear.returncode == 0, clear.stderr
    assert "Nothing is overdue" in clear.stdout

    made = manage(
        "shell",
        "-c",
        "from datetime import date; from articles.models import Article; "
        "Article.objects.create(title='Overdue article', slug='overdue', "
        "standfirst='x', author_name='A', author_credentials='B', "
        "review_due=date(2020, 1, 1))",
        **database,
    )
    assert made.returncode == 0, made.stderr

    overdue = manage("review_due", **database)
    assert overdue.returncode == 1
    assert "2020-01-01  article: Overdue article (" in overdue.stdout
    assert "1 overdue for clinical review." in overdue.stderr
