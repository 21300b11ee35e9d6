"""A throwaway copy of the site in a temporary directory, set up as production is."""

import os
import secrets
from pathlib import Path
from statistics import median
from time import perf_counter, process_time

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# load_seed's article, which the benchmarks measure and copy.
SEED_SLUG = "stem-cell-breakthrough-baldness"
SEED_ARTICLE = f"/articles/{SEED_SLUG}/"
# The site runs with DJANGO_HTTPS=1 behind a TLS-terminating proxy; over plain
# loopback this header stands in for the proxy, as it does in production.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Set to turn the shared page cache off (hairsite/settings.py reads it).
PAGE_CACHE_OFF = {"DJANGO_PAGE_CACHE": "0"}


def site_environment(root: Path) -> dict[str, str]:
    """Return the environment of a production-like site whose files live in `root`."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        # The throwaway site's own database and cache, never a shared one.
        if name not in {"DATABASE_URL", "REDIS_URL"} and not name.startswith("DJANGO_")
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "hairsite.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "DJANGO_CACHE_DIR": str(root / "cache"),
        "DJANGO_MEDIA_ROOT": str(root / "media"),
        "DJANGO_STATIC_ROOT": str(root / "static"),
    }


def set_up_django(environment: dict[str, str]) -> None:
    """Set Django up in this process for the throwaway site, page cache off."""
    # Exactly the site's environment: nothing inherited may change a setting.
    os.environ.clear()
    os.environ.update(environment | PAGE_CACHE_OFF)
    import django

    django.setup()


def build_site(*, static: bool) -> None:
    """Migrate, load the seed and, for serving, collect the static files."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_seed", verbosity=0)
    if static:
        call_command("collectstatic", interactive=False, verbosity=0)


def site_client() -> Client:
    """Return a test client that reaches the site as the proxy does."""
    return Client(headers={"host": HOST, **PROXY_HEADERS})


def get_counting_queries(client: Client, path: str) -> tuple[HttpResponse, int]:
    """GET `path`; return the response and how many SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # Counted now: the next request empties the log the context reads.
    return response, len(queries)


def median_ms(
    client: Client, path: str, repeats: int, seconds: float = 0
) -> tuple[float, float]:
    """Time GET `path` at least `repeats` times, and for `seconds` if given.

    Return the median wall-clock and CPU milliseconds: on a shared machine the
    CPU time, which includes SQLite's work, is the steadier of the two.
    """
    wall: list[float] = []
    cpu: list[float] = []
    deadline = perf_counter() + seconds
    while len(wall) < repeats or (perf_counter() < deadline and len(wall) < 500):
        start, start_cpu = perf_counter(), process_time()
        client.get(path)
        wall.append(perf_counter() - start)
        cpu.append(process_time() - start_cpu)
    return median(wall) * 1000, median(cpu) * 1000
