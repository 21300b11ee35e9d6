"""Views that serve the project as a whole rather than one app."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .images import ALT_TEXT_PLACEHOLDER, CONTENT_TYPES, UPLOAD_DIR, store_image
from .markdown import render_markdown

# Models whose Markdown fields use the editor's preview and image upload.
EDITABLE_MARKDOWN = [
    "articles.change_article",
    "articles.change_section",
    "faq.change_entry",
    "disclaimers.change_disclaimer",
]
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
    try:
        cache.set("readyz", "ok", timeout=5)
        if cache.get("readyz") != "ok":
            problems.append("cache not storing")
    except Exception:  # any backend's connection error
        problems.append("cache unreachable")
    if problems:
        return HttpResponse("; ".join(problems), content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
