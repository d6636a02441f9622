"""Rankings (minimum volume, competition ties) and the best-service award rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tousu.stats import Facts, Rates, Tally, best_service, rank, tally


def t(volume: int, resolved: int = 0, finished: int | None = None, *, judged: int = 0,
      on_time: int = 0, ratings: tuple[int, int] = (0, 0)) -> Tally:
    """A tally with just the counters the ranking reads."""
    return Tally(volume=volume, forwarded=volume, finished=volume if finished is None else finished,
                 resolved=resolved, response_judged=judged, response_on_time=on_time,
                 rating_count=ratings[0], rating_sum=ratings[1])


def test_competition_ranking_with_ties_and_tie_break_order():
    rows = {
        1: t(30, 15),  # 0.5
        2: t(40, 20),  # 0.5, more volume
        3: t(30, 27),  # 0.9
        4: t(36, 18),  # 0.5
        5: t(40, 10),  # 0.25
        6: t(30, 15),  # 0.5, same volume as 1: lower id first
    }
    r = rank(rows)
    assert [(row.position, row.merchant_id) for row in r.ranked] == [
        (1, 3), (2, 2), (2, 4), (2, 1), (2, 6), (6, 5)]
    assert r.ranked[1].metric == 0.5 and r.ranked[1].volume == 40
    assert isinstance(r.ranked[0].rates, Rates) and r.ranked[0].rates.resolution_rate == 0.9
    assert r.unranked == [] and r.by == "resolution_rate" and r.min_volume == 30


def test_ties_are_exact_not_floating_point():
    # 1/3 and 7/21 are the same rate and must share a position.
    r = rank({1: t(30, 10, 30), 2: t(63, 21, 63)}, min_volume=1)
    assert [row.position for row in r.ranked] == [1, 1]


def test_below_min_volume_and_no_data_are_listed_not_dropped():
    rows = {1: t(29, 29), 2: t(30, 10), 3: t(50, 0, 0), 4: t(5, 0, 0)}
    r = rank(rows, min_volume=30)
    assert [row.merchant_id for row in r.ranked] == [2]
    assert [(row.merchant_id, row.position, row.note) for row in r.unranked] == [
        (3, None, "no_data"), (1, None, "below_min_volume"), (4, None, "below_min_volume")]
    assert r.unranked[1].metric == 1.0 and r.unranked[0].metric is None
    assert len(r.ranked) + len(r.unranked) == len(rows)


def test_other_metrics_and_bad_metric():
    rows = {1: t(30, judged=10, on_time=9, ratings=(10, 42)),
            2: t(30, judged=10, on_time=10, ratings=(10, 38))}
    assert [x.merchant_id for x in rank(rows, by="on_time_response_rate").ranked] == [2, 1]
    by_sat = rank(rows, by="satisfaction").ranked
    assert [x.merchant_id for x in by_sat] == [1, 2] and by_sat[0].metric == 4.2
    assert [x.position for x in rank(rows, by="response_rate").ranked] == [1, 1]
    with pytest.raises(ValueError):
        rank(rows, by="volume")
    with pytest.raises(ValueError):
        rank(rows, min_volume=0)


def test_best_service_suning_numbers():
    # 苏宁: 1,228 complaints, 1,061 confirmed resolved -> 1061 / 1228 = 0.8640 (86.4 %).
    rows = {"家电": {101: t(1228, 1061), 102: t(900, 700), 103: t(10, 10)}}
    best = best_service(rows, min_volume=30)["家电"]
    assert best is not None and best.merchant_id == 101 and best.position == 1
    assert best.metric == 1061 / 1228 and round(best.metric, 4) == 0.8640
    assert f"{best.rates.resolution_rate:.1%}" == "86.4%"


def test_best_service_suning_from_complaints():
    now = datetime(2026, 12, 31, tzinfo=UTC)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    facts = [Facts(merchant_id=101, industry="家电", scenario="售后", state=state,
                   submitted_at=start, first_response_at=start + timedelta(hours=3),
                   resolved_at=start + timedelta(days=2) if state == "resolved" else None)
             for state in ["resolved"] * 1061 + ["unresolved"] * 167]
    row = best_service({"家电": {101: tally(facts, now)}}, min_volume=30)["家电"]
    assert row is not None and row.volume == 1228 and row.metric == 1061 / 1228


def test_best_service_tie_breaks_and_empty_industries():
    rows = {
        # Same resolution rate: the higher on-time response rate wins.
        "电商": {1: t(100, 80, judged=100, on_time=90), 2: t(100, 80, judged=100, on_time=95)},
        # Same resolution and on-time rates: the higher volume wins.
        "通信": {3: t(100, 80, judged=100, on_time=90), 4: t(200, 160, judged=200, on_time=180)},
        # Everything equal: the lower merchant id, so the award is deterministic.
        "旅游": {9: t(50, 40), 8: t(50, 40)},
        # A missing on-time rate loses to any known one.
        "教育": {5: t(50, 40), 6: t(50, 40, judged=10, on_time=0)},
        "汽车": {7: t(29, 29)},  # nobody reaches the minimum volume
        "空": {},
    }
    best = best_service(rows, min_volume=30)
    assert {k: (v.merchant_id if v else None) for k, v in best.items()} == {
        "电商": 2, "通信": 4, "旅游": 8, "教育": 6, "汽车": None, "空": None}
