import pytest

from hairsite.checks import check_contact_email, check_site_url


def ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "expected"),
    [
        ("https://hair.example.org", ["hair.example.org"], []),
        ("https://hair.example.org", [".example.org"], []),
        ("https://hair.example.org:8443", ["hair.example.org"], []),
        ("http://hair.example.org", ["hair.example.org"], ["hairsite.W001"]),
        ("http://127.0.0.1:8000", ["hair.example.org"],
         ["hairsite.W001", "hairsite.W002"]),
        ("https://elsewhere.example.com", ["hair.example.org"], ["hairsite.W002"]),
        ("hair.example.org", ["hair.example.org"], ["hairsite.W001", "hairsite.W002"]),
    ],
    ids=["https", "subdomains", "port", "plain-http", "default", "other-host",
         "no-scheme"],
)  # fmt: skip
def test_site_url_must_be_https_on_an_allowed_host(
    settings, site_url, allowed_hosts, expected
):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = allowed_hosts

    assert ids(check_site_url(None)) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("editors@example.org", []),
        ("editors@hairsite.invalid", ["hairsite.W003"]),
        ("editors@HAIRSITE.INVALID", ["hairsite.W003"]),
        ("editors@invalid", ["hairsite.W003"]),
        ("", ["hairsite.W003"]),
    ],
)
def test_contact_email_must_not_be_the_placeholder(settings, address, expected):
    settings.CONTACT_EMAIL = address

    assert ids(check_contact_email(None)) == expected
