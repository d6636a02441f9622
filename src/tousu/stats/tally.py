"""Per-complaint facts, the additive tally built from them, and the rates derived from it.

Why a tally: public pages, rankings and the regulator's scorecard all need figures for
arbitrary periods (a month, a year, "the last 90 days") over millions of complaints. The
Django layer therefore stores one :class:`Tally` per (merchant, month, scenario) and adds
rows up. That only works if everything stored is *additive*: plain counters and histograms
on fixed bucket edges. Ratios and medians are never stored; :class:`Rates` derives them from
a summed tally at read time, so a yearly rate is exactly the rate over the year's complaints
and not an average of monthly rates.

Judged-by-``now`` counters (``response_judged``, ``resolution_judged``,
``emergency_judged``) include unanswered complaints whose deadline has passed by ``now``, so a
row that contains open complaints changes as time passes even if nothing happens to them.
The functions here are pure (``now`` is an argument); the Django layer recomputes the rows of
months that still contain open complaints periodically, and rows of months whose complaints
are all final never change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from operator import add, attrgetter
from typing import Any

from tousu.core.lifecycle import State

#: Hour bucket edges for time-to-respond and time-to-resolve. Bucket ``i`` holds durations in
#: ``[edges[i], edges[i+1])``; the last bucket holds everything from 720 h (30 days) on.
#: Edges sit on the usual promises (24 h response, 7-day = 168 h resolution) and widen
#: roughly geometrically, so a median estimated inside a bucket is off by at most the bucket
#: width: at most x2 below 1 h and between 360 h and 720 h, at most x1.5 elsewhere.
#: Negative durations (clock skew between systems) are put in the first bucket.
HOURS_EDGES: tuple[float, ...] = (
    0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 72, 96, 120, 168, 240, 360, 720,
)
#: Minute bucket edges for time-to-a-person on emergencies; the last bucket is >= 1440 min.
MINUTES_EDGES: tuple[float, ...] = (
    0, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440,
)

#: Bumped whenever a counter or bucket edge changes; stored rows of another schema are refused.
TALLY_SCHEMA = 1

# Upper edges in seconds: bisect_right on these gives the bucket index directly, and puts
# negative durations in bucket 0 without a branch.
_HOUR_UPPER_S = tuple(e * 3600.0 for e in HOURS_EDGES[1:])
_MINUTE_UPPER_S = tuple(e * 60.0 for e in MINUTES_EDGES[1:])
_N_HOURS = len(HOURS_EDGES)
_N_MINUTES = len(MINUTES_EDGES)

_STATES = frozenset(s.value for s in State)
#: States in which the complaint has certainly reached the merchant (withdrawn is handled apart).
_REACHED = frozenset(
    s.value
    for s in (
        State.WITH_MERCHANT, State.MERCHANT_REPLIED, State.RESOLVED, State.UNRESOLVED, State.CLOSED
    )
)
_FINISHED = frozenset(s.value for s in (State.RESOLVED, State.UNRESOLVED, State.CLOSED))


@dataclass(frozen=True, slots=True)
class Facts:
    """What the statistics need to know about one complaint, detached from the ORM.

    ``resolved_at`` is the moment the consumer confirmed resolution (the final one, if the
    complaint was reopened); ``reopened`` is how many times the platform sent it back.
    """

    merchant_id: int
    industry: str
    scenario: str
    state: str
    submitted_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    response_due_at: datetime | None = None
    resolution_due_at: datetime | None = None
    reopened: int = 0
    emergency: bool = False
    emergency_due_at: datetime | None = None
    human_at: datetime | None = None
    rating: int | None = None

    def __post_init__(self) -> None:
        # Bad input must fail loudly here, not turn into a quietly wrong public rate.
        if self.state not in _STATES:
            raise ValueError(f"unknown state {self.state!r}")
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValueError(f"rating must be 1-5, got {self.rating!r}")
        if self.reopened < 0:
            raise ValueError("reopened cannot be negative")


#: Counter fields of :class:`Tally`, in declaration order (also the column names to store).
COUNTERS: tuple[str, ...] = (
    "volume",
    "rejected",
    "unforwarded",
    "withdrawn",
    "reopened",
    "reopen_events",
    "forwarded",
    "responded",
    "response_judged",
    "response_on_time",
    "finished",
    "resolved",
    "resolution_judged",
    "resolution_on_time",
    "rating_count",
    "rating_sum",
    "rating_high",
    "emergency",
    "emergency_judged",
    "emergency_in_target",
)
#: Histogram fields of :class:`Tally` and their bucket edges.
HISTOGRAMS: dict[str, tuple[float, ...]] = {
    "hist_hours_to_respond": HOURS_EDGES,
    "hist_hours_to_resolve": HOURS_EDGES,
    "hist_minutes_to_human": MINUTES_EDGES,
}


@dataclass(frozen=True, slots=True)
class Tally:
    """Additive counts over a set of complaints; ``a + b`` is the tally of both sets.

    Counters (all complaints are the non-rejected ones unless said otherwise):

    - ``volume``: not rejected. ``rejected``: rejected by the platform (not in volume).
    - ``unforwarded``: in volume but not yet forwarded (submitted/accepted).
    - ``withdrawn``: withdrawn by the consumer (in volume).
    - ``reopened``: complaints reopened at least once; ``reopen_events``: total reopenings.
    - ``forwarded``: response denominator: reached the merchant, minus complaints withdrawn
      before any response (a withdrawn complaint with a response counts).
    - ``responded``: forwarded with a first response.
    - ``response_judged``/``response_on_time``: forwarded with a response deadline that were
      answered or whose deadline passed by ``now`` / answered at or before the deadline.
    - ``finished``: resolved, unresolved or closed; ``resolved``: finished with ``resolved_at``.
    - ``resolution_judged``/``resolution_on_time``: reached the merchant, not withdrawn, with a
      resolution deadline, resolved or past it / resolved at or before it.
    - ``rating_count``/``rating_sum``/``rating_high``: ratings, their sum, 4-5 star ratings.
    - ``emergency``/``emergency_judged``/``emergency_in_target``: emergencies *including
      rejected ones*; taken by a person or past target / taken within target.

    Histograms count durations on :data:`HOURS_EDGES` / :data:`MINUTES_EDGES`; their totals
    equal ``responded``, ``resolved`` and the number of emergencies a person took.
    """

    volume: int = 0
    rejected: int = 0
    unforwarded: int = 0
    withdrawn: int = 0
    reopened: int = 0
    reopen_events: int = 0
    forwarded: int = 0
    responded: int = 0
    response_judged: int = 0
    response_on_time: int = 0
    finished: int = 0
    resolved: int = 0
    resolution_judged: int = 0
    resolution_on_time: int = 0
    rating_count: int = 0
    rating_sum: int = 0
    rating_high: int = 0
    emergency: int = 0
    emergency_judged: int = 0
    emergency_in_target: int = 0
    hist_hours_to_respond: tuple[int, ...] = (0,) * _N_HOURS
    hist_hours_to_resolve: tuple[int, ...] = (0,) * _N_HOURS
    hist_minutes_to_human: tuple[int, ...] = (0,) * _N_MINUTES

    @classmethod
    def zero(cls) -> Tally:
        """The empty tally, the neutral element of ``+``."""
        return cls()

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(
            *map(add, _get_counters(self), _get_counters(other)),
            tuple(map(add, self.hist_hours_to_respond, other.hist_hours_to_respond)),
            tuple(map(add, self.hist_hours_to_resolve, other.hist_hours_to_resolve)),
            tuple(map(add, self.hist_minutes_to_human, other.hist_minutes_to_human)),
        )

    def __radd__(self, other: object) -> Tally:
        # sum() starts from the int 0; anything else is a caller mistake.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        """The same as ``sum(tallies, Tally.zero())``, several times faster on many rows.

        ``sum()`` builds an intermediate tally per row; summing column by column does not,
        which matters when a ranking adds up every (merchant, month, scenario) row of a year.
        """
        rows = list(tallies)
        if not rows:
            return cls()
        if not all(isinstance(t, Tally) for t in rows):
            raise TypeError("Tally.total() adds Tally objects only")
        return cls(
            *(sum(column) for column in zip(*map(_get_counters, rows), strict=True)),
            *(
                tuple(sum(column) for column in zip(*(getattr(t, name) for t in rows),
                                                    strict=True))
                for name in HISTOGRAMS
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (ints and lists of ints) with the schema version."""
        out: dict[str, Any] = {"schema": TALLY_SCHEMA}
        out.update(zip(COUNTERS, _get_counters(self), strict=True))
        for name in HISTOGRAMS:
            out[name] = list(getattr(self, name))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tally:
        """Rebuild a tally from :meth:`to_dict` output; strict, because a stored row written
        under other rules must be recomputed, not silently mixed into a public figure."""
        if data.get("schema") != TALLY_SCHEMA:
            raise ValueError(f"tally schema {data.get('schema')!r}, expected {TALLY_SCHEMA}")
        expected = {"schema", *COUNTERS, *HISTOGRAMS}
        if set(data) != expected:
            missing, extra = expected - set(data), set(data) - expected
            raise ValueError(f"tally keys differ: missing {sorted(missing)}, extra {sorted(extra)}")
        kwargs: dict[str, Any] = {}
        for name in COUNTERS:
            kwargs[name] = _count(name, data[name])
        for name, edges in HISTOGRAMS.items():
            buckets = tuple(_count(name, v) for v in data[name])
            if len(buckets) != len(edges):
                raise ValueError(f"{name} has {len(buckets)} buckets, expected {len(edges)}")
            kwargs[name] = buckets
        return cls(**kwargs)


_get_counters = attrgetter(*COUNTERS)
# Positional construction in __add__ and tally() relies on this order.
if tuple(f.name for f in fields(Tally)) != COUNTERS + tuple(HISTOGRAMS):
    raise RuntimeError("Tally fields and COUNTERS/HISTOGRAMS are out of step")


def _count(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name}: expected a non-negative int, got {value!r}")
    return value


def tally(facts: Iterable[Facts], now: datetime) -> Tally:
    """Count ``facts`` as of ``now``; pure, so the same input always gives the same row.

    The loop keeps counts in locals rather than adding per-complaint tallies because it runs
    over every complaint of a month when rows are rebuilt (about 1 s per million complaints).
    """
    volume = rejected = unforwarded = withdrawn = reopened = reopen_events = 0
    forwarded = responded = response_judged = response_on_time = 0
    finished = resolved = resolution_judged = resolution_on_time = 0
    rating_count = rating_sum = rating_high = 0
    emergency = emergency_judged = emergency_in_target = 0
    h_respond = [0] * _N_HOURS
    h_resolve = [0] * _N_HOURS
    h_human = [0] * _N_MINUTES
    hour_upper, minute_upper = _HOUR_UPPER_S, _MINUTE_UPPER_S
    s_rejected, s_withdrawn = State.REJECTED.value, State.WITHDRAWN.value
    reached, finished_states = _REACHED, _FINISHED

    for f in facts:
        state = f.state
        if f.emergency:
            # Before the rejection check: the emergency promise covers every filer.
            emergency += 1
            human_at, target = f.human_at, f.emergency_due_at
            if human_at is not None:
                secs = (human_at - f.submitted_at).total_seconds()
                h_human[bisect_right(minute_upper, secs)] += 1
                if target is not None:
                    emergency_judged += 1
                    if human_at <= target:
                        emergency_in_target += 1
            elif target is not None and now > target:
                emergency_judged += 1
        if state == s_rejected:
            rejected += 1
            continue
        volume += 1
        rating = f.rating
        if rating is not None:
            rating_count += 1
            rating_sum += rating
            if rating >= 4:
                rating_high += 1
        if f.reopened:
            reopened += 1
            reopen_events += f.reopened

        first = f.first_response_at
        is_withdrawn = state == s_withdrawn
        if is_withdrawn:
            withdrawn += 1
            if first is None:
                continue  # the consumer ended it before the merchant said anything
        elif state not in reached:
            unforwarded += 1
            continue

        forwarded += 1
        due = f.response_due_at
        if first is not None:
            responded += 1
            h_respond[bisect_right(hour_upper, (first - f.submitted_at).total_seconds())] += 1
            if due is not None:
                response_judged += 1
                if first <= due:
                    response_on_time += 1
        elif due is not None and now > due:
            response_judged += 1

        if is_withdrawn:
            continue  # withdrawn complaints never enter resolution figures
        resolved_at = f.resolved_at
        if state in finished_states:
            finished += 1
            if resolved_at is not None:
                resolved += 1
                secs = (resolved_at - f.submitted_at).total_seconds()
                h_resolve[bisect_right(hour_upper, secs)] += 1
        due = f.resolution_due_at
        if due is not None:
            if resolved_at is not None:
                resolution_judged += 1
                if resolved_at <= due:
                    resolution_on_time += 1
            elif now > due:
                resolution_judged += 1

    return Tally(
        volume, rejected, unforwarded, withdrawn, reopened, reopen_events,
        forwarded, responded, response_judged, response_on_time,
        finished, resolved, resolution_judged, resolution_on_time,
        rating_count, rating_sum, rating_high,
        emergency, emergency_judged, emergency_in_target,
        tuple(h_respond), tuple(h_resolve), tuple(h_human),
    )


def tally_one(f: Facts, now: datetime) -> Tally:
    """The tally of a single complaint (same rules as :func:`tally`, by construction)."""
    return tally((f,), now)


def histogram_quantile(
    counts: Sequence[int], edges: Sequence[float], q: float = 0.5
) -> float | None:
    """Estimate the ``q`` quantile from bucket counts by linear interpolation in its bucket.

    The true quantile lies in the same bucket, so the error is at most that bucket's width.
    For the open-ended last bucket there is nothing to interpolate towards, and its lower edge
    is returned: read it as "at least this much".
    """
    if len(counts) != len(edges):
        raise ValueError("one count per bucket edge expected")
    if not 0 <= q <= 1:
        raise ValueError("q must be within [0, 1]")
    n = sum(counts)
    if n == 0:
        return None
    target = q * n
    below = 0
    for i, c in enumerate(counts):
        if c and below + c >= target:
            lo = float(edges[i])
            if i + 1 == len(edges):
                return lo
            return lo + (edges[i + 1] - lo) * (target - below) / c
        below += c
    return float(edges[-1])  # unreachable: q <= 1 always lands in a bucket


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class Rates:
    """Everything a public page shows, derived from one (possibly summed) tally.

    Field names equal the keys of :data:`tousu.stats.definitions.DEFINITIONS`. A ``None``
    means "no data": a zero denominator is not a 0 % rate.
    """

    volume: int
    withdrawn: int
    reopened: int
    response_rate: float | None
    on_time_response_rate: float | None
    resolution_rate: float | None
    on_time_resolution_rate: float | None
    median_hours_to_respond: float | None
    median_hours_to_resolve: float | None
    satisfaction_mean: float | None
    satisfaction_count: int
    satisfaction_high_share: float | None
    emergency_count: int
    emergency_in_target_rate: float | None
    median_minutes_to_human: float | None

    @classmethod
    def from_tally(cls, t: Tally) -> Rates:
        """Derive rates; medians come from the histograms (see :func:`histogram_quantile`)."""
        return cls(
            volume=t.volume,
            withdrawn=t.withdrawn,
            reopened=t.reopened,
            response_rate=_ratio(t.responded, t.forwarded),
            on_time_response_rate=_ratio(t.response_on_time, t.response_judged),
            resolution_rate=_ratio(t.resolved, t.finished),
            on_time_resolution_rate=_ratio(t.resolution_on_time, t.resolution_judged),
            median_hours_to_respond=histogram_quantile(t.hist_hours_to_respond, HOURS_EDGES),
            median_hours_to_resolve=histogram_quantile(t.hist_hours_to_resolve, HOURS_EDGES),
            satisfaction_mean=_ratio(t.rating_sum, t.rating_count),
            satisfaction_count=t.rating_count,
            satisfaction_high_share=_ratio(t.rating_high, t.rating_count),
            emergency_count=t.emergency,
            emergency_in_target_rate=_ratio(t.emergency_in_target, t.emergency_judged),
            median_minutes_to_human=histogram_quantile(t.hist_minutes_to_human, MINUTES_EDGES),
        )
