"""Detect headline words that promise more than the evidence shows."""

import re

# CONTENT.md: a title or heading with one of these words needs the
# headline-qualifier disclaimer beside the title.
CLAIM_WORDS = re.compile(
    r"\b(cur(?:e[sd]?|ing|ative)|breakthroughs?|revolution\w*|game[-\s]?changers?|"
    r"game[-\s]?changing|miracles?|miraculous)\b",
    re.IGNORECASE,
)


def makes_headline_claim(*texts: str) -> bool:
    """Tell whether any of `texts` uses a word that overstates the evidence."""
    return any(CLAIM_WORDS.search(text) for text in texts)
