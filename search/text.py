"""Plain text for the index and the query, and snippets with their matches marked."""

import re
import unicodedata
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Where a match starts and stops in a snippet: control characters, which
# visible_text() removes, so no indexed text or query can contain them.
START_MATCH = "\x02"
STOP_MATCH = "\x03"

# About how long a snippet is, and how much of it comes before the first match.
SNIPPET_CHARS = 240
SNIPPET_LEAD = 60

# Tags inside a line of text; every other tag separates the words either side.
INLINE_TAGS = {
    "a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "u",
}  # fmt: skip


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()  # converts character references in the data
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(text: str) -> str:
    """Return the text's visible characters, one space between words."""
    words = []
    for word in unicodedata.normalize("NFC", text).split():
        if word.isprintable():
            words.append(word)
        else:
            # Control, format, surrogate and unassigned characters part words:
            # PostgreSQL refuses NUL, and the snippet markers must stay unique.
            words.extend("".join(c if c.isprintable() else " " for c in word).split())
    return " ".join(words)


def plain_text(html: str) -> str:
    """Return the words a reader sees in sanitised HTML, without its markup."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return visible_text("".join(collector.parts))


def split_words(text: str) -> list[str]:
    """Return the words in the text, without punctuation or search operators."""
    return re.findall(r"\w+", text)


def excerpt(text: str, words: list[str]) -> str:
    """Return the part of the text around the first of the words, matches marked."""
    if not words:
        return text[:SNIPPET_CHARS]
    # At the start of a word, not inside one ("side" in "considered"); longest
    # first, so that "hairline" is marked whole when "hair" is asked too.
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    matches = re.compile(rf"\b(?:{alternatives})", re.IGNORECASE)
    first = matches.search(text)
    start = 0
    if first and first.start() > SNIPPET_LEAD:
        # Begin at a word, not in the middle of one.
        start = text.find(" ", first.start() - SNIPPET_LEAD, first.start()) + 1
        start = start or first.start()
    end = start + SNIPPET_CHARS
    if end < len(text):
        end = max(text.rfind(" ", start, end), first.end() if first else 0) or end
    return matches.sub(rf"{START_MATCH}\g<0>{STOP_MATCH}", text[start:end])


def snippet_html(snippet: str, text: str) -> SafeString:
    """Return a snippet of the text as HTML: escaped, matches marked, cuts shown."""
    html = escape(snippet).replace(START_MATCH, "<mark>").replace(STOP_MATCH, "</mark>")
    # By words: PostgreSQL's headlines leave out what its parser takes for tags.
    shown = split_words(snippet)
    all_words = split_words(text)
    before = "" if all_words[: len(shown)] == shown else "… "
    after = "" if all_words[len(all_words) - len(shown) :] == shown else " …"
    # Safe: the snippet was escaped, and only our own tags were added after.
    return mark_safe(f"{before}{html}{after}")
