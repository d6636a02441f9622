"""Time-to-human figures for the emergency lane (p50/p90/max), computed in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Summary:
    count: int
    p50: timedelta | None
    p90: timedelta | None
    max: timedelta | None
    within_target: int

    @property
    def within_target_rate(self) -> float | None:
        return self.within_target / self.count if self.count else None


def _quantile(ordered: list[timedelta], q: float) -> timedelta:
    # Nearest-rank: a reported p90 is a time some emergency really waited.
    rank = max(1, -(-int(q * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(waits: Iterable[timedelta], target: timedelta) -> Summary:
    ordered = sorted(waits)
    if not ordered:
        return Summary(0, None, None, None, 0)
    return Summary(
        count=len(ordered),
        p50=_quantile(ordered, 0.5),
        p90=_quantile(ordered, 0.9),
        max=ordered[-1],
        within_target=sum(1 for w in ordered if w <= target),
    )
