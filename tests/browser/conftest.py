"""A real Chromium, driven through Playwright, for the browser tests."""

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

from tests.factories import restore_editorial_groups

# The machine has no network: these stop Chromium's own calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """Return the Chromium to drive: $CHROMIUM, else the first one on PATH."""
    if path := os.environ.get("CHROMIUM"):
        return path
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


# Package scope, not session: Playwright, and the variable below, end with the
# last browser test, before the tests that need neither run.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    executable_path = find_chromium()
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop running in this thread, so
        # Django would refuse the tests' ORM calls (SynchronousOnlyOperation).
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        try:
            # Without an executable_path, Playwright uses its own downloaded one.
            browser = playwright.chromium.launch(
                executable_path=executable_path, args=CHROMIUM_ARGS
            )
        except Error as error:
            pytest.skip(
                f"Cannot launch Chromium ({executable_path or 'Playwright’s own'}): "
                f"install Debian’s chromium package or set CHROMIUM. {error.message}"
            )
        yield browser
        browser.close()


@pytest.fixture
def browser_errors() -> list[str]:
    """Collect the page's console errors (CSP violations among them) and crashes."""
    return []


@pytest.fixture
def page(browser: Browser, browser_errors: list[str]) -> Iterator[Page]:
    """Open a page in a fresh context, recording its errors in browser_errors."""

    def record_console_error(message: ConsoleMessage) -> None:
        # Chromium reports Content-Security-Policy violations as console errors.
        if message.type == "error":
            source = message.location.get("url", "")
            browser_errors.append(f"{message.text} ({source})")

    context = browser.new_context()
    context.set_default_timeout(5_000)
    page = context.new_page()
    page.on("console", record_console_error)
    page.on("pageerror", lambda error: browser_errors.append(f"Uncaught {error}"))
    yield page
    context.close()


@pytest.fixture(autouse=True)
def migration_data(transactional_db) -> None:
    """Put back the topics and groups that data migrations made.

    A live_server test ends by emptying the database, and serialized rollback
    cannot restore it here: Playwright's event loop gives the tests another
    database connection object than the one the setup serialized.
    """
    create_topics = import_module("disclaimers.migrations.0002_topics").create_topics
    create_topics(django_apps, schema_editor=None)
    restore_editorial_groups()


@pytest.fixture(autouse=True)
def one_request_at_a_time(live_server) -> Iterator[None]:
    """Make the live server answer its requests one after another.

    Its threads share the test's in-memory SQLite connection, and two requests
    using it at once fail ("bad parameter or other API misuse"). Two people at
    once, or the two Markdown previews an article's change page asks for as it
    opens, would do that.
    """
    server = live_server.thread.httpd
    app = server.get_app()
    lock = threading.Lock()

    def answer(environ: dict, start_response: Callable) -> Iterable[bytes]:
        with lock:
            response = app(environ, start_response)
            try:
                return list(response)
            finally:
                response.close()

    server.set_app(answer)
    yield
    with lock:
        server.set_app(app)
