"""Every public page is valid HTML to the W3C's Nu HTML checker; none is left out."""

import json
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from tests.node_tools import node_tool
from tests.public_urls import PUBLIC_PAGES, make_public_site

pytestmark = pytest.mark.django_db


class LinkParser(HTMLParser):
    """Collect the paths of a page's links to other pages of the site."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        href = dict(attrs).get("href") or ""
        url = urlsplit(href)
        if tag == "a" and url.path and not url.scheme and not url.netloc:
            self.paths.add(url.path)


def render_public_pages(client: Client) -> dict[str, bytes]:
    """Make a small site and return each public page's HTML, by page name."""
    make_public_site()
    pages = {}
    for name, page in PUBLIC_PAGES.items():
        response = client.get(page.path())
        assert response.status_code == page.status, name
        pages[name] = response.content
    return pages


def nu_check(files: list[Path]) -> list[dict]:
    """Run the Nu HTML checker once over `files` and return its messages."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML checker needs Java 17+ (Debian: default-jre-headless)")
    vnu = node_tool("vnu-jar/build/dist/vnu.jar")
    # One run for every page: the JVM takes seconds to start.
    result = subprocess.run(
        [java, "-jar", vnu, "--format", "json", "--stdout", "--exit-zero-always",
         *files],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)["messages"]


def describe(message: dict) -> str:
    where = Path(message.get("url", "")).stem
    line = message.get("lastLine", "?")
    return f"{where}, line {line}: {message['message']} [{message.get('extract', '')}]"


def test_every_public_page_has_no_nu_checker_errors_or_warnings(client, tmp_path):
    files = []
    for name, html in render_public_pages(client).items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(html)

    problems = defaultdict(list)
    for message in nu_check(files):
        problems[message["type"], message.get("subType")].append(describe(message))

    errors = problems["error", None] + problems["error", "fatal"]
    warnings = problems["info", "warning"]
    assert not errors + warnings, "\n".join(
        [f"{len(errors)} errors:", *errors, f"{len(warnings)} warnings:", *warnings]
    )


def test_every_page_a_public_page_links_to_is_checked(client):
    checked = {resolve(urlsplit(page.path()).path).view_name
               for page in PUBLIC_PAGES.values()}  # fmt: skip
    links = LinkParser()
    for html in render_public_pages(client).values():
        links.feed(html.decode())

    unchecked = set()
    for path in links.paths:
        response = client.get(path)
        is_page = response.get("Content-Type", "").startswith("text/html")
        if is_page and resolve(path).view_name not in checked:
            unchecked.add(f"{path} ({resolve(path).view_name})")
    assert not unchecked, f"Add these to tests/public_urls.py: {sorted(unchecked)}"
