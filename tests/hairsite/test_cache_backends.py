"""Cache backends that log a failing store and carry on as an empty cache."""

import logging
import shutil

import pytest
from django.core.cache import caches

from tests.factories import make_entry
from tests.servers import outage, temporary_redis

from .test_page_cache import is_served_from_cache, warm


@pytest.fixture
def redis_server(tmp_path):
    with temporary_redis(tmp_path) as server:
        yield server


@pytest.fixture
def pages(settings, redis_server):
    """Keep the page cache in the test's own Redis, as REDIS_URL does."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "hairsite.cache_backends.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    return caches["pages"]


def cache_log(caplog) -> list[tuple[int, str]]:
    return [
        (record.levelno, record.getMessage().split(":")[0])
        for record in caplog.records
        if record.name == "hairsite.cache_backends"
    ]


@pytest.mark.servers
def test_redis_cache_reads_what_it_stored(pages):
    pages.set("greeting", "hello")

    assert pages.get("greeting") == "hello"
    assert pages.get_many(["greeting", "other"]) == {"greeting": "hello"}


@pytest.mark.servers
def test_redis_outage_reads_as_a_miss_and_writes_as_nothing(
    pages, redis_server, caplog
):
    pages.set("greeting", "hello")

    with outage(redis_server):
        assert pages.get("greeting", "fallback") == "fallback"
        assert pages.get_many(["greeting"]) == {}
        assert pages.has_key("greeting") is False
        assert pages.add("other", 1) is False
        assert pages.set("greeting", "ignored") is None
        assert pages.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert pages.delete("greeting") is False
        assert pages.delete_many(["greeting"]) is None
        assert pages.touch("greeting") is False

    pages.set("greeting", "back")
    assert pages.get("greeting") == "back"
    # Once when it stopped answering, once when it came back.
    assert cache_log(caplog) == [
        (logging.ERROR, "Cache unavailable, carrying on without it"),
        (logging.WARNING, "Cache available again."),
    ]


@pytest.mark.servers
def test_pages_serve_through_a_redis_outage_and_are_cached_again_after(
    db, client, pages, redis_server, django_assert_max_num_queries
):
    make_entry(question="Does stress cause hair loss?")
    warm(client, "/faq/")
    assert is_served_from_cache(client, "/faq/", django_assert_max_num_queries)

    with outage(redis_server):
        for _ in range(3):
            response = client.get("/faq/")
            assert response.status_code == 200
            assert b"Does stress cause hair loss?" in response.content

    warm(client, "/faq/")
    assert is_served_from_cache(client, "/faq/", django_assert_max_num_queries)


def test_unwritable_cache_directory_reads_as_a_miss_and_writes_as_nothing(
    settings, tmp_path, caplog
):
    location = tmp_path / "pages"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": str(location)},
    }
    files = caches["pages"]
    files.set("greeting", "hello")
    # A file where the directory should be: neither root nor anyone can write.
    shutil.rmtree(location)
    location.write_text("")

    assert files.get("greeting", "fallback") == "fallback"
    assert files.set("greeting", "ignored") is None

    location.unlink()
    files.set("greeting", "back")
    assert files.get("greeting") == "back"
    assert cache_log(caplog) == [
        (logging.ERROR, "Cache unavailable, carrying on without it"),
        (logging.WARNING, "Cache available again."),
    ]
