"""The one Markdown renderer, shared by public pages and the admin preview."""

import markdown
import nh3

# Headings start at h2: the page title is the only h1.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"alt", "src", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Relative URLs pass; absolute ones need one of these schemes (no javascript:,
# vbscript: or data:).
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

MARKDOWN_EXTENSIONS = ["fenced_code", "sane_lists", "tables"]
# Table alignment as an attribute: the sanitiser strips style attributes.
MARKDOWN_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


def render_markdown(text: str) -> str:
    """Render editor Markdown to HTML that is safe to show anyone."""
    html = markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
