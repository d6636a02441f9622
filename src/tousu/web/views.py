"""Staff pages: the 7×24 emergency queue with live elapsed timers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tousu.complaints import sla
from tousu.complaints.models import Complaint
from tousu.core.access import Denied, Perm, authorize


def _require(request: HttpRequest, perm: Perm) -> None:
    """The access policy's answer, as the 403 page a browser shows."""
    try:
        authorize(request.user.as_actor(), perm)
    except Denied as exc:
        raise PermissionDenied(str(exc)) from None


@login_required
def emergency_queue(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.EMERGENCY)
    return render(request, "web/emergencies.html", {
        "queue": sla.queue(),
        "report": sla.time_to_human_report(),
        "target_minutes": int(sla.emergency_target().total_seconds() // 60),
    })


@login_required
@require_POST
def take(request: HttpRequest, complaint_id: int) -> HttpResponse:
    _require(request, Perm.EMERGENCY)
    sla.take(get_object_or_404(Complaint, pk=complaint_id, emergency=True), request.user)
    return redirect("web:emergencies")


@login_required
@require_POST
def casefile(request: HttpRequest, complaint_id: int) -> HttpResponse:
    _require(request, Perm.EMERGENCY)
    complaint = get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                                  pk=complaint_id)
    try:
        data, digest, name = sla.build_casefile(complaint, request.user)
    except sla.LossRefused as exc:
        raise PermissionDenied(str(exc)) from None
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Casefile-SHA256"] = digest
    return response


@login_required
def collective_suggestions(request: HttpRequest) -> HttpResponse:
    """Suggested groups with their evidence: shared phrases, time range, count."""
    from tousu.collectives.models import Suggestion

    _require(request, Perm.COLLECTIVE_MANAGE)
    pending = (Suggestion.objects.filter(status=Suggestion.Status.PENDING)
               .select_related("merchant", "target_case").prefetch_related("complaints")
               .order_by("-created_at"))
    return render(request, "web/collective.html", {"suggestions": pending})


@login_required
@require_POST
def collective_decide(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    from tousu.collectives import services as collective
    from tousu.collectives.models import Suggestion

    _require(request, Perm.COLLECTIVE_MANAGE)
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    if request.POST.get("decision") == "confirm":
        title = request.POST.get("title", "").strip() or f"{suggestion.merchant.name} 集体投诉"
        collective.confirm(suggestion, request.user, title=title[:200])
    else:
        collective.reject(suggestion, request.user, request.POST.get("reason", ""))
    return redirect("web:collective")
