"""Property-based: whatever an editor types, the renderer emits nothing executable."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hairsite.markdown import render_markdown
from tests.hairsite.test_markdown import executable_markup

# Fragments that hostile input is built from, mixed with arbitrary text so that
# Hypothesis explores how Markdown and HTML parsing interleave.
FRAGMENTS = [
    "<", ">", "</", "/>", '"', "'", "`", "=", "&", "&#", "&#x", ";", ":", "\n", "\t",
    " ", "<script>", "</script>", "<img", "<svg", "<math", "<iframe", "<style>",
    "<a href=", "<object", "<embed", "<base", "<form", "<meta", "<noscript>",
    "<!--", "-->", "<![CDATA[", "]]>", "onerror=", "onload=", "onclick=",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "vbscript:", "data:",
    "data:text/html,", "&#106;avascript:", "&colon;", "[x](", "![x](", ")", "](",
    "[ref]: ", "    ", "```", "#", "*", "_", "|", "---", "<h1>", "srcset=", "style=",
]  # fmt: skip

hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40
).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_rendered_markdown_never_contains_executable_markup(text):
    html = render_markdown(text)
    assert executable_markup(html) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_renders_without_error_or_executable_markup(text):
    assert executable_markup(render_markdown(text)) == []
