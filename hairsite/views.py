"""Views that serve the project as a whole rather than one app."""

import re
import sys

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .images import ALT_TEXT_PLACEHOLDER, CONTENT_TYPES, UPLOAD_DIR, store_image
from .markdown import render_markdown
from .metadata import absolute_url
from .page_cache import public_page

# Models whose Markdown fields use the editor's preview and image upload.
EDITABLE_MARKDOWN = [
    "articles.change_article",
    "articles.change_section",
    "faq.change_entry",
    "disclaimers.change_disclaimer",
    "pages.change_page",
]
# How long to tell visitors and crawlers to wait while the database is down.
DATABASE_RETRY_AFTER_SECONDS = 30
STORED_IMAGE = re.compile(rf"{UPLOAD_DIR}/[A-Za-z0-9_-]{{24}}\.(gif|jpg|png|webp)")


def check_can_edit_content(user: AbstractBaseUser | AnonymousUser) -> None:
    """Refuse anyone but active staff who may change some Markdown content."""
    if not (
        user.is_active and user.is_staff and any(map(user.has_perm, EDITABLE_MARKDOWN))
    ):
        raise PermissionDenied


@never_cache
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """Render the Markdown editor's live preview."""
    check_can_edit_content(request.user)
    content = request.POST.get("content")
    if content is None:
        return HttpResponseBadRequest("Send the Markdown to preview as “content”.")
    return HttpResponse(render_markdown(content))


@never_cache
@require_POST
def image_upload(request: HttpRequest) -> JsonResponse:
    """Store an image dropped into the Markdown editor; answer with its Markdown."""
    check_can_edit_content(request.user)
    # Refuse an oversized body before Django spools it to disk.
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.IMAGE_UPLOAD_MAX_BYTES + 64 * 1024:
        return JsonResponse({"error": "That file is too large."}, status=413)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"error": "Send the image as “image”."}, status=400)
    try:
        url = store_image(upload)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    # The placeholder fails validation on save until the editor describes it.
    return JsonResponse({"image_code": f"![{ALT_TEXT_PLACEHOLDER}]({url})"})


@require_safe
def uploaded_image(request: HttpRequest, path: str) -> FileResponse:
    """Serve an uploaded image (whitenoise serves static files, not media)."""
    match = STORED_IMAGE.fullmatch(path)
    if not match or not default_storage.exists(path):
        raise Http404("No such image.")
    response = FileResponse(
        default_storage.open(path), content_type=CONTENT_TYPES[match[1]]
    )
    # Names are random and never reused, so the file never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@public_page
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Point crawlers at the sitemap and away from the editing endpoints."""
    disallow = [reverse("markdown_preview"), reverse("image_upload")]
    # robots.txt is public: an admin moved off its well-known address to be
    # hard to find stays unnamed (its pages tell robots not to index them).
    if settings.ADMIN_URL == "admin/":
        disallow.insert(0, reverse("admin:index"))
    context = {"disallow": disallow, "sitemap_url": absolute_url(reverse("sitemap"))}
    return render(
        request, "robots.txt", context, content_type="text/plain; charset=utf-8"
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Say that the process is up; touches nothing, so it is also the bench floor."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Say whether this server can serve pages: its database and cache answer."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database unreachable")
    for alias in settings.CACHES:
        try:
            caches[alias].set("readyz", "ok", timeout=5)
            if caches[alias].get("readyz") != "ok":
                problems.append(f"cache {alias!r} not storing")
        except Exception:  # any backend's connection error
            problems.append(f"cache {alias!r} unreachable")
    if problems:
        return HttpResponse("; ".join(problems), content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 503 while the database is unreachable, else Django's 500 page."""
    if not isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    # Rendered without the request, so no context processor can query the
    # database; the disclaimer tag then uses its built-in wording.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
