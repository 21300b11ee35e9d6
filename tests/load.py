"""Load from a second process: visitors GET pages in a loop while a test works.

`python -m tests.load HOST PATTERN URL...` starts a visitor thread for each URL,
sending `Host: HOST` as a load balancer would, says "started" once each has had
an answer and, when its stdin closes, prints a JSON summary: each URL's
status counts, the failures, and the regressions, where a page showed fewer
distinct PATTERN matches (published edits) than the same visitor had already
seen. Every other request is conditional, on the ETag.
"""

import http.client
import json
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from tests.servers import ROOT, fetch


class Visitor(threading.Thread):
    """Request one URL again and again, remembering the most edits seen."""

    def __init__(
        self,
        url: str,
        host: str,
        pattern: re.Pattern[bytes],
        started: threading.Barrier,
        stopping: threading.Event,
    ) -> None:
        super().__init__()
        self.url = url
        self.host = host
        self.pattern = pattern
        self.started = started
        self.stopping = stopping
        self.statuses: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()
        self.regressions: list[str] = []
        self.etag: str | None = None
        self.edits_seen = 0

    def run(self) -> None:
        self.visit()
        self.started.wait()
        while not self.stopping.is_set():
            self.visit()

    def visit(self) -> None:
        sent = {"Host": self.host}
        if self.etag and sum(self.statuses.values()) % 2:
            sent["If-None-Match"] = self.etag
        try:
            status, headers, body = fetch(self.url, **sent)
        except (OSError, http.client.HTTPException) as error:
            self.failures[f"{self.url}: {error!r}"] += 1
            return
        self.statuses[status] += 1
        if status == 200:
            self.etag = headers.get("ETag")
            edits = len(set(self.pattern.findall(body)))
            if edits < self.edits_seen:
                self.regressions.append(
                    f"{self.url}: {edits} edits after {self.edits_seen}"
                )
            self.edits_seen = max(edits, self.edits_seen)


def main(host: str, pattern: str, *urls: str) -> None:
    started = threading.Barrier(len(urls) + 1)
    stopping = threading.Event()
    visitors = [
        Visitor(url, host, re.compile(pattern.encode()), started, stopping)
        for url in urls
    ]
    for visitor in visitors:
        visitor.start()
    started.wait()
    print("started", flush=True)
    sys.stdin.read()
    stopping.set()
    failures: Counter[str] = Counter()
    regressions: list[str] = []
    for visitor in visitors:
        visitor.join()
        failures += visitor.failures
        regressions += visitor.regressions
    statuses = {visitor.url: visitor.statuses for visitor in visitors}
    summary = {"statuses": statuses, "failures": failures, "regressions": regressions}
    print(json.dumps(summary))


@contextmanager
def load_from_another_process(
    host: str, pattern: str, urls: list[str]
) -> Iterator[dict]:
    """Load `urls` from a second process for the context; then fill in its summary."""
    summary: dict = {}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.load", host, pattern, *urls],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if process.stdout.readline() != "started\n":
            raise RuntimeError("the load process did not start")
        yield summary
        output, _ = process.communicate(timeout=120)
        summary.update(json.loads(output))
    finally:
        process.kill()
        process.wait()


if __name__ == "__main__":
    main(*sys.argv[1:])
