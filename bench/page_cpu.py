"""Python CPU time per page (time.process_time, median) for the code of a tree:
the demo network on PostgreSQL, a signed-in demo member, three pages — a
trivial one (``/groups/new/``), a group page and the home feed — each request
through Django's test client. CPU time of this process is much less sensitive
to the load of a shared machine than wall time, and is where the Python cost
of a page (query building, templates) shows.

    .venv/bin/python bench/page_cpu.py [--tree PATH] [--requests 60]

``--tree``: another checkout (e.g. ``git worktree add --detach /tmp/before
<commit>``) whose ``community`` package is imported instead of this one's, with
this tree's virtual environment. Run before and after alternately, twice.
Uses ``<the DATABASE_URL database>_bench``, created and dropped (bench/common.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(tree: Path, requests: int) -> dict:
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("spinup", "--demo", "--no-input", verbosity=0)
    from django.test import Client

    from community.groups.models import Group
    from community.members.models import User

    member = User.objects.filter(is_network_admin=False, is_active=True).order_by("pk").first()
    client = Client()
    client.force_login(member)
    group = Group.objects.order_by("pk").first()
    pages = {"trivial": "/groups/new/", "group": group.get_absolute_url(), "home": "/home/"}
    for path in pages.values():
        for _ in range(5):
            assert client.get(path).status_code == 200, path
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(requests):
        for name, path in pages.items():  # round robin: load swings hit all alike
            started = time.process_time()
            client.get(path)
            cpu[name].append((time.process_time() - started) * 1000)
    return {
        "benchmark": "page_cpu",
        "tree": str(tree),
        "requests": requests,
        **{f"{name}_cpu_p50_ms": round(statistics.median(v), 2) for name, v in cpu.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code runs")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    sys.path.insert(1, str(ROOT))
    from bench.common import in_bench_database

    print(json.dumps(in_bench_database(lambda: run(tree, args.requests))))


if __name__ == "__main__":
    main()
