"""The operator's path: migrate, seed, collectstatic, then gunicorn serves the site."""

import socket

import pytest

from tests.servers import fetch

pytestmark = pytest.mark.servers


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


HOST = b"Host: 127.0.0.1\r\n\r\n"


def raw_request(base: str, request: bytes) -> bytes:
    """Send bytes no well-behaved client would, and return the status line."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        return sock.recv(4096).split(b"\r\n", 1)[0]


@pytest.mark.parametrize(
    ("request_bytes", "statuses"),
    [
        (b"GET /articles/\xff\xfe/ HTTP/1.1\r\n" + HOST, (b"400", b"404")),
        (b"GET /?q=%ff%00 HTTP/1.1\r\n" + HOST, (b"200",)),
        (b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n", (b"400",)),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n" + HOST, (b"400", b"414")),
        (b"BREW / HTTP/1.1\r\n" + HOST, (b"400", b"403", b"405")),
        (b"POST /faq/ HTTP/1.1\r\nContent-Length: 3\r\n" + HOST + b"x=1", (b"403",)),
    ],
    ids=["bad-utf8-path", "bad-query", "unknown-host", "huge-request-line",
         "odd-method", "post-to-page"],
)  # fmt: skip
def test_malformed_requests_get_a_4xx_from_the_real_server(
    gunicorn_site, request_bytes, statuses
):
    base, _ = gunicorn_site
    status_line = raw_request(base, request_bytes)
    assert status_line.split(b" ")[1] in statuses, status_line
