"""Gather the yearly report's numbers from the database into :class:`tousu.report.ReportData`.

Everything except the warning cases comes from the monthly rows (so a report over millions
of complaints takes seconds). Warning-case candidates are read from public complaints of the
year that could matter — large amounts, emergencies, collective cases, missed deadlines,
unresolved — and scored by the published :class:`tousu.report.WarningRule`.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from tousu.callbacks.services import figures as callback_figures
from tousu.collectives.models import Membership
from tousu.complaints.analysis import scenario_name
from tousu.core.vocab import INDUSTRIES
from tousu.merchants.models import Merchant
from tousu.public import figures
from tousu.public.models import ScenarioMonth
from tousu.public.published import published
from tousu.report import (
    BestServiceRow,
    EmergencySummary,
    IndustryRow,
    ReportData,
    Totals,
    WarningCandidate,
    WarningCase,
    WarningRule,
    select_warnings,
)
from tousu.stats import DEFINITIONS, MINUTES_EDGES, Rates, best_service, histogram_quantile

#: Candidates considered for warning cases (the rule then picks ten).
MAX_CANDIDATES = 3000
_UNRESOLVED = ["with_merchant", "merchant_replied", "unresolved", "accepted", "submitted"]


def _industry_zh(code: str) -> str:
    term = INDUSTRIES.get(code)
    return term.zh if term else code


def warning_candidates(p: figures.Period) -> list[WarningCandidate]:
    lo, hi = figures.bounds(p)
    qs = (published().filter(submitted_at__gte=lo, submitted_at__lt=hi)
          .filter(Q(amount__gte=1000) | Q(emergency=True) | Q(state="unresolved")
                  | Q(first_response_at__isnull=True, response_due_at__lt=hi))
          .order_by("-amount", "ref")[:MAX_CANDIDATES])
    rows = list(qs.values("id", "ref", "merchant__name", "merchant__industry", "scenario",
                          "title", "narrative_masked", "amount", "emergency", "state",
                          "response_due_at", "first_response_at"))
    sizes = dict(Membership.objects.filter(complaint_id__in=[r["id"] for r in rows])
                 .values_list("complaint_id").annotate(n=Count("case__members")).order_by())
    end = min(hi, timezone.now())
    out = []
    for r in rows:
        due, answered = r["response_due_at"], r["first_response_at"]
        late = ((answered or end) - due).total_seconds() / 86400 if due else 0.0
        summary = r["narrative_masked"]
        out.append(WarningCandidate(
            ref=r["ref"], merchant=r["merchant__name"],
            industry_zh=_industry_zh(r["merchant__industry"]),
            scenario_zh=scenario_name(r["scenario"]) or "其他", title=r["title"],
            summary=summary if len(summary) <= 300 else summary[:300] + "…",
            amount=r["amount"], emergency=r["emergency"],
            collective_size=sizes.get(r["id"], 1), overdue_days=round(max(late, 0.0), 1),
            unresolved=r["state"] in _UNRESOLVED, public=True,
        ))
    return out


def gather(year: int, warnings: list[WarningCase] | None = None,
           rule: WarningRule | None = None) -> ReportData:
    p = figures.period(str(year))
    total = figures.full_tally(p)
    rates = Rates.from_tally(total)
    months = figures.monthly_volume(p.start, p.end)
    monthly = [(f"{year}-{m:02d}", months.get(f"{year}-{m:02d}", 0)) for m in range(1, 13)]
    industries = []
    for code, term in INDUSTRIES.items():
        r = Rates.from_tally(figures.full_tally(p, industry=code))
        if r.volume:
            industries.append(IndustryRow(term.zh, r.volume, r.resolution_rate,
                                          r.on_time_response_rate, r.on_time_resolution_rate))
    scenario_rows = (ScenarioMonth.objects.filter(month__gte=p.start, month__lt=p.end)
                     .values("scenario").annotate(n=Sum("volume")).order_by("-n"))
    scenarios = [(scenario_name(r["scenario"]) or r["scenario"], r["n"]) for r in scenario_rows]
    by_industry = figures.tallies_by_industry(p)
    winners = best_service(by_industry, min_volume=settings.TOUSU_RANK_MIN_VOLUME)
    names = Merchant.objects.in_bulk([w.merchant_id for w in winners.values() if w])
    best = [BestServiceRow(_industry_zh(code), names[w.merchant_id].name, w.volume,
                           by_industry[code][w.merchant_id].resolved, w.rates.resolution_rate)
            for code, w in sorted(winners.items()) if w]
    p90 = histogram_quantile(total.hist_minutes_to_human, MINUTES_EDGES, 0.9)
    emergency = EmergencySummary(
        count=total.emergency, within_target_rate=rates.emergency_in_target_rate,
        median_minutes=rates.median_minutes_to_human, p90_minutes=p90,
        target_minutes=settings.TOUSU_EMERGENCY_TARGET_MINUTES)
    rule = rule or WarningRule()
    if warnings is None:
        warnings = select_warnings(warning_candidates(p), rule)
    calls = callback_figures(start=figures.bounds(p)[0], end=figures.bounds(p)[1])
    merchants_with_complaints = sum(1 for t in figures.merchant_tallies(p).values() if t.volume)
    rules = {code: DEFINITIONS[code][0] for code in
             ("volume", "response_rate", "on_time_response_rate", "resolution_rate",
              "on_time_resolution_rate", "median_minutes_to_human", "satisfaction_mean",
              "best_service")}
    rules["min_volume"] = (f"最低样本量：全年投诉不少于 {settings.TOUSU_RANK_MIN_VOLUME} 件的"
                           "商家才参与排名和最佳客服评选。")
    rules["warnings"] = rule.describe_zh()
    rules["callbacks"] = ("电话回访触达率：统计期内结束的回访（已接通或 4 次未接通后放弃）中接通的比例；"
                          "回访满意度为接通时消费者给出的 1–5 分的平均值。")
    return ReportData(
        year=year, generated_at=timezone.localtime(), monthly_volume=monthly,
        by_industry=industries, scenarios=scenarios, emergency=emergency, best_service=best,
        warnings=list(warnings),
        totals=Totals(volume=total.volume, merchants=merchants_with_complaints,
                      resolved=total.resolved, resolution_rate=rates.resolution_rate,
                      on_time_response_rate=rates.on_time_response_rate,
                      satisfaction=rates.satisfaction_mean, ratings=total.rating_count,
                      callbacks=calls.finished, callback_reach_rate=calls.reach_rate,
                      callback_satisfaction=calls.satisfaction_mean),
        rules=rules,
    )
