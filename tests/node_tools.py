"""The checkers the tests run from node_modules (package.json pins them)."""

from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"


def node_tool(relative_path: str) -> Path:
    """Return a file installed under node_modules, or fail saying how to install it."""
    path = NODE_MODULES / relative_path
    if not path.exists():
        pytest.fail(
            f"{path} is missing: run `make test`, or `npm ci` (Node.js and npm needed)"
        )
    return path
