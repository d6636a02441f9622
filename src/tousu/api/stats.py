"""Aggregate figures: all a regulator sees, and what staff watch."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from tousu.api.schemas import ErrorOut, StatsOut
from tousu.complaints.models import Complaint
from tousu.core.access import Perm, authorize

router = Router(tags=["stats"])


@router.get("/stats", response={200: StatsOut, 401: ErrorOut, 403: ErrorOut},
            summary="汇总统计 Aggregate statistics")
def stats(request: HttpRequest):
    authorize(request.auth.as_actor(), Perm.STATS)
    qs = Complaint.objects.all()
    by_state = dict(qs.values_list("state").annotate(n=Count("id")).order_by())
    by_industry = dict(qs.values_list("merchant__industry").annotate(n=Count("id")).order_by())
    now = timezone.now()
    # Only complaints whose response deadline has passed, or that got an answer, can be
    # judged on time or late; the rest are still running.
    judged = qs.filter(Q(response_due_at__lt=now) | Q(first_response_at__isnull=False))
    agg = judged.aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(first_response_at__lte=F("response_due_at"))),
    )
    finished = qs.filter(state__in=["resolved", "unresolved", "closed"])
    fin = finished.aggregate(n=Count("id"), ok=Count("id", filter=Q(resolved_at__isnull=False)))
    return {
        "total": sum(by_state.values()),
        "by_state": by_state,
        "by_industry": by_industry,
        "responded_on_time_rate": round(agg["on_time"] / agg["n"], 4) if agg["n"] else None,
        "resolution_rate": round(fin["ok"] / fin["n"], 4) if fin["n"] else None,
    }
