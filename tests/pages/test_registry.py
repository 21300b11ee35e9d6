"""The built-in pages describe what the site really does."""

import runpy

from django.conf import settings

from pages.registry import BUILTIN_PAGES


def test_about_page_states_the_review_intervals_the_site_applies():
    body = BUILTIN_PAGES["about"]["body"]

    months = settings.REVIEW_INTERVAL_INVESTIGATIONAL_DAYS * 12 // 365
    assert f"{months} months later for articles about investigational" in body
    assert f"{settings.REVIEW_INTERVAL_DAYS // 365} years later for everything" in body


def test_privacy_page_lists_what_the_servers_access_log_records():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    body = BUILTIN_PAGES["privacy"]["body"]

    # gunicorn's default format: address, time, request line, status, size,
    # referrer and user agent. A custom format needs the notice changed too.
    assert config["accesslog"] == "-"
    assert "access_log_format" not in config
    for field in ["IP address", "date and time", "the address you asked for",
                  "its size", "linked you here", "user-agent"]:  # fmt: skip
        assert field in body
