import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from editorial.checks import (
    DEFAULT_HEALTH_CLAIM_PHRASES,
    Finding,
    Readability,
    check_markdown,
    count_syllables,
    flesch_grade,
    readability,
)
from hairsite.images import ALT_TEXT_PLACEHOLDER
from tests.hairsite.test_markdown import HOSTILE_INPUTS
from tests.hairsite.test_markdown_properties import hostile_text

CHECKS = {"health-claim", "heading-levels", "link-text", "image-alt"}
# The seed's own sentences, as the publisher wrote them.
SEED_TITLE = "Stem Cell Breakthrough: A Potential Cure for Baldness"
SEED_SAFE = (
    "Stem cell therapy for hair loss is generally considered safe, with minimal "
    "side effects."
)
SEED_SAFE_ANSWER = (
    f"{SEED_SAFE} However, as with any medical procedure, there can be potential "
    "risks and complications. It is crucial to discuss these aspects with a "
    "qualified healthcare provider."
)
SEED_SAFETY = (
    "Ensuring the safety of stem cell therapy is of utmost importance. Strict "
    "regulations and ethical guidelines are in place to monitor the development "
    "and implementation of stem cell-based treatments."
)
SEED_MIRACLE = (
    "Common myths include claims of miracle cures and instant results without "
    "considering the complexity of hair growth and the need for evidence-based "
    "treatments."
)
SEED_GUARANTEED = (
    "However, it is important to understand that individual responses may vary, "
    "and future hair loss prevention cannot be guaranteed."
)


@pytest.fixture(autouse=True)
def default_health_claim_phrases(settings):
    """Check against the built-in list unless a test sets its own."""
    if hasattr(settings, "HEALTH_CLAIM_PHRASES"):
        del settings.HEALTH_CLAIM_PHRASES


def findings_of(check: str, text: str, **options) -> list[Finding]:
    return [
        finding for finding in check_markdown(text, **options) if finding.check == check
    ]


def claimed(text: str) -> list[str]:
    """Return the quoted claim of each health-claim finding, in order."""
    return [
        finding.message.split("“", 1)[1].split("”", 1)[0].lower()
        for finding in findings_of("health-claim", text)
    ]


# Health claims


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (SEED_SAFE, ["safe", "minimal side effects"]),
        (SEED_SAFE_ANSWER, ["safe", "minimal side effects"]),
        (SEED_TITLE, ["breakthrough", "cure"]),
        (f"# {SEED_TITLE}", ["breakthrough", "cure"]),
        (SEED_MIRACLE, ["miracle", "cures"]),
        (SEED_GUARANTEED, ["guaranteed"]),
        ("The exciting breakthroughs in stem cell therapy.", ["breakthroughs"]),
        ("She was cured within weeks.", ["cured"]),
        ("Curing baldness is near.", ["curing"]),
        ("It is done safely in our clinic.", ["safely"]),
        ("SAFE FOR EVERYONE", ["safe"]),
        ("Results are permanent.", ["permanent"]),
        ("Hair grows back permanently.", ["permanently"]),
        ("There are no side effects.", ["no side effects"]),
        ("There are no side-effects.", ["no side-effects"]),
        ("There is no side effect at all.", ["no side effect"]),
        ("There are no\nside effects.", ["no side effects"]),
        ("A **miracle** treatment.", ["miracle"]),
        ("- Safe\n- Guaranteed results", ["safe", "guaranteed"]),
        ("A fail-safe plan.", ["safe"]),
    ],
)
def test_health_claims_are_flagged(text, claims):
    assert claimed(text) == claims


@pytest.mark.parametrize(
    "text",
    [
        SEED_SAFETY,
        "Addressing Safety Concerns",
        "Unsafe clinics charge for unapproved products.",
        # Comparatives are left to the reviewer: the list asks for safe and safely.
        "Is it safer than a transplant? The safest choice is a doctor.",
        "Procure a second opinion.",
        "Accurate, secure and curious.",
        "Miraculous claims deserve doubt.",
        "Side effects were reported in two trials.",
        "Effects may be temporary.",
        "Read the [FDA alert](https://example.com/miracle-cure-safe).",
        "![A miracle cure advert](advert.png)",
        "",
    ],
)
def test_words_that_are_not_health_claims_are_not_flagged(text):
    assert claimed(text) == []


def test_health_claim_quotes_the_sentence_it_is_in():
    [safe, side_effects] = findings_of("health-claim", SEED_SAFE_ANSWER)
    for finding in (safe, side_effects):
        assert f"“{SEED_SAFE}”" in finding.message
        assert "However" not in finding.message


def test_health_claim_in_a_long_sentence_is_quoted_as_an_excerpt():
    sentence = " ".join(["word"] * 40 + ["a miracle"] + ["word"] * 40) + "."
    [finding] = findings_of("health-claim", sentence)
    excerpt = finding.message.split(": ", 1)[1]
    assert "a miracle word" in excerpt
    assert excerpt.startswith("“…word")
    assert excerpt.endswith("word…”")
    assert 40 <= len(excerpt) <= 70


def test_each_health_claim_is_reported_once_at_its_first_occurrence():
    findings = findings_of("health-claim", "It is safe.\n\nSafe again. Safely done.")
    assert len(findings) == 1
    assert "“It is safe.”" in findings[0].message


def test_health_claims_are_listed_in_the_order_they_appear():
    assert claimed("A miracle. A cure. A breakthrough.") == [
        "miracle",
        "cure",
        "breakthrough",
    ]


def test_health_claim_phrases_come_from_settings(settings):
    settings.HEALTH_CLAIM_PHRASES = ["revolutionary", "game-changer"]
    text = "A revolutionary, safe cure. Truly a game-changer."
    assert claimed(text) == ["revolutionary", "game-changer"]


def test_health_claim_setting_is_read_at_call_time(settings):
    assert claimed("A safe cure.") == ["safe", "cure"]
    settings.HEALTH_CLAIM_PHRASES = ["cure"]
    assert claimed("A safe cure.") == ["cure"]


def test_empty_health_claim_setting_flags_nothing(settings):
    settings.HEALTH_CLAIM_PHRASES = []
    assert claimed(f"{SEED_TITLE} {SEED_SAFE}") == []


def test_blank_and_repeated_health_claim_phrases_are_ignored(settings):
    settings.HEALTH_CLAIM_PHRASES = ["", "  ", "Cure", "cure", " no  side effects "]
    assert claimed("A cure with no side effects.") == ["cure", "no side effects"]


def test_default_health_claim_phrases_are_the_documented_list():
    assert DEFAULT_HEALTH_CLAIM_PHRASES == [
        "cure", "breakthrough", "safe", "no side effects", "minimal side effects",
        "guaranteed", "permanent", "miracle",
    ]  # fmt: skip


# Heading levels


@pytest.mark.parametrize(
    ("text", "top_level"),
    [
        ("### Risks\n\nText.\n\n#### Infection\n\nText.", 3),
        ("### A\n\n#### B\n\n##### C\n\n### D\n\n#### E", 3),
        # Going back up any number of levels is fine.
        ("### A\n\n#### B\n\n##### C\n\n### D", 3),
        # A heading shallower than the top level is not "too deep".
        ("# Title\n\n### Part", 3),
        ("## Question\n\n### Detail", 2),
        ("Plain text without headings.", 3),
        ("", 3),
    ],
)
def test_well_ordered_headings_pass(text, top_level):
    assert findings_of("heading-levels", text, top_level=top_level) == []


@pytest.mark.parametrize(
    ("text", "top_level", "named"),
    [
        ("#### Too deep to start", 3, ["Too deep to start"]),
        ("###### Deepest", 3, ["Deepest"]),
        ("### Starts below h2", 2, ["Starts below h2"]),
        ("<h4>Raw HTML heading</h4>", 3, ["Raw HTML heading"]),
        ("### Risks\n\n##### Skipped", 3, ["Skipped"]),
        ("### A\n\n#### B\n\n###### C", 3, ["C"]),
        ("# Top\n\n#### Two down", 3, ["Two down"]),
        ("### A\n\n#### B\n\n## C\n\n#### D", 3, ["D"]),
        ("#### First\n\n###### Second", 3, ["First", "Second"]),
        ("### A *b* `c`\n\n##### Formatted *text*", 3, ["Formatted text"]),
    ],
)
def test_headings_that_start_too_deep_or_skip_a_level_are_named(text, top_level, named):
    findings = findings_of("heading-levels", text, top_level=top_level)
    assert len(findings) == len(named)
    for finding, heading in zip(findings, named, strict=True):
        assert f"“{heading}”" in finding.message


def test_heading_findings_say_which_level_to_use():
    [start] = findings_of("heading-levels", "#### Deep")
    [skip] = findings_of("heading-levels", "### A\n\n##### B")
    assert "level 4" in start.message
    assert "level 3 (###" in start.message
    assert "from level 3 to level 5" in skip.message
    assert "level 4 (####" in skip.message


# Link text


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("[here](https://example.com)", "here"),
        ("See [Here.](https://example.com)", "Here."),
        ("[Click here!](https://example.com)", "Click here!"),
        ("[READ MORE…](https://example.com)", "READ MORE…"),
        ("[Read more »](https://example.com)", "Read more »"),
        ("[more](https://example.com)", "more"),
        ("[link](https://example.com)", "link"),
        ("[this](https://example.com)", "this"),
        ("[This page](https://example.com)", "This page"),
        ("[Learn  more](https://example.com)", "Learn more"),
        ("<https://example.com/a>", "https://example.com/a"),
        ("[https://example.com](https://example.com)", "https://example.com"),
        ("[www.fda.gov](https://www.fda.gov/)", "www.fda.gov"),
        ("[example.com/faq](https://example.com/faq/)", "example.com/faq"),
        ("[/faq/](/faq/)", "/faq/"),
    ],
)
def test_vague_or_address_link_text_is_quoted(text, quoted):
    [finding] = findings_of("link-text", text)
    assert f"“{quoted}”" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "[](https://example.com)",
        "[ ](https://example.com)",
        "[![](logo.png)](https://example.com)",
        '<a href="https://example.com"></a>',
    ],
)
def test_links_without_text_are_flagged(text):
    [finding] = findings_of("link-text", text)
    assert "has no text" in finding.message
    assert "https://example.com" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "[FDA consumer alert on stem cell products](https://www.fda.gov/)",
        "[Read more about minoxidil](https://example.com)",
        "[Here is the trial record](https://example.com)",
        "[![FDA logo](logo.png)](https://www.fda.gov/)",
        "Email <editor@example.com>.",
        "[the STYLE trial](https://clinicaltrials.gov/study/NCT02503852)",
        "No links at all, just here and more.",
    ],
)
def test_descriptive_link_text_passes(text):
    assert findings_of("link-text", text) == []


def test_each_bad_link_is_reported():
    text = "[here](https://a.example) and [here](https://b.example) and [ok page](/)"
    [first, second] = findings_of("link-text", text)
    assert "a.example" in first.message
    assert "b.example" in second.message


# Image descriptions


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("![](scalp.png)", "has no description"),
        ("![   ](scalp.png)", "has no description"),
        ('<img src="scalp.png">', "has no description"),
        ('<img src="scalp.png" alt="">', "has no description"),
        (f"![{ALT_TEXT_PLACEHOLDER}](scalp.png)", "placeholder"),
        (f'<img src="scalp.png" alt=" {ALT_TEXT_PLACEHOLDER} ">', "placeholder"),
    ],
)
def test_images_without_a_real_description_are_flagged(text, problem):
    [finding] = findings_of("image-alt", text)
    assert problem in finding.message
    assert "scalp.png" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "![Thinning hair at the crown, seen from above](scalp.png)",
        "[![FDA logo](logo.png)](https://www.fda.gov/)",
        f"Text mentioning {ALT_TEXT_PLACEHOLDER} but no image.",
    ],
)
def test_described_images_pass(text):
    assert findings_of("image-alt", text) == []


# All checks together


def test_clean_text_has_no_findings():
    text = (
        "### What the trials found\n\n"
        "Small trials found mixed results. Read the "
        "[FDA alert on stem cell products](https://www.fda.gov/).\n\n"
        "![Thinning hair at the crown](scalp.png)"
    )
    assert check_markdown(text) == []


def test_findings_come_grouped_by_check_in_a_fixed_order():
    text = "![](a.png) [here](https://e.com)\n\n#### Deep\n\nA miracle."
    checks = [finding.check for finding in check_markdown(text)]
    assert checks == ["health-claim", "heading-levels", "link-text", "image-alt"]


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE_INPUTS.values(),
        "[x](",
        "![",
        "[here](<https://example.com",
        "#" * 10_000,
        ">" * 500 + " deep",
        "- " * 300 + "x",
        "a\x00b safe\x00",
        "." * 100_000,
        "safe " * 20_000,
        "[here](https://example.com) " * 2_000,
        "\u202e cure \u200b safe \ufeff",
    ],
)
def test_hostile_markdown_does_not_crash_the_checks(text):
    started = time.monotonic()
    findings = check_markdown(text)
    measures = readability(text)
    assert {finding.check for finding in findings} <= CHECKS
    assert all(finding.message for finding in findings)
    assert measures.words >= 0
    assert measures.sentences <= measures.words
    # A check that backtracks badly would take minutes on the long inputs.
    assert time.monotonic() - started < 10


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(hostile_text)
def test_any_markdown_gets_findings_and_readability_without_error(text):
    assert {finding.check for finding in check_markdown(text)} <= CHECKS
    assert readability(text).reading_minutes >= 0


# Readability


def test_readability_of_a_known_passage():
    # Words: 5 + 6 = 11. Sentences: 2. Syllables: stem 1, cell 1, ther-a-py 3,
    # is 1, ex-per-i-men-tal 5; talk 1, to 1, a 1, doc-tor 2, be-fore 2,
    # treat-ment 2 = 20. Flesch = 206.835 - 1.015 * 11/2 - 84.6 * 20/11 = 47.43.
    measures = readability(
        "Stem cell therapy is experimental. Talk to a doctor before treatment."
    )
    assert measures.words == 11
    assert measures.sentences == 2
    assert measures.reading_minutes == 1
    assert measures.flesch_reading_ease == pytest.approx(47.4, abs=0.1)
    assert measures.grade == "difficult"


def test_readability_of_an_easy_passage():
    # 9 words, 2 sentences, 10 syllables (hap-py is the only word with two):
    # 206.835 - 1.015 * 9/2 - 84.6 * 10/9 = 108.27, past the top of the scale.
    measures = readability("The cat sat on the mat. It was happy.")
    assert measures.flesch_reading_ease == pytest.approx(108.3, abs=0.1)
    assert measures.grade == "very easy"


def test_readability_ignores_markdown_syntax():
    plain = readability(
        "Stem cell therapy is experimental. Talk to a doctor before treatment."
    )
    marked_up = readability(
        "**Stem cell** therapy is [experimental](https://example.com/a-b-c-d).\n"
        "*Talk* to a `doctor` before treatment.\n\n![A long image description](x.png)"
    )
    assert marked_up == plain


@pytest.mark.parametrize("text", ["", "   \n\n", "![Scalp](scalp.png)", "---", "***"])
def test_readability_of_no_text(text):
    assert readability(text) == Readability(
        words=0,
        sentences=0,
        reading_minutes=0,
        flesch_reading_ease=0.0,
        grade="no text",
    )


@pytest.mark.parametrize(
    ("words", "minutes"), [(1, 1), (199, 1), (200, 1), (201, 2), (1000, 5)]
)
def test_reading_minutes_round_up_at_200_words_a_minute(words, minutes):
    assert readability("word " * words).reading_minutes == minutes


@pytest.mark.parametrize(
    ("text", "words", "sentences"),
    [
        ("No full stop here", 4, 1),
        ("One. Two! Three?", 3, 3),
        ("Really?! Yes...", 2, 2),
        ("He said “stop.” Then left.", 5, 2),
        ("It costs 3.5 times more.", 5, 1),
        ("Don't use stem-cell clinics.", 4, 1),
        # Headings, list items and table cells read as sentences of their own.
        ("## Risks\n\n- Infection\n- Tumours", 3, 3),
        ("| Drug | Approved |\n|---|---|\n| Minoxidil | Yes |", 4, 4),
        ("A paragraph\nwrapped over\nlines.", 5, 1),
    ],
)
def test_words_and_sentences_are_counted(text, words, sentences):
    measures = readability(text)
    assert (measures.words, measures.sentences) == (words, sentences)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("the", 1),
        ("cure", 1),
        ("cures", 1),
        ("cured", 1),
        ("safe", 1),
        ("safely", 2),
        ("free", 1),
        ("agree", 2),
        ("table", 2),
        ("people", 2),
        ("miracle", 3),
        ("miracles", 3),
        ("changes", 2),
        ("causes", 2),
        ("studies", 2),
        ("started", 2),
        ("considered", 3),
        ("therapy", 3),
        ("experimental", 5),
        ("rhythm", 1),
        ("Stem", 1),
        ("game-changer", 3),
        ("don’t", 1),
        ("514", 1),
        ("x", 1),
    ],
)
def test_syllables_are_estimated(word, syllables):
    assert count_syllables(word) == syllables


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (120.0, "very easy"),
        (90.0, "very easy"),
        (89.9, "easy"),
        (80.0, "easy"),
        (70.0, "fairly easy"),
        (69.9, "plain English"),
        (60.0, "plain English"),
        (59.9, "fairly difficult"),
        (50.0, "fairly difficult"),
        (49.9, "difficult"),
        (30.0, "difficult"),
        (29.9, "very difficult"),
        (10.0, "very difficult"),
        (9.9, "extremely difficult"),
        (-40.0, "extremely difficult"),
    ],
)
def test_flesch_scores_fall_in_flesch_bands(score, grade):
    assert flesch_grade(score) == grade
