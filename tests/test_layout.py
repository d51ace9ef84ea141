"""The shape of the tree (issue 15): no module under community/ or realtime/
grows past 700 lines; a module that does is a sub-domain waiting to be split."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 700


def test_no_module_is_longer_than_700_lines() -> None:
    too_long = {
        str(path.relative_to(ROOT)): count
        for folder in ("community", "realtime")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) >= LIMIT
    }
    assert not too_long, f"split these modules by sub-domain: {too_long}"
