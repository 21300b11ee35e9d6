"""The site under gunicorn rides out Redis and PostgreSQL outages, and recovers.

These tests stop and start their own PostgreSQL cluster and redis-server on
spare ports, never the machine's shared ones.
"""

from collections.abc import Iterator

import pytest

from hairsite.page_cache import page_key
from tests.servers import (
    Gunicorn,
    TemporaryPostgres,
    TemporaryRedis,
    gunicorn,
    manage,
    outage,
    prepare_site,
    site_env,
    temporary_postgres,
    temporary_redis,
    wait_for,
)

pytestmark = pytest.mark.servers

SEED = """
from tests.factories import make_article, make_entry, make_section
for slug in ("cached", "uncached"):
    make_section(make_article(slug=slug), body="Wash gently.")
make_entry(question="Does stress cause hair loss?")
"""
CACHED = "/articles/cached/"
# Requested only while the database is down, so no cache can hold it.
UNCACHED = "/articles/uncached/"
PAGES = ["/", CACHED, "/faq/", "/disclaimer/"]
FOOTER_DISCLAIMERS = [
    b'data-disclaimer="medical-advice"',
    b'data-disclaimer="urgent-care"',
]
# Enough requests that each of gunicorn's two workers most likely answers some.
ROUNDS = 4


@pytest.fixture(scope="module")
def postgres() -> Iterator[TemporaryPostgres]:
    with temporary_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[TemporaryRedis]:
    with temporary_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def site(postgres, redis_server, tmp_path_factory) -> Iterator[Gunicorn]:
    """Serve a small published site from gunicorn on the private services."""
    tmp = tmp_path_factory.mktemp("faults")
    env = site_env(tmp, DATABASE_URL=postgres.url, REDIS_URL=redis_server.url)
    prepare_site(env)
    manage(env, "shell", "--no-imports", "-c", SEED)
    with gunicorn(env, tmp / "gunicorn.log") as server:
        yield server


def statuses(site: Gunicorn, path: str) -> list[int]:
    return [site.get(path)[0] for _ in range(ROUNDS)]


def is_stored(site: Gunicorn, redis_server: TemporaryRedis, path: str) -> bool:
    """Request the page, and tell whether the page cache in Redis now holds it."""
    return site.get(path)[0] == 200 and bool(
        redis_server.client.keys(f"*{page_key(path)}")
    )


def test_pages_serve_without_redis_and_are_cached_again_when_it_returns(
    site, redis_server
):
    # A path's first render sets its tokens, and the second is stored.
    wait_for(lambda: is_stored(site, redis_server, CACHED), "the page was not stored")

    with outage(redis_server):
        for path in PAGES:
            for _ in range(ROUNDS):
                status, _, body = site.get(path)
                assert status == 200, path
                for disclaimer in FOOTER_DISCLAIMERS:
                    assert disclaimer in body
        assert statuses(site, "/readyz") == [503] * ROUNDS
        assert "Cache unavailable, carrying on without it" in site.log.read_text()

    # The restarted Redis is empty: the page is rendered, then stored again.
    wait_for(
        lambda: is_stored(site, redis_server, CACHED),
        "the page was not stored again after Redis came back",
    )
    assert "Cache available again." in site.log.read_text()
    assert statuses(site, "/readyz") == [200] * ROUNDS


def test_database_outage_gives_a_friendly_503_and_recovers_without_a_restart(
    site, redis_server, postgres
):
    wait_for(lambda: is_stored(site, redis_server, CACHED), "the page was not stored")

    with outage(postgres):
        # A stored page needs no database.
        assert statuses(site, CACHED) == [200] * ROUNDS
        for _ in range(ROUNDS):
            status, headers, body = site.get(UNCACHED)
            assert status == 503
            assert "no-store" in headers["Cache-Control"]
            for disclaimer in FOOTER_DISCLAIMERS:
                assert disclaimer in body
        assert statuses(site, "/healthz") == [200] * ROUNDS
        assert statuses(site, "/readyz") == [503] * ROUNDS

    assert statuses(site, UNCACHED) == [200] * ROUNDS
    assert statuses(site, "/readyz") == [200] * ROUNDS
