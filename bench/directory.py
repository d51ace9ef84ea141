"""Directory search by skill + location over 50,000 members on PostgreSQL.

    .venv/bin/python bench/directory.py [--members 50000] [--requests 60] [--keep]

Creates a dedicated database (``<your database>_bench``), migrates it, seeds
members with COPY (skills, languages, places, answers to a filterable
question), then times the directory as a signed-in member sees it, through
Django's full request path (middleware, selectors, templates): server time
p50/p95 and SQL queries per page. The same run measures a baseline (the
unfiltered first page) and a smaller population (a tenth of the members)
before growing to the full size, so the numbers compare on one machine.
Prints one JSON line; the database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT_COUNT = re.compile(r'class="results-count[^"]*"[^>]*>([\d,]+) member')
sys.path.insert(0, str(ROOT))

from bench.common import in_bench_database  # noqa: E402

CITIES = [
    ("Lyon", "69003"),
    ("Villeurbanne", "69100"),
    ("Vénissieux", "69200"),
    ("Paris", "75011"),
    ("Marseille", "13001"),
    ("Toulouse", "31000"),
    ("Nice", "06000"),
    ("Nantes", "44000"),
    ("Strasbourg", "67000"),
    ("Montpellier", "34000"),
    ("Bordeaux", "33000"),
    ("Lille", "59000"),
    ("Rennes", "35000"),
    ("Reims", "51100"),
    ("Saint-Étienne", "42000"),
    ("Toulon", "83000"),
    ("Le Havre", "76600"),
    ("Grenoble", "38000"),
    ("Dijon", "21000"),
    ("Angers", "49000"),
    ("Nîmes", "30000"),
    ("Clermont-Ferrand", "63000"),
    ("Le Mans", "72000"),
    ("Aix-en-Provence", "13100"),
    ("Brest", "29200"),
    ("Tours", "37000"),
    ("Amiens", "80000"),
    ("Limoges", "87000"),
    ("Annecy", "74000"),
    ("Perpignan", "66000"),
    ("Metz", "57000"),
    ("Besançon", "25000"),
    ("Orléans", "45000"),
    ("Rouen", "76000"),
    ("Mulhouse", "68100"),
    ("Caen", "14000"),
    ("Nancy", "54000"),
    ("Argenteuil", "95100"),
    ("Montreuil", "93100"),
    ("Roubaix", "59100"),
]
FIRST = [
    "Camille",
    "Léa",
    "Hugo",
    "Inès",
    "Karim",
    "Sarah",
    "Mamadou",
    "Julie",
    "Antoine",
    "Emma",
    "Lucas",
    "Chloé",
    "Nathan",
    "Manon",
    "Yanis",
    "Zoé",
    "Louis",
    "Jade",
    "Adam",
    "Lina",
    "Gabriel",
    "Rose",
    "Noah",
    "Alice",
    "Thomas",
    "Nour",
    "Paul",
    "Anna",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Nguyen",
    "Benali",
    "Diallo",
    "Cohen",
    "Haddad",
    "Fontaine",
]
LANGUAGES = ["fr", "en", "es", "ar", "de", "it", "pt", "wo", "tr", "zh"]
SEARCHES = [
    ("graphic-design", "lyon"),
    ("accounting", "paris"),
    ("driving", "69"),
    ("tutoring", "marseille"),
    ("web-development", "saint etienne"),
    ("cooking", "lille"),
    ("first-aid", "38"),
    ("translation", "bordeaux"),
    ("fundraising", "nantes"),
    ("spanish", "toulouse"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per scenario")
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
    from community.members import actions
    from community.members.models import Skill, User

    create_network(name="Bench")
    admin = actions.create_account(
        email="admin@example.org", password=None, display_name="Admin", is_network_admin=True
    )
    viewer = actions.create_account(
        email="viewer@example.org", password=None, display_name="Viewer"
    )
    question = actions.create_profile_question(
        admin=admin,
        label="Availability",
        kind="multiple_choice",
        choices=["Weekdays", "Evenings", "Weekends"],
        filterable=True,
    )
    choice_ids = list(question.choices.values_list("pk", flat=True))
    skill_ids = dict(Skill.objects.values_list("slug", "pk"))
    rng = random.Random(42)

    small = max(args.members // 10, 1)
    seed(connection, rng, 0, small, skill_ids, question.pk, choice_ids)
    measured = {"small": measure(viewer, args.requests, connection)}
    measured["small"]["members"] = User.objects.filter(status="active").count()
    seed(connection, rng, small, args.members, skill_ids, question.pk, choice_ids)
    measured["full"] = measure(viewer, args.requests, connection)
    measured["full"]["members"] = User.objects.filter(status="active").count()
    plan = explain(viewer, connection)
    full, small_run = measured["full"], measured["small"]
    return {
        "benchmark": "directory",
        "members": full["members"],
        "requests_per_scenario": args.requests,
        "skill_location_p50_ms": full["skill_location"]["p50_ms"],
        "skill_location_p95_ms": full["skill_location"]["p95_ms"],
        "skill_location_queries": full["skill_location"]["queries"],
        "baseline_unfiltered_p50_ms": full["unfiltered"]["p50_ms"],
        "baseline_unfiltered_p95_ms": full["unfiltered"]["p95_ms"],
        "baseline_unfiltered_queries": full["unfiltered"]["queries"],
        "ratio_skill_location_vs_unfiltered_p50": round(
            full["skill_location"]["p50_ms"] / full["unfiltered"]["p50_ms"], 2
        ),
        "ratio_full_vs_tenth_skill_location_p50": round(
            full["skill_location"]["p50_ms"] / small_run["skill_location"]["p50_ms"], 2
        ),
        "skill_location_python_cpu_p50_ms": full["skill_location"]["python_cpu_p50_ms"],
        "skill_location_sql_p50_ms": full["skill_location"]["sql_p50_ms"],
        "skill_location_sql_p95_ms": full["skill_location"]["sql_p95_ms"],
        "skill_location_htmx_p50_ms": full["skill_location_htmx"]["p50_ms"],
        "skill_location_htmx_p95_ms": full["skill_location_htmx"]["p95_ms"],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "detail": measured,
        "plan_uses_indexes": plan,
        "postgres": connection.cursor().connection.info.server_version,
    }


def seed(connection, rng, start: int, end: int, skill_ids, question_id, choice_ids) -> None:
    """Members ``start``..``end`` with COPY: 1–5 skills, 1–3 languages, a city,
    an answer; one in ten hides their location from members."""
    from community.members.normalise import search_key

    slugs = list(skill_ids)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = (
            "password, is_superuser, email, display_name, handle, status, is_active, is_staff, "
            "is_network_admin, language, date_joined, avatar, bio, city, city_key, postcode, "
            "country, links, interests, profile_visibility, bio_visibility, location_visibility, "
            "languages_visibility, skills_visibility, interests_visibility, links_visibility, "
            "email_visibility, name_key"
        )
        with raw.copy(f"COPY members_user ({columns}) FROM STDIN") as copy:
            for n in range(start, end):
                city, postcode = rng.choice(CITIES)
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                copy.write_row(
                    (
                        "!",
                        False,
                        f"bench{n}@example.org",
                        f"{name} {n}",
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
                        search_key(city),
                        postcode,
                        "France",
                        "[]",
                        "[]",
                        "members",
                        "members",
                        "admins" if rng.random() < 0.1 else "members",
                        "members",
                        "members",
                        "members",
                        "members",
                        "admins",
                        search_key(f"{name} {n}"),
                    )
                )
        cursor.execute(
            "SELECT id FROM members_user WHERE handle LIKE 'bench-%%' ORDER BY id OFFSET %s",
            [start],
        )
        user_ids = [row[0] for row in cursor.fetchall()]
        with raw.copy("COPY members_memberskill (user_id, skill_id, level) FROM STDIN") as copy:
            for user_id in user_ids:
                for slug in rng.sample(slugs, rng.randint(1, 5)):
                    copy.write_row(
                        (user_id, skill_ids[slug], rng.choice(["beginner", "confirmed", "expert"]))
                    )
        with raw.copy("COPY members_memberlanguage (user_id, code) FROM STDIN") as copy:
            for user_id in user_ids:
                for code in {"fr", *rng.sample(LANGUAGES, rng.randint(0, 2))}:
                    copy.write_row((user_id, code))
        with raw.copy(
            "COPY members_profileanswer (user_id, question_id, text, updated_at) FROM STDIN"
        ) as copy:
            for user_id in user_ids:
                copy.write_row((user_id, question_id, "", "2024-01-01 00:00:00+00"))
        cursor.execute(
            "INSERT INTO members_profileanswer_choices "
            "(profileanswer_id, profilequestionchoice_id) "
            "SELECT a.id, (%s::bigint[])[1 + (a.user_id %% %s)] FROM members_profileanswer a "
            "WHERE a.user_id = ANY(%s)",
            [choice_ids, len(choice_ids), user_ids],
        )
    # Steady state: autovacuum would have set the visibility map by now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(viewer, requests: int, connection) -> dict:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    client.force_login(viewer)
    scenarios = {
        "unfiltered": [{}],
        "skill_location": [{"skill": skill, "location": place} for skill, place in SEARCHES],
        # What the page fetches when a filter changes (htmx: results only).
        "skill_location_htmx": [
            {"skill": skill, "location": place, "_htmx": True} for skill, place in SEARCHES
        ],
        "two_skills_all_location_language": [
            {"skill": [skill, "driving"], "match": "all", "location": place, "language": "es"}
            for skill, place in SEARCHES
        ],
    }
    results = {}
    for name, params_list in scenarios.items():
        for params in params_list[:5]:  # warm up
            get(client, params)
        timings, cpu, sql, queries, counts = [], [], [], set(), []
        by_search: dict[int, list[float]] = {}
        for i in range(requests):
            params = params_list[i % len(params_list)]
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = get(client, params)
                elapsed = time.perf_counter() - started
                cpu.append((time.process_time() - cpu_started) * 1000)
            sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            assert response.status_code == 200, response.status_code
            timings.append(elapsed * 1000)
            by_search.setdefault(i % len(params_list), []).append(elapsed * 1000)
            queries.add(len(captured.captured_queries))
            counts.append(
                int(RESULT_COUNT.search(response.content.decode()).group(1).replace(",", ""))
            )
        timings.sort()
        results[name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
            # Django's own CPU time (no SQL wait): steadier on a shared machine.
            "python_cpu_p50_ms": round(statistics.median(cpu), 1),
            # Time spent waiting on PostgreSQL, summed over the page's queries.
            "sql_p50_ms": round(statistics.median(sql), 1),
            "sql_p95_ms": round(sorted(sql)[max(int(len(sql) * 0.95) - 1, 0)], 1),
            "queries": sorted(queries),
            "median_results": int(statistics.median(counts)),
            "max_results": max(counts),
            "slowest_search_p50_ms": round(
                max(statistics.median(times) for times in by_search.values()), 1
            ),
        }
    return results


def get(client, params: dict):
    params = dict(params)
    headers = {"HX-Request": "true"} if params.pop("_htmx", False) else {}
    return client.get("/members/", params, headers=headers)


def explain(viewer, connection) -> dict:
    """Which indexes PostgreSQL uses for the skill + location search."""
    from community.members import selectors
    from community.members.models import Skill

    view = selectors.viewer_for(viewer)
    query = selectors.DirectoryQuery(
        skills=[Skill.objects.get(slug="graphic-design")], location="lyon"
    )
    members = selectors.directory_members(view, query)
    sql, params = members.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return {
        name: name in plan
        for name in (
            "user_city_key",
            "user_postcode",
            "member_skill_unique",
            "member_skill_by_skill",
        )
    }


if __name__ == "__main__":
    main()
