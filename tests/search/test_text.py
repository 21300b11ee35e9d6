import pytest

from search.text import (
    SNIPPET_CHARS,
    START_MATCH,
    STOP_MATCH,
    excerpt,
    plain_text,
    snippet_html,
    split_words,
    visible_text,
)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One.</p><p>Two.</p>", "One. Two."),
        ("<ul><li>one</li><li>two</li></ul>", "one two"),
        ("line<br>next", "line next"),
        ("<h3>Sub</h3>text", "Sub text"),
        ("<p><strong>Bold</strong>ly <em>go</em></p>", "Boldly go"),
        ("<p>Fish &amp; chips &lt;b&gt; &#8212; &eacute;</p>", "Fish & chips <b> — é"),
        ('<a href="https://example.org">link</a>', "link"),
        ('<img src="x.png" alt="A scalp">', ""),
        ("<p>spaced\n\n   out\t</p>", "spaced out"),
        ("", ""),
    ],
)
def test_plain_text_keeps_the_words_a_reader_sees(html, text):
    assert plain_text(html) == text


@pytest.mark.parametrize(
    ("raw", "visible"),
    [
        ("hair\x00loss", "hair loss"),  # PostgreSQL refuses NUL
        (f"a{START_MATCH}b{STOP_MATCH}c", "a b c"),  # snippet markers
        ("lone \ud800 surrogate", "lone surrogate"),
        ("right\u202eto-left", "right to-left"),
        ("zero\u200bwidth", "zero width"),
        ("unassigned\U000e0fff", "unassigned"),
        ("e\u0301", "\u00e9"),  # composed, as typed text usually is
        ("  tabs\tand\nnewlines\r\n ", "tabs and newlines"),
        ("non\u00a0breaking", "non breaking"),
        ("\x00\x01\x1f", ""),
        ("", ""),
    ],
)
def test_visible_text_drops_invisible_characters(raw, visible):
    assert visible_text(raw) == visible


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("stem cells", ["stem", "cells"]),
        ("stem-cell", ["stem", "cell"]),
        ('"hair loss" -minoxidil OR', ["hair", "loss", "minoxidil", "OR"]),
        ("naïve café", ["naïve", "café"]),
        ("- \" ' ( ) & | ! :*", []),
        ("", []),
    ],
)
def test_split_words_drop_punctuation_and_operators(query, words):
    assert split_words(query) == words


def test_excerpt_marks_each_match_at_the_start_of_a_word():
    text = "Considered safe, with minimal side effects; SIDE by side."
    assert excerpt(text, ["side"]) == (
        "Considered safe, with minimal \x02side\x03 effects; "
        "\x02SIDE\x03 by \x02side\x03."
    )


def test_excerpt_marks_the_longest_word_whole():
    assert excerpt("a receding hairline", ["hair", "hairline"]) == (
        "a receding \x02hairline\x03"
    )


def test_excerpt_starts_near_the_first_match_at_a_word():
    text = " ".join(f"word{n}" for n in range(100)) + " finasteride " + "tail " * 100
    snippet = excerpt(text, ["finasteride"])
    assert "\x02finasteride\x03" in snippet
    assert snippet.startswith("word")
    assert text.find(snippet.split(" ")[0]) > 0
    assert len(snippet) <= 260


def test_excerpt_without_a_match_in_the_text_shows_its_start():
    text = "Body text " * 50
    assert excerpt(text, ["heading"]).startswith("Body text Body")


def test_excerpt_without_words_is_the_start_of_the_text():
    assert excerpt("word " * 100, []) == ("word " * 100)[:SNIPPET_CHARS]


def test_snippet_html_escapes_the_text_and_marks_the_matches():
    text = "Use <script>alert(1)</script> & “dose” 'here'"
    snippet = f"Use <script>alert(1)</script> & “{START_MATCH}dose{STOP_MATCH}” 'here'"
    assert snippet_html(snippet, text) == (
        "Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; “<mark>dose</mark>” "
        "&#x27;here&#x27;"
    )


def test_snippet_html_shows_where_it_cuts_the_text():
    text = "one two three four five"
    assert snippet_html(f"two {START_MATCH}three{STOP_MATCH}", text) == (
        "… two <mark>three</mark> …"
    )
    assert snippet_html("one two", text) == "one two …"
    assert snippet_html("four five", text) == "… four five"
    assert snippet_html(text, text) == text
