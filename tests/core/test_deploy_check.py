"""Production mode: refuses to start without secrets, passes ``check --deploy``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "ENTRAIDE_ENV": "production",
    "SECRET_KEY": "k7#Qx!v9Lm2@pR8zT4wY6nB1cF3hJ5dG0sA-e_uI+oP=yX*tV&q2Zr8Wm4Ns6Lp0",
    "ALLOWED_HOSTS": "entraide.example.org",
    "DATABASE_URL": "postgres://entraide@127.0.0.1:5432/entraide",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=120,
    )


def test_check_deploy_passes_in_production_mode() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            **PRODUCTION_ENV,
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "true",
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_only_hsts_preload_and_subdomains_warn_by_default() -> None:
    result = manage("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    warnings = {line.split(":")[0] for line in result.stderr.splitlines() if "(security." in line}
    assert warnings <= {"?"}, result.stderr  # warnings are printed as "?: (security.W…)"
    codes = {part.split(")")[0] for part in result.stderr.split("(security.")[1:]}
    assert codes <= {"W005", "W021"}, result.stderr


def test_production_refuses_to_start_without_secrets() -> None:
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert missing in result.stderr
