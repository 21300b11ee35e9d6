import os

from django.db import connection


def test_tests_run_on_the_configured_database():
    """CI runs the suite twice; this proves the second run really is PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
