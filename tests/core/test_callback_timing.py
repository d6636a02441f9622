from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tousu.core.callback_timing import MAX_ATTEMPTS, Window, align, next_attempt, retry_gap

SH = ZoneInfo("Asia/Shanghai")


def at(h: int, m: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, h, m, tzinfo=SH)


def test_inside_the_window_stays():
    assert align(at(10, 30), Window(9, 21), SH) == at(10, 30)


def test_before_and_after_the_window_move_to_its_start():
    assert align(at(7), Window(9, 21), SH) == at(9)
    assert align(at(22), Window(9, 21), SH) == at(9, day=11)


def test_windows_across_midnight_and_any_time():
    assert align(at(1), Window(20, 2), SH) == at(1)
    assert align(at(12), Window(20, 2), SH) == at(20)
    assert align(at(3), Window(0, 0), SH) == at(3)


def test_utc_input_is_aligned_in_the_consumers_zone():
    utc = datetime(2026, 3, 10, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    assert align(utc, Window(9, 21), SH) == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def test_retries_back_off_then_stop():
    gaps = [retry_gap(n) for n in range(1, MAX_ATTEMPTS)]
    assert gaps == [timedelta(hours=2), timedelta(hours=8), timedelta(hours=24)]
    assert all(a < b for a, b in zip(gaps, gaps[1:], strict=False))
    assert next_attempt(at(10), 1, Window(9, 21), SH) == at(12)
    assert next_attempt(at(19), 1, Window(9, 21), SH) == at(9, day=11)  # 21:00 is outside
    assert next_attempt(at(10), MAX_ATTEMPTS, Window(9, 21), SH) is None
    with pytest.raises(ValueError):
        retry_gap(0)
    with pytest.raises(ValueError):
        Window(9, 25)
