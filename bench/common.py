"""What the PostgreSQL benchmarks share: a database of their own.

``python bench/<name>.py`` runs against ``<the DATABASE_URL database>_bench``,
created empty for the run and dropped after it (``keep`` leaves it for a
look), with ``DEBUG`` off and no Redis (these benchmarks only read).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from urllib.parse import urlparse


def in_bench_database(run: Callable[[], dict], *, keep: bool = False) -> dict:
    """Call ``run`` (which sets Django up and migrates) with ``DATABASE_URL``
    pointing at a fresh ``<database>_bench``; drop it afterwards unless ``keep``."""
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/entraide")
    if not base_url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL.")
    parsed = urlparse(base_url)
    bench_db = parsed.path.lstrip("/") + "_bench"
    pg = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432)]
    pg += ["-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", *pg, "--if-exists", bench_db], check=True)
    subprocess.run(["createdb", *pg, bench_db], check=True)
    os.environ["DATABASE_URL"] = parsed._replace(path="/" + bench_db).geturl()
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    os.environ.pop("REDIS_URL", None)
    try:
        return run()
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            subprocess.run(["dropdb", *pg, "--if-exists", bench_db], check=True)
