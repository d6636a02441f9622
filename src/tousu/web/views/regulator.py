"""The regulator's view: aggregates and the consumer-protection scorecard, never a person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tousu.core.access import Perm
from tousu.merchants.models import Merchant
from tousu.public import figures
from tousu.public.feedback import PRIVACY_SCENARIO, merchant_scorecard, platform_scorecard
from tousu.public.models import ScenarioMonth
from tousu.stats import SCORECARD_RULES, scorecard
from tousu.web.views.common import require


@login_required
def scorecard_page(request: HttpRequest) -> HttpResponse:
    require(request, Perm.STATS)
    p = figures.period(request.GET.get("period"))
    merchant = None
    card = platform_scorecard(p)
    wanted = request.GET.get("merchant", "")
    if wanted:
        # A hand-edited ?merchant= that is not an id names no merchant: 404, not a crash.
        if not (wanted.isascii() and wanted.isdigit() and int(wanted) < 2**63):
            raise Http404("no such merchant")
        merchant = get_object_or_404(Merchant, pk=int(wanted))
        card = merchant_scorecard(merchant.pk, p)
    # Every merchant's grade, from counters only (two grouped queries), worst first.
    grades = []
    names = Merchant.objects.in_bulk()
    incidents = dict(ScenarioMonth.objects.filter(
        month__gte=p.start, month__lt=p.end, scenario=PRIVACY_SCENARIO)
        .values_list("merchant_id").annotate(n=Sum("volume")).order_by())
    for merchant_id, t in figures.merchant_tallies(p).items():
        c = scorecard(t, privacy_incidents=incidents.get(merchant_id, 0), erasure_requests=0,
                      erasure_done_in_days=None)
        grades.append((names[merchant_id], t.volume, c.overall, c.grade))
    grades.sort(key=lambda g: (g[2] is None, g[2] if g[2] is not None else 0, -g[1]))
    return render(request, "web/regulator/scorecard.html", {
        "card": card, "merchant": merchant, "period": p, "periods": figures.periods(),
        "grades": grades[:50], "rules": SCORECARD_RULES, "as_of": figures.as_of(),
    })
