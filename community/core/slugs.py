"""Unique slugs: the readable, unique part of an address (a group's, a
project's, a skill's) or a member's handle, derived from a name."""

from __future__ import annotations

from collections.abc import Collection
from itertools import count

from django.db.models import Model, QuerySet
from django.utils.text import slugify


def _cut(base: str, suffix: str, max_length: int) -> str:
    """``base`` shortened so that ``base + suffix`` fits in ``max_length``."""
    return base[: max_length - len(suffix)].rstrip("-") + suffix


def unique_slug(
    model_or_queryset: type[Model] | QuerySet,
    text: str,
    *,
    max_length: int,
    reserved: Collection[str] = (),
    exclude_pk: int | None = None,
    field: str = "slug",
    fallback: str = "item",
) -> str:
    """A ``field`` value derived from ``text`` that no row of
    ``model_or_queryset`` (but ``exclude_pk``, the object itself) has yet:
    ``jardin-partage``, then ``jardin-partage-2``, ``jardin-partage-3``…

    Accents are folded and punctuation dropped (``slugify``); the result,
    suffix included, is at most ``max_length`` characters. A name with no
    letter or digit gives ``fallback``; a ``reserved`` word (an address the
    app's URLs use, such as ``new``) gets ``-<fallback>`` appended
    (``new-group``). One query, unless the suffixes grow long enough to
    shorten the name."""
    rows = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type)
        else model_or_queryset
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    base = slugify(text)[:max_length].strip("-") or fallback
    if base in reserved:
        base = _cut(base, f"-{fallback}", max_length)
    stem: str | None = None
    taken: set[str] = set()
    for number in count(1):
        suffix = f"-{number}" if number > 1 else ""
        candidate = _cut(base, suffix, max_length)
        prefix = candidate[: len(candidate) - len(suffix)]
        if stem is None or not prefix.startswith(stem):
            stem = prefix
            taken = set(rows.filter(**{f"{field}__startswith": stem}).values_list(field, flat=True))
        if candidate not in taken and candidate not in reserved:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover
