"""Who sees working copies on the public site, and keeping those out of caches."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def can_preview(request: HttpRequest, model) -> bool:
    """Tell whether the user may see working copies of `model` on the site."""
    user = request.user
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def never_cache_preview(response: HttpResponse, preview: bool) -> HttpResponse:
    """Keep staff previews out of every cache: they show unpublished text."""
    if preview:
        add_never_cache_headers(response)  # includes "private"
    return response
