import os

import pytest
from django.test import Client

from tests.factories import make_editor, make_medical_reviewer


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Serve static files by name: hashed names need collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply; production keeps Django's slow default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor_client(db, client) -> Client:
    """A client signed in as a member of the Editors group."""
    client.force_login(make_editor())
    return client


@pytest.fixture
def reviewer_client(db) -> Client:
    """A client signed in as a medical reviewer with a clinician profile."""
    client = Client()
    client.force_login(make_medical_reviewer())
    return client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: browser and PostgreSQL tests must run."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"
