"""Deadline arithmetic: when a merchant must respond and resolve, and whether it did.

Clocks start when the consumer submits, because that is the moment the consumer starts
waiting; the platform's own acceptance time counts against the promise, not for it.
Business calendars and escalation arrive with the job runner; this module stays pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tousu.core.calendar import BusinessCalendar, add_time

#: The "24 h response, 7-day resolution" commitment of seed 001 (7天解决承诺).
COMMITMENT_RESPONSE_HOURS = 24
COMMITMENT_RESOLUTION_DAYS = 7


@dataclass(frozen=True)
class DeadlinePolicy:
    response_hours: int
    resolution_days: int
    source: str  # "commitment", "scenario" or "platform_default": shown to staff

    def __post_init__(self) -> None:
        if self.response_hours <= 0 or self.resolution_days <= 0:
            raise ValueError("deadlines must be positive")
        if self.response_hours > self.resolution_days * 24:
            raise ValueError("the response deadline cannot fall after the resolution deadline")


@dataclass(frozen=True)
class DueTimes:
    response_due_at: datetime
    resolution_due_at: datetime
    source: str


def policy_for(
    *,
    committed: bool,
    default_response_hours: int,
    default_resolution_days: int,
    scenario_resolution_days: int | None = None,
) -> DeadlinePolicy:
    """Pick the deadline policy that binds a complaint.

    A signed commitment binds the merchant to its promise. Otherwise the platform
    default applies, tightened (never loosened) by a scenario's own default deadline.
    """
    if committed:
        return DeadlinePolicy(
            COMMITMENT_RESPONSE_HOURS, COMMITMENT_RESOLUTION_DAYS, "commitment"
        )
    if scenario_resolution_days and scenario_resolution_days < default_resolution_days:
        hours = min(default_response_hours, scenario_resolution_days * 24)
        return DeadlinePolicy(hours, scenario_resolution_days, "scenario")
    return DeadlinePolicy(default_response_hours, default_resolution_days, "platform_default")


def due_times(
    start: datetime, policy: DeadlinePolicy, calendar: BusinessCalendar | None = None
) -> DueTimes:
    """Due times from ``start``; with a business calendar, only working time counts."""
    if start.tzinfo is None:
        raise ValueError("deadlines need an aware datetime; naive times are ambiguous")
    return DueTimes(
        response_due_at=add_time(start, timedelta(hours=policy.response_hours), calendar),
        resolution_due_at=add_time(start, timedelta(days=policy.resolution_days), calendar),
        source=policy.source,
    )


class DeadlineStatus(StrEnum):
    PENDING = "pending"  # still time left
    DUE_SOON = "due_soon"  # inside the warning window
    OVERDUE = "overdue"  # not done, past due
    MET = "met"  # done on time
    MISSED = "missed"  # done, but late


def deadline_status(
    due_at: datetime,
    now: datetime,
    done_at: datetime | None = None,
    warn_before: timedelta = timedelta(hours=4),
) -> DeadlineStatus:
    if done_at is not None:
        return DeadlineStatus.MET if done_at <= due_at else DeadlineStatus.MISSED
    if now > due_at:
        return DeadlineStatus.OVERDUE
    if now >= due_at - warn_before:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.PENDING
