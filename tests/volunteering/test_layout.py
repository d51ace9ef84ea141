"""The app's shape: sub-domains with modules a person can read whole. (Their
one-way order is the import-linter contract "Volunteering sub-domains" in
``pyproject.toml``, checked by ``make lint``.)"""

from __future__ import annotations

from pathlib import Path

import community.volunteering

MAX_LINES = 700
APP = Path(community.volunteering.__file__).parent


def test_no_volunteering_module_reaches_700_lines() -> None:
    sizes = {
        str(path.relative_to(APP)): len(path.read_text().splitlines())
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert len(sizes) > 10, "the app's modules were found"
    too_long = {name: lines for name, lines in sizes.items() if lines >= MAX_LINES}
    assert not too_long, too_long
