"""Formatting, CJK wrapping, readings and input checks of the report."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from tousu.report import IndustryRow, Totals, WarningCase
from tousu.report.fmt import DASH, fmt_amount, fmt_minutes, fmt_pct, month_label, text_width, wrap
from tousu.report.readings import (
    monthly_reading,
    scenario_reading,
    sorted_scenarios,
    top_label,
    top_share,
)
from tousu.report.sample import sample_data


def test_missing_values_print_as_dash():
    assert fmt_pct(None) == DASH
    assert fmt_minutes(None) == DASH
    assert fmt_pct(0.8734) == "87.3%"
    assert fmt_pct(0.0) == "0.0%"  # zero is a value, not missing
    assert fmt_amount(Decimal("12345.5")) == "¥12,345.50"
    assert fmt_minutes(17.5) == "17.5 分钟"


def test_month_labels():
    assert month_label("2026-03") == "3月"
    assert month_label("2026-12") == "12月"
    assert month_label("Q1") == "Q1"


@pytest.mark.parametrize("width", [10, 24, 40, 84])
def test_wrap_respects_width_and_keeps_text(width):
    text = ("全年共受理投诉 46,843 件，其中“退款难”最多（14,517 件，占 31.0%）。"
            "English words stay whole; P90 为 17.5 分钟。")
    lines = wrap(text, width)
    assert all(text_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.startswith(("，", "。", "）", "；")) for line in lines)
    assert not any(line.endswith(("（", "“")) for line in lines)


def test_pareto_reading_names_the_top_ten_share():
    data = sample_data(2026)
    rows = sorted_scenarios(data)
    assert [c for _, c in rows] == sorted((c for _, c in rows), reverse=True)
    share = top_share(data)
    assert share == pytest.approx(sum(c for _, c in rows[:10]) / sum(c for _, c in rows))
    assert top_label(data) == f"前10类占 {fmt_pct(share)}"
    assert top_label(data) in scenario_reading(data)


def test_monthly_reading_names_the_busiest_month():
    data = sample_data(2026)
    busiest = max(data.monthly_volume, key=lambda m: m[1])
    assert f"{month_label(busiest[0])}最多" in monthly_reading(data)
    empty = dataclasses.replace(data, monthly_volume=[(k, 0) for k, _ in data.monthly_volume])
    assert "无数据" in monthly_reading(empty)


def test_rates_must_be_fractions():
    with pytest.raises(ValueError, match="resolution_rate"):
        IndustryRow("电商平台", 10, 87.3, None, None)
    with pytest.raises(ValueError, match="satisfaction"):
        Totals(10, 1, 5, 0.5, 0.5, 0.0, 3)


def test_case_amount_accepts_numbers_and_strings():
    case = WarningCase("R", "m", "i", "s", "t", "s", 12.5, "r", 1.0)
    assert case.amount == Decimal("12.5")
    with pytest.raises(ValueError):
        WarningCase("R", "m", "i", "s", "t", "s", "abc", "r", 1.0)


def test_package_is_framework_free():
    # Run in a fresh interpreter: pytest-django has already imported Django here.
    code = (
        "import sys, tousu.report, tousu.report.sample; "
        "bad = [m for m in ('django', 'pypdfium2', 'matplotlib.pyplot') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items()
                                 if k != "DJANGO_SETTINGS_MODULE"}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
