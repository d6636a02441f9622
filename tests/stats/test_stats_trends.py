"""Monthly series and change detection: real jumps are flagged, noise and tiny numbers not."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tousu.stats import detect_changes, monthly_series


def months(start_year: int, start_month: int, counts: list[int]) -> list[tuple[str, int]]:
    out = []
    for i, c in enumerate(counts):
        y, m = divmod(start_year * 12 + start_month - 1 + i, 12)
        out.append((f"{y:04d}-{m + 1:02d}", c))
    return out


def test_monthly_series_fills_zero_months_across_a_year_end():
    assert monthly_series({"2025-11": 3, "2026-02": 5, "2027-01": 9}, "2025-11", "2026-03") == [
        ("2025-11", 3), ("2025-12", 0), ("2026-01", 0), ("2026-02", 5), ("2026-03", 0)]
    assert monthly_series({}, "2026-01", "2026-01") == [("2026-01", 0)]


@pytest.mark.parametrize("args", [
    ({"2026-13": 1}, "2026-01", "2026-02"),
    ({}, "2026-1", "2026-02"),
    ({}, "2026-03", "2026-02"),
    ({"2026-01": -1}, "2026-01", "2026-02"),
])
def test_monthly_series_rejects_bad_input(args):
    with pytest.raises(ValueError):
        monthly_series(*args)


def test_tripling_is_detected_once_with_its_sentence():
    series = months(2026, 3, [4, 4, 4, 4, 4, 4, 12, 12, 12, 12])  # 2026-09 onwards: 12
    changes = detect_changes(series)
    assert len(changes) == 1
    c = changes[0]
    assert (c.month, c.count, c.baseline, c.ratio, c.direction) == ("2026-09", 12, 4.0, 3.0, "up")
    # Exact test: 12 of the 24 complaints in month + baseline fell in the month, where 1/4 is
    # expected: P(Binomial(24, 1/4) >= 12) = 0.0072.
    assert c.p_value == pytest.approx(0.0072, abs=1e-4)
    assert c.describe("退款难") == (
        "「退款难」类投诉自 2026-09 起增至基线的 3.0 倍（基线 4.0/月，2026-09 为 12 件）")


def test_poisson_noise_over_24_months_is_not_flagged():
    rng = np.random.default_rng(20260901)
    series = months(2025, 1, rng.poisson(50, 24).tolist())
    assert detect_changes(series) == []


def _false_alarm_share(lam: float, method: str, rng: np.random.Generator) -> float:
    flagged = tested = 0
    for _ in range(300):
        flagged += len(detect_changes(months(2025, 1, rng.poisson(lam, 24).tolist()),
                                      method=method))
        tested += 24 - 3
    return flagged / tested


def test_false_alarm_rate_per_month_stays_near_alpha():
    # Not one lucky seed: each month is a rise test and a drop test at alpha = 0.01 each, so
    # on pure noise at most ~2 % of months may be flagged, whatever the level.
    rng = np.random.default_rng(1)
    for lam in (5, 10, 20, 50, 200):
        assert _false_alarm_share(lam, "conditional", rng) <= 0.02, lam
    # Why "conditional" is the default: treating a 3-month mean as the true rate flags far
    # more noise at 10 a month (about 3 % of months, against about 1 %).
    assert _false_alarm_share(10, "poisson", rng) > 2 * _false_alarm_share(10, "conditional",
                                                                          rng)


def test_poisson_method_uses_the_baseline_as_the_rate():
    c = detect_changes(months(2026, 3, [4, 4, 4, 4, 4, 4, 12]), method="poisson")[0]
    assert c.p_value == pytest.approx(0.000915, abs=1e-6)  # P(Poisson(4) >= 12)


def test_small_counts_are_not_flagged_because_of_min_count():
    series = months(2026, 1, [2, 2, 2, 6])
    # Triple the baseline and significant at alpha = 0.1 (P(Binomial(12, 1/4) >= 6) = 0.054;
    # with the Poisson method P(Poisson(2) >= 6) = 0.017) ...
    assert detect_changes(series, alpha=0.1, min_count=5)[0].ratio == 3.0
    assert detect_changes(series, alpha=0.1, min_count=5, method="poisson")[0].ratio == 3.0
    # ... but 6 complaints are fewer than the default minimum of 10.
    assert detect_changes(series, alpha=0.1) == []
    assert detect_changes(series, alpha=0.1, method="poisson") == []
    assert detect_changes(series) == []


def test_drops_are_detected_symmetrically():
    changes = detect_changes(months(2026, 1, [40, 40, 40, 10]))
    assert [(c.month, c.direction, c.ratio) for c in changes] == [("2026-04", "down", 0.25)]
    assert changes[0].describe("虚假宣传") == (
        "「虚假宣传」类投诉自 2026-04 起降至基线的 25%（基线 40.0/月，2026-04 为 10 件）")
    # A drop from a small baseline is not news: 6 -> 0 is under the minimum count.
    assert detect_changes(months(2026, 1, [6, 6, 6, 0])) == []


def test_rise_from_zero_and_not_enough_history():
    c = detect_changes(months(2026, 1, [0, 0, 0, 12]))[0]
    # All 12 complaints of the 4 months fell in the last one: P = (1/4) ** 12.
    assert math.isinf(c.ratio) and c.p_value == pytest.approx(0.25**12)
    assert "从无到有" in c.describe("霸王条款")
    assert detect_changes(months(2026, 1, [1, 50, 50])) == []  # no full baseline yet


def test_rise_below_factor_is_not_flagged_even_if_significant():
    # 100 -> 180 is highly significant under Poisson but below the 2x factor.
    assert detect_changes(months(2026, 1, [100, 100, 100, 180])) == []


@pytest.mark.parametrize("kw", [{"baseline_months": 0}, {"factor": 1.0}, {"alpha": 0},
                                {"method": "chi2"}])
def test_bad_parameters(kw):
    with pytest.raises(ValueError):
        detect_changes([], **kw)
