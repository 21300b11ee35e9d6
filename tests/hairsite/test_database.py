import os

from django.db import connection


def test_tests_run_on_the_configured_database():
    """CI runs the suite twice; this proves the second run really is PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "sqlite://")
    postgres = url.startswith(("postgres://", "postgresql://"))
    assert connection.vendor == ("postgresql" if postgres else "sqlite")
