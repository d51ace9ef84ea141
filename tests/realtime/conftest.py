from __future__ import annotations

import pytest

from realtime.messages import rendered_cache


@pytest.fixture(autouse=True)
def _fresh_rendered_cache():
    """Activity ids may be reused after a transactional test's flush (SQLite)."""
    rendered_cache.clear()
    yield
    rendered_cache.clear()


@pytest.fixture(autouse=True)
def _no_resume_state_providers(monkeypatch):
    """These tests write out each resume's messages; the apps' current-state
    providers (the unread notification count) are tested in their own tests
    (tests/notifications/test_live.py)."""
    from community.core import live

    monkeypatch.setattr(live, "_resume_state", [])
