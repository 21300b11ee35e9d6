"""Drive a URL with wrk and read its results."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .server import pin_to
from .site import PROXY_HEADERS

REPORT_SCRIPT = Path(__file__).with_name("report.lua")
# wrk's failures: socket errors, timeouts, and answers other than 2xx or 3xx.
ERROR_COUNTS = ["connect", "read", "write", "timeout", "status"]
INSTALL_HINT = (
    "make bench needs wrk: `apt install wrk` on Debian or Ubuntu, `brew install wrk` "
    "on macOS, or build it from https://github.com/wg/wrk."
)


@dataclass(frozen=True)
class Load:
    """How hard and how long to drive each URL."""

    connections: int
    duration: int  # wrk takes whole seconds
    warmup: int
    cpu: int | None


@dataclass(frozen=True)
class Result:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def find_wrk() -> str:
    if path := shutil.which("wrk"):
        return path
    raise SystemExit(INSTALL_HINT)


def run_wrk(url: str, seconds: int, load: Load, headers: dict[str, str]) -> dict:
    """Drive `url` for `seconds`; return what report.lua prints."""
    command = [find_wrk(), "-t1", f"-c{load.connections}", f"-d{seconds}s"]
    # Slow pages under load must count as slow, not as failed.
    command += ["--timeout", "30s", "--script", str(REPORT_SCRIPT)]
    for name, value in (PROXY_HEADERS | headers).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=pin_to(load.cpu),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def warm_up(url: str, load: Load, **headers: str) -> None:
    """Drive `url` unmeasured, so that the measured run meets warm workers."""
    if load.warmup:
        run_wrk(url, load.warmup, load, headers)


def measure(url: str, load: Load, **headers: str) -> Result:
    """Drive `url` for the measured run."""
    raw = run_wrk(url, load.duration, load, headers)
    return Result(
        requests=raw["requests"],
        requests_per_second=raw["requests"] / (raw["duration_us"] / 1e6),
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        errors=sum(raw[key] for key in ERROR_COUNTS),
    )
