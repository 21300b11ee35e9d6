"""Every public page passes axe-core at WCAG 2.2 AA, reflows at 320 px and zooms text.

Each page is checked with every FAQ answer's <details> open, so that what
visitors open is checked too.
"""

from functools import cache

import pytest
from playwright.sync_api import Page

from tests.node_tools import node_tool
from tests.public_urls import PUBLIC_PAGES, make_public_site

pytestmark = pytest.mark.browser

# axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at A and AA
# (2.2 added no level A criterion that axe tests).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 720}
# WCAG 1.4.10 (reflow): content fits 320 CSS pixels without scrolling sideways.
NARROW = {"width": 320, "height": 640}

OPEN_EVERY_DETAILS = "document.querySelectorAll('details').forEach(d => d.open = true)"

RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
})"""

# Elements reaching past the viewport's right edge, or cutting their own text
# off sideways; what is inside a scroll container (a wide table) may scroll.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const overflowX = el => getComputedStyle(el).overflowX;
    const scrolls = el => ["auto", "scroll"].includes(overflowX(el));
    const inScroller = el => el.parentElement !== document.body
        && (scrolls(el.parentElement) || inScroller(el.parentElement));
    const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + [...el.classList].map(c => "." + c).join("");
    const overflowing = [...document.body.querySelectorAll("*")].filter(el => {
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || inScroller(el)) return false;
        const clipped = ["hidden", "clip"].includes(overflowX(el))
            && el.scrollWidth > el.clientWidth + 1;
        return box.right > width + 1 || clipped;
    });
    const page = document.scrollingElement;
    return {
        scrollWidth: page.scrollWidth,
        clientWidth: page.clientWidth,
        overflowing: overflowing.map(name),
    };
}"""

# Text-only zoom, as browsers offer it: the root font size doubled. Returns the
# text that did not grow with it (sized in px).
ZOOM_TEXT = """() => {
    const hasText = el => [...el.childNodes].some(
        node => node.nodeType === Node.TEXT_NODE && node.data.trim());
    const texts = [...document.body.querySelectorAll("*")].filter(
        el => !el.closest("svg") && el.getClientRects().length && hasText(el));
    const size = el => parseFloat(getComputedStyle(el).fontSize);
    const before = texts.map(size);
    document.documentElement.style.fontSize = "200%";
    return texts.filter((el, i) => size(el) < 1.99 * before[i])
        .map(el => el.tagName.toLowerCase() + ": " + el.textContent.trim());
}"""


@cache
def axe_source() -> str:
    return node_tool("axe-core/axe.min.js").read_text()


def describe(violation: dict) -> str:
    """Say which rule failed, how badly, where, and why, one element a line."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"]:
        why = " ".join(node["failureSummary"].split())
        lines.append(f"    {' '.join(node['target'])}: {why}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[str]:
    """Run axe-core, already in `page`, for WCAG 2.2 AA; describe what it finds."""
    return [describe(v) for v in page.evaluate(RUN_AXE, WCAG_AA_TAGS)["violations"]]


def overflow(page: Page) -> list[str]:
    """Describe what makes `page` scroll sideways or cuts text off; [] if nothing."""
    layout = page.evaluate(OVERFLOW)
    problems = [f"{name} reaches past the edge or is cut off"
                for name in layout["overflowing"]]  # fmt: skip
    if layout["scrollWidth"] > layout["clientWidth"]:
        problems.append(
            f"the page is {layout['scrollWidth']} px wide in a "
            f"{layout['clientWidth']} px window"
        )
    return problems


@pytest.fixture
def open_public_page(live_server, page: Page):
    """Open a public page of a site made by the factories, its answers open."""
    make_public_site()

    def open_public_page(name: str) -> Page:
        public_page = PUBLIC_PAGES[name]
        response = page.goto(live_server.url + public_page.path())
        assert response.status == public_page.status
        page.evaluate(OPEN_EVERY_DETAILS)
        return page

    return open_public_page


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_has_no_axe_violations_wide_narrow_light_or_dark(open_public_page, name):
    page = open_public_page(name)
    # Evaluated through the DevTools protocol rather than added as a <script>:
    # the site's CSP (script-src 'self') would block an inline one, and the
    # page is checked under the very CSP visitors get, never a weakened one.
    page.evaluate(axe_source())
    found = []
    for viewport in (DESKTOP, NARROW):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found += [
                f"{viewport['width']} px, {scheme}: {violation}"
                for violation in axe_violations(page)
            ]
    assert not found, f"axe-core found on {name}:\n" + "\n".join(found)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_fits_320_px_and_text_zoomed_to_200_percent(open_public_page, name):
    page = open_public_page(name)
    page.set_viewport_size(NARROW)
    assert overflow(page) == [], "at 320 px"

    page.set_viewport_size(DESKTOP)
    # Full-page zoom to 200 % lays out like a half-width window, which 320 px
    # covers; text-only zoom is the one that breaks boxes of fixed size.
    assert page.evaluate(ZOOM_TEXT) == [], "text sized in px does not zoom"
    assert overflow(page) == [], "with text zoomed to 200 %"
