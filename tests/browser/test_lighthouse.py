"""Lighthouse scores the seeded site, served as in production, 100 in every category."""

import json
import os
import re
import subprocess

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, find_chromium
from tests.node_tools import node_tool

pytestmark = [pytest.mark.browser, pytest.mark.servers]

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ATTEMPTS = 3
# Lighthouse's own runtime errors (core/lib/lh-error.js) that mean it failed to
# record the load on a busy machine, and that it answers with "Please run
# Lighthouse again". Errors about the page itself (a failed or non-HTML
# document request, a crashed parser) are not among them: those fail at once.
TRANSIENT_ERRORS = {
    "NO_SPEEDLINE_FRAMES",
    "SPEEDINDEX_OF_ZERO",
    "NO_SCREENSHOTS",
    "INVALID_SPEEDLINE",
    "NO_TRACING_STARTED",
    "NO_NAVSTART",
    "NO_FCP",
    "NO_DCL",
    "TRACING_ALREADY_STARTED",
    "PROTOCOL_TIMEOUT",
    "CRI_TIMEOUT",
}


class LighthouseFlaked(Exception):
    """Lighthouse could not record a run; its message is Lighthouse's error."""


def lighthouse(url: str) -> dict:
    """Run Lighthouse on `url` in Debian's Chromium and return its report.

    Raise LighthouseFlaked when Lighthouse failed to record the run, so the
    caller can try again; fail the test on any other error.
    """
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Lighthouse needs a Chromium: install Debian's chromium package")
    result = subprocess.run(
        [
            node_tool(".bin/lighthouse"),
            url,
            # The mobile configuration (Lighthouse 12 has no preset of that name;
            # mobile is its default): a phone's screen, slow 4G, a slowed CPU.
            "--form-factor=mobile",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        code = re.search(r"\(([A-Z_]+)\)\s*$", result.stderr)
        if code and code.group(1) in TRANSIENT_ERRORS:
            raise LighthouseFlaked(result.stderr.strip())
        pytest.fail(f"Lighthouse exited {result.returncode}:\n{result.stderr}")
    return json.loads(result.stdout)


def points(report: dict, name: str) -> int:
    """Return a category's score as Lighthouse shows it, 0 to 100 (0 if it failed)."""
    return int((report["categories"][name]["score"] or 0) * 100 + 0.5)


def shortfalls(report: dict) -> list[str]:
    """Describe each category's score and the audits that cost it points."""
    lines = []
    for name in CATEGORIES:
        lines.append(f"{name}: {points(report, name)}")
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if "displayValue" in audit else ""
                lines.append(f"    {audit['id']}: {audit['title']}{value}")
    return lines


@pytest.mark.parametrize(
    "path", ["/", "/articles/stem-cell-breakthrough-baldness/", "/faq/"]
)
def test_lighthouse_scores_100_in_every_category(gunicorn_site, path):
    base, _ = gunicorn_site
    # Performance varies with the host's load (Lighthouse warns these CPUs are
    # slower than it expects); the other categories do not. A page passes when
    # one of a few runs scores 100 everywhere: one that falls short fails all.
    # A run Lighthouse itself failed to record counts as one that fell short.
    failures = []
    for _ in range(ATTEMPTS):
        try:
            report = lighthouse(base + path)
        except LighthouseFlaked as error:
            failures.append(str(error))
            continue
        scores = {name: points(report, name) for name in CATEGORIES}
        print(path, scores, "benchmarkIndex", report["environment"]["benchmarkIndex"])
        if set(scores.values()) == {100}:
            return
        failures += [*shortfalls(report), *report["runWarnings"]]
    pytest.fail(f"Lighthouse on {path}, {ATTEMPTS} runs:\n" + "\n".join(failures))
