"""Serve a throwaway copy of the site with gunicorn and drive it with wrk.

Each page's throughput is given as a ratio to the floor, a trivial view
(/healthz) through the same middleware on the same server, measured in the
same run: absolute figures drift with the machine, ratios hold. The servers:
the page cache in files (the default), no page cache, and, where redis-server
is installed, the page cache in Redis. Run with `make bench`.
"""

import argparse
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from .plan import Row, Server, servers
from .server import Gunicorn, Redis, fetch
from .site import (
    PAGE_CACHE_OFF,
    SEED_ARTICLE,
    SEED_SLUG,
    build_site,
    get_counting_queries,
    median_ms,
    set_up_django,
    site_client,
    site_environment,
)
from .tables import print_memory, print_renders, print_table
from .wrk import Load, find_wrk, measure, warm_up

LONG_ARTICLE_SECTIONS = 1500
# Headers that middleware adds to every response: the floor must carry them
# too, or it is not going through the same stack as the pages.
MIDDLEWARE_HEADERS = {
    "content-security-policy",
    "cross-origin-opener-policy",
    "permissions-policy",
    "referrer-policy",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
}


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--duration", type=int, default=int(env("BENCH_DURATION", "10")),
        help="seconds of measured load per page (BENCH_DURATION, default 10)",
    )  # fmt: skip
    parser.add_argument(
        "--warmup", type=int, default=int(env("BENCH_WARMUP", "2")),
        help="seconds of unmeasured load first (BENCH_WARMUP, default 2)",
    )  # fmt: skip
    parser.add_argument(
        "--connections", type=int, default=int(env("BENCH_CONNECTIONS", "32")),
        help="wrk's open connections (BENCH_CONNECTIONS, default 32)",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=int(env("WEB_CONCURRENCY", "2")),
        help="gunicorn workers, all on one core (WEB_CONCURRENCY, default 2)",
    )  # fmt: skip
    parser.add_argument(
        "--strict", action="store_true",
        help="exit with status 1 when a target is missed",
    )  # fmt: skip
    return parser.parse_args()


def pick_cpus() -> tuple[int | None, int | None]:
    """Give gunicorn one core and wrk another, where there are two to give."""
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        return None, None
    server, load = sorted(os.sched_getaffinity(0))[:2]
    return server, load


def render_time(path: str) -> tuple[float, float, int, int]:
    """Time the page in-process, through every middleware, with no page cache."""
    client = site_client()
    wall, cpu = median_ms(client, path, repeats=5, seconds=3)
    response, queries = get_counting_queries(client, path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} in-process")
    if not queries:
        raise RuntimeError(f"{path} came from the page cache: {PAGE_CACHE_OFF} failed")
    return wall, cpu, len(response.content), queries


def check_floor(url: str) -> None:
    """Refuse a floor that skips middleware the pages go through."""
    for path in ("/healthz", SEED_ARTICLE):
        headers = fetch(url + path)[1]
        if missing := MIDDLEWARE_HEADERS - {name.lower() for name in headers}:
            raise RuntimeError(f"{path} lacks middleware headers: {sorted(missing)}")


def prepare(row: Row, url: str) -> None:
    """Check that the URL answers as the row expects, and fill the page cache."""
    if row.conditional and not (etag := fetch(url + row.path)[1].get("ETag")):
        row.note = "skipped: the page has no ETag"
        return
    if row.conditional:
        row.headers["If-None-Match"] = etag
    # The page cache stores a page on its second render; the third is a hit.
    for _ in range(3):
        status, _, body = fetch(url + row.path, **row.headers)
    row.size = len(body)
    if status != row.status:
        row.note = f"skipped: answered {status}, not {row.status}"


def run(
    server: Server,
    environment: dict[str, str],
    load: Load,
    gunicorn_cpu: int | None,
    workers: int,
    log: Path,
) -> None:
    """Start the server's gunicorn and drive each of its rows in turn."""
    settings = environment | server.settings
    with ExitStack() as stack:
        processes = []
        if server.redis:
            # On gunicorn's core: the load generator's must stay its own.
            processes.append(stack.enter_context(Redis(gunicorn_cpu, log)))
            settings["REDIS_URL"] = processes[0].url
        gunicorn = stack.enter_context(Gunicorn(settings, workers, gunicorn_cpu, log))
        processes.append(gunicorn)
        check_floor(gunicorn.url)
        for row in server.rows:
            prepare(row, gunicorn.url)
            if row.note:
                continue
            print(f"  {server.name}: {row.name} …", flush=True)
            url = gunicorn.url + row.path
            warm_up(url, load, **row.headers)
            spent = sum(process.cpu_seconds() for process in processes)
            row.result = measure(url, load, **row.headers)
            row.cpu_seconds = sum(p.cpu_seconds() for p in processes) - spent
            if row.result.errors:
                row.note = f"{row.result.errors} failed requests"
            elif not row.result.requests_per_second:
                row.note = "no request finished: run longer"
            if row.weigh_workers:
                server.worker_kib.append(max(gunicorn.worker_rss_kib()))


def measure_renders() -> list[tuple[int, float, float, int, int]]:
    """Time the seed article and a copy with its sections repeated to 1,500."""
    from articles.models import Article

    from .content import clone_articles

    seed = Article.objects.get(slug=SEED_SLUG)
    long = clone_articles(seed, 1, LONG_ARTICLE_SECTIONS, "long")[0]
    return [
        (seed.sections.count(), *render_time(SEED_ARTICLE)),
        (LONG_ARTICLE_SECTIONS, *render_time(long.get_absolute_url())),
    ]


def main() -> int:
    args = parse_args()
    find_wrk()
    server_cpu, load_cpu = pick_cpus()
    load = Load(args.connections, args.duration, args.warmup, load_cpu)
    plan = servers(redis=shutil.which("redis-server") is not None)
    with tempfile.TemporaryDirectory(prefix="hairsite-bench-") as tmp:
        root = Path(tmp)
        environment = site_environment(root)
        print(f"Setting up a throwaway site in {root} …", flush=True)
        set_up_django(environment)
        build_site(static=True)
        renders = measure_renders()
        from django.db import connections

        connections.close_all()  # gunicorn's workers open their own
        pinning = (
            f"gunicorn on CPU {server_cpu}, wrk on CPU {load_cpu}"
            if server_cpu is not None
            else "not pinned (fewer than two CPUs, or no sched_setaffinity)"
        )
        print(
            f"{args.workers} gunicorn worker(s), {args.connections} connections, "
            f"{args.warmup} s warm-up + {args.duration} s a page; {pinning}",
            flush=True,
        )
        log = root / "servers.log"
        try:
            for server in plan:
                run(server, environment, load, server_cpu, args.workers, log)
        except BaseException:
            print(
                f"The servers' log, {log}:\n{log.read_text()[-4000:]}", file=sys.stderr
            )
            raise
    missed = print_table(plan) + print_memory(plan)
    print_renders(renders)
    if missed:
        print(f"\nTargets missed: {', '.join(missed)}.")
        return 1 if args.strict else 0
    print("\nEvery target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
