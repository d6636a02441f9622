"""Figures for a period, read from the monthly rows: what every public page shows.

Rankings sum counters in the database (one ``GROUP BY merchant`` over twelve rows per
merchant a year); one merchant's or one industry's page also sums the histograms in Python
for its medians. Nothing here reads the complaint table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min, QuerySet, Sum
from django.utils import timezone

from tousu.public.aggregate import tally_of
from tousu.public.models import IndustryMonth, MerchantMonth, RefreshMark, ScenarioMonth
from tousu.stats.tally import COUNTERS, Tally


@dataclass(frozen=True)
class Period:
    code: str  # "2026" or "12m"
    start: date  # inclusive, first of a month
    end: date  # exclusive
    label_zh: str
    label_en: str


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def periods() -> list[Period]:
    """The last twelve months, then every calendar year with data, newest first."""
    today = timezone.localdate()
    this_month = date(today.year, today.month, 1)
    out = [Period("12m", add_months(this_month, -11), add_months(this_month, 1),
                  "最近 12 个月", "Last 12 months")]
    span = MerchantMonth.objects.aggregate(lo=Min("month"), hi=Max("month"))
    if span["lo"]:
        for year in range(span["hi"].year, span["lo"].year - 1, -1):
            out.append(Period(str(year), date(year, 1, 1), date(year + 1, 1, 1),
                              f"{year} 年", str(year)))
    return out


#: Years a period may name. Anything else in ``?period=`` is a typo or a probe, and a page
#: for year 0 or 9999 would only crash date arithmetic further down.
FIRST_YEAR = 1900


def period(code: str | None) -> Period:
    """The period a ``?period=`` value names; anything unknown falls back to the last 12
    months rather than failing, since the parameter comes from shareable public URLs."""
    choices = periods()
    for p in choices:
        if p.code == code:
            return p
    # str.isdigit() also accepts "²³⁴⁵" and Arabic-Indic digits, which int() then parses
    if code and len(code) == 4 and code.isascii() and code.isdigit():
        year = int(code)
        if FIRST_YEAR <= year <= timezone.localdate().year + 1:
            return Period(code, date(year, 1, 1), date(year + 1, 1, 1), f"{year} 年", code)
    return choices[0]


def _rows(p: Period) -> QuerySet[MerchantMonth]:
    return MerchantMonth.objects.filter(month__gte=p.start, month__lt=p.end)


def merchant_tallies(p: Period, industry: str | None = None) -> dict[int, Tally]:
    """Counter-only tallies per merchant (histograms empty): enough for every ranked rate."""
    qs = _rows(p)
    if industry:
        qs = qs.filter(industry=industry)
    sums = qs.values("merchant_id").annotate(**{c: Sum(c) for c in COUNTERS}).order_by()
    return {row["merchant_id"]: Tally(**{c: row[c] or 0 for c in COUNTERS}) for row in sums}


def tallies_by_industry(p: Period) -> dict[str, dict[int, Tally]]:
    qs = (_rows(p).values("industry", "merchant_id")
          .annotate(**{c: Sum(c) for c in COUNTERS}).order_by())
    out: dict[str, dict[int, Tally]] = {}
    for row in qs:
        out.setdefault(row["industry"], {})[row["merchant_id"]] = Tally(
            **{c: row[c] or 0 for c in COUNTERS})
    return out


def full_tally(p: Period, *, merchant_id: int | None = None, industry: str | None = None
               ) -> Tally:
    """Counters and histograms (for medians) of one merchant, one industry or everyone.

    Industries and the whole platform are read from the industry rows (at most twelve per
    industry a year), a merchant from its own rows.
    """
    if merchant_id is not None:
        qs = _rows(p).filter(merchant_id=merchant_id)
        if industry is not None:
            qs = qs.filter(industry=industry)
        return Tally.total(tally_of(row) for row in qs)
    rows = IndustryMonth.objects.filter(month__gte=p.start, month__lt=p.end)
    if industry is not None:
        rows = rows.filter(industry=industry)
    return Tally.total(Tally.from_dict(t) for t in rows.values_list("tally", flat=True))


def top_scenarios(p: Period, *, merchant_id: int | None = None, industry: str | None = None,
                  n: int = 5) -> list[tuple[str, int, int]]:
    """(scenario, volume, resolved), largest first."""
    qs = ScenarioMonth.objects.filter(month__gte=p.start, month__lt=p.end)
    if merchant_id is not None:
        qs = qs.filter(merchant_id=merchant_id)
    if industry is not None:
        qs = qs.filter(industry=industry)
    rows = (qs.values("scenario").annotate(v=Sum("volume"), r=Sum("resolved"))
            .order_by("-v", "scenario"))
    rows = rows[:n] if n else rows
    return [(r["scenario"], r["v"], r["r"]) for r in rows]


def monthly_volume(start: date, end: date, *, merchant_id: int | None = None,
                   industry: str | None = None, scenario: str | None = None) -> dict[str, int]:
    """{"YYYY-MM": volume} for months with complaints in [start, end)."""
    if scenario is not None:
        qs = ScenarioMonth.objects.filter(month__gte=start, month__lt=end, scenario=scenario)
    elif merchant_id is None:
        qs = IndustryMonth.objects.filter(month__gte=start, month__lt=end)
    else:
        qs = MerchantMonth.objects.filter(month__gte=start, month__lt=end)
    if merchant_id is not None:
        qs = qs.filter(merchant_id=merchant_id)
    if industry is not None:
        qs = qs.filter(industry=industry)
    return {m.strftime("%Y-%m"): v for m, v in
            qs.values_list("month").annotate(v=Sum("volume")).order_by("month")}


def as_of():
    return RefreshMark.objects.aggregate(at=Max("refreshed_at"))["at"]


def bounds(p: Period):
    """The period as aware datetimes [start, end) in the platform's time zone."""
    from datetime import datetime

    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime(p.start.year, p.start.month, 1), tz),
            timezone.make_aware(datetime(p.end.year, p.end.month, 1), tz))
