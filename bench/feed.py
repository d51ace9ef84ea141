"""Feeds on PostgreSQL at two sizes in the same run: home, group page, permalink.

    .venv/bin/python bench/feed.py [--scale 1] [--requests 60] [--keep]

Creates a dedicated database (``<your database>_bench``), migrates it, and
seeds with COPY (not through the actions: the volume is the point, and a
million activities through ``create_post`` would take an hour): members,
groups (60 % open, 30 % closed, 10 % secret), memberships, posts, comments
and the activities that go with them — 40 % posted, 30 % commented, 25 %
reacted (targets: posts; feeds hide both), 5 % joined_group; 30 % on the
community wall (public or members), 70 % in groups.

1×: 5,000 members, 200 groups, 100,000 activities. The viewer is a member of
20 groups (12 open, 8 closed) and follows 50 members. Measured at 1×, then
the network grows to 10× (50,000 members, 2,000 groups, 1,000,000
activities) and is measured again, in the same process.

Each scenario is a full request through Django's test client (middleware,
selectors, templates), signed in as the viewer: the home feed (the three
tabs, and the *All* tab with the UNION read disabled, for comparison), the
group page of one of the viewer's closed groups, a post's permalink
(``posts:detail``), and a
trivial page as the same-run noise baseline. Scenarios are timed round
robin (one request of each in turn) so that load swings of the shared machine
hit them alike. Server time p50/p95, SQL queries per page, and p50 over the
baseline's p50. Prints one JSON line; the database is dropped at the end
unless ``--keep``.
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

BASE = {"members": 5_000, "groups": 200, "activities": 100_000}
VIEWER_GROUPS = (12, 8)  # open, closed
VIEWER_FOLLOWS = 50
WORDS = [
    "jardin",
    "atelier",
    "réunion",
    "bénévoles",
    "quartier",
    "solidarité",
    "repas",
    "collecte",
    "vélo",
    "école",
    "association",
    "projet",
    "partage",
    "entraide",
    "marché",
    "livres",
    "musique",
    "sortie",
    "famille",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shrink for a quick try")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per scenario")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    result = in_bench_database(lambda: run(args), keep=args.keep)
    print(json.dumps(result))


def sizes(scale: float, factor: int) -> dict[str, int]:
    return {key: max(int(value * scale * factor), 1) for key, value in BASE.items()}


def run(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from community.core.actions import create_network
    from community.members import actions

    create_network(name="Bench")
    viewer = actions.create_account(
        email="viewer@example.org", password=None, display_name="Viewer"
    )
    rng = random.Random(42)
    seeder = Seeder(connection, rng, viewer.pk)

    small, full = sizes(args.scale, 1), sizes(args.scale, 10)
    started = time.perf_counter()
    seeder.grow(small)
    seeder.join_viewer()
    seed_small_s = time.perf_counter() - started
    measured = {"1x": measure(viewer, seeder, args.requests, connection)}
    measured["1x"]["rows"] = counts(connection)
    started = time.perf_counter()
    seeder.grow(full)
    seed_full_s = time.perf_counter() - started
    measured["10x"] = measure(viewer, seeder, args.requests, connection)
    measured["10x"]["rows"] = counts(connection)

    def ratio(name: str) -> float:
        return round(measured["10x"][name]["p50_ms"] / measured["1x"][name]["p50_ms"], 2)

    ten = measured["10x"]
    return {
        "benchmark": "feed",
        "sizes": {"1x": small, "10x": full},
        "requests_per_scenario": args.requests,
        "home_p50_ms": ten["home"]["p50_ms"],
        "home_p95_ms": ten["home"]["p95_ms"],
        "home_queries": ten["home"]["queries"],
        "group_p50_ms": ten["group"]["p50_ms"],
        "group_p95_ms": ten["group"]["p95_ms"],
        "group_queries": ten["group"]["queries"],
        "permalink_p50_ms": ten["permalink"]["p50_ms"],
        "permalink_p95_ms": ten["permalink"]["p95_ms"],
        "permalink_queries": ten["permalink"]["queries"],
        "baseline_p50_ms": ten["baseline"]["p50_ms"],
        "baseline_p95_ms": ten["baseline"]["p95_ms"],
        "ratio_10x_vs_1x_p50": {
            name: ratio(name)
            for name in (
                "home",
                "home_in_list",
                "home_groups",
                "home_following",
                "group",
                "permalink",
                "baseline",
            )
        },
        "seed_seconds": {"1x": round(seed_small_s, 1), "10x": round(seed_full_s, 1)},
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "detail": measured,
        "home_plan": explain_home(viewer, connection),
        "postgres": connection.cursor().connection.info.server_version,
    }


class Seeder:
    """Grows the network to a size with COPY; ids are given explicitly (and the
    sequences moved past them), so activities can point at their targets."""

    def __init__(self, connection, rng: random.Random, viewer_id: int) -> None:
        from django.contrib.contenttypes.models import ContentType

        from community.groups.models import Group
        from community.posts.models import Comment, Post

        self.connection = connection
        self.rng = rng
        self.viewer_id = viewer_id
        self.members: list[int] = []
        self.groups: list[tuple[int, str, str]] = []  # id, privacy, slug
        self.group_members: dict[int, list[int]] = {}
        self.posts: list[tuple[int, str, int | None]] = []  # id, audience, group
        self.next = {"user": 1000, "group": 1, "post": 1, "comment": 1, "activity": 1}
        self.types = {
            "post": ContentType.objects.get_for_model(Post).pk,
            "group": ContentType.objects.get_for_model(Group).pk,
            "comment": ContentType.objects.get_for_model(Comment).pk,
        }
        self.clock = 1_700_000_000.0

    def tick(self) -> str:
        self.clock += 1.7
        return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(self.clock))

    def grow(self, size: dict[str, int]) -> None:
        with self.connection.cursor() as cursor:
            raw = cursor.cursor
            self._members(raw, size["members"] - len(self.members))
            self._groups(raw, size["groups"] - len(self.groups))
            self._activities(raw, size["activities"] - (self.next["activity"] - 1))
            for table in ("members_user", "groups_group", "posts_post", "posts_comment"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('activity_activity', 'id'), "
                "(SELECT max(id) FROM activity_activity))"
            )
            cursor.execute(
                "UPDATE posts_post p SET comment_count = c.n FROM "
                "(SELECT post_id, count(*) n FROM posts_comment GROUP BY post_id) c "
                "WHERE c.post_id = p.id AND p.comment_count <> c.n"
            )
            cursor.execute("VACUUM ANALYZE")  # steady state: autovacuum would have run

    def _members(self, raw, n: int) -> None:
        columns = (
            "id, password, is_superuser, email, display_name, handle, status, is_active, "
            "is_staff, is_network_admin, language, date_joined, avatar, bio, city, city_key, "
            "postcode, country, links, interests, profile_visibility, bio_visibility, "
            "location_visibility, languages_visibility, skills_visibility, "
            "interests_visibility, links_visibility, email_visibility"
        )
        with raw.copy(f"COPY members_user ({columns}) FROM STDIN") as copy:
            for _ in range(n):
                pk = self.next["user"]
                self.next["user"] += 1
                self.members.append(pk)
                copy.write_row(
                    (pk, "!", False, f"bench{pk}@example.org", f"Membre {pk}", f"bench-{pk}",
                     "active", True, False, False, "fr", "2024-01-01 00:00:00+00", "", "",
                     "Lyon", "lyon", "69003", "France", "[]", "[]", "members", "members",
                     "members", "members", "members", "members", "members", "admins")
                )  # fmt: skip

    def _groups(self, raw, n: int) -> None:
        rng = self.rng
        new = []
        columns = "id, name, slug, description, privacy, created_at, archived, created_by_id, "
        columns += "avatar, cover"
        with raw.copy(f"COPY groups_group ({columns}) FROM STDIN") as copy:
            for _ in range(n):
                pk = self.next["group"]
                self.next["group"] += 1
                roll = rng.random()
                privacy = "open" if roll < 0.6 else "closed" if roll < 0.9 else "secret"
                owner = rng.choice(self.members)
                slug = f"groupe-{pk}"
                copy.write_row(
                    (pk, f"Groupe {pk}", slug, "Un groupe", privacy, self.tick(), False, owner,
                     "", "")
                )  # fmt: skip
                self.groups.append((pk, privacy, slug))
                new.append((pk, owner))
        with raw.copy(
            "COPY groups_membership (role, created_at, group_id, user_id) FROM STDIN"
        ) as copy:
            for pk, owner in new:
                people = {owner, *rng.sample(self.members, min(24, len(self.members)))}
                self.group_members[pk] = sorted(people)
                for user in people:
                    copy.write_row(("owner" if user == owner else "member", self.tick(), pk, user))

    def join_viewer(self) -> None:
        """The viewer joins 12 open and 8 closed groups and follows 50 members."""
        opens = [g for g in self.groups if g[1] == "open"][: VIEWER_GROUPS[0]]
        closed = [g for g in self.groups if g[1] == "closed"][: VIEWER_GROUPS[1]]
        self.viewer_groups = opens + closed
        with self.connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(
                "COPY groups_membership (role, created_at, group_id, user_id) FROM STDIN"
            ) as copy:
                for pk, _privacy, _slug in self.viewer_groups:
                    copy.write_row(("member", self.tick(), pk, self.viewer_id))
            with raw.copy(
                "COPY members_follow (created_at, followed_id, follower_id) FROM STDIN"
            ) as copy:
                for followed in self.rng.sample(self.members, VIEWER_FOLLOWS):
                    copy.write_row((self.tick(), followed, self.viewer_id))
            cursor.execute("ANALYZE")
        self.closed_group = closed[0]

    def _activities(self, raw, n: int) -> None:
        rng = self.rng
        posts, comments, activities = [], [], []
        for _ in range(n):
            created = self.tick()
            roll = rng.random()
            actor = rng.choice(self.members)
            if roll < 0.40 or not self.posts:
                if rng.random() < 0.3:
                    group, audience = None, rng.choice(["public", "members", "members"])
                    wall = rng.choice(self.members) if rng.random() < 0.2 else None
                else:
                    pk, privacy, _slug = rng.choice(self.groups)
                    group, wall = pk, None
                    audience = "public" if privacy == "open" else f"group:{pk}"
                post_id = self.next["post"]
                self.next["post"] += 1
                title = f"Article {post_id}" if rng.random() < 0.1 and wall is None else ""
                body = " ".join(rng.choices(WORDS, k=rng.randint(8, 60)))
                posts.append((post_id, actor, group, wall, audience, title, body, created))
                self.posts.append((post_id, audience, group))
                activities.append((actor, "posted", "post", post_id, group, audience, created))
            elif roll < 0.70:
                post_id, audience, group = self._recent_post()
                comment_id = self.next["comment"]
                self.next["comment"] += 1
                body = " ".join(rng.choices(WORDS, k=rng.randint(3, 25)))
                comments.append((comment_id, post_id, actor, body, created))
                activities.append(
                    (actor, "commented", "comment", comment_id, group, audience, created)
                )
            elif roll < 0.95:
                post_id, audience, group = self._recent_post()
                activities.append((actor, "reacted", "post", post_id, group, audience, created))
            else:
                pk, privacy, _slug = rng.choice(self.groups)
                audience = "public" if privacy == "open" else f"group:{pk}"
                activities.append((actor, "joined_group", "group", pk, pk, audience, created))
        columns = "id, author_id, group_id, wall_owner_id, audience, title, body, body_html, "
        columns += "created, comment_count, reaction_counts"
        with raw.copy(f"COPY posts_post ({columns}) FROM STDIN") as copy:
            for pk, author, group, wall, audience, title, body, created in posts:
                copy.write_row(
                    (pk, author, group, wall, audience, title, body, f"<p>{body}</p>", created,
                     0, '{"like": 3, "love": 1}')
                )  # fmt: skip
        columns = "id, post_id, author_id, body, body_html, created, reaction_counts"
        with raw.copy(f"COPY posts_comment ({columns}) FROM STDIN") as copy:
            for pk, post_id, author, body, created in comments:
                copy.write_row((pk, post_id, author, body, f"<p>{body}</p>", created, "{}"))
        columns = "id, actor_id, verb, target_type_id, target_id, group_id, audience, created"
        with raw.copy(f"COPY activity_activity ({columns}) FROM STDIN") as copy:
            for actor, verb, kind, target, group, audience, created in activities:
                pk = self.next["activity"]
                self.next["activity"] += 1
                copy.write_row(
                    (pk, actor, verb, self.types[kind], target, group, audience, created)
                )

    def _recent_post(self) -> tuple[int, str, int | None]:
        """Comments and reactions go to recent posts, mostly."""
        window = self.posts[-5000:]
        return self.rng.choice(window)


def counts(connection) -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for table in ("members_user", "groups_group", "activity_activity", "posts_post"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            result[table] = cursor.fetchone()[0]
        return result


def measure(viewer, seeder: Seeder, requests: int, connection) -> dict:
    from django.test import Client
    from django.urls import reverse

    from community.feeds import selectors

    client = Client(SERVER_NAME="localhost")
    client.force_login(viewer)
    group_slug = seeder.closed_group[2]
    visible_posts = [
        pk for pk, audience, group in seeder.posts[-2000:] if audience in ("public", "members")
    ]

    def permalink(i: int):
        return client.get(reverse("posts:detail", args=[visible_posts[-1 - i % 50]]))

    scenarios = {
        "baseline": lambda i: client.get("/groups/new/"),
        "home": lambda i: client.get("/home/"),
        "home_groups": lambda i: client.get("/home/?tab=groups"),
        "home_following": lambda i: client.get("/home/?tab=following"),
        "group": lambda i: client.get(f"/groups/{group_slug}/"),
        "permalink": permalink,
        "home_in_list": lambda i: client.get("/home/"),
    }

    def in_list(call):
        def run(i: int):
            original, selectors.PER_VALUE_MIN_VALUES = selectors.PER_VALUE_MIN_VALUES, 10**9
            try:
                return call(i)
            finally:
                selectors.PER_VALUE_MIN_VALUES = original

        return run

    scenarios["home_in_list"] = in_list(scenarios["home_in_list"])  # the plain IN list
    return _time(scenarios, requests, connection)


def _time(scenarios: dict, requests: int, connection) -> dict:
    """Round robin: request i of every scenario runs before request i + 1 of
    any, so the load of the (shared) machine weighs on all scenarios alike."""
    from django.test.utils import CaptureQueriesContext

    for i in range(5):  # warm up
        for call in scenarios.values():
            call(i)
    samples = {name: {"ms": [], "sql": [], "queries": set(), "items": []} for name in scenarios}
    for i in range(requests):
        for name, call in scenarios.items():
            sample = samples[name]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = call(i)
                sample["ms"].append((time.perf_counter() - started) * 1000)
            sample["sql"].append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            sample["queries"].add(len(captured.captured_queries))
            status = getattr(response, "status_code", 200)
            assert status == 200, (name, status)
            if hasattr(response, "content"):
                sample["items"].append(response.content.decode().count("data-activity-id="))
    results = {}
    for name, sample in samples.items():
        timings = sorted(sample["ms"])
        results[name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
            "sql_p50_ms": round(statistics.median(sample["sql"]), 1),
            "queries": sorted(sample["queries"]),
            "items": int(statistics.median(sample["items"])) if sample["items"] else None,
        }
    baseline = results["baseline"]["p50_ms"]
    for result in results.values():
        result["p50_vs_baseline"] = round(result["p50_ms"] / baseline, 2)
    return results


def explain_home(viewer, connection) -> dict:
    """The plans of the home feed's page query, per tab: per-value index ranges
    (``unnest`` + ``LATERAL``, what runs) and the plain ``IN`` list."""
    from django.test.utils import CaptureQueriesContext

    from community.feeds import selectors

    plans = {}
    for tab in selectors.HOME_TABS:
        for name, threshold in (("lateral", selectors.PER_VALUE_MIN_VALUES), ("in_list", 10**9)):
            original, selectors.PER_VALUE_MIN_VALUES = selectors.PER_VALUE_MIN_VALUES, threshold
            try:
                with CaptureQueriesContext(connection) as captured:
                    selectors.home_feed(viewer=viewer, tab=tab)
            finally:
                selectors.PER_VALUE_MIN_VALUES = original
            sql = next(
                q["sql"] for q in captured.captured_queries if "activity_activity" in q["sql"]
            )
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
            plans[f"{tab}_{name}"] = {
                "execution_ms": round(plan["Execution Time"], 2),
                "shared_hit_blocks": plan["Plan"].get("Shared Hit Blocks"),
            }
    return plans


if __name__ == "__main__":
    main()
