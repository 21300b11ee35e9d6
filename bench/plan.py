"""What `make bench` measures: each server configuration and its rows."""

from dataclasses import dataclass, field

from .site import PAGE_CACHE_OFF, SEED_ARTICLE
from .wrk import Result

MEMORY_TARGET = 1.5  # worker RSS after the article runs, to after the floor's


@dataclass
class Row:
    """A URL to drive with wrk, what it must answer, and its target if any."""

    name: str
    path: str
    target: float | None = None
    status: int = 200
    # Send If-None-Match with the page's ETag: a 304 is the answer expected.
    conditional: bool = False
    is_floor: bool = False
    # Read the workers' memory after this row's run.
    weigh_workers: bool = False
    size: int = 0
    result: Result | None = None
    # CPU time the servers spent on the measured run.
    cpu_seconds: float = 0
    note: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    """One gunicorn configuration and the rows measured on it."""

    name: str
    settings: dict[str, str]
    rows: list[Row]
    redis: bool = False  # with a redis-server of its own, as REDIS_URL
    worker_kib: list[int] = field(default_factory=list)

    def floor(self) -> tuple[float, float]:
        """Return the floor runs' mean requests a second, and CPU µs a request."""
        floors = [row for row in self.rows if row.is_floor]
        if any(row.note for row in floors):
            raise RuntimeError(f"/healthz failed: {[row.note for row in floors]}")
        rate = sum(row.result.requests_per_second for row in floors) / len(floors)
        cpu = sum(row.cpu_seconds for row in floors)
        return rate, cpu / sum(row.result.requests for row in floors) * 1e6


def servers(redis: bool) -> list[Server]:
    """Plan the run: each configuration, with the floor measured on it first."""
    plan = [
        Server(
            "page cache in files (the default)",
            {},
            [
                Row("floor (/healthz)", "/healthz", is_floor=True, weigh_workers=True),
                Row(
                    "article (cache hit)", SEED_ARTICLE, target=0.9, weigh_workers=True
                ),
                Row("home", "/"),
                Row("FAQ", "/faq/"),
                Row("search", "/search/?q=stem"),
                Row(
                    "304 (If-None-Match)",
                    SEED_ARTICLE,
                    target=1.0,
                    status=304,
                    conditional=True,
                ),
                Row("floor, again", "/healthz", is_floor=True),
            ],
        ),
        Server(
            "page cache off",
            PAGE_CACHE_OFF,
            [
                Row("floor (/healthz)", "/healthz", is_floor=True, weigh_workers=True),
                Row(
                    "article (cache off)", SEED_ARTICLE, target=0.2, weigh_workers=True
                ),
            ],
        ),
    ]
    if redis:
        plan.append(
            Server(
                "page cache in Redis",
                {},
                [
                    Row("floor (/healthz)", "/healthz", is_floor=True),
                    Row("article (cache hit)", SEED_ARTICLE, target=0.9),
                    Row(
                        "304 (If-None-Match)",
                        SEED_ARTICLE,
                        target=1.0,
                        status=304,
                        conditional=True,
                    ),
                ],
                redis=True,
            )
        )
    return plan
