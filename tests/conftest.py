import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from django.test import Client

from tests.factories import make_editor, make_medical_reviewer
from tests.servers import gunicorn, manage, prepare_site, site_env


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
def page_cache(settings, tmp_path_factory):
    """Give each test an empty page cache of its own, on the configured backend."""
    pages = {**settings.CACHES["pages"], "KEY_PREFIX": uuid4().hex}
    if pages["BACKEND"] == "hairsite.cache_backends.FileBasedCache":
        # Beside tmp_path, not in it: tests look there for files they made.
        pages["LOCATION"] = str(tmp_path_factory.mktemp("pages"))
    settings.CACHES = {**settings.CACHES, "pages": pages}


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


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """Set up a fresh SQLite site as `make run` does and serve it with gunicorn."""
    tmp = tmp_path_factory.mktemp("site")
    env = site_env(tmp, DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}")
    prepare_site(env)
    manage(env, "load_seed")
    with gunicorn(env, tmp / "gunicorn.log") as server:
        yield server.url, tmp


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: browser and PostgreSQL tests must run."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"
