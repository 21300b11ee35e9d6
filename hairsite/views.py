"""Views that serve the project as a whole rather than one app."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .markdown import render_markdown

# Models whose Markdown fields use the live preview.
EDITABLE_MARKDOWN = [
    "articles.change_article",
    "faq.change_entry",
    "disclaimers.change_disclaimer",
]


@never_cache
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """Render the Markdown editor's live preview for staff who may edit content."""
    user = request.user
    if not (
        user.is_active and user.is_staff and any(map(user.has_perm, EDITABLE_MARKDOWN))
    ):
        raise PermissionDenied
    content = request.POST.get("content")
    if content is None:
        return HttpResponseBadRequest("Send the Markdown to preview as “content”.")
    return HttpResponse(render_markdown(content))
