"""The regulator's scorecard: formulas, missing data, privacy penalties and grade edges."""

from __future__ import annotations

import pytest

from tousu.stats import SCORECARD_RULES, Tally, scorecard
from tousu.stats.scorecard import _grade

FULL = Tally(volume=20, forwarded=20, response_judged=10, response_on_time=9, finished=10,
             resolved=8, rating_count=5, rating_sum=21, emergency=4, emergency_judged=4,
             emergency_in_target=4)


def test_full_scorecard_by_hand():
    s = scorecard(FULL, privacy_incidents=1, erasure_requests=2, erasure_done_in_days=10)
    assert s.response.score == pytest.approx(90.0)  # 100 * 9/10
    # 100 * (0.7 * 8/10 + 0.3 * (21/5 - 1) / 4) = 100 * (0.56 + 0.24) = 80
    assert s.resolution.score == pytest.approx(80.0)
    assert s.emergency.score == pytest.approx(100.0)  # 4 of 4 in target
    assert s.privacy.score == 80.0  # 100 - 20 * 1; erasure within 15 days
    assert s.overall == pytest.approx(87.5) and s.grade == "B"  # (90 + 80 + 100 + 80) / 4
    assert s.missing == () and s.note_zh == "总分按全部 4 项计算。"
    assert s.response.inputs["response_judged"] == 10
    assert s.resolution.rule == SCORECARD_RULES["resolution"]


def test_no_data_gives_no_overall_and_says_why():
    s = scorecard(Tally.zero(), privacy_incidents=0, erasure_requests=0,
                  erasure_done_in_days=None)
    assert (s.response.score, s.resolution.score, s.emergency.score) == (None, None, None)
    assert s.privacy.score == 100.0
    assert s.overall is None and s.grade is None
    assert s.missing == ("response", "resolution", "emergency")
    assert "不给总分" in s.note_zh and "no overall" in s.note_en


def test_missing_emergency_is_averaged_out_and_named():
    t = Tally(volume=10, forwarded=10, response_judged=10, response_on_time=10, finished=10,
              resolved=10)
    s = scorecard(t, privacy_incidents=0, erasure_requests=0, erasure_done_in_days=None)
    assert s.resolution.score == 100.0  # no ratings: 100 * resolution rate
    assert s.overall == 100.0 and s.grade == "A" and s.missing == ("emergency",)
    assert "紧急处置" in s.note_zh and "emergency" in s.note_en


@pytest.mark.parametrize(("incidents", "requests", "days", "expected"), [
    (0, 0, None, 100.0),  # no requests: nothing to be late with
    (0, 3, 15, 100.0),  # exactly at the limit is fine
    (0, 3, 15.5, 90.0),  # slowest request over 15 days
    (0, 3, None, 90.0),  # a request still not done
    (2, 1, 3, 60.0),
    (6, 1, 30, 0.0),  # floor at 0
])
def test_privacy_score(incidents, requests, days, expected):
    s = scorecard(FULL, privacy_incidents=incidents, erasure_requests=requests,
                  erasure_done_in_days=days)
    assert s.privacy.score == expected


def test_grade_thresholds_are_inclusive():
    assert [_grade(x) for x in (100, 90, 89.99, 75, 74.99, 60, 59.99, 0)] == [
        "A", "A", "B", "B", "C", "C", "D", "D"]


def test_negative_privacy_inputs_are_refused():
    with pytest.raises(ValueError):
        scorecard(FULL, privacy_incidents=-1, erasure_requests=0, erasure_done_in_days=None)
    with pytest.raises(ValueError):
        scorecard(FULL, privacy_incidents=0, erasure_requests=1, erasure_done_in_days=-2)


def test_every_section_and_overall_have_rules():
    assert set(SCORECARD_RULES) == {"response", "resolution", "emergency", "privacy", "overall"}
    assert all(zh and en for zh, en in SCORECARD_RULES.values())
