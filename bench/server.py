"""gunicorn serving the throwaway site, as production runs it, on a spare port."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from email.message import Message
from pathlib import Path

from .site import HOST, PROXY_HEADERS, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def pin_to(cpu: int | None) -> Callable[[], None] | None:
    """Return a preexec_fn that keeps the child on one CPU, or None not to pin."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def fetch(url: str, **headers: str) -> tuple[int, Message, bytes]:
    """GET `url` as the proxy would pass it on; 3xx and 4xx are answers too."""
    request = urllib.request.Request(url, headers=PROXY_HEADERS | headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def rss_kib(pid: int) -> int:
    """Read a process's resident set size from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """Return the CPU time a process, and its children that have ended, used."""
    # The fields after "(name)": state first, then utime, stime, cutime and
    # cstime at 12 to 15 (proc(5) numbers them 14 to 17, from the pid).
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return sum(int(ticks) for ticks in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """List the processes whose parent is `pid`."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:  # the process ended while we looked
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def start(command: list, log: Path, cpu: int | None, **options) -> subprocess.Popen:
    """Start a server writing to `log`, kept on `cpu` if one is given."""
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=pin_to(cpu),
            **options,
        )


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop, and kill it if it does not."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path) -> None:
    """Wait for a server to be ready; stop it and fail if it is not in time."""
    deadline = time.monotonic() + 60
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"{process.args[0]} did not start; see {log}")
        time.sleep(0.2)


class Gunicorn:
    """gunicorn with gunicorn.conf.py on a spare port, stopped on leaving `with`."""

    def __init__(
        self, environment: dict[str, str], workers: int, cpu: int | None, log: Path
    ) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.workers = workers
        self.environment = environment | {
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "WEB_CONCURRENCY": str(workers),
        }
        self.cpu = cpu
        self.log = log

    def __enter__(self) -> "Gunicorn":
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = start(
            [gunicorn, "hairsite.wsgi"],
            self.log,
            self.cpu,
            cwd=ROOT,
            env=self.environment,
        )
        wait_until(self.ready, self.process, self.log)
        return self

    def __exit__(self, *exc_info: object) -> None:
        stop(self.process)

    def ready(self) -> bool:
        """Tell whether every worker has booted and the site answers."""
        if len(self.worker_pids()) < self.workers:
            return False
        try:
            return fetch(self.url + "/healthz")[0] == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def cpu_seconds(self) -> float:
        """Return the CPU time gunicorn has used, recycled workers' included."""
        total = cpu_seconds(self.process.pid)
        for pid in self.worker_pids():
            with suppress(OSError):  # a worker being recycled
                total += cpu_seconds(pid)
        return total

    def worker_rss_kib(self) -> list[int]:
        """Read each worker's resident memory."""
        return [rss_kib(pid) for pid in self.worker_pids()]


class Redis:
    """A redis-server of the benchmark's own on a spare port, keeping nothing."""

    def __init__(self, cpu: int | None, log: Path) -> None:
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.cpu = cpu
        self.log = log

    def __enter__(self) -> "Redis":
        command = [shutil.which("redis-server"), "--bind", HOST]
        command += ["--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = start(command, self.log, self.cpu)
        wait_until(self.ready, self.process, self.log)
        return self

    def __exit__(self, *exc_info: object) -> None:
        stop(self.process)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid)

    def ready(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex((HOST, self.port)) == 0
