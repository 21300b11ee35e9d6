"""Two app servers share one PostgreSQL and one Redis: an edit on one shows on both.

A medical reviewer publishes through instance A's admin over real HTTP (login,
CSRF token, session cookie); instance B, whose shared page cache already holds
the old page, serves the new one on its very next request. Visitors send the
public host name, as a load balancer in front of both would.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest
import redis

from hairsite.page_cache import page_key
from tests.load import load_from_another_process
from tests.servers import (
    Gunicorn,
    gunicorn,
    machine_database,
    machine_redis_database,
    manage,
    prepare_site,
    site_env,
)

pytestmark = pytest.mark.servers

PUBLIC_HOST = "hairsite.test"
REVIEWER, PASSWORD = "rosa", "correct horse battery"
SLUG = "washing-your-hair"
ARTICLE = f"/articles/{SLUG}/"
EDITS = 5
EDIT_TEXT = "Revised in edit {}."
SEED = f"""
from tests.factories import make_article, make_medical_reviewer, make_section
make_medical_reviewer({REVIEWER!r}, password={PASSWORD!r})
article = make_article(title="Washing your hair", slug={SLUG!r})
for position in range(1, {EDITS} + 1):
    make_section(article, position=position, body="As first written.")
print(article.pk)
"""


class FormFields(HTMLParser):
    """Read what a browser would submit from the page's form with `form_id`."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self.buttons: dict[str, str] = {}
        self.textarea: str | None = None
        self.text: list[str] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.in_form = attributes.get("id") == self.form_id
        elif not self.in_form or (name is None and tag != "option"):
            return
        elif tag == "input":
            kind = attributes.get("type", "text")
            if kind == "submit":
                self.buttons[name] = attributes.get("value", "")
            elif kind not in {"checkbox", "radio"}:
                self.fields.append((name, attributes.get("value", "")))
            elif "checked" in attributes:
                self.fields.append((name, attributes.get("value", "on")))
        elif tag == "textarea":
            self.textarea, self.text = name, []
        elif tag == "select":
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((attributes["value"], "selected" in attributes))

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that opens a textarea's content.
            text = "".join(self.text).removeprefix("\n")
            self.fields.append((self.textarea, text))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None


class StaffBrowser:
    """A member of staff on the admin over HTTP, keeping cookies as a browser does."""

    def __init__(self, server: Gunicorn) -> None:
        self.url = server.url
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def open(self, path: str, data: bytes | None = None) -> str:
        with self.opener.open(self.url + path, data=data, timeout=30) as response:
            return response.read().decode()

    def submit(
        self, path: str, form_id: str, changes: dict[str, str], button: str = ""
    ) -> str:
        """Open `path`, change fields of its form, press `button`; return the answer."""
        form = FormFields(form_id)
        form.feed(self.open(path))
        assert form.fields, f"no form #{form_id} at {path}"
        fields = [(name, value) for name, value in form.fields if name not in changes]
        fields += changes.items()
        if button:
            fields.append((button, form.buttons[button]))
        return self.open(path, urlencode(fields).encode())

    def publish(self, article_pk: int, changes: dict[str, str]) -> None:
        """Edit the article's change form and press "Save and publish"."""
        page = self.submit(
            f"/admin/articles/article/{article_pk}/change/",
            "article_form",
            changes,
            button="_publish",
        )
        assert "Published: visitors now see this version." in page, page


@dataclass
class Site:
    """One site served by two app servers."""

    a: Gunicorn
    b: Gunicorn
    redis_client: redis.Redis
    article_pk: int


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """Serve one new site from instances A and B, sharing a database and a Redis."""
    tmp = tmp_path_factory.mktemp("scale-out")
    with machine_database() as database_url, machine_redis_database() as redis_url:
        env = site_env(
            tmp,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            DJANGO_ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1",
        )
        prepare_site(env)
        article_pk = int(manage(env, "shell", "--no-imports", "-c", SEED))
        with gunicorn(env, tmp / "a.log") as a, gunicorn(env, tmp / "b.log") as b:
            yield Site(a, b, redis.Redis.from_url(redis_url), article_pk)


@pytest.fixture(scope="module")
def reviewer_on_a(site) -> StaffBrowser:
    """Log the medical reviewer in to instance A's admin."""
    reviewer = StaffBrowser(site.a)
    page = reviewer.submit(
        "/admin/login/?next=/admin/",
        "login-form",
        {"username": REVIEWER, "password": PASSWORD},
    )
    assert 'id="login-form"' not in page
    return reviewer


def visit(server: Gunicorn, path: str) -> bytes:
    """GET a page as an anonymous visitor; return its body, checking it is 200."""
    status, _, body = server.get(path, Host=PUBLIC_HOST)
    assert status == 200, path
    return body


def test_an_edit_published_on_a_is_what_b_serves_next(site, reviewer_on_a):
    # A path's first render sets its tokens, the second is stored, the third a hit.
    for _ in range(3):
        for path in ("/", ARTICLE):
            assert b"An introduction." in visit(site.b, path)
    assert site.redis_client.keys(f"*{page_key(ARTICLE)}")

    reviewer_on_a.publish(site.article_pk, {"standfirst": "Wash it gently."})

    for path in ("/", ARTICLE):
        body = visit(site.b, path)
        assert b"Wash it gently." in body
        assert b"An introduction." not in body


def test_under_load_no_request_fails_and_no_edit_is_lost(site, reviewer_on_a):
    pages = [
        server.url + path for server in (site.a, site.b) for path in ("/", ARTICLE)
    ]
    pattern = EDIT_TEXT.format(r"\d+")
    with load_from_another_process(PUBLIC_HOST, pattern, pages) as load:
        for edit in range(1, EDITS + 1):
            reviewer_on_a.publish(
                site.article_pk, {f"sections-{edit - 1}-body": EDIT_TEXT.format(edit)}
            )
            body = visit(site.b, ARTICLE)
            for earlier in range(1, edit + 1):
                assert EDIT_TEXT.format(earlier).encode() in body

    assert load["failures"] == {}
    assert load["regressions"] == []
    for page in pages:
        assert set(load["statuses"][page]) <= {"200", "304"}, page
        assert sum(load["statuses"][page].values()) >= EDITS, page
    for server in (site.a, site.b):
        body = visit(server, ARTICLE)
        for edit in range(1, EDITS + 1):
            assert EDIT_TEXT.format(edit).encode() in body
