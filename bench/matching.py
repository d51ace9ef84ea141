"""Matching on PostgreSQL: 100,000 members holding 150,000 offers over the
default taxonomy, 10,000 open needs.

    .venv/bin/python bench/matching.py [--members 100000] [--samples 200] [--keep]

Creates a dedicated database (``<your database>_bench``), migrates it, seeds
with COPY, then times the two selectors the pages call, exactly as they run
for a request (pre-filter SQL + scoring + explanations):

* ``suggestions``: top-20 volunteers for a need with 2 required skills
  (``matching.selectors.suggestions_for_need``);
* ``needs_for_volunteer``: top-20 open needs for a member with an offer,
  among 10,000 open needs (``matching.selectors.needs_for_volunteer``, including the
  viewer's audiences).

The same run measures a tenth of the members first (10,000 members, 15,000
offers, the same 10,000 needs), then grows to the full size and measures
again, so the p50 ratio compares on one machine. Prints one JSON line; the
database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import in_bench_database  # noqa: E402

LEVELS = ["beginner", "confirmed", "expert"]
MODES = ["remote", "on_site", "either"]
NEEDS = 10_000
PROJECTS = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--offers-per-member", type=float, default=1.5)
    parser.add_argument("--samples", type=int, default=200, help="timed calls per scenario")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    result = in_bench_database(lambda: run(args), keep=args.keep)
    print(json.dumps(result))


def run(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from community.core.actions import create_network
    from community.members import actions as member_actions
    from community.members.models import Skill

    create_network(name="Bench")
    admin = member_actions.create_account(
        email="admin@example.org", password=None, display_name="Admin", is_network_admin=True
    )
    skill_ids = list(Skill.objects.values_list("pk", flat=True))
    rng = random.Random(7)
    places = load_places(rng)

    seed_needs(connection, rng, admin.pk, skill_ids, places)
    small = max(args.members // 10, 1)
    seed_members(connection, rng, 0, small, skill_ids, places, args.offers_per_member)
    analyse(connection)
    measured = {"small": measure(connection, rng, args.samples)}
    seed_members(connection, rng, small, args.members, skill_ids, places, args.offers_per_member)
    analyse(connection)
    measured["full"] = measure(connection, rng, args.samples)
    full, tenth = measured["full"], measured["small"]
    return {
        "benchmark": "matching",
        "members": full["members"],
        "offers": full["offers"],
        "open_needs": full["open_needs"],
        "samples_per_scenario": args.samples,
        "suggestions_p50_ms": full["suggestions"]["p50_ms"],
        "suggestions_p95_ms": full["suggestions"]["p95_ms"],
        "needs_for_volunteer_p50_ms": full["needs_for_volunteer"]["p50_ms"],
        "needs_for_volunteer_p95_ms": full["needs_for_volunteer"]["p95_ms"],
        "ratio_suggestions_p50_full_vs_tenth": round(
            full["suggestions"]["p50_ms"] / tenth["suggestions"]["p50_ms"], 2
        ),
        "ratio_needs_for_volunteer_p50_full_vs_tenth": round(
            full["needs_for_volunteer"]["p50_ms"] / tenth["needs_for_volunteer"]["p50_ms"], 2
        ),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "detail": measured,
        "plans": explain(connection),
        "postgres": connection.cursor().connection.info.server_version,
    }


def load_places(rng) -> list[tuple[str, str, float, float]]:
    """A spread of real French places from the shipped file (postcode, city, lat, lon)."""
    import csv

    from community.volunteering.places import DATA_FILE

    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = [
            (r["postcode"], r["city"], float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(handle)
        ]
    return rng.sample(rows, 400)


def seed_needs(connection, rng, admin_id: int, skill_ids, places) -> None:
    """500 open network projects (audience public) holding 10,000 open needs of
    1 to 3 skills (a third with exactly 2)."""
    now = "2025-01-01 00:00:00+00"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY volunteering_project (title, slug, description, cause, audience, work_mode, "
            "status, city, postcode, latitude, longitude, approximate, cover, created_at, "
            "updated_at, opened_at, created_by_id) FROM STDIN"
        ) as copy:
            for n in range(PROJECTS):
                postcode, city, lat, lon = rng.choice(places)
                copy.write_row(
                    (
                        f"Project {n}",
                        f"project-{n}",
                        "",
                        "solidarity",
                        "public",
                        "on_site",
                        "open",
                        city,
                        postcode,
                        lat,
                        lon,
                        False,
                        "",
                        now,
                        now,
                        now,
                        admin_id,
                    )
                )
        cursor.execute("SELECT id FROM volunteering_project ORDER BY id")
        project_ids = [row[0] for row in cursor.fetchall()]
        with raw.copy(
            "COPY volunteering_need (project_id, audience, title, description, total_hours, "
            "volunteers_wanted, work_mode, status, skill_count, city, postcode, latitude, "
            "longitude, approximate, created_at, updated_at, created_by_id) FROM STDIN"
        ) as copy:
            for n in range(NEEDS):
                postcode, city, lat, lon = rng.choice(places)
                count = rng.choice([1, 2, 2, 3])
                day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d} 00:00:00+00"
                copy.write_row(
                    (
                        rng.choice(project_ids),
                        "public",
                        f"Need {n}",
                        "",
                        rng.randint(4, 60),
                        rng.randint(1, 3),
                        rng.choice(MODES),
                        "open",
                        count,
                        city,
                        postcode,
                        lat,
                        lon,
                        False,
                        day,
                        day,
                        admin_id,
                    )
                )
        cursor.execute("SELECT id, skill_count, created_at FROM volunteering_need ORDER BY id")
        needs = cursor.fetchall()
        with raw.copy(
            "COPY volunteering_needskill (need_id, skill_id, min_level, audience, listed, "
            "skill_count, need_created_at) FROM STDIN"
        ) as copy:
            for need_id, count, created in needs:
                for skill_id in rng.sample(skill_ids, count):
                    copy.write_row(
                        (need_id, skill_id, rng.choice(LEVELS[:2]), "public", True, count, created)
                    )


def seed_members(connection, rng, start: int, end: int, skill_ids, places, per_member) -> None:
    """Members ``start``..``end`` and about ``per_member`` offers each (1 to 4
    skills; 85 % active, 10 % paused, 5 % expired)."""
    columns = (
        "password, is_superuser, email, display_name, handle, status, is_active, is_staff, "
        "is_network_admin, language, date_joined, avatar, bio, city, city_key, postcode, "
        "country, links, interests, profile_visibility, bio_visibility, location_visibility, "
        "languages_visibility, skills_visibility, interests_visibility, links_visibility, "
        "email_visibility"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY members_user ({columns}) FROM STDIN") as copy:
            for n in range(start, end):
                postcode, city, _lat, _lon = rng.choice(places)
                copy.write_row(
                    (
                        "!",
                        False,
                        f"bench{n}@example.org",
                        f"Member {n}",
                        f"bench-{n}",
                        "active",
                        True,
                        False,
                        False,
                        "fr",
                        "2024-01-01 00:00:00+00",
                        "",
                        "",
                        city,
                        "",
                        postcode,
                        "France",
                        "[]",
                        "[]",
                        "members",
                        "members",
                        "members",
                        "members",
                        "members",
                        "members",
                        "members",
                        "admins",
                    )
                )
        cursor.execute(
            "SELECT id FROM members_user WHERE handle LIKE 'bench-%%' ORDER BY id OFFSET %s",
            [start],
        )
        user_ids = [row[0] for row in cursor.fetchall()]
        total = round(len(user_ids) * per_member)
        owners = user_ids + [rng.choice(user_ids) for _ in range(total - len(user_ids))]
        with raw.copy(
            "COPY volunteering_offer (user_id, title, description, hours_per_month, "
            "available_from, available_until, work_mode, travel_radius_km, visibility, status, "
            "city, postcode, latitude, longitude, approximate, created_at, updated_at) FROM STDIN"
        ) as copy:
            for user_id in owners:
                postcode, city, lat, lon = rng.choice(places)
                roll = rng.random()
                status = "paused" if 0.85 <= roll < 0.95 else "active"
                until = "2024-12-31" if roll >= 0.95 else None
                day = f"2025-{1 + user_id % 12:02d}-{1 + user_id % 28:02d} 00:00:00+00"
                copy.write_row(
                    (
                        user_id,
                        "Offer",
                        "",
                        rng.choice([2, 4, 8, 12, 20]),
                        "2024-01-01",
                        until,
                        rng.choice(MODES),
                        rng.choice([10, 20, 50]),
                        "members" if rng.random() < 0.8 else "managers",
                        status,
                        city,
                        postcode,
                        lat,
                        lon,
                        False,
                        day,
                        day,
                    )
                )
        cursor.execute(
            "SELECT id, user_id, status, available_until, updated_at, work_mode, latitude, "
            "longitude, travel_radius_km FROM volunteering_offer WHERE user_id = ANY(%s)",
            [user_ids],
        )
        offers = cursor.fetchall()
        with raw.copy(
            "COPY volunteering_offerskill (offer_id, skill_id, level, user_id, active, "
            "available_until, updated_at, work_mode, latitude, longitude, travel_radius_km) "
            "FROM STDIN"
        ) as copy:
            for offer_id, user_id, status, until, updated, mode, lat, lon, radius in offers:
                for skill_id in rng.sample(skill_ids, rng.randint(1, 4)):
                    level = rng.choice(LEVELS)
                    row = [offer_id, skill_id, level, user_id, status == "active", until]
                    copy.write_row([*row, updated, mode, lat, lon, radius])


def analyse(connection) -> None:
    """Steady state: autovacuum would have set the visibility map and statistics."""
    with connection.cursor() as cursor:
        for table in (
            "members_user",
            "volunteering_offer",
            "volunteering_offerskill",
            "volunteering_need",
            "volunteering_needskill",
            "volunteering_project",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 2)


def summary(values: list[float], extra: dict | None = None) -> dict:
    result = {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": percentile(values, 0.95),
        "p99_ms": percentile(values, 0.99),
        "max_ms": round(max(values), 2),
    }
    result.update(extra or {})
    return result


def measure(connection, rng, samples: int) -> dict:
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    from community.members.models import User
    from community.volunteering.matching import selectors
    from community.volunteering.models import Need, Offer
    from community.volunteering.queries import skills_prefetch

    # As the suggestions page loads its need (needs.selectors.need_in_project).
    two_skill_needs = list(
        Need.objects.filter(skill_count=2)
        .select_related("project", "project__group")
        .prefetch_related(skills_prefetch())[:2000]
    )
    volunteers = list(
        User.objects.filter(
            pk__in=Offer.objects.filter(status="active", available_until__isnull=True)
            .order_by("?")
            .values("user_id")[: samples * 2]
        )
    )
    timings = {"suggestions": [], "needs_for_volunteer": []}
    # This process's CPU time: what the wall clock costs when the shared machine is idle
    # (the SQL runs in PostgreSQL's process and is not in it).
    cpu = {"suggestions": [], "needs_for_volunteer": []}
    counts = {"suggestions": [], "needs_for_volunteer": []}
    queries = {"suggestions": 0, "needs_for_volunteer": 0}
    for warm in range(min(10, len(volunteers), len(two_skill_needs))):  # warm caches, plans
        selectors.suggestions_for_need(two_skill_needs[warm])
        selectors.needs_for_volunteer(volunteers[warm])
    for n in range(samples):
        need = rng.choice(two_skill_needs)
        start, start_cpu = time.perf_counter(), time.process_time()
        result = selectors.suggestions_for_need(need)
        timings["suggestions"].append((time.perf_counter() - start) * 1000)
        cpu["suggestions"].append((time.process_time() - start_cpu) * 1000)
        counts["suggestions"].append(len(result))
        volunteer = volunteers[n % len(volunteers)]
        start, start_cpu = time.perf_counter(), time.process_time()
        result = selectors.needs_for_volunteer(volunteer)
        timings["needs_for_volunteer"].append((time.perf_counter() - start) * 1000)
        cpu["needs_for_volunteer"].append((time.process_time() - start_cpu) * 1000)
        counts["needs_for_volunteer"].append(len(result))
    for name, call in (
        ("suggestions", lambda: selectors.suggestions_for_need(two_skill_needs[0])),
        ("needs_for_volunteer", lambda: selectors.needs_for_volunteer(volunteers[0])),
    ):
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = len(captured)
        reset_queries()
    return {
        "members": User.objects.filter(handle__startswith="bench-").count(),
        "offers": Offer.objects.count(),
        "open_needs": Need.objects.filter(status="open").count(),
        "suggestions": summary(
            timings["suggestions"],
            {
                "queries": queries["suggestions"],
                "python_cpu_p50_ms": round(statistics.median(cpu["suggestions"]), 2),
                "mean_results": round(statistics.mean(counts["suggestions"]), 1),
            },
        ),
        "needs_for_volunteer": summary(
            timings["needs_for_volunteer"],
            {
                "queries": queries["needs_for_volunteer"],
                "python_cpu_p50_ms": round(statistics.median(cpu["needs_for_volunteer"]), 2),
                "mean_results": round(statistics.mean(counts["needs_for_volunteer"]), 1),
            },
        ),
    }


def explain(connection) -> dict:
    """The plans of the two candidate queries, as the selectors send them."""
    from django.test.utils import CaptureQueriesContext

    from community.members.models import User
    from community.volunteering.matching import selectors
    from community.volunteering.models import Need, Offer

    need = Need.objects.filter(skill_count=2).select_related("project").first()
    volunteer = User.objects.filter(
        pk__in=Offer.objects.filter(status="active").values("user_id")[:1]
    ).first()
    plans = {}
    for name, call in (
        ("suggestions", lambda: selectors.suggestions_for_need(need)),
        ("needs_for_volunteer", lambda: selectors.needs_for_volunteer(volunteer)),
    ):
        with CaptureQueriesContext(connection) as captured:
            call()
        sql = next(q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plans[name] = [row[0] for row in cursor.fetchall()]
    return plans


if __name__ == "__main__":
    main()
