"""The operator's path: migrate, seed, collectstatic, then gunicorn serves the site."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory):
    """Set up a fresh SQLite site as `make run` does and serve it with gunicorn."""
    tmp = tmp_path_factory.mktemp("site")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    for command in (
        ["migrate", "--noinput"],
        ["load_seed"],
        ["collectstatic", "--noinput"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            capture_output=True, timeout=300,
        )  # fmt: skip
    server = subprocess.Popen(
        [BIN / "gunicorn", "hairsite.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            fetch(base + "/")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start serving within 30 s")
            time.sleep(0.2)
    yield base, tmp
    server.terminate()
    server.wait(timeout=30)


def test_gunicorn_serves_the_seed_article_with_its_disclaimers(gunicorn_site):
    base, _ = gunicorn_site
    status, _, body = fetch(base + "/articles/stem-cell-breakthrough-baldness/")
    assert status == 200
    assert b"Stem Cell Breakthrough: A Potential Cure for Baldness" in body
    for key in ("medical-advice", "urgent-care", "investigational-therapy"):
        assert f'data-disclaimer="{key}"'.encode() in body


def test_static_files_are_hashed_compressed_and_cached_for_a_year(gunicorn_site):
    base, tmp = gunicorn_site
    _, _, body = fetch(base + "/")
    start = body.index(b"/static/css/site.")
    css_url = body[start : body.index(b'"', start)].decode()
    assert css_url != "/static/css/site.css"  # a hashed name
    assert list((tmp / "static" / "css").glob("site.*.css.gz"))
    status, headers, _ = fetch(base + css_url, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
