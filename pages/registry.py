"""The built-in text of the site's own pages: the seed, and the fallback."""

import json
from pathlib import Path

SEED_FILE = Path(__file__).resolve().parent / "seed" / "pages.json"

# Each page's title, description and Markdown body, by key.
BUILTIN_PAGES: dict[str, dict[str, str]] = json.loads(
    SEED_FILE.read_text(encoding="utf-8")
)
