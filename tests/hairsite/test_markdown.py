import unicodedata
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission, User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from hairsite.markdown import render_markdown
from tests.factories import make_editor

# Elements that run code, load other documents, restyle the page or submit data;
# h1 too, because the page title is the only h1.
FORBIDDEN_ELEMENTS = {
    "applet", "audio", "base", "button", "embed", "form", "frame", "frameset", "h1",
    "iframe", "input", "link", "math", "meta", "noscript", "object", "script",
    "select", "source", "style", "svg", "template", "textarea", "video",
}  # fmt: skip
URL_ATTRIBUTES = {
    "action", "background", "data", "formaction", "href", "poster", "src", "srcdoc",
    "srcset", "xlink:href",
}  # fmt: skip
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")


class ElementCollector(HTMLParser):
    """Record every start tag and its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, dict(attrs)))


def parse_elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = ElementCollector()
    parser.feed(html)
    parser.close()
    return parser.elements


def url_as_browser_reads_it(value: str) -> str:
    """Normalise a URL the way the WHATWG URL parser does before reading its scheme."""
    # Browsers drop tabs and line breaks anywhere, and controls or spaces at the ends.
    value = "".join(char for char in value if char not in "\t\n\r")
    value = value.strip("".join(map(chr, range(0x21))))
    # Stricter than browsers: other control characters are dropped too.
    value = "".join(char for char in value if unicodedata.category(char) != "Cc")
    return value.lower()


def executable_markup(html: str) -> list[str]:
    """List everything in `html` that could run script or escape the page's layout."""
    problems = []
    for tag, attrs in parse_elements(html):
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and url_as_browser_reads_it(
                value or ""
            ).startswith(FORBIDDEN_SCHEMES):
                problems.append(f"<{tag} {name}={value!r}>")
    return problems


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("One paragraph.\n\nAnother.", "<p>One paragraph.</p>\n<p>Another.</p>"),
        (
            "*Some* **strong** words",
            "<p><em>Some</em> <strong>strong</strong> words</p>",
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
        (
            "[FDA](https://www.fda.gov/)",
            '<p><a href="https://www.fda.gov/" rel="noopener noreferrer">FDA</a></p>',
        ),
        (
            "[the FAQ](/faq/#q1)",
            '<p><a href="/faq/#q1" rel="noopener noreferrer">the FAQ</a></p>',
        ),
        (
            "[write to us](mailto:editor@example.com)",
            '<p><a href="mailto:editor@example.com" rel="noopener noreferrer">'
            "write to us</a></p>",
        ),
        ("## A heading", "<h2>A heading</h2>"),
        ("### A sub-heading", "<h3>A sub-heading</h3>"),
        (
            "```\nminoxidil <5%> & finasteride\n```",
            "<pre><code>minoxidil &lt;5%&gt; &amp; finasteride\n</code></pre>",
        ),
        ("> Quoted.", "<blockquote>\n<p>Quoted.</p>\n</blockquote>"),
        ("Use `code` here.", "<p>Use <code>code</code> here.</p>"),
        ("", ""),
    ],
    ids=[
        "paragraphs",
        "emphasis",
        "bulleted-list",
        "numbered-list",
        "numbered-list-start",
        "absolute-link",
        "relative-link",
        "mailto-link",
        "h2",
        "h3",
        "fenced-code-escaped",
        "blockquote",
        "inline-code",
        "empty",
    ],
)
def test_render_markdown_renders_ordinary_markdown(markdown, html):
    assert render_markdown(markdown) == html


def test_render_markdown_renders_tables_with_align_attributes_not_styles():
    html = render_markdown(
        "| Treatment | Approved |\n|:--|:-:|\n| Minoxidil | Yes |\n| Stem cells | No |"
    )

    elements = parse_elements(html)
    assert [tag for tag, _ in elements if tag in {"table", "thead", "tbody"}] == [
        "table",
        "thead",
        "tbody",
    ]
    cells = [(tag, attrs) for tag, attrs in elements if tag in {"th", "td"}]
    assert cells == [
        ("th", {"align": "left"}),
        ("th", {"align": "center"}),
        ("td", {"align": "left"}),
        ("td", {"align": "center"}),
        ("td", {"align": "left"}),
        ("td", {"align": "center"}),
    ]
    assert "style=" not in html


def test_render_markdown_never_makes_an_h1():
    assert "<h1" not in render_markdown("# Miracle cure\n\nText.")


HOSTILE_INPUTS = {
    # Script elements
    "script": "<script>alert(1)</script>",
    "script-upper-case": "<SCRIPT>alert(1)</SCRIPT>",
    "script-mixed-case-src": "<ScRiPt src=//evil.example/x.js></sCrIpT>",
    "script-slash-src": "<script/src=//evil.example/x.js></script>",
    "script-split-by-tag": "<scr<script>ipt>alert(1)</script>",
    "script-unclosed": "<script>alert(1)",
    "script-entity-encoded": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "script-in-markdown-paragraph": "Hello <script>alert(1)</script> **world**",
    "script-after-code-span": "`code`<script>alert(1)</script>",
    "script-in-template": "<template><script>alert(1)</script></template>",
    "script-in-cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "comment-hiding-img": "<!--><img src=x onerror=alert(1)>-->",
    # Event-handler attributes
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-mixed-case": "<IMG SRC=x OnErRoR=alert(1)>",
    "img-onerror-newline-before-equals": "<img src=x onerror\n=alert(1)>",
    "p-onclick": '<p onclick="alert(1)">hi</p>',
    "a-onmouseover": '<a href="#" onmouseover="alert(1)">x</a>',
    "div-slash-onmouseover": "<div/onmouseover='alert(1)'>x</div>",
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "video-source-onerror": "<video><source onerror=alert(1)></video>",
    "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    # Hostile URLs in HTML
    "href-javascript": '<a href="javascript:alert(1)">x</a>',
    "href-javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "href-javascript-leading-space": '<a href=" javascript:alert(1)">x</a>',
    "href-javascript-leading-control": '<a href="\x01javascript:alert(1)">x</a>',
    "href-javascript-nul": '<a href="java\x00script:alert(1)">x</a>',
    "href-javascript-literal-tab": '<a href="jav\tascript:alert(1)">x</a>',
    "href-javascript-literal-newline": '<a href="java\nscript:alert(1)">x</a>',
    "href-javascript-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href-javascript-newline-entity": '<a href="java&#10;script:alert(1)">x</a>',
    "href-javascript-decimal-entities": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
        'alert(1)">x</a>'
    ),
    "href-javascript-hex-entities": '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    "href-javascript-named-colon": '<a href="javascript&colon;alert(1)">x</a>',
    "href-javascript-unquoted": "<a href=javascript:alert(1)>x</a>",
    "href-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "href-data-html": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'
    ),
    "img-src-javascript": '<img src="javascript:alert(1)">',
    "img-src-data-svg": '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "img-src-javascript-literal-tab": '<img src="jav\tascript:alert(1)">',
    # Hostile URLs in Markdown
    "md-link-javascript": "[click](javascript:alert(1))",
    "md-link-javascript-upper-case": "[click](JAVASCRIPT:alert(1))",
    "md-link-javascript-angle-brackets": "[click](<javascript:alert(1)>)",
    "md-link-javascript-tab-entity": "[click](java&#x09;script:alert(1))",
    "md-link-javascript-literal-tab": "[click](jav\tascript:alert(1))",
    "md-link-javascript-entities": ("[click](&#106;avascript&#58;alert(1))"),
    "md-link-vbscript": "[click](vbscript:msgbox(1))",
    "md-link-data": "[click](data:text/html,<script>alert(1)</script>)",
    "md-link-title-breakout": '[x](https://example.com "t" onmouseover="alert(1))',
    "md-autolink-javascript": "<javascript:alert(1)>",
    "md-image-javascript": "![x](javascript:alert(1))",
    "md-image-data": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "md-image-onerror-in-alt": '![x" onerror="alert(1)](https://example.com/x.png)',
    "md-reference-link-javascript": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "md-reference-link-vbscript": "[click][evil]\n\n[evil]: VBScript:msgbox(1)",
    "md-reference-image-data": (
        "![x][evil]\n\n[evil]: data:text/html,<script>alert(1)</script>"
    ),
    "md-link-inside-html-block": "<div>\n\n[x](javascript:alert(1))\n\n</div>",
    # SVG and MathML
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-xlink-href": (
        '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a>'
        "</svg>"
    ),
    "svg-animate-href": (
        '<svg><a><animate attributeName="href" to="javascript:alert(1)"/>'
        "<text>x</text></a></svg>"
    ),
    "math-xlink-href": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "math-href": '<math href="javascript:alert(1)"><mi>x</mi></math>',
    # Embedding, styling and page-level elements
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "iframe-javascript": '<IFRAME SRC="javascript:alert(1)"></IFRAME>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "style-element": "<style>body{background:url(javascript:alert(1))}</style>",
    "base": '<base href="https://evil.example/">',
    "form": '<form action="https://evil.example/"><input type=submit></form>',
    "button-formaction": '<button formaction="javascript:alert(1)">x</button>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    # Unclosed tags
    "img-unclosed": "<img src=x onerror=alert(1)",
    "a-unclosed": '<a href="javascript:alert(1)"',
    "iframe-unclosed": "<iframe src=https://evil.example/",
    # Mutation-XSS shapes
    "mxss-noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "mxss-noembed": '<noembed><img title="</noembed><img src=x onerror=alert(1)>">',
    "mxss-textarea": '<textarea><p title="</textarea><img src=x onerror=alert(1)>">',
    "mxss-math-style": (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
    ),
    "mxss-svg-style": '<svg></p><style><a id="</style><img src=x onerror=alert(1)>">',
    "mxss-form-nesting": "<form><math><mtext></form><form><mglyph><style></math>"
    "<img src onerror=alert(1)>",
    # A second h1 would compete with the page title.
    "h1": "<h1>Miracle cure</h1>",
    "h1-with-handler": "<H1 onclick=alert(1)>x</H1>",
    "md-h1": "# Miracle cure",
    "md-setext-h1": "Miracle cure\n============",
}


@pytest.mark.parametrize("markdown", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_render_markdown_leaves_no_executable_markup(markdown):
    assert executable_markup(render_markdown(markdown)) == []


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<script>x</script>", "<script>"),
        ("<p onclick=x>y</p>", "<p onclick>"),
        ('<a href=" JAVA\tSCRIPT:x">y</a>', "<a href=' JAVA\\tSCRIPT:x'>"),
        ('<img src="&#x64;ata:x">', "<img src='data:x'>"),
        ("<h1>x</h1>", "<h1>"),
    ],
)
def test_executable_markup_check_catches_what_it_looks_for(html, problem):
    # Guards the guard: a check that never fails would pass every input above.
    assert executable_markup(html) == [problem]


# The Markdown editor's live preview


def preview(client: Client, **data) -> HttpResponse:
    return client.post(reverse("markdown_preview"), data)


PREVIEWED = {"content": "**previewed** <script>alert(1)</script>"}


def make_user(username: str, *codenames: str, is_staff: bool = True) -> User:
    user = User.objects.create_user(username, is_staff=is_staff)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_markdown_preview_refuses_anonymous_visitors(db, client):
    response = preview(client, **PREVIEWED)

    assert response.status_code in {302, 403}
    assert b"<strong>previewed</strong>" not in response.content


@pytest.mark.parametrize(
    ("is_staff", "codenames"),
    [
        (False, []),
        (
            False,
            ["change_article", "change_section", "change_entry", "change_disclaimer"],
        ),
        (True, []),
        (True, ["view_article", "view_section", "view_entry", "view_disclaimer"]),
        (
            True,
            ["change_user", "change_topic", "change_reference", "change_reviewer"],
        ),
        (True, ["publish_article", "publish_entry"]),
    ],
    ids=[
        "logged-in-non-staff",
        "non-staff-with-change-permissions",
        "staff-without-permissions",
        "staff-with-view-permissions-only",
        "staff-with-unrelated-change-permissions",
        "staff-with-publish-permissions-only",
    ],
)
def test_markdown_preview_is_forbidden_without_staff_edit_permission(
    db, client, is_staff, codenames
):
    client.force_login(make_user("someone", *codenames, is_staff=is_staff))

    response = preview(client, **PREVIEWED)

    assert response.status_code == 403
    assert b"<strong>previewed</strong>" not in response.content


def test_markdown_preview_is_forbidden_to_a_deactivated_editor(db, client):
    editor = make_editor()
    client.force_login(editor)
    editor.is_active = False
    editor.save()

    response = preview(client, **PREVIEWED)

    assert response.status_code in {302, 403}
    assert b"<strong>previewed</strong>" not in response.content


def test_markdown_preview_renders_sanitised_html_for_an_editor(db, client):
    client.force_login(make_editor())

    response = preview(client, **PREVIEWED)

    assert response.status_code == 200
    assert response.content.decode() == render_markdown(PREVIEWED["content"])
    assert "<strong>previewed</strong>" in response.content.decode()
    assert executable_markup(response.content.decode()) == []


@pytest.mark.parametrize(
    "codename",
    ["change_article", "change_section", "change_entry", "change_disclaimer"],
)
def test_markdown_preview_needs_only_one_content_change_permission(
    db, client, codename
):
    client.force_login(make_user("one-permission", codename))

    response = preview(client, content="*hi*")

    assert response.status_code == 200
    assert response.content == b"<p><em>hi</em></p>"


def test_markdown_preview_refuses_get(db, client):
    client.force_login(make_editor())

    response = client.get(reverse("markdown_preview"), {"content": "*hi*"})

    assert response.status_code == 405
    assert b"<em>hi</em>" not in response.content


def test_markdown_preview_without_content_is_a_bad_request(db, client):
    client.force_login(make_editor())

    response = preview(client, text="*hi*")

    assert response.status_code == 400


def test_markdown_preview_refuses_a_post_without_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())

    response = preview(client, **PREVIEWED)

    assert response.status_code == 403
    assert b"<strong>previewed</strong>" not in response.content


@pytest.mark.parametrize(
    ("data", "status"), [({"content": "*hi*"}, 200), ({}, 400)], ids=["ok", "bad"]
)
def test_markdown_preview_is_never_cached(db, client, data, status):
    client.force_login(make_editor())

    response = preview(client, **data)

    assert response.status_code == status
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "private"} <= cache_control
