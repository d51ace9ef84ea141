from __future__ import annotations

import pytest

from realtime.messages import rendered_cache


@pytest.fixture(autouse=True)
def _fresh_rendered_cache():
    """Activity ids may be reused after a transactional test's flush (SQLite)."""
    rendered_cache.clear()
    yield
    rendered_cache.clear()
