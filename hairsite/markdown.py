"""The one Markdown renderer, shared by public pages and the admin preview."""

from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
import nh3
from django.core.exceptions import ValidationError
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .images import ALT_TEXT_PLACEHOLDER

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


class _DemoteTopHeadings(Treeprocessor):
    """Make Markdown's `#` headings h2: the page title is the only h1."""

    def run(self, root: Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class DemoteTopHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteTopHeadings(md), "demote_top_headings", 5)


MARKDOWN_EXTENSIONS = [
    DemoteTopHeadingsExtension(),
    "fenced_code",
    "sane_lists",
    "tables",
]
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


class _ImageAltCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.alts.append((dict(attrs).get("alt") or "").strip())


def validate_image_alt_text(text: str) -> None:
    """Refuse Markdown with an image that has no description for screen readers."""
    collector = _ImageAltCollector()
    collector.feed(render_markdown(text))
    if any(not alt or alt == ALT_TEXT_PLACEHOLDER for alt in collector.alts):
        raise ValidationError(
            "Describe every image for people who cannot see it: write the "
            "description between the brackets of ![description](address)."
        )


def validate_renders_visible_text(text: str) -> None:
    """Refuse Markdown that leaves nothing to read once sanitised (a lone script)."""
    if not has_visible_text(render_markdown(text)):
        raise ValidationError("This text shows nothing to readers once cleaned up.")


def has_visible_text(html: str) -> bool:
    """Tell whether sanitised HTML has any text a reader would see."""
    return bool(nh3.clean(html, tags=set()).strip())
