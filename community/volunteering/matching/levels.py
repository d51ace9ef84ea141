"""Skill levels in order, for matching a need's minimum with what offers give."""

from __future__ import annotations

from community.members.models import SkillLevel

LEVEL_ORDER: tuple[str, ...] = (SkillLevel.BEGINNER, SkillLevel.CONFIRMED, SkillLevel.EXPERT)


def levels_at_least(level: str) -> list[str]:
    """The levels that satisfy a minimum of ``level``."""
    return list(LEVEL_ORDER[LEVEL_ORDER.index(level) :])


def levels_at_most(level: str) -> list[str]:
    return list(LEVEL_ORDER[: LEVEL_ORDER.index(level) + 1])


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level)
