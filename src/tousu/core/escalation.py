"""What a deadline sweep must do for one complaint, decided without a database.

The sweep reads each open complaint's facts, asks :func:`plan` what is owed, and records
exactly those steps. Because the plan depends on which steps were already recorded, a
sweep that runs twice (two workers, a retry after a crash) escalates once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Step(StrEnum):
    RESPONSE_WARNING = "response_warning"  # merchant: response due soon
    RESPONSE_BREACH = "response_breach"  # missed: escalate to a moderator
    RESOLUTION_WARNING = "resolution_warning"
    RESOLUTION_BREACH = "resolution_breach"  # missed: escalate to a moderator
    EXPERT = "expert"  # still open long after the breach: escalate to an expert
    EMERGENCY_BREACH = "emergency_breach"  # no human within the emergency target


#: Who each step is for; the notifier pages them.
AUDIENCE: dict[Step, str] = {
    Step.RESPONSE_WARNING: "merchant",
    Step.RESPONSE_BREACH: "moderator",
    Step.RESOLUTION_WARNING: "merchant",
    Step.RESOLUTION_BREACH: "moderator",
    Step.EXPERT: "mediator",
    Step.EMERGENCY_BREACH: "moderator",
}


@dataclass(frozen=True)
class Facts:
    """The part of an open complaint a sweep needs."""

    response_due_at: datetime | None
    resolution_due_at: datetime | None
    responded_at: datetime | None  # the merchant's first response
    resolved: bool
    emergency: bool
    emergency_due_at: datetime | None  # when a human must have taken it
    human_at: datetime | None  # when a human first took it
    done: frozenset[Step]  # steps already recorded


@dataclass(frozen=True)
class Policy:
    warn_before: timedelta = timedelta(hours=4)
    expert_after: timedelta = timedelta(days=2)  # after a resolution breach


def plan(facts: Facts, now: datetime, policy: Policy = Policy()) -> list[Step]:
    """Every step due now and not yet recorded, in the order they fell due."""
    due: list[Step] = []

    def owe(step: Step, condition: bool) -> None:
        if condition and step not in facts.done:
            due.append(step)

    if facts.emergency and facts.emergency_due_at is not None:
        owe(Step.EMERGENCY_BREACH, facts.human_at is None and now > facts.emergency_due_at)
    if facts.response_due_at is not None and facts.responded_at is None:
        owe(Step.RESPONSE_WARNING, now >= facts.response_due_at - policy.warn_before)
        owe(Step.RESPONSE_BREACH, now > facts.response_due_at)
    if facts.resolution_due_at is not None and not facts.resolved:
        owe(Step.RESOLUTION_WARNING, now >= facts.resolution_due_at - policy.warn_before)
        owe(Step.RESOLUTION_BREACH, now > facts.resolution_due_at)
        owe(Step.EXPERT, now > facts.resolution_due_at + policy.expert_after)
    # A step falls due after the one before it: a breach implies its warning was owed.
    return due


def next_check(facts: Facts, policy: Policy = Policy()) -> datetime | None:
    """The earliest moment a step not yet recorded could fall due, for the sweep's index.

    It may be early (the merchant may answer before), never late: the sweep looks at a
    complaint again at this time, plans, and stores the next moment.
    """
    moments: list[datetime] = []
    if facts.emergency and facts.emergency_due_at and facts.human_at is None \
            and Step.EMERGENCY_BREACH not in facts.done:
        moments.append(facts.emergency_due_at)
    if facts.response_due_at and facts.responded_at is None:
        if Step.RESPONSE_WARNING not in facts.done:
            moments.append(facts.response_due_at - policy.warn_before)
        elif Step.RESPONSE_BREACH not in facts.done:
            moments.append(facts.response_due_at)
    if facts.resolution_due_at and not facts.resolved:
        if Step.RESOLUTION_WARNING not in facts.done:
            moments.append(facts.resolution_due_at - policy.warn_before)
        elif Step.RESOLUTION_BREACH not in facts.done:
            moments.append(facts.resolution_due_at)
        elif Step.EXPERT not in facts.done:
            moments.append(facts.resolution_due_at + policy.expert_after)
    # A moment that has passed is checked on the next sweep (plan() catches up).
    return min(moments) if moments else None
