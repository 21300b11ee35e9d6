"""Real servers for the tests that need them: gunicorn, PostgreSQL and Redis.

Each starts on a free loopback port and is stopped when its context ends, even
when the test fails. The machine's shared PostgreSQL and Redis only ever lend
a test a database of its own; tests that stop a service start a private one.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import psycopg
import pytest
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MACHINE_POSTGRES = "postgres://postgres@127.0.0.1:5432"
MACHINE_REDIS = "redis://127.0.0.1:6379"
# Generous: CI machines are shared, and a cold start loads every app.
START_SECONDS = 60
# Every app server of one site must sign sessions and tokens alike.
SECRET_KEY = secrets.token_urlsafe(50)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers: str) -> tuple[int, Message, bytes]:
    """GET `url`; return its status, headers and body, error statuses included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def wait_for(
    ready: Callable[[], bool], what: str, seconds: float = START_SECONDS
) -> None:
    """Poll `ready` until it is true; fail the test saying `what` did not happen."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.1)


def run(command: list[str | Path], **kwargs) -> str:
    """Run `command`; fail the test with its output if it fails."""
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, **kwargs
    )
    if result.returncode:
        output = result.stdout + result.stderr
        pytest.fail(f"{command} exited {result.returncode}:\n{output}")
    return result.stdout


def require(path: str | None, package: str) -> str:
    """Return the path of a server program; skip (so fail in CI) if it is missing."""
    if path is None:
        pytest.skip(f"{package} is not installed (Debian package: {package})")
    return path


def postgres_program(name: str) -> str:
    # Debian keeps PostgreSQL's server programs off PATH, a directory a version.
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: float(path.parents[1].name),
    )
    found = shutil.which(name) or (str(versions[-1]) if versions else None)
    return require(found, "postgresql")


def site_env(tmp: Path, **settings: str) -> dict[str, str]:
    """Return the environment of a production-like site keeping its files in `tmp`."""
    # The test names the database and the Redis, if any, in `settings`; none
    # of the suite's own configuration leaks into the site's.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL"} and not name.startswith("DJANGO_")
    }
    return {
        **inherited,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_CACHE_DIR": str(tmp / "cache"),
        "WEB_CONCURRENCY": "2",
        **settings,
    }


def manage(env: dict[str, str], *args: str) -> str:
    """Run a manage.py command on the site `env` describes; return its output."""
    return run([sys.executable, "manage.py", *args], cwd=ROOT, env=env)


def prepare_site(env: dict[str, str]) -> None:
    """Migrate the site's database and collect its static files, as a deploy does."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")


class Gunicorn:
    """The address and log of a running gunicorn."""

    def __init__(self, port: int, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = log

    def get(self, path: str, **headers: str) -> tuple[int, Message, bytes]:
        return fetch(self.url + path, **headers)

    def answers(self) -> bool:
        try:
            return self.get("/healthz")[0] == 200
        except OSError:
            return False


def stop(process: subprocess.Popen) -> None:
    """Ask a process to stop, and kill it if it does not."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[Gunicorn]:
    """Serve the site `env` describes with gunicorn until the context ends."""
    port = free_port()
    server = Gunicorn(port, log)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [BIN / "gunicorn", "hairsite.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(
            lambda: process.poll() is not None or server.answers(),
            "gunicorn did not start serving",
        )
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited at start:\n{log.read_text()}")
        yield server
    finally:
        stop(process)


@contextmanager
def machine_database() -> Iterator[str]:
    """Lend a new database on the machine's PostgreSQL; drop it afterwards."""
    name = f"hairsite_test_{secrets.token_hex(6)}"
    try:
        admin = psycopg.connect(
            f"{MACHINE_POSTGRES}/postgres", autocommit=True, connect_timeout=10
        )
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432: {error}")
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield f"{MACHINE_POSTGRES}/{name}"
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def machine_redis_database() -> Iterator[str]:
    """Lend an empty database of the machine's Redis; empty it again afterwards."""
    # Claimed with a key, so that concurrent test runs each get their own; 0,
    # the default, is left to everyone else.
    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{MACHINE_REDIS}/{number}", socket_timeout=10)
        try:
            claimed = client.set("lent-to-a-test", 1, nx=True, ex=3600)
        except redis.ConnectionError as error:
            pytest.skip(f"no Redis on 127.0.0.1:6379: {error}")
        if claimed and client.dbsize() == 1:
            break
        if claimed:  # someone else's data is there
            client.delete("lent-to-a-test")
    else:
        pytest.fail("every database of the Redis on 127.0.0.1:6379 is in use")
    try:
        yield f"{MACHINE_REDIS}/{number}"
    finally:
        client.flushdb()


class TemporaryPostgres:
    """A PostgreSQL cluster in a directory of its own, on a spare port."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *args: str | Path) -> str:
        command = [postgres_program(program), *args]
        # initdb and postgres refuse to run as root.
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return run(command)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c fsync=off"
        )
        log = self.directory / "postgres.log"
        self.run("pg_ctl", "start", "-w", "-D", self.data, "-l", log, "-o", options)

    def stop(self) -> None:
        self.run("pg_ctl", "stop", "-w", "-m", "fast", "-D", self.data)


@contextmanager
def temporary_postgres() -> Iterator[TemporaryPostgres]:
    """Make, start and finally remove a PostgreSQL cluster of the test's own."""
    postgres_program("initdb")  # skip before anything needs the postgres user
    # Not under pytest's tmp_path: root's is closed to the postgres user.
    directory = Path(tempfile.mkdtemp(prefix="hairsite-postgres-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres")
        server = TemporaryPostgres(directory)
        server.run("initdb", "-D", server.data, "-U", "postgres", "--auth=trust",
                   "--encoding=UTF8", "--no-sync")  # fmt: skip
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class TemporaryRedis:
    """A redis-server of the test's own, keeping nothing on disk, on a spare port."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis(port=self.port, socket_timeout=10)
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        try:
            return self.client.ping()
        except redis.ConnectionError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [require(shutil.which("redis-server"), "redis-server"),
             "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.directory],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, "redis-server did not start")

    def stop(self) -> None:
        stop(self.process)


@contextmanager
def temporary_redis(directory: Path) -> Iterator[TemporaryRedis]:
    """Start a redis-server of the test's own; stop it when the context ends."""
    server = TemporaryRedis(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def outage(service: TemporaryPostgres | TemporaryRedis) -> Iterator[None]:
    """Stop `service` for the length of the context, then start it again."""
    service.stop()
    try:
        yield
    finally:
        service.start()
