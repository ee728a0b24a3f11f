"""Fixed-window rate limits: how long to wait, and looking without counting."""

from types import SimpleNamespace

import pytest

from trygg import ratelimit

pytestmark = pytest.mark.django_db  # the counters live in the database cache


def test_hit_returns_the_seconds_until_the_exceeded_window_ends(monkeypatch):
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 7200 + 600))
    assert ratelimit.hit("t", "k", [(2, 3600)]) == 0
    assert ratelimit.hit("t", "k", [(2, 3600)]) == 0
    assert ratelimit.hit("t", "k", [(2, 3600)]) == 3000


def test_full_looks_without_counting(monkeypatch):
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 86400 * 3 + 60))
    assert ratelimit.full("f", "k", [(1, 86400)]) == 0
    assert ratelimit.full("f", "k", [(1, 86400)]) == 0  # still nothing counted
    ratelimit.hit("f", "k", [(1, 86400)])
    assert ratelimit.full("f", "k", [(1, 86400)]) == 86400 - 60
    assert ratelimit.full("f", "other", [(1, 86400)]) == 0
