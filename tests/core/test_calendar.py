from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tousu.core.calendar import BusinessCalendar, add_time

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar.from_config("Asia/Shanghai", holidays=["2026-10-01", "2026-10-02"],
                                   workdays=["2026-09-27"])  # a make-up Sunday


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_friday_night_skips_the_weekend():
    friday_23 = at(2026, 11, 20, 23, 0)
    assert CAL.add(friday_23, timedelta(hours=24)) == at(2026, 11, 23, 23, 0)  # Monday
    # Seven working days: Fri 1 h + Mon–Fri + Mon 24 h + Tue 23 h.
    assert CAL.add(friday_23, timedelta(days=7)) == at(2026, 12, 1, 23, 0)


def test_holidays_and_make_up_days():
    assert CAL.add(at(2026, 9, 30, 12, 0), timedelta(hours=24)) == at(2026, 10, 5, 12, 0)
    assert CAL.add(at(2026, 9, 26, 10, 0), timedelta(hours=1)) == at(2026, 9, 27, 1, 0)


def test_without_a_calendar_time_is_7x24():
    start = at(2026, 11, 20, 23, 0)
    assert add_time(start, timedelta(hours=24), None) == at(2026, 11, 21, 23, 0)


def test_result_keeps_the_callers_zone_and_refuses_naive():
    start = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    assert CAL.add(start, timedelta(hours=24)).tzinfo is UTC
    with pytest.raises(ValueError):
        CAL.add(datetime(2026, 11, 20), timedelta(hours=1))
