from datetime import timedelta

from tousu.core.timing import summarize


def test_summary_uses_real_waits():
    waits = [timedelta(minutes=m) for m in (1, 2, 3, 4, 5, 6, 7, 8, 9, 30)]
    s = summarize(waits, target=timedelta(minutes=10))
    assert (s.count, s.p50, s.p90, s.max) == (10, timedelta(minutes=5), timedelta(minutes=9),
                                             timedelta(minutes=30))
    assert s.within_target == 9 and s.within_target_rate == 0.9


def test_empty():
    s = summarize([], target=timedelta(minutes=10))
    assert s.count == 0 and s.p50 is None and s.within_target_rate is None
