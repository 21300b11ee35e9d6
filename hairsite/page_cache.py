"""Serve public pages to anonymous visitors from a cache every app server shares.

A page is stored only when its view says it is the same for every visitor
(`public_page`) and the request could not have changed that: a GET with no
query string, from someone without a session. Each stored page keeps the
tokens of its address and of the whole site as they stood before it was
rendered; a change sets new tokens (`expire_pages`, `expire_every_page`), so a
page rendered from data older than the change is never served, however
requests and commits interleave. A path's first render only gives it tokens;
the next one is stored.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial, wraps
from uuid import uuid4

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

CACHE_ALIAS = "pages"
# The token every stored page also depends on: a change to every page sets it.
EVERY_PAGE = "token:*"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark the view's pages as the same for every anonymous visitor."""

    @wraps(view)
    def public_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    return public_view


def digest(path: str) -> str:
    # Fixed-length keys: paths may be long or hold characters keys must not.
    return hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def page_key(path: str) -> str:
    return f"page:{digest(path)}"


def token_key(path: str) -> str:
    return f"token:{digest(path)}"


def expire_pages(paths: Iterable[str]) -> None:
    """Stop serving the stored pages at these paths once the transaction commits."""
    tokens = {token_key(path): uuid4().hex for path in paths}
    transaction.on_commit(partial(set_tokens, tokens), robust=True)


def expire_every_page() -> None:
    """Stop serving every stored page once the transaction commits."""
    transaction.on_commit(partial(set_tokens, {EVERY_PAGE: uuid4().hex}), robust=True)


def set_tokens(tokens: dict[str, str]) -> None:
    # Kept until evicted: a page whose token is gone is not served either. Lost
    # while the cache is unreachable: what it still holds then lives out TIMEOUT.
    caches[CACHE_ALIAS].set_many(tokens, timeout=None)


class PageCacheMiddleware:
    """Answer from the cache before the rest of the stack, and fill it after."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Files, served by whitenoise and our media view with their own headers.
        self.file_prefixes = tuple(
            "/" + url.lstrip("/") for url in (settings.STATIC_URL, settings.MEDIA_URL)
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A query string is the visitor's to choose: it must not fill the cache.
        slot = (
            Slot.find(request)
            if anonymous
            and settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and not request.path.startswith(self.file_prefixes)
            else None
        )
        if slot and (page := slot.current_page()):
            return conditional(request, page)

        response = self.get_response(request)
        if not getattr(response, "is_public_page", False):
            return response
        if not (anonymous and is_shareable(response)):
            add_never_cache_headers(response)  # includes "private"
            return response
        add_public_headers(response, previous=slot and slot.stored)
        if slot and request.method == "GET":
            slot.fill(response)
        return conditional(request, response)


@dataclass
class Slot:
    """A path's place in the cache: what is stored there, and the current tokens."""

    path: str
    origin: list[str]
    tokens: dict[str, str | None]
    stored: dict | None

    @classmethod
    def find(cls, request: HttpRequest) -> "Slot":
        keys = [page_key(request.path), token_key(request.path), EVERY_PAGE]
        found = caches[CACHE_ALIAS].get_many(keys)
        # The scheme and host decide redirects and absolute links.
        origin = [request.scheme, request.get_host()]
        stored = found.get(keys[0])
        return cls(
            path=request.path,
            origin=origin,
            tokens={key: found.get(key) for key in keys[1:]},
            stored=stored if stored and stored["origin"] == origin else None,
        )

    def current_page(self) -> HttpResponse | None:
        """Return the stored page if no change has expired it since it rendered."""
        tokens = list(self.tokens.values())
        if self.stored and None not in tokens and self.stored["tokens"] == tokens:
            return HttpResponse(**self.stored["response"])
        return None

    def fill(self, response: HttpResponse) -> None:
        """Store the page, rendered after the tokens were read."""
        pages = caches[CACHE_ALIAS]
        if None in self.tokens.values():
            # A first render cannot tell whether a change raced it: give the
            # path its tokens now, and store the next render.
            for key, token in self.tokens.items():
                if token is None:
                    pages.add(key, uuid4().hex, timeout=None)
            return
        page = {"content": response.content, "headers": dict(response.items())}
        pages.set(
            page_key(self.path),
            {
                "tokens": list(self.tokens.values()),
                "origin": self.origin,
                "response": page,
            },
        )


def is_shareable(response: HttpResponse) -> bool:
    """Tell whether a public view's response may be shown to every visitor."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(
            directive in cache_control
            for directive in ("private", "no-store", "no-cache")
        )
    )


def add_public_headers(response: HttpResponse, previous: dict | None) -> None:
    """Add the validators and caching rules of a page every visitor shares."""
    if not response.has_header("ETag"):
        set_response_etag(response)  # strong: a hash of the body
    # Ours even where a view set one (the feed, the sitemap): theirs date the
    # newest item, and would not move when an item is withdrawn.
    before = previous["response"]["headers"] if previous else {}
    # A page expired but unchanged keeps the date it last changed.
    unchanged = before.get("ETag") == response["ETag"]
    response["Last-Modified"] = before["Last-Modified"] if unchanged else http_date()
    # Browsers revalidate every time (a 304 from our cache is cheap), so
    # nobody keeps a withdrawn page; shared caches may keep it briefly, and
    # must-revalidate stops them serving it stale when we cannot answer.
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_SHARED_MAX_AGE,
        must_revalidate=True,
    )
    # Shared caches must keep staff, who send a session cookie, apart.
    patch_vary_headers(response, ["Cookie"])


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Answer 304 Not Modified when the visitor's copy is current."""
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]),
        response=response,
    )
