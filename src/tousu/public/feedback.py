"""Business feedback (M12) and the regulator's scorecard, from the monthly rows.

Trend detection runs per scenario, which is the closest thing to a product line the
platform knows for every merchant ("refund complaints tripled since 2026-09"): a merchant's
product teams read the change list, regulators read the scorecard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from tousu.audit.models import AuditEntry
from tousu.complaints.analysis import scenario_name
from tousu.public import figures
from tousu.public.models import ScenarioMonth
from tousu.stats import Change, Scorecard, detect_changes, monthly_series, scorecard

#: Complaints of this scenario against a merchant count as its privacy incidents.
PRIVACY_SCENARIO = "data_leak"


@dataclass
class Trend:
    scenario: str
    name: str
    series: list[tuple[str, int]]
    changes: list[Change]
    total: int

    @property
    def bars(self) -> list[tuple[str, int, int]]:
        top = max((n for _, n in self.series), default=0) or 1
        return [(month, n, round(100 * n / top)) for month, n in self.series]

    @property
    def sentences(self) -> list[str]:
        return [c.describe(self.name) for c in self.changes]


def trends(merchant_id: int, end: date, months: int = 24, top: int = 8) -> list[Trend]:
    """Monthly volume per scenario for the merchant's biggest scenarios, with changes."""
    start = figures.add_months(end, -months)
    rows = (ScenarioMonth.objects.filter(merchant_id=merchant_id, month__gte=start,
                                         month__lt=end)
            .values("scenario").annotate(n=Sum("volume")).order_by("-n", "scenario")[:top])
    last = figures.add_months(end, -1).strftime("%Y-%m")
    out = []
    for row in rows:
        code = row["scenario"]
        counts = figures.monthly_volume(start, end, merchant_id=merchant_id, scenario=code)
        series = monthly_series(counts, start.strftime("%Y-%m"), last)
        out.append(Trend(code, scenario_name(code) or code, series, detect_changes(series),
                         row["n"]))
    return sorted(out, key=lambda t: (-len(t.changes), -t.total))


def merchant_scorecard(merchant_id: int, p: figures.Period) -> Scorecard:
    t = figures.full_tally(p, merchant_id=merchant_id)
    incidents = (ScenarioMonth.objects.filter(merchant_id=merchant_id, month__gte=p.start,
                                              month__lt=p.end, scenario=PRIVACY_SCENARIO)
                 .aggregate(n=Sum("volume"))["n"] or 0)
    # Erasure is the platform's duty, not the merchant's: it is scored platform-wide.
    return scorecard(t, privacy_incidents=incidents, erasure_requests=0,
                     erasure_done_in_days=None)


def platform_scorecard(p: figures.Period) -> Scorecard:
    t = figures.full_tally(p)
    incidents = (ScenarioMonth.objects.filter(month__gte=p.start, month__lt=p.end,
                                              scenario=PRIVACY_SCENARIO)
                 .aggregate(n=Sum("volume"))["n"] or 0)
    lo, hi = figures.bounds(p)
    erasures = AuditEntry.objects.filter(action="consumer.erase", at__gte=lo,
                                         at__lt=hi).count()
    # Erasure runs at once when requested (complaints/erasure.py), so it takes 0 days.
    return scorecard(t, privacy_incidents=incidents, erasure_requests=erasures,
                     erasure_done_in_days=0.0 if erasures else None)
