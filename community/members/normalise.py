"""Search keys: lower-case, no accents, no punctuation ("Saint-Étienne" →
"saint etienne"), so that what a member types matches what others wrote."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", stripped.casefold()).strip()
