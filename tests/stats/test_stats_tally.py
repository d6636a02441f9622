"""Tally, rates and histograms, checked against figures worked out by hand.

No database: the statistics core is plain Python, and these tests are its specification.
"""

from __future__ import annotations

import json
import random
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

import pytest

from tousu.stats import (
    COUNTERS,
    DEFINITIONS,
    HISTOGRAMS,
    HOURS_EDGES,
    MINUTES_EDGES,
    Facts,
    Rates,
    Tally,
    histogram_quantile,
    tally,
    tally_one,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=10)
H = timedelta(hours=1)
D = timedelta(days=1)
M = timedelta(minutes=1)


def mk(state: str, submitted: datetime = T0, **kw) -> Facts:
    """A complaint with the usual 24 h / 7-day deadlines counted from submission."""
    kw.setdefault("response_due_at", submitted + 24 * H)
    kw.setdefault("resolution_due_at", submitted + 7 * D)
    return Facts(merchant_id=1, industry="电商", scenario="退款难", state=state,
                 submitted_at=submitted, **kw)


#: The hand fixture. Deadlines: response +24 h, resolution +7 d; NOW = T0 + 10 d.
HAND = {
    # A: answered at 2 h, confirmed resolved at 3 d, 5 stars. On time twice.
    "A": mk("resolved", first_response_at=T0 + 2 * H, resolved_at=T0 + 3 * D, rating=5),
    # B: answered late (30 h), resolved late (8 d), later closed; 4 stars.
    "B": mk("closed", first_response_at=T0 + 30 * H, resolved_at=T0 + 8 * D, rating=4),
    # C: answered at 10 h, consumer says unresolved; resolution deadline passed; 1 star.
    "C": mk("unresolved", first_response_at=T0 + 10 * H, rating=1),
    # D: reopened twice, finally resolved at 9 d (late), then closed; 3 stars.
    "D": mk("closed", first_response_at=T0 + 5 * H, resolved_at=T0 + 9 * D, reopened=2,
            rating=3),
    # E: with the merchant, never answered, both deadlines passed: judged, missed.
    "E": mk("with_merchant"),
    # F: with the merchant for 2 h, unanswered, nothing due yet: not judged.
    "F": mk("with_merchant", submitted=NOW - 2 * H),
    # G: submitted at 9 d, answered within 1 h; resolution due at 16 d: not judged yet.
    "G": mk("merchant_replied", submitted=T0 + 9 * D, first_response_at=T0 + 9 * D + H),
    # H: withdrawn before any response: in volume, out of every denominator.
    "H": mk("withdrawn"),
    # I: withdrawn after an on-time response (20 h): counts for response only.
    "I": mk("withdrawn", first_response_at=T0 + 20 * H),
    # J: rejected by the platform: not in volume at all.
    "J": mk("rejected"),
    # K: still awaiting platform review: in volume, not forwarded.
    "K": mk("submitted", submitted=NOW - H),
    # L: accepted emergency, a person took it after 20 min (target 30 min): in target.
    "L": mk("accepted", submitted=NOW - 3 * H, emergency=True,
            emergency_due_at=NOW - 3 * H + 30 * M, human_at=NOW - 3 * H + 20 * M),
    # M: rejected emergency, taken after 45 min (target 30): judged, missed; not in volume.
    "M": mk("rejected", submitted=NOW - 5 * H, emergency=True,
            emergency_due_at=NOW - 5 * H + 30 * M, human_at=NOW - 5 * H + 45 * M),
    # N: emergency filed 10 min ago, not yet taken, target in 20 min: not judged.
    "N": mk("submitted", submitted=NOW - 10 * M, emergency=True,
            emergency_due_at=NOW + 20 * M),
}


def test_hand_fixture_counters():
    t = tally(HAND.values(), NOW)
    assert t.volume == 12  # all but J and M
    assert t.rejected == 2  # J, M
    assert t.withdrawn == 2  # H, I
    assert t.unforwarded == 3  # K, L, N
    assert (t.reopened, t.reopen_events) == (1, 2)  # D, twice
    assert t.forwarded == 8  # A B C D E F G I (H withdrew before a response)
    assert t.responded == 6  # A B C D G I
    assert t.response_judged == 7  # the 6 answered + E (past due); F not yet
    assert t.response_on_time == 5  # A C D G I; B was late
    assert t.finished == 4  # A B C D
    assert t.resolved == 3  # A B D; D once although reopened twice
    assert t.resolution_judged == 5  # A B D (resolved) + C E (past due); F G not yet
    assert t.resolution_on_time == 1  # A only
    assert (t.rating_count, t.rating_sum, t.rating_high) == (4, 13, 2)  # 5+4+1+3
    assert (t.emergency, t.emergency_judged, t.emergency_in_target) == (3, 2, 1)  # L M N
    assert sum(t.hist_hours_to_respond) == t.responded
    assert sum(t.hist_hours_to_resolve) == t.resolved
    assert sum(t.hist_minutes_to_human) == 2  # L and M were taken


def test_hand_fixture_rates():
    r = Rates.from_tally(tally(HAND.values(), NOW))
    assert r.volume == 12 and r.withdrawn == 2 and r.reopened == 1
    assert r.response_rate == 6 / 8
    assert r.on_time_response_rate == 5 / 7
    assert r.resolution_rate == 3 / 4
    assert r.on_time_resolution_rate == 1 / 5
    assert r.satisfaction_mean == 13 / 4
    assert r.satisfaction_count == 4
    assert r.satisfaction_high_share == 2 / 4
    assert r.emergency_count == 3
    assert r.emergency_in_target_rate == 1 / 2
    # Responses 1, 2, 5, 10, 20, 30 h: the 3rd (5 h) is alone in [4, 6): 4 + 2 * 1/1 = 6.
    assert r.median_hours_to_respond == 6.0
    # Resolutions 72, 192, 216 h: rank 1.5 falls in [168, 240) holding 2: 168 + 72 * 0.5/2.
    assert r.median_hours_to_resolve == 186.0
    # Minutes to a person 20, 45: rank 1 ends bucket [20, 30) holding 1: 20 + 10 * 1/1.
    assert r.median_minutes_to_human == 30.0


def test_zero_volume_gives_none_not_zero():
    r = Rates.from_tally(tally([], NOW))
    assert r.volume == 0 and r.satisfaction_count == 0 and r.emergency_count == 0
    for f in fields(Rates):
        if f.name not in {"volume", "withdrawn", "reopened", "satisfaction_count",
                          "emergency_count"}:
            assert getattr(r, f.name) is None, f.name
    assert tally([], NOW) == Tally.zero()


def test_only_withdrawn_and_rejected():
    t = tally([HAND["H"], HAND["J"]], NOW)
    r = Rates.from_tally(t)
    assert (r.volume, r.withdrawn, t.rejected) == (1, 1, 1)
    assert r.response_rate is None and r.resolution_rate is None


def test_deadline_not_passed_is_not_judged_until_it_is():
    f = HAND["F"]
    assert tally_one(f, NOW).response_judged == 0
    later = tally_one(f, f.response_due_at + timedelta(seconds=1))
    assert later.response_judged == 1 and later.response_on_time == 0
    # Exactly at the deadline is still on time (at or before).
    on_the_dot = replace(f, first_response_at=f.response_due_at)
    assert tally_one(on_the_dot, NOW).response_on_time == 1


def test_reopened_then_resolved_counts_once():
    t = tally_one(HAND["D"], NOW)
    assert (t.finished, t.resolved, t.reopened, t.reopen_events) == (1, 1, 1, 2)


def test_facts_validation():
    with pytest.raises(ValueError):
        mk("lost")
    with pytest.raises(ValueError):
        mk("resolved", rating=6)
    with pytest.raises(ValueError):
        mk("resolved", reopened=-1)


def test_tally_one_matches_tally():
    assert sum(tally_one(f, NOW) for f in HAND.values()) == tally(HAND.values(), NOW)


# --- random data -----------------------------------------------------------------------------

_STATES = ["submitted", "accepted", "rejected", "with_merchant", "merchant_replied",
           "resolved", "unresolved", "closed", "withdrawn"]


def random_facts(rng: random.Random, n: int, now: datetime = NOW) -> list[Facts]:
    """Plausible complaints: timestamps only where the state allows them."""
    out = []
    for _ in range(n):
        state = rng.choice(_STATES)
        sub = now - timedelta(hours=rng.uniform(0, 24 * 60))
        answered = state in {"merchant_replied", "resolved", "unresolved", "closed"} or (
            state == "withdrawn" and rng.random() < 0.5)
        first = sub + timedelta(hours=rng.lognormvariate(2.5, 1.2)) if answered else None
        resolved = None
        if state == "resolved" or (state == "closed" and rng.random() < 0.6):
            resolved = (first or sub) + timedelta(hours=rng.lognormvariate(3.5, 1.0))
        emergency = rng.random() < 0.05
        human = sub + timedelta(minutes=rng.lognormvariate(3, 0.8)) if (
            emergency and rng.random() < 0.9) else None
        out.append(Facts(
            merchant_id=rng.randrange(50), industry="电商", scenario="退款难", state=state,
            submitted_at=sub, first_response_at=first, resolved_at=resolved,
            response_due_at=sub + 24 * H, resolution_due_at=sub + 7 * D,
            reopened=rng.choice([0, 0, 0, 1, 2]) if state in {"resolved", "closed"} else 0,
            emergency=emergency, emergency_due_at=sub + 30 * M if emergency else None,
            human_at=human, rating=rng.choice([None, None, 1, 2, 3, 4, 5]),
        ))
    return out


def test_additivity_on_random_partitions():
    rng = random.Random(7)
    facts = random_facts(rng, 3000)
    whole = tally(facts, NOW)
    cuts = sorted(rng.sample(range(1, len(facts)), 9))
    parts = [facts[a:b] for a, b in zip([0, *cuts], [*cuts, len(facts)], strict=True)]
    assert sum(tally(p, NOW) for p in parts) == whole
    assert tally(facts[:1000], NOW) + tally(facts[1000:], NOW) == whole
    assert Tally.zero() + whole == whole == whole + Tally.zero()
    assert sum([], Tally.zero()) == Tally.zero()
    assert Tally.total(tally(p, NOW) for p in parts) == whole
    assert Tally.total([]) == Tally.zero()
    with pytest.raises(TypeError):
        Tally.total([whole, 0])
    with pytest.raises(TypeError):
        _ = whole + 1


def test_rates_agree_with_a_literal_reading_of_the_definitions():
    facts = random_facts(random.Random(11), 2000)
    r = Rates.from_tally(tally(facts, NOW))
    volume = [f for f in facts if f.state != "rejected"]
    reached = [f for f in volume if f.state not in {"submitted", "accepted", "withdrawn"}
               or (f.state == "withdrawn" and f.first_response_at)]
    assert r.volume == len(volume)
    assert r.response_rate == sum(1 for f in reached if f.first_response_at) / len(reached)
    judged = [f for f in reached if f.first_response_at or f.response_due_at < NOW]
    on_time = [f for f in judged if f.first_response_at
               and f.first_response_at <= f.response_due_at]
    assert r.on_time_response_rate == len(on_time) / len(judged)
    finished = [f for f in volume if f.state in {"resolved", "unresolved", "closed"}]
    assert r.resolution_rate == sum(1 for f in finished if f.resolved_at) / len(finished)
    rated = [f.rating for f in volume if f.rating]
    assert r.satisfaction_mean == sum(rated) / len(rated)


def _bucket(x: float, edges: tuple[float, ...]) -> tuple[float, float]:
    i = max(i for i, e in enumerate(edges) if x >= e) if x >= 0 else 0
    return edges[i], edges[i + 1] if i + 1 < len(edges) else float("inf")


@pytest.mark.parametrize("seed", range(20))
def test_histogram_median_is_within_the_bucket_of_the_exact_median(seed):
    rng = random.Random(seed)
    n = rng.choice([1, 3, 101, 1001])  # odd: the exact median is one observed value
    hours = [rng.lognormvariate(rng.uniform(0, 5), rng.uniform(0.3, 2)) for _ in range(n)]
    counts = [0] * len(HOURS_EDGES)
    for x in hours:
        lo, _ = _bucket(x, HOURS_EDGES)
        counts[HOURS_EDGES.index(lo)] += 1
    exact = sorted(hours)[n // 2]
    lo, hi = _bucket(exact, HOURS_EDGES)
    estimate = histogram_quantile(counts, HOURS_EDGES)
    assert lo <= estimate <= hi
    if hi != float("inf"):
        assert abs(estimate - exact) <= hi - lo


def test_histogram_median_through_tally_and_open_bucket():
    facts = random_facts(random.Random(3), 2001)
    t = tally(facts, NOW)
    waits = sorted((f.first_response_at - f.submitted_at).total_seconds() / 3600
                   for f in facts if f.first_response_at and f.state != "rejected")
    lo, hi = _bucket(waits[(len(waits) - 1) // 2], HOURS_EDGES)  # nearest-rank lower median
    assert lo <= Rates.from_tally(t).median_hours_to_respond <= hi
    # Everything beyond 720 h: the estimate is the open bucket's lower edge ("at least").
    assert histogram_quantile([0] * 20 + [5], HOURS_EDGES) == 720.0
    assert histogram_quantile([0] * len(MINUTES_EDGES), MINUTES_EDGES) is None


def test_to_dict_round_trip_through_json():
    t = tally(random_facts(random.Random(5), 500), NOW)
    data = json.loads(json.dumps(t.to_dict()))
    assert Tally.from_dict(data) == t
    assert set(data) == {"schema", *COUNTERS, *HISTOGRAMS}


@pytest.mark.parametrize("breakage", [
    lambda d: d.update(schema=0),
    lambda d: d.pop("resolved"),
    lambda d: d.update(surprise=1),
    lambda d: d.update(volume=-1),
    lambda d: d.update(volume=1.5),
    lambda d: d.update(hist_hours_to_respond=[0, 1]),
])
def test_from_dict_refuses_rows_written_under_other_rules(breakage):
    data = Tally.zero().to_dict()
    breakage(data)
    with pytest.raises(ValueError):
        Tally.from_dict(data)


def test_every_published_field_has_a_definition():
    for f in fields(Rates):
        zh, en = DEFINITIONS[f.name]
        assert zh and en and any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert {"ranking", "best_service"} <= DEFINITIONS.keys()
