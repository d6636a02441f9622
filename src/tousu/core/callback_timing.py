"""When to call a consumer back: inside their preferred hours, retries spaced out.

Framework-free so the rules can be tested to the minute. A callback that does not reach the
consumer is tried again after 2 h, then 8 h, then 24 h (each gap four times the last, capped
at a day), each time moved into the consumer's preferred hours; after ``MAX_ATTEMPTS``
unanswered calls it is given up as unreachable rather than retried for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

MAX_ATTEMPTS = 4
FIRST_RETRY = timedelta(hours=2)
RETRY_FACTOR = 4
MAX_RETRY = timedelta(hours=24)


@dataclass(frozen=True)
class Window:
    """Preferred local hours [start, end), e.g. 9–21; start == end means any time."""

    start: int = 9
    end: int = 21

    def __post_init__(self) -> None:
        if not (0 <= self.start <= 23 and 0 <= self.end <= 24):
            raise ValueError(f"hours must be 0–24, got {self.start}–{self.end}")

    def contains(self, local: datetime) -> bool:
        if self.start == self.end:
            return True
        if self.start < self.end:
            return self.start <= local.hour < self.end
        return local.hour >= self.start or local.hour < self.end  # e.g. 20–2


def align(when: datetime, window: Window, tz: tzinfo) -> datetime:
    """The first moment at or after ``when`` inside the window (in the consumer's zone)."""
    local = when.astimezone(tz)
    if window.contains(local):
        return when
    start = local.replace(hour=window.start % 24, minute=0, second=0, microsecond=0)
    if start <= local:
        start += timedelta(days=1)
    return start.astimezone(when.tzinfo)


def retry_gap(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th unanswered call (1-based)."""
    if attempts < 1:
        raise ValueError("attempts start at 1")
    return min(FIRST_RETRY * RETRY_FACTOR ** (attempts - 1), MAX_RETRY)


def next_attempt(last_attempt: datetime, attempts: int, window: Window, tz: tzinfo
                 ) -> datetime | None:
    """When to try again after an unanswered call, or None once attempts are used up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return align(last_attempt + retry_gap(attempts), window, tz)
