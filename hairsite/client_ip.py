"""The visitor's address, for login throttling."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the address the request came from, seen through our own proxy.

    Behind a proxy every request comes from the proxy, so the address is the
    last one it appended to X-Forwarded-For; earlier entries are the client's
    to invent and cannot be trusted.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
