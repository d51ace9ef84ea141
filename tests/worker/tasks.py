"""Tasks for the worker tests: importable by a worker process."""

from __future__ import annotations

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def fail() -> None:
    raise ValueError("this task fails on purpose")
