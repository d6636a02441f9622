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


def _staff(request: HttpRequest) -> None:
    try:
        authorize(request.user.as_actor(), Perm.EMERGENCY)
    except Denied as exc:
        raise PermissionDenied(str(exc)) from None


@login_required
def emergency_queue(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(request, "web/emergencies.html", {
        "queue": sla.queue(),
        "report": sla.time_to_human_report(),
        "target_minutes": int(sla.emergency_target().total_seconds() // 60),
    })


@login_required
@require_POST
def take(request: HttpRequest, complaint_id: int) -> HttpResponse:
    _staff(request)
    sla.take(get_object_or_404(Complaint, pk=complaint_id, emergency=True), request.user)
    return redirect("web:emergencies")


@login_required
@require_POST
def casefile(request: HttpRequest, complaint_id: int) -> HttpResponse:
    _staff(request)
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
