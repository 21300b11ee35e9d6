import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "hairsite.example",
        "DJANGO_SITE_URL": "https://hairsite.example",
        "DJANGO_CONTACT_EMAIL": "editors@hairsite.example",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_HTTPS="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_HTTPS": "0"},
        {"DJANGO_HTTPS": "1", "DJANGO_DEBUG": "1"},
        {"DJANGO_HTTPS": "1", "DJANGO_SECRET_KEY": "short"},
        {"DJANGO_HTTPS": "1", "DJANGO_SITE_URL": ""},
        {"DJANGO_HTTPS": "1", "DJANGO_CONTACT_EMAIL": ""},
    ],
    ids=["plain-http", "debug", "weak-key", "no-site-url", "no-contact-email"],
)
def test_insecure_settings_fail_check_deploy(env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0


def test_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_ambiguous_boolean_setting_is_refused():
    result = manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr
