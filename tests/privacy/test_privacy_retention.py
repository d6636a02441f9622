"""Retention: which closed records are due for personal-data purge."""

from __future__ import annotations

import datetime as dt

import pytest

from tousu.privacy import RetentionPolicy, due_for_purge, is_due, purge_cutoff

NOW = dt.datetime(2025, 1, 31, 12, 0, tzinfo=dt.UTC)


def test_due_for_purge() -> None:
    records = [
        ("old", NOW - dt.timedelta(days=400)),
        ("edge", NOW - dt.timedelta(days=365)),  # exactly at the cutoff: not yet
        ("recent", NOW - dt.timedelta(days=10)),
        ("open", None),
        ("naive-old", (NOW - dt.timedelta(days=366)).replace(tzinfo=None)),
    ]
    assert due_for_purge(records, RetentionPolicy(365), NOW) == ["old", "naive-old"]
    assert due_for_purge(records, 365, NOW) == ["old", "naive-old"]
    assert due_for_purge(records, None, NOW) == []  # keep forever
    assert due_for_purge(records, RetentionPolicy(None), NOW) == []


def test_zero_days_purges_everything_closed_before_now() -> None:
    assert is_due(NOW - dt.timedelta(seconds=1), 0, NOW)
    assert not is_due(None, 0, NOW)


def test_cutoff_and_validation() -> None:
    assert purge_cutoff(NOW, 30) == NOW - dt.timedelta(days=30)
    with pytest.raises(ValueError):
        RetentionPolicy(-1)
    with pytest.raises(ValueError):
        purge_cutoff(NOW, -5)
