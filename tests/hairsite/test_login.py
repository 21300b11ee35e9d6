import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from tests.hairsite.test_deploy import manage

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, username: str, password: str, address: str = "192.0.2.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail_five_times(client, username="editor", address="192.0.2.1"):
    for _ in range(5):
        log_in(client, username, "wrong", address)


def test_right_password_logs_in(client, editor):
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_account_is_locked_after_five_failures_even_with_the_right_password(
    client, editor
):
    fail_five_times(client)
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert b'data-disclaimer="medical-advice"' in response.content


def test_account_lockout_holds_from_another_address(client, editor):
    fail_five_times(client, address="192.0.2.1")
    assert log_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 429


def test_address_is_locked_after_failures_across_accounts(client, editor):
    for n in range(5):
        log_in(client, f"guess{n}", "wrong", address="203.0.113.9")
    assert log_in(client, "editor", PASSWORD, address="203.0.113.9").status_code == 429
    assert log_in(client, "editor", PASSWORD, address="192.0.2.50").status_code == 302


def test_unlock_commands_lift_a_lockout(client, editor):
    fail_five_times(client)
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "192.0.2.1")
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_forwarded_address_counts_only_behind_our_proxy(client, settings, editor):
    # A client cannot dodge the address lockout by inventing X-Forwarded-For.
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert log_in(client, "editor", PASSWORD, address="203.0.113.9").status_code == 429


def test_proxy_appended_address_is_used_behind_a_proxy(client, settings, editor):
    settings.BEHIND_PROXY = True
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, 203.0.113.{n}",
        )
    # Five different clients behind the proxy: none of them is locked out.
    assert log_in(client, "editor", PASSWORD, address="127.0.0.1").status_code == 302


def test_admin_url_is_configurable():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = manage(
        "shell", "--no-imports", "-c", code, DJANGO_ADMIN_URL="backstage-7f3a/"
    )
    assert result.stdout.strip().splitlines()[-1] == "/backstage-7f3a/"
