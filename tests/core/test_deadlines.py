from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tousu.core.deadlines import (
    DeadlinePolicy,
    DeadlineStatus,
    deadline_status,
    due_times,
    policy_for,
)

T0 = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)


def test_commitment_is_24_hours_and_7_days() -> None:
    policy = policy_for(committed=True, default_response_hours=72, default_resolution_days=15)
    due = due_times(T0, policy)
    assert due.response_due_at == T0 + timedelta(hours=24)
    assert due.resolution_due_at == T0 + timedelta(days=7)
    assert due.source == "commitment"


def test_platform_default_without_commitment() -> None:
    policy = policy_for(committed=False, default_response_hours=72, default_resolution_days=15)
    assert (policy.response_hours, policy.resolution_days, policy.source) == (
        72, 15, "platform_default")


def test_scenario_can_only_tighten_the_default() -> None:
    tighter = policy_for(committed=False, default_response_hours=72, default_resolution_days=15,
                         scenario_resolution_days=2)
    assert (tighter.resolution_days, tighter.response_hours, tighter.source) == (2, 48, "scenario")
    looser = policy_for(committed=False, default_response_hours=72, default_resolution_days=15,
                        scenario_resolution_days=30)
    assert looser.resolution_days == 15


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_times(datetime(2026, 1, 1), DeadlinePolicy(24, 7, "commitment"))


def test_inconsistent_policy_is_refused() -> None:
    with pytest.raises(ValueError):
        DeadlinePolicy(24 * 8, 7, "x")
    with pytest.raises(ValueError):
        DeadlinePolicy(0, 7, "x")


def test_status() -> None:
    due = T0 + timedelta(hours=24)
    assert deadline_status(due, T0) is DeadlineStatus.PENDING
    assert deadline_status(due, due - timedelta(hours=1)) is DeadlineStatus.DUE_SOON
    assert deadline_status(due, due + timedelta(seconds=1)) is DeadlineStatus.OVERDUE
    assert deadline_status(due, due + timedelta(days=3), done_at=due) is DeadlineStatus.MET
    assert deadline_status(due, due, done_at=due + timedelta(minutes=1)) is DeadlineStatus.MISSED
