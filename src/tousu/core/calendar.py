"""Business-time arithmetic for deadlines of non-emergency work.

A platform may count "7 days" as seven working days: time then elapses only on working
days (whole days, in the platform's time zone), so a complaint filed on Friday night is
not overdue on Monday morning. Emergencies never use this: they run 7×24.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class BusinessCalendar:
    tz: ZoneInfo
    weekend: frozenset[int] = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
    holidays: frozenset[date] = field(default_factory=frozenset)
    #: Weekend days declared working days (China's 调休 make-up days).
    workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_config(
        cls, tz: str, holidays: Iterable[str] = (), workdays: Iterable[str] = ()
    ) -> BusinessCalendar:
        return cls(
            ZoneInfo(tz),
            holidays=frozenset(date.fromisoformat(d) for d in holidays),
            workdays=frozenset(date.fromisoformat(d) for d in workdays),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """``start`` plus ``duration`` of working time."""
        if start.tzinfo is None:
            raise ValueError("business time needs an aware datetime")
        if duration < timedelta(0):
            raise ValueError("durations are positive")
        local = start.astimezone(self.tz)
        remaining = duration
        # Guard: a calendar with no working day at all would loop for ever.
        for _ in range(3660):
            day = local.date()
            next_midnight = datetime.combine(day + timedelta(days=1), time(0), self.tz)
            if self.is_working_day(day):
                available = next_midnight - local
                if remaining <= available:
                    return (local + remaining).astimezone(start.tzinfo)
                remaining -= available
            local = next_midnight
        raise ValueError("no working day within ten years; check the calendar")


def add_time(
    start: datetime, duration: timedelta, calendar: BusinessCalendar | None
) -> datetime:
    """Calendar time when no business calendar is configured, else working time."""
    return start + duration if calendar is None else calendar.add(start, duration)
