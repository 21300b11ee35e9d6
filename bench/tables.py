"""The tables `make bench` prints."""

from .plan import MEMORY_TARGET, Server


def print_table(servers: list[Server]) -> list[str]:
    """Print the throughput table; return the targets missed."""
    missed = []
    print(
        f"\n{'page':<24}{'KB':>6}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'× floor':>9}{'target':>8}  {'result':<8}{'CPU µs':>8}{'× floor':>9}"
    )
    for server in servers:
        floor, floor_cpu = server.floor()
        print(f"{server.name}: floor {floor:.0f} req/s, {floor_cpu:.0f} CPU µs each")
        for row in server.rows:
            line = f"  {row.name:<22}{row.size / 1024:>6.1f}"
            if row.result is None:
                print(f"{line}  {row.note}")
                continue
            rate = row.result.requests_per_second
            cpu = row.cpu_seconds / max(row.result.requests, 1) * 1e6
            verdict = target = ""
            if row.target is not None:
                target = f"≥ {row.target:g}"
                met = rate / floor >= row.target and not row.note
                verdict = "pass" if met else "MISSED"
            if verdict == "MISSED":
                missed.append(f"{server.name}: {row.name}")
            print(
                f"{line}{rate:>8.0f}{row.result.p50_ms:>8.2f}{row.result.p99_ms:>8.2f}"
                f"{rate / floor:>9.3f}{target:>8}  {verdict:<8}{cpu:>8.0f}"
                f"{floor_cpu / cpu if cpu else 0:>9.3f} {row.note}".rstrip()
            )
    paths = dict.fromkeys(row.path for server in servers for row in server.rows)
    print(
        "\nRatios are to the floor, /healthz through the same middleware on the same "
        "server (the mean\nwhere it ran twice): first by requests a second, then by "
        "the servers' CPU time a request,\nthe steadier of the two on a shared "
        "machine. Paths: " + ", ".join(paths)
    )
    return missed


def print_memory(servers: list[Server]) -> list[str]:
    """Print the workers' memory after the floor and the article; return misses."""
    missed = []
    print("\nWorker memory (RSS of the largest worker, MiB)")
    print(f"{'server':<36}{'after floor':>12}{'after article':>15}{'ratio':>7}  target")
    for server in servers:
        if not server.worker_kib:
            continue
        before, after = server.worker_kib
        verdict = "pass" if after / before <= MEMORY_TARGET else "MISSED"
        if verdict == "MISSED":
            missed.append(f"{server.name}: worker memory")
        print(
            f"{server.name:<36}{before / 1024:>12.1f}{after / 1024:>15.1f}"
            f"{after / before:>7.2f}  ≤ {MEMORY_TARGET:g} {verdict}"
        )
    return missed


def print_renders(renders: list[tuple[int, float, float, int, int]]) -> None:
    print("\nRender time in-process (test client, page cache off; medians)")
    print(f"{'sections':>8}{'ms':>10}{'CPU ms':>10}{'KB':>9}{'queries':>9}")
    for sections, wall, cpu, size, queries in renders:
        print(f"{sections:>8}{wall:>10.2f}{cpu:>10.2f}{size / 1024:>9.1f}{queries:>9}")
