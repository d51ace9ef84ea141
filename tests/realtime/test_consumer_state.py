"""Per-socket state stays small whatever the traffic."""

from __future__ import annotations

from realtime.consumers import RecentKeys


def test_sent_keys_are_bounded_and_forget_the_oldest() -> None:
    keys = RecentKeys(size=3)
    for number in range(1, 6):
        keys.add(("activity", number))
    keys.add(("comment", 5))
    assert ("activity", 5) in keys and ("comment", 5) in keys
    assert ("activity", 2) not in keys  # forgotten: only the newest three are kept
    assert len(keys._keys) == 3
