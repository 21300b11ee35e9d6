from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Document
from .text import visible_text

# Longer queries are cut to this: enough for any real question.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """List the published sections and FAQ answers that match ?q=, best first."""
    query = visible_text(request.GET.get("q", ""))
    shortened = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH].rstrip()
    paginator = Paginator(Document.objects.search(query), RESULTS_PER_PAGE)
    # get_page() turns a missing, malformed or out-of-range ?page= into a page.
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "query": query,
        "shortened": shortened,
        "max_query_length": MAX_QUERY_LENGTH,
        "page_obj": page,
        "results": [(document, document.snippet(query)) for document in page],
    }
    response = render(request, "search/results.html", context)
    # Result pages are endless variations of pages already indexed.
    response.headers["X-Robots-Tag"] = "noindex"
    return response
