"""Content checks that medical reviewers see beside each section and FAQ answer.

They warn and never block: a reviewer decides whether a finding matters.
"""

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

from django.conf import settings

from hairsite.images import ALT_TEXT_PLACEHOLDER
from hairsite.markdown import render_markdown

# Used when settings.HEALTH_CLAIM_PHRASES is absent.
DEFAULT_HEALTH_CLAIM_PHRASES = [
    "cure", "breakthrough", "safe", "no side effects", "minimal side effects",
    "guaranteed", "permanent", "miracle",
]  # fmt: skip
# Compared after lower-casing and dropping punctuation and symbols.
VAGUE_LINK_TEXTS = {
    "here", "click here", "read more", "more", "link", "this", "this page",
    "learn more",
}  # fmt: skip
# Sentences longer than this are quoted as an excerpt around the claim.
MAX_QUOTED_SENTENCE = 120
EXCERPT_WIDTH = 60
WORDS_PER_MINUTE = 200
# Flesch's own bands, each from its lower bound up.
FLESCH_BANDS = [
    (90.0, "very easy"),
    (80.0, "easy"),
    (70.0, "fairly easy"),
    (60.0, "plain English"),
    (50.0, "fairly difficult"),
    (30.0, "difficult"),
    (10.0, "very difficult"),
]
# Elements that end a run of text: a heading, list item or table cell reads as
# a sentence of its own even without a full stop.
BLOCK_TAGS = {
    "blockquote", "br", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p",
    "pre", "table", "td", "th", "tr", "ul",
}  # fmt: skip
HEADING_TAG = re.compile(r"h([1-6])")
# Whitespace after . ! or ?, perhaps behind a closing quote or bracket. Fixed-width
# look-behinds keep the scan linear even on a long run of dots.
SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+")
# Letters or digits, joined by apostrophes, hyphens and decimal points, so that
# "don't", "stem-cell" and "3.5" each count once.
WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
# A final e after a consonant is silent (cure, before), also before -ly (safely),
# and so is the e of -ed except after t or d (cured, started); not the e of
# consonant-le (table, people).
SILENT_ENDING = re.compile(r"(?:[^aeiouy]e|[^aeiouy]ely|[^aeiouytd]ed)$")
CONSONANT_LE = re.compile(r"[^aeiouy]le$")


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should look at, and why."""

    # Stable, so pages and tests can rely on it: "health-claim", "heading-levels",
    # "link-text" or "image-alt".
    check: str
    message: str  # plain English, quoting the text at fault


@dataclass(frozen=True)
class Readability:
    """How long and how hard a text is to read."""

    words: int
    sentences: int
    reading_minutes: int
    flesch_reading_ease: float
    grade: str


class _Heading(NamedTuple):
    level: int
    text: str


class _Link(NamedTuple):
    href: str
    text: str


class _Image(NamedTuple):
    src: str
    alt: str


class _ContentParser(HTMLParser):
    """Collect the text blocks, headings, links and images of rendered Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[_Heading] = []
        self.links: list[_Link] = []
        self.images: list[_Image] = []
        self._text: list[str] = []
        self._heading: tuple[int, list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in BLOCK_TAGS:
            self._end_block()
        if match := HEADING_TAG.fullmatch(tag):
            self._heading = (int(match[1]), [])
        elif tag == "a":
            self._link = (attributes.get("href") or "", [])
        elif tag == "img":
            alt = attributes.get("alt") or ""
            self.images.append(_Image(attributes.get("src") or "", alt))
            # A linked image's description is what a screen reader announces.
            if self._link:
                self._link[1].append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == f"h{self._heading[0]}":
            level, parts = self._heading
            self.headings.append(_Heading(level, _collapse("".join(parts))))
            self._heading = None
        elif self._link and tag == "a":
            href, parts = self._link
            self.links.append(_Link(href, _collapse("".join(parts))))
            self._link = None
        if tag in BLOCK_TAGS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._link:
            self._link[1].append(data)

    def close(self) -> None:
        super().close()
        self._end_block()

    def _end_block(self) -> None:
        if block := _collapse("".join(self._text)):
            self.blocks.append(block)
        self._text = []


def _parse(text: str) -> _ContentParser:
    parser = _ContentParser()
    parser.feed(render_markdown(text))
    parser.close()
    return parser


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(text: str) -> str:
    return f"“{_shorten(text)}”" if text else "(no text)"


def check_markdown(text: str, *, top_level: int = 3) -> list[Finding]:
    """List what a reviewer should look at in a section body or FAQ answer."""
    content = _parse(text)
    return [
        *_health_claims(content.blocks),
        *_heading_levels(content.headings, top_level),
        *_link_texts(content.links),
        *_image_alts(content.images),
    ]


def _claim_pattern(phrase: str) -> re.Pattern[str]:
    """Match a phrase as whole words, its last word with simple inflections."""
    *words, last = phrase.split()
    if last.endswith("e"):
        # cure, cures, cured, curing; safe and safely. Not safer, safest, safety
        # or unsafe: "safety" names a topic and "unsafe" warns rather than claims.
        last_pattern = re.escape(last[:-1]) + "(?:e|es|ed|ing|ely)"
    elif last.endswith("s") and not last.endswith("ss"):
        last_pattern = re.escape(last[:-1]) + "s?"  # "no side effect" too
    else:
        last_pattern = re.escape(last) + "(?:s|es|ed|ing|ly)?"
    # Editors write "side effects" and "side-effects" alike.
    body = r"[\s-]+".join([*map(re.escape, words), last_pattern])
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _health_claim_phrases() -> list[str]:
    phrases = getattr(settings, "HEALTH_CLAIM_PHRASES", DEFAULT_HEALTH_CLAIM_PHRASES)
    # Blank entries would match everywhere; repeats would report twice.
    normalised = (_collapse(phrase).lower() for phrase in phrases)
    return list(dict.fromkeys(phrase for phrase in normalised if phrase))


def _health_claims(blocks: list[str]) -> list[Finding]:
    found = []
    for phrase in _health_claim_phrases():
        pattern = _claim_pattern(phrase)
        for position, block in enumerate(blocks):
            if match := pattern.search(block):
                found.append(((position, match.start()), match, block))
                break
    found.sort(key=lambda item: item[0])
    return [
        Finding(
            "health-claim",
            f"Check that a reference supports the health claim “{match[0]}”, or "
            f"soften it: {_excerpt(block, match)}",
        )
        for _, match, block in found
    ]


def _excerpt(block: str, match: re.Match[str]) -> str:
    """Quote the sentence around a match, or about 60 characters of a long one."""
    start, end = 0, len(block)
    for boundary in SENTENCE_BREAK.finditer(block):
        if boundary.end() <= match.start():
            start = boundary.end()
        elif boundary.start() >= match.end():
            end = boundary.start()
            break
    if end - start <= MAX_QUOTED_SENTENCE:
        return f"“{block[start:end]}”"
    margin = max(0, (EXCERPT_WIDTH - len(match[0])) // 2)
    head, tail = block[start : match.start()], block[match.end() : end]
    # Cut at spaces, not through a word.
    if len(head) > margin:
        head = "…" + head[-margin:].split(" ", 1)[-1]
    if len(tail) > margin:
        tail = tail[:margin].rsplit(" ", 1)[0] + "…"
    return f"“{head}{match[0]}{tail}”"


def _heading_levels(headings: list[_Heading], top_level: int) -> list[Finding]:
    findings = []
    if headings and headings[0].level > top_level:
        first = headings[0]
        findings.append(
            Finding(
                "heading-levels",
                f"The first heading, {_quote(first.text)}, is level {first.level}. "
                f"Start at level {top_level} ({'#' * top_level} in Markdown) so "
                "screen-reader users can follow the outline.",
            )
        )
    for previous, heading in itertools.pairwise(headings):
        if heading.level > previous.level + 1:
            wanted = previous.level + 1
            findings.append(
                Finding(
                    "heading-levels",
                    f"The heading {_quote(heading.text)} jumps from level "
                    f"{previous.level} to level {heading.level}. Make it level "
                    f"{wanted} ({'#' * wanted} in Markdown) so screen-reader users "
                    "can follow the outline.",
                )
            )
    return findings


def _link_texts(links: list[_Link]) -> list[Finding]:
    findings = []
    for link in links:
        destination = f" to {_shorten(link.href)}" if link.href else ""
        if not link.text:
            problem = f"A link{destination} has no text."
        elif _is_web_address(link.text, link.href):
            problem = f"The link text {_quote(link.text)} is a web address."
        elif _words_only(link.text) in VAGUE_LINK_TEXTS:
            problem = (
                f"The link text {_quote(link.text)} does not say where the "
                f"link{destination} goes."
            )
        else:
            continue
        findings.append(
            Finding(
                "link-text",
                f"{problem} Describe the destination in words, such as the "
                "title of the page it opens.",
            )
        )
    return findings


def _words_only(text: str) -> str:
    """Reduce link text to lower-case words, so "Read more »" reads as "read more"."""
    kept = "".join(
        " " if unicodedata.category(char)[0] in "PS" else char for char in text
    )
    return _collapse(kept).lower()


def _is_web_address(text: str, href: str) -> bool:
    """Tell whether link text is a bare web address rather than words."""

    def bare(url: str) -> str:
        # An email address is readable link text, so only web schemes go.
        return re.sub(r"^https?://", "", url.lower()).removeprefix("www.").rstrip("/")

    return text.lower().startswith(("http://", "https://", "www.")) or (
        bool(href) and bare(text) == bare(href)
    )


def _image_alts(images: list[_Image]) -> list[Finding]:
    findings = []
    for image in images:
        what = f"The image {_shorten(image.src)}" if image.src else "An image"
        alt = image.alt.strip()
        if not alt:
            message = f"{what} has no description."
        elif alt == ALT_TEXT_PLACEHOLDER:
            message = f"{what} still has the placeholder description “{alt}”."
        else:
            continue
        findings.append(
            Finding(
                "image-alt",
                f"{message} Describe it for people who cannot see it, between the "
                "brackets of ![description](address).",
            )
        )
    return findings


def count_syllables(word: str) -> int:
    """Estimate the syllables of an English word from its vowel groups."""
    # Accents off (café → cafe); apostrophes joined (don't → dont).
    letters = unicodedata.normalize("NFKD", word.lower())
    parts = re.findall(r"[a-z]+", re.sub(r"['’]", "", letters))
    # Each part of a compound ("game-changer") is its own word.
    return max(1, sum(_part_syllables(part) for part in parts))


def _part_syllables(word: str) -> int:
    # A plural or verb -s adds no syllable (cures, miracles), except after a
    # hissing sound (causes, changes, boxes) and in -ss and -us (class, virus).
    if re.search(r"[^su]s$", word) and not re.search(r"(?:[sxzcg]|[cs]h)es$", word):
        word = word[:-1]
    groups = len(VOWEL_GROUP.findall(word))
    if SILENT_ENDING.search(word) and not CONSONANT_LE.search(word):
        groups -= 1
    return max(1, groups)


def flesch_grade(score: float) -> str:
    """Name the Flesch reading-ease band a score falls in."""
    for lower_bound, label in FLESCH_BANDS:
        if score >= lower_bound:
            return label
    return "extremely difficult"


def readability(text: str) -> Readability:
    """Measure how hard a section body or FAQ answer is to read."""
    words = sentences = syllables = 0
    for block in _parse(text).blocks:
        for sentence in SENTENCE_BREAK.split(block):
            sentence_words = WORD.findall(sentence)
            if sentence_words:
                sentences += 1
                words += len(sentence_words)
                syllables += sum(map(count_syllables, sentence_words))
    if not words:
        # No prose has no score; "no text" keeps a 0.0 from reading as hard.
        return Readability(0, 0, 0, 0.0, "no text")
    score = round(206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words), 1)
    return Readability(
        words=words,
        sentences=sentences,
        reading_minutes=math.ceil(words / WORDS_PER_MINUTE),
        flesch_reading_ease=score,
        grade=flesch_grade(score),
    )
