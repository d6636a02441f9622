"""The merchant console: a queue worked all day, sorted by what is due first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Case, Count, F, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tousu.collectives import services as collective
from tousu.collectives.models import CollectiveCase
from tousu.complaints import services, sla
from tousu.complaints.analysis import suggested_reply
from tousu.complaints.models import Complaint, Rating
from tousu.core.access import Perm
from tousu.core.roles import Role
from tousu.web.templatetags.ui import tr
from tousu.web.views.common import complaint_page, require

#: Queue tabs: what the agent must act on, what waits for the consumer, everything.
TABS = {
    "todo": ["with_merchant", "unresolved"],
    "waiting": ["merchant_replied"],
    "all": None,
}


def _agent(request: HttpRequest) -> int:
    user = request.user
    if user.effective_role is not Role.MERCHANT_AGENT or user.merchant_id is None:
        raise PermissionDenied("the merchant console is for merchants' complaint agents")
    return user.merchant_id


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    merchant_id = _agent(request)
    tab = request.GET.get("tab", "todo")
    if tab not in TABS:
        tab = "todo"
    qs = services.visible_complaints(request.user.as_actor())
    if TABS[tab] is not None:
        qs = qs.filter(state__in=TABS[tab])
    # Due next: the reply deadline until the merchant has answered, then the resolution one.
    qs = qs.annotate(due=Case(When(first_response_at__isnull=True, then=F("response_due_at")),
                              default=F("resolution_due_at")))
    qs = qs.order_by(F("due").asc(nulls_last=True), "id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    counts = dict(Complaint.objects.filter(merchant_id=merchant_id)
                  .values_list("state").annotate(n=Count("id")).order_by())
    return render(request, "web/merchant/queue.html", {
        "page": page, "tab": tab, "now": timezone.now(),
        "todo": sum(counts.get(s, 0) for s in TABS["todo"]),
        "waiting": counts.get("merchant_replied", 0),
        "total": sum(counts.values()),
    })


@login_required
def complaint(request: HttpRequest, complaint_id: int) -> HttpResponse:
    _agent(request)
    c = get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                          pk=complaint_id)
    require(request, Perm.READ, c)  # another merchant's complaint: 404, as in the API
    ctx = complaint_page(request, c)
    ctx["draft"], ctx["citations"] = suggested_reply(
        scenario_code=c.scenario, merchant_name=c.merchant.name, demands=list(c.demands),
        amount=c.amount)
    ctx["cases"] = CollectiveCase.objects.filter(members__complaint=c).distinct()
    return render(request, "web/merchant/detail.html", ctx)


@login_required
def collective_cases(request: HttpRequest) -> HttpResponse:
    merchant_id = _agent(request)
    require(request, Perm.COLLECTIVE_READ)
    cases = (CollectiveCase.objects.filter(merchant_id=merchant_id)
             .annotate(member_count=Count("members")).order_by("-created_at"))
    return render(request, "web/merchant/collective.html", {"cases": cases})


@login_required
@require_POST
def collective_update(request: HttpRequest, case_id: int) -> HttpResponse:
    merchant_id = _agent(request)
    require(request, Perm.COLLECTIVE_UPDATE)
    case = get_object_or_404(CollectiveCase, pk=case_id, merchant_id=merchant_id)
    body = request.POST.get("body", "").strip()
    if not body:
        messages.error(request, tr("更新内容不能为空。", "The update is empty."))
    else:
        n = collective.post_update(case, request.user, body[:5000])
        messages.success(request, tr(f"已发送给 {n} 位投诉人。", f"Sent to {n} complainants."))
    return redirect("web:merchant_collective")


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """The merchant's own figures, computed the way the public rankings will be."""
    merchant_id = _agent(request)
    qs = Complaint.objects.filter(merchant_id=merchant_id)
    now = timezone.now()
    judged = qs.filter(Q(response_due_at__lt=now) | Q(first_response_at__isnull=False))
    agg = judged.aggregate(n=Count("id"),
                           on_time=Count("id", filter=Q(first_response_at__lte=F("response_due_at"))))
    finished = qs.filter(state__in=["resolved", "unresolved", "closed"]).aggregate(
        n=Count("id"), ok=Count("id", filter=Q(resolved_at__isnull=False)))
    ratings = Rating.objects.filter(complaint__merchant_id=merchant_id).aggregate(
        n=Count("id"), avg=Avg("score"))
    by_scenario = (qs.values("scenario").annotate(n=Count("id")).order_by("-n")[:8])
    return render(request, "web/merchant/stats.html", {
        "merchant": request.user.merchant,
        "total": qs.count(),
        "by_state": dict(qs.values_list("state").annotate(n=Count("id")).order_by()),
        "on_time_rate": agg["on_time"] / agg["n"] if agg["n"] else None,
        "resolution_rate": finished["ok"] / finished["n"] if finished["n"] else None,
        "ratings": ratings,
        "by_scenario": by_scenario,
        "record": sla.merchant_record(merchant_id),
    })


@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    """Complaint trends per scenario with sudden changes called out, for product teams."""
    from tousu.public import figures
    from tousu.public.feedback import merchant_scorecard, trends

    merchant_id = _agent(request)
    today = timezone.localdate()
    end = figures.add_months(today.replace(day=1), 1)
    p = figures.period(request.GET.get("period"))
    return render(request, "web/merchant/feedback.html", {
        "trends": trends(merchant_id, end), "card": merchant_scorecard(merchant_id, p),
        "period": p, "periods": figures.periods(), "as_of": figures.as_of(),
    })
