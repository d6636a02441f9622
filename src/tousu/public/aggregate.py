"""Rebuild the monthly rows from complaints, in full or only where something changed.

A (merchant, month) row changes when one of its complaints changes (``updated_at`` after
the last refresh, or a new rating) or when one of its complaints' deadlines passed since
the last refresh, so that it can now be judged on time or late. An incremental refresh recomputes exactly
those rows; a full one rebuilds everything (after an import, or a change of definitions).
Each row is computed by the framework-free :func:`tousu.stats.tally` from plain facts.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from tousu.complaints.models import Complaint, Event, Rating
from tousu.merchants.models import Merchant
from tousu.public.models import IndustryMonth, MerchantMonth, RefreshMark, ScenarioMonth
from tousu.stats.tally import COUNTERS, HISTOGRAMS, TALLY_SCHEMA, Facts, Tally, tally

_FIELDS = ("id", "merchant_id", "merchant__industry", "scenario", "state", "submitted_at",
           "first_response_at", "resolved_at", "closed_at", "response_due_at",
           "resolution_due_at", "emergency", "emergency_due_at", "human_at")


@dataclass
class RefreshReport:
    full: bool
    rows: int
    complaints: int
    seconds: float


def month_of(d: datetime) -> date:
    local = timezone.localtime(d)
    return date(local.year, local.month, 1)


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime(month.year, month.month, 1), tz),
            timezone.make_aware(datetime(nxt.year, nxt.month, 1), tz))


def _facts(rows: Iterable[tuple], ratings: dict[int, int], reopens: dict[int, int]
           ) -> Iterator[tuple[int, date, str, Facts]]:
    for (pk, merchant_id, industry, scenario, state, submitted, first, resolved, closed,
         rdue, sdue, emergency, edue, human) in rows:
        yield merchant_id, month_of(submitted), industry, Facts(
            merchant_id=merchant_id, industry=industry, scenario=scenario, state=state,
            submitted_at=submitted, first_response_at=first, resolved_at=resolved,
            closed_at=closed, response_due_at=rdue, resolution_due_at=sdue,
            reopened=reopens.get(pk, 0), emergency=emergency, emergency_due_at=edue,
            human_at=human, rating=ratings.get(pk))


def _rows_for(complaints, now: datetime) -> tuple[list[MerchantMonth], list[ScenarioMonth], int]:
    """Compute the rows of every (merchant, month) the complaints fall in."""
    ids_filter = complaints.values("id")
    ratings = dict(Rating.objects.filter(complaint_id__in=ids_filter)
                   .values_list("complaint_id", "score"))
    reopens = dict(Event.objects.filter(action="reopen", complaint_id__in=ids_filter)
                   .values("complaint_id").annotate(n=Count("id")).values_list("complaint_id", "n"))
    groups: dict[tuple[int, date], list[Facts]] = defaultdict(list)
    industries: dict[int, str] = {}
    scenario_rows: dict[tuple[int, date, str], list[int]] = defaultdict(lambda: [0, 0])
    n = 0
    rows = complaints.values_list(*_FIELDS).order_by().iterator(chunk_size=20_000)
    for merchant_id, month, industry, f in _facts(rows, ratings, reopens):
        key = (merchant_id, month)
        groups[key].append(f)
        industries[merchant_id] = industry
        if f.state != "rejected":
            counts = scenario_rows[(merchant_id, month, f.scenario)]
            counts[0] += 1
            counts[1] += f.resolved_at is not None
        n += 1
    months = []
    for (merchant_id, month), facts in groups.items():
        t = tally(facts, now)
        months.append(MerchantMonth(
            merchant_id=merchant_id, industry=industries[merchant_id], month=month,
            **{c: getattr(t, c) for c in COUNTERS},
            histograms={h: list(getattr(t, h)) for h in HISTOGRAMS},
            refreshed_at=now))
    scenarios = [ScenarioMonth(merchant_id=m, industry=industries[m], month=mo, scenario=s,
                               volume=v, resolved=r)
                 for (m, mo, s), (v, r) in scenario_rows.items()]
    return months, scenarios, n


#: An incremental refresh touching more than this share of all rows rebuilds everything:
#: one pass over the complaint table is cheaper than hundreds of per-month queries.
FULL_REBUILD_SHARE = 0.25


def _industry_rows(months: list[MerchantMonth]) -> list[IndustryMonth]:
    sums: dict[tuple[str, date], Tally] = {}
    for row in months:
        key = (row.industry, row.month)
        t = tally_of(row)
        sums[key] = sums[key] + t if key in sums else t
    return [IndustryMonth(industry=i, month=m, volume=t.volume, tally=t.to_dict())
            for (i, m), t in sums.items()]


def _resum_industries(keys: set[tuple[str, date]]) -> None:
    """Recompute the industry rows of these (industry, month) pairs from merchant rows."""
    for industry, month in keys:
        rows = list(MerchantMonth.objects.filter(industry=industry, month=month))
        IndustryMonth.objects.filter(industry=industry, month=month).delete()
        IndustryMonth.objects.bulk_create(_industry_rows(rows))


def refresh(*, full: bool = False, now: datetime | None = None) -> RefreshReport:
    """Bring the monthly rows up to date; returns what was done."""
    started = time.perf_counter()
    now = now or timezone.now()
    last = RefreshMark.objects.aggregate(at=Max("refreshed_at"))["at"]
    if full or last is None:
        months, scenarios, n = _rows_for(Complaint.objects.all(), now)
        with transaction.atomic():
            MerchantMonth.objects.all().delete()
            ScenarioMonth.objects.all().delete()
            IndustryMonth.objects.all().delete()
            IndustryMonth.objects.bulk_create(_industry_rows(months), batch_size=2000)
            MerchantMonth.objects.bulk_create(months, batch_size=2000)
            ScenarioMonth.objects.bulk_create(scenarios, batch_size=2000)
            mark = RefreshMark.objects.create(refreshed_at=now, full=True, rows=len(months))
        report = RefreshReport(True, len(months), n, time.perf_counter() - started)
    else:
        # Rows change when a complaint changed, was rated, or when one of its deadlines
        # passed since the last refresh (it can now be judged late); nothing else moves.
        changed = Complaint.objects.filter(
            Q(updated_at__gte=last) | Q(rating__created_at__gte=last)
            | Q(response_due_at__gt=last, response_due_at__lte=now)
            | Q(resolution_due_at__gt=last, resolution_due_at__lte=now)
            | Q(emergency_due_at__gt=last, emergency_due_at__lte=now)
        ).values_list("merchant_id", "submitted_at")
        keys = {(m, month_of(s)) for m, s in changed}
        if len(keys) > max(FULL_REBUILD_SHARE * MerchantMonth.objects.count(), 1000):
            return refresh(full=True, now=now)
        months: list[MerchantMonth] = []
        scenarios: list[ScenarioMonth] = []
        n = 0
        by_month: dict[date, set[int]] = defaultdict(set)
        for merchant_id, month in keys:
            by_month[month].add(merchant_id)
        for month, merchant_ids in by_month.items():
            lo, hi = _month_bounds(month)
            qs = Complaint.objects.filter(merchant_id__in=merchant_ids, submitted_at__gte=lo,
                                          submitted_at__lt=hi)
            m, s, k = _rows_for(qs, now)
            months += m
            scenarios += s
            n += k
        with transaction.atomic():
            for month, merchant_ids in by_month.items():
                MerchantMonth.objects.filter(month=month, merchant_id__in=merchant_ids).delete()
                ScenarioMonth.objects.filter(month=month, merchant_id__in=merchant_ids).delete()
            MerchantMonth.objects.bulk_create(months, batch_size=2000)
            ScenarioMonth.objects.bulk_create(scenarios, batch_size=2000)
            industries = dict(Merchant.objects.filter(
                pk__in={m for m, _ in keys}).values_list("pk", "industry"))
            _resum_industries({(industries[m], month) for m, month in keys if m in industries})
            mark = RefreshMark.objects.create(refreshed_at=now, full=False, rows=len(months))
        report = RefreshReport(False, len(months), n, time.perf_counter() - started)
    RefreshMark.objects.filter(pk=mark.pk).update(seconds=report.seconds)
    RefreshMark.objects.exclude(pk=mark.pk).filter(refreshed_at__lt=now).delete()
    return report


def tally_of(row: MerchantMonth) -> Tally:
    data = {"schema": TALLY_SCHEMA, **{c: getattr(row, c) for c in COUNTERS}, **row.histograms}
    return Tally.from_dict(data)
