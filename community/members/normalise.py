"""Search keys: lower-case, no accents, no punctuation ("Saint-Étienne" →
"saint etienne"), so that what a member types matches what others wrote."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", stripped.casefold()).strip()


def name_q(query: str, *, path: str = "", word_start: bool = False) -> Q:
    """Members whose display name contains ``query`` whatever the accents and
    case ("helene" finds "Hélène"), through the stored ``name_key``; with
    ``word_start``, only where a word of the name starts with it. ``path``
    reaches the member from another model (``"user__"``). Nobody for a query
    with no letter or digit."""
    key = search_key(query)
    if not key:
        return Q(pk__in=[])
    if word_start:
        return Q(**{f"{path}name_key__startswith": key}) | Q(
            **{f"{path}name_key__contains": f" {key}"}
        )
    return Q(**{f"{path}name_key__contains": key})
