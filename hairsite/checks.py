"""Deploy checks for the settings that say where the site lives and who answers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import split_domain_port, validate_host


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Warn when canonical links, the sitemap and the feed would point elsewhere."""
    url = urlsplit(settings.SITE_URL)
    problems = []
    if url.scheme != "https":
        problems.append(
            checks.Warning(
                "DJANGO_SITE_URL does not start with https://: canonical links, the "
                "sitemap and the feed would send visitors to plain HTTP.",
                id="hairsite.W001",
            )
        )
    host, _ = split_domain_port(url.netloc)
    if not validate_host(host, settings.ALLOWED_HOSTS):
        problems.append(
            checks.Warning(
                f"DJANGO_SITE_URL's host {host!r} is not in DJANGO_ALLOWED_HOSTS: "
                "canonical links, the sitemap and the feed would name another site.",
                hint="Set DJANGO_SITE_URL to the site's public origin, e.g. "
                "https://www.example.org.",
                id="hairsite.W002",
            )
        )
    return problems


@checks.register(deploy=True)
def check_contact_email(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Warn while visitors' problem reports would go to the placeholder address."""
    domain = settings.CONTACT_EMAIL.rpartition("@")[2].lower()
    if domain in ("", "invalid") or domain.endswith(".invalid"):
        return [
            checks.Warning(
                f"DJANGO_CONTACT_EMAIL is {settings.CONTACT_EMAIL!r}, which cannot "
                "receive mail: “Report a problem with this page” would lead nowhere.",
                hint="Set DJANGO_CONTACT_EMAIL to the editors' address.",
                id="hairsite.W003",
            )
        ]
    return []
