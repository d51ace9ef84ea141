"""The pure scoring function, on a table of cases: expected order and the
explanation shown next to each suggestion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from community.volunteering.matching import scoring as matching
from community.volunteering.matching.scoring import NeedFacts, OfferFacts, distance_km

TODAY = date(2025, 3, 10)
LYON = (45.7640, 4.8357)
VILLEURBANNE = (45.7719, 4.8902)  # about 4 km from Lyon
MARSEILLE = (43.2965, 5.3698)  # about 280 km
ACCOUNTING, BUDGETING, DESIGN = 1, 2, 3
BEGINNER, CONFIRMED, EXPERT = 0, 1, 2

NEED = NeedFacts(
    id=1,
    skills={ACCOUNTING: CONFIRMED, BUDGETING: CONFIRMED},
    work_mode="on_site",
    point=LYON,
    monthly_hours=8,
)


def offer(offer_id: int, **changes) -> OfferFacts:
    fields = {
        "id": offer_id,
        "skills": {ACCOUNTING: CONFIRMED, BUDGETING: CONFIRMED},
        "hours_per_month": 8,
        "work_mode": "either",
        "point": VILLEURBANNE,
        "radius_km": 20,
        "updated": TODAY,
    }
    fields.update(changes)
    return OfferFacts(**fields)


def ranked(need: NeedFacts, offers: list[OfferFacts]) -> list[tuple[int, str]]:
    matches = matching.rank(matching.score(need, o, today=TODAY) for o in offers)
    return [(m.offer_id, matching.explain(m)) for m in matches]


def test_distance_is_the_great_circle_distance() -> None:
    assert 3 < distance_km(LYON, VILLEURBANNE) < 6
    assert 270 < distance_km(LYON, MARSEILLE) < 285


CASES = [
    pytest.param(
        NEED,
        [offer(10, skills={ACCOUNTING: EXPERT}), offer(11)],
        [
            (11, "matches 2/2 skills · 8 h/month available · 4 km"),
            (10, "matches 1/2 skills · 8 h/month available · 4 km"),
        ],
        id="all skills beat some, even with a higher level on the one",
    ),
    pytest.param(
        NEED,
        [offer(20, skills={ACCOUNTING: BEGINNER, BUDGETING: CONFIRMED}), offer(21)],
        [
            (21, "matches 2/2 skills · 8 h/month available · 4 km"),
            (20, "matches 1/2 skills · 1 below the level asked · 8 h/month available · 4 km"),
        ],
        id="a level below the minimum does not count as a match",
    ),
    pytest.param(
        NeedFacts(id=2, skills={DESIGN: BEGINNER}, work_mode="remote", point=LYON, monthly_hours=4),
        [
            offer(30, skills={DESIGN: CONFIRMED}, point=MARSEILLE, work_mode="remote"),
            offer(31, skills={DESIGN: CONFIRMED}, point=None, work_mode="either"),
        ],
        [
            (30, "matches 1/1 skill · 8 h/month available · remote"),
            (31, "matches 1/1 skill · 8 h/month available · remote"),
        ],
        id="remote always fits, wherever the volunteer lives",
    ),
    pytest.param(
        NEED,
        [offer(40, point=MARSEILLE, radius_km=50), offer(41, work_mode="remote"), offer(42)],
        [(42, "matches 2/2 skills · 8 h/month available · 4 km")],
        id="on site: far beyond the radius, or remote only, is excluded",
    ),
    pytest.param(
        NEED,
        [offer(50, available_until=TODAY - timedelta(days=1)), offer(51)],
        [(51, "matches 2/2 skills · 8 h/month available · 4 km")],
        id="an expired offer is excluded",
    ),
    pytest.param(
        NEED,
        [offer(60, status="paused"), offer(61, status="closed"), offer(62)],
        [(62, "matches 2/2 skills · 8 h/month available · 4 km")],
        id="paused and closed offers are excluded",
    ),
    pytest.param(
        NEED,
        [offer(70, hours_per_month=2), offer(71, hours_per_month=12)],
        [
            (71, "matches 2/2 skills · 12 h/month available · 4 km"),
            (70, "matches 2/2 skills · 2 h/month available · 4 km"),
        ],
        id="more of the hours asked ranks higher",
    ),
    pytest.param(
        NEED,
        [offer(80, point=None), offer(81, point=LYON)],
        [
            (81, "matches 2/2 skills · 8 h/month available · same town"),
            (80, "matches 2/2 skills · 8 h/month available · distance unknown"),
        ],
        id="a known short distance beats an unknown place",
    ),
    pytest.param(
        NEED,
        [offer(90, updated=TODAY - timedelta(days=300)), offer(91, updated=TODAY)],
        [
            (91, "matches 2/2 skills · 8 h/month available · 4 km"),
            (90, "matches 2/2 skills · 8 h/month available · 4 km"),
        ],
        id="recency breaks near-ties",
    ),
    pytest.param(
        NEED,
        [offer(101), offer(100)],
        [
            (100, "matches 2/2 skills · 8 h/month available · 4 km"),
            (101, "matches 2/2 skills · 8 h/month available · 4 km"),
        ],
        id="exact ties: the lower id first (deterministic)",
    ),
    pytest.param(
        NEED,
        [offer(110, available_from=TODAY + timedelta(days=5)), offer(111, skills={DESIGN: EXPERT})],
        [(110, "matches 2/2 skills · 8 h/month available · 4 km · from 2025-03-15")],
        id="no shared skill is excluded; a later start is said",
    ),
]


@pytest.mark.parametrize(("need", "offers", "expected"), CASES)
def test_matching_table(need, offers, expected) -> None:
    assert ranked(need, offers) == expected


def test_full_coverage_always_beats_partial_coverage() -> None:
    """The weakest full match still beats the strongest partial one."""
    weakest_full = offer(
        1, hours_per_month=1, point=(45.9, 4.8), updated=TODAY - timedelta(days=999)
    )
    strongest_partial = offer(2, skills={ACCOUNTING: EXPERT, BUDGETING: BEGINNER}, point=LYON)
    full = matching.score(NEED, weakest_full, today=TODAY)
    partial = matching.score(NEED, strongest_partial, today=TODAY)
    assert full is not None and partial is not None
    assert full.score > partial.score


def test_needs_for_a_volunteer_keep_each_needs_best_offer() -> None:
    needs = [
        NeedFacts(id=5, skills={DESIGN: BEGINNER}, work_mode="remote", opened=TODAY),
        NeedFacts(
            id=6, skills={ACCOUNTING: CONFIRMED}, point=LYON, opened=TODAY - timedelta(days=200)
        ),
    ]
    offers = [
        offer(1, skills={DESIGN: EXPERT}),
        offer(2, skills={ACCOUNTING: EXPERT}, hours_per_month=3),
    ]
    matches = matching.rank(
        matching.best_per_need(
            matching.score(n, o, today=TODAY, direction=matching.FOR_VOLUNTEER)
            for n in needs
            for o in offers
        )
    )
    assert [(m.need_id, m.offer_id) for m in matches] == [(5, 1), (6, 2)]
    assert matching.explain(matches[1]) == "matches 1/1 skill · 3 h/month available · 4 km"


def test_the_scoring_module_imports_nothing_from_django() -> None:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(matching))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.startswith("django") for name in imported)
