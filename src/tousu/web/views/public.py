"""The public site: published complaints and search (no login, masked text only)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from tousu.callbacks.services import figures as callback_figures
from tousu.complaints import sla
from tousu.core.vocab import INDUSTRIES
from tousu.merchants.models import Merchant
from tousu.public import figures, search
from tousu.public.published import public_thread, published
from tousu.stats import DEFINITIONS, Rates, best_service, monthly_series, rank
from tousu.web.views.common import related_or_none

PAGE_SIZE = 20


def complaints(request: HttpRequest) -> HttpResponse:
    q = search.normalise(request.GET.get("q", ""))
    qs = published()
    industry = request.GET.get("industry", "")
    if industry in INDUSTRIES:
        qs = qs.filter(merchant__industry=industry)
    if q:
        qs = search.matching(qs, q)
    qs = qs.order_by("-submitted_at", "-id").only(
        "ref", "title", "narrative_masked", "state", "scenario", "amount", "submitted_at",
        "merchant__name", "merchant__industry")
    # No total count: counting every match of a common word over millions of rows costs
    # more than the page itself. One extra row says whether there is a next page.
    try:
        number = max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        number = 1
    rows = list(qs[(number - 1) * PAGE_SIZE: number * PAGE_SIZE + 1])
    return render(request, "web/public/complaints.html", {
        "rows": rows[:PAGE_SIZE], "has_next": len(rows) > PAGE_SIZE, "number": number,
        "q": q, "industry": industry, "industries": INDUSTRIES,
        "short_query": 0 < len(q) < search.MIN_INDEXED,
    })


def complaint(request: HttpRequest, ref: str) -> HttpResponse:
    found = published().filter(ref=ref).select_related("consumer", "consumer__user").first()
    if found is None:
        raise Http404("no published complaint with this reference")
    events = (found.events.filter(kind="transition").order_by("created_at", "id")
              .values("to_state", "created_at"))
    return render(request, "web/public/complaint.html", {
        "c": found, "thread": public_thread(found), "events": events,
        "rating": related_or_none(found, "rating"),
    })


#: Fewer complaints than this in the period and a merchant is listed, not ranked.
MIN_VOLUME = settings.TOUSU_RANK_MIN_VOLUME
_RANK_BY = {"resolution_rate": ("解决率", "Resolution rate"),
            "response_rate": ("回复率", "Response rate"),
            "on_time_response_rate": ("按时回复率", "On-time response"),
            "satisfaction": ("满意度", "Satisfaction")}
RANK_PAGE = 50
UNRANKED_SHOWN = 100
_SHOWN = ["volume", "response_rate", "on_time_response_rate", "resolution_rate",
          "on_time_resolution_rate", "median_hours_to_respond", "median_hours_to_resolve",
          "satisfaction_mean", "withdrawn", "reopened"]


_MIN_VOLUME_TEXT = (
    f"最低样本量：统计期内投诉不足 {MIN_VOLUME} 件的商家只列出、不排名，少量投诉算出的比率偶然性太大。",
    f"Minimum volume: merchants with fewer than {MIN_VOLUME} complaints in the period are "
    "listed but not ranked; rates from a handful of complaints are mostly chance.",
)


def _series(counts: dict[str, int], start, end) -> list[tuple[str, int, int]]:
    """Monthly counts with zero months filled, and each bar's height in percent."""
    last = figures.add_months(end, -1)
    rows = monthly_series(counts, start.strftime("%Y-%m"), last.strftime("%Y-%m"))
    top = max((n for _, n in rows), default=0) or 1
    return [(month, n, round(100 * n / top)) for month, n in rows]


def _definitions(codes: list[str]) -> list[tuple[str, str]]:
    en = (get_language() or "").startswith("en")
    out = []
    for code in codes:
        zh_text, en_text = _MIN_VOLUME_TEXT if code == "min_volume" else DEFINITIONS[code]
        out.append((code, en_text if en else zh_text))
    return out


def _names(ids) -> dict[int, Merchant]:
    return Merchant.objects.in_bulk(list(ids))


def merchant(request: HttpRequest, merchant_id: int) -> HttpResponse:
    """A merchant's public record: volume, rates with their definitions, top scenarios."""
    m = get_object_or_404(Merchant, pk=merchant_id, is_active=True)
    p = figures.period(request.GET.get("period"))
    t = figures.full_tally(p, merchant_id=m.pk)
    trend_start = figures.add_months(p.end, -12)
    return render(request, "web/public/merchant.html", {
        "m": m, "period": p, "periods": figures.periods(), "rates": Rates.from_tally(t),
        "tally": t, "scenarios": figures.top_scenarios(p, merchant_id=m.pk),
        "trend": _series(figures.monthly_volume(trend_start, p.end, merchant_id=m.pk),
                         trend_start, p.end),
        "recent": published().filter(merchant=m).order_by("-submitted_at")[:5],
        "definitions": _definitions(_SHOWN), "as_of": figures.as_of(),
        "record": sla.merchant_record(m.pk),
        "calls": callback_figures(merchant_id=m.pk, start=figures.bounds(p)[0],
                                  end=figures.bounds(p)[1]),
    })


def industry(request: HttpRequest, code: str) -> HttpResponse:
    if code not in INDUSTRIES:
        raise Http404("unknown industry")
    p = figures.period(request.GET.get("period"))
    t = figures.full_tally(p, industry=code)
    ranking = rank(figures.merchant_tallies(p, industry=code), min_volume=MIN_VOLUME)
    ranking.ranked[:] = ranking.ranked[:RANK_PAGE]
    ranking.unranked[:] = ranking.unranked[:20]
    names = _names(r.merchant_id for r in ranking.ranked + ranking.unranked)
    return render(request, "web/public/industry.html", {
        "code": code, "term": INDUSTRIES[code], "period": p, "periods": figures.periods(),
        "rates": Rates.from_tally(t), "scenarios": figures.top_scenarios(p, industry=code),
        "ranking": ranking, "names": names, "definitions": _definitions(_SHOWN),
        "as_of": figures.as_of(), "min_volume": MIN_VOLUME,
    })


def rankings(request: HttpRequest) -> HttpResponse:
    p = figures.period(request.GET.get("period"))
    by = request.GET.get("by", "resolution_rate")
    if by not in _RANK_BY:
        by = "resolution_rate"
    industry_code = request.GET.get("industry", "")
    if industry_code not in INDUSTRIES:
        industry_code = ""
    ranking = rank(figures.merchant_tallies(p, industry=industry_code or None),
                   min_volume=MIN_VOLUME, by=by)
    # A page of the ranked list and the largest unranked merchants: a national ranking has
    # thousands of rows, and drawing them all is what would make the page slow.
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    pages = max(1, -(-len(ranking.ranked) // RANK_PAGE))
    number = min(number, pages)
    shown = ranking.ranked[(number - 1) * RANK_PAGE: number * RANK_PAGE]
    unranked = ranking.unranked[:UNRANKED_SHOWN]
    names = _names(r.merchant_id for r in shown + unranked)
    return render(request, "web/public/rankings.html", {
        "period": p, "periods": figures.periods(), "by": by, "by_options": _RANK_BY,
        "industry": industry_code, "industries": INDUSTRIES, "ranking": ranking,
        "shown": shown, "unranked": unranked, "number": number, "pages": pages,
        "names": names, "min_volume": MIN_VOLUME, "as_of": figures.as_of(),
        "definitions": _definitions(["ranking", "min_volume",
                                     by if by != "satisfaction" else "satisfaction_mean",
                                     "volume"]),
    })


def best(request: HttpRequest) -> HttpResponse:
    """最佳客服: one merchant per industry per year, by the published rule."""
    p = figures.period(request.GET.get("period") or str(timezone.localdate().year))
    by_industry = figures.tallies_by_industry(p)
    winners = best_service(by_industry, min_volume=MIN_VOLUME)
    names = _names(r.merchant_id for r in winners.values() if r)
    rows = [(code, INDUSTRIES.get(code), row,
             by_industry[code][row.merchant_id].resolved if row else None)
            for code, row in sorted(winners.items())]
    return render(request, "web/public/best.html", {
        "period": p, "periods": figures.periods(), "rows": rows, "names": names,
        "min_volume": MIN_VOLUME, "as_of": figures.as_of(),
        "definitions": _definitions(["best_service", "resolution_rate",
                                     "on_time_response_rate"]),
    })
