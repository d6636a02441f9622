"""Merchant rankings and the yearly "best customer service" award per industry.

Rules are in :data:`tousu.stats.definitions.DEFINITIONS` ("ranking", "best_service").
Metrics are compared as exact fractions, so two merchants with 15/30 and 20/40 really tie
instead of depending on floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from tousu.stats.tally import Rates, Tally

#: Allowed ``by`` values -> (numerator, denominator) of the metric, taken from a tally.
METRICS: dict[str, Callable[[Tally], tuple[int, int]]] = {
    "resolution_rate": lambda t: (t.resolved, t.finished),
    "response_rate": lambda t: (t.responded, t.forwarded),
    "on_time_response_rate": lambda t: (t.response_on_time, t.response_judged),
    "satisfaction": lambda t: (t.rating_sum, t.rating_count),
}

BELOW_MIN_VOLUME = "below_min_volume"
NO_DATA = "no_data"


@dataclass(frozen=True)
class RankRow:
    """One merchant's line; ``position`` is None for unranked rows, which carry a ``note``."""

    position: int | None
    merchant_id: int
    volume: int
    metric: float | None
    rates: Rates
    note: str | None = None


@dataclass(frozen=True)
class Ranking:
    """Ranked merchants plus the ones left out, so nobody disappears from the page silently."""

    ranked: list[RankRow]
    unranked: list[RankRow]
    min_volume: int
    by: str


def _metric(t: Tally, by: str) -> Fraction | None:
    num, den = METRICS[by](t)
    return Fraction(num, den) if den else None


def rank(
    rows: Mapping[int, Tally], *, min_volume: int = 30, by: str = "resolution_rate"
) -> Ranking:
    """Rank merchants by ``by`` with competition ranking (1, 2, 2, 4).

    Merchants below ``min_volume`` (too few complaints for a fair rate) or without any data
    for the metric are returned in ``unranked`` with a note, ordered by volume then id.
    """
    if by not in METRICS:
        raise ValueError(f"cannot rank by {by!r}; choose one of {', '.join(METRICS)}")
    if min_volume < 1:
        raise ValueError("min_volume must be at least 1")
    scored: list[tuple[Fraction, int, int, Tally]] = []
    unranked: list[RankRow] = []
    for merchant_id, t in rows.items():
        value = _metric(t, by)
        if t.volume < min_volume or value is None:
            note = BELOW_MIN_VOLUME if t.volume < min_volume else NO_DATA
            metric = float(value) if value is not None else None
            unranked.append(RankRow(None, merchant_id, t.volume, metric, Rates.from_tally(t), note))
        else:
            scored.append((value, t.volume, merchant_id, t))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    ranked: list[RankRow] = []
    position = 0
    previous: Fraction | None = None
    for index, (value, volume, merchant_id, t) in enumerate(scored, start=1):
        if value != previous:
            position, previous = index, value
        ranked.append(RankRow(position, merchant_id, volume, float(value), Rates.from_tally(t)))
    unranked.sort(key=lambda r: (-r.volume, r.merchant_id))
    return Ranking(ranked, unranked, min_volume, by)


def best_service(
    rows_by_industry: Mapping[str, Mapping[int, Tally]], *, min_volume: int = 30
) -> dict[str, RankRow | None]:
    """Per industry, the merchant with the best service under the published rule.

    Highest resolution rate among merchants with at least ``min_volume`` complaints; ties go
    to the higher on-time response rate (no data counts as lowest), then the higher volume,
    then the lower merchant id so the award is deterministic. ``None`` when nobody qualifies.
    """
    if min_volume < 1:
        raise ValueError("min_volume must be at least 1")
    out: dict[str, RankRow | None] = {}
    for industry, rows in rows_by_industry.items():
        best: tuple[tuple[Fraction, Fraction, int, int], int, Tally] | None = None
        for merchant_id, t in rows.items():
            resolution = _metric(t, "resolution_rate")
            if t.volume < min_volume or resolution is None:
                continue
            on_time = _metric(t, "on_time_response_rate")
            key = (resolution, on_time if on_time is not None else Fraction(-1), t.volume,
                   -merchant_id)
            if best is None or key > best[0]:
                best = (key, merchant_id, t)
        if best is None:
            out[industry] = None
        else:
            key, merchant_id, t = best
            out[industry] = RankRow(1, merchant_id, t.volume, float(key[0]), Rates.from_tally(t))
    return out
