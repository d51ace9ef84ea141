"""Moving one item of an ordered list up or down."""

from __future__ import annotations

from typing import Literal

from django.http import Http404


def move_in_order(ordered: list, pk: int, direction: Literal["up", "down"]) -> None:
    """Move item ``pk`` one step up or down and renumber positions 0..n-1.

    ``ordered`` holds model instances with a ``position`` field, locked and in
    their current order; a ``pk`` that is not among them is a 404."""
    index = next((i for i, item in enumerate(ordered) if item.pk == pk), None)
    if index is None:
        raise Http404
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
