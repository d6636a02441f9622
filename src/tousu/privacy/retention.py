"""Retention: which closed complaints are due for personal-data purge.

Pure functions on (id, closed_at) pairs so the rule is testable without a database and
the web layer can run it as a query filter (``closed_at < purge_cutoff(now, days)``) or
over rows. Purging removes personal data, not the complaint: statistics stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

__all__ = ["RetentionPolicy", "due_for_purge", "is_due", "purge_cutoff"]


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Keep personal data of closed complaints for ``days`` days; ``None`` keeps forever."""

    days: int | None

    def __post_init__(self) -> None:
        if self.days is not None and self.days < 0:
            raise ValueError("retention days must be >= 0 or None")


def _aware(value: dt.datetime) -> dt.datetime:
    # Naive datetimes are taken as UTC, so that mixing them with aware ones cannot raise
    # in the middle of a purge run.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def purge_cutoff(now: dt.datetime, days: int) -> dt.datetime:
    """Records closed strictly before this instant are due."""
    if days < 0:
        raise ValueError("retention days must be >= 0")
    return _aware(now) - dt.timedelta(days=days)


def is_due(
    closed_at: dt.datetime | None, policy: RetentionPolicy | int | None, now: dt.datetime
) -> bool:
    """True if a record closed at ``closed_at`` is past retention; open records never are."""
    days = policy.days if isinstance(policy, RetentionPolicy) else policy
    if closed_at is None or days is None:
        return False
    return _aware(closed_at) < purge_cutoff(now, days)


def due_for_purge[K: Hashable](
    records: Iterable[tuple[K, dt.datetime | None]],
    policy: RetentionPolicy | int | None,
    now: dt.datetime,
) -> list[K]:
    """Keys of the records that are due, in input order."""
    return [key for key, closed_at in records if is_due(closed_at, policy, now)]
