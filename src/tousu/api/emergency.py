"""The 7×24 emergency lane (M3) and deadline records (M5) over the API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from tousu.api.errors import error_response
from tousu.api.schemas import ErrorOut, StrictSchema, file_download
from tousu.complaints import sla
from tousu.complaints.models import Complaint
from tousu.core.access import Perm, authorize
from tousu.merchants.models import Merchant

router = Router(tags=["emergency lane and deadlines"])
_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
           422: ErrorOut}


class QueueItem(Schema):
    id: int
    ref: str
    title: str
    merchant: str
    scenario: str
    amount: Decimal
    submitted_at: datetime
    due_at: datetime | None
    elapsed_seconds: int
    breached: bool
    reasons: list[str]


@router.get("/emergencies", response={200: list[QueueItem], **_ERRORS},
            summary="紧急队列 7×24 emergency queue (untaken, oldest first)")
def emergency_queue(request: HttpRequest):
    authorize(request.auth.as_actor(), Perm.EMERGENCY)
    return sla.queue()


@router.get("/emergencies/report", response={200: dict, **_ERRORS},
            summary="人工响应时长 Time to first human: p50/p90/max, per merchant")
def emergency_report(request: HttpRequest):
    authorize(request.auth.as_actor(), Perm.STATS)
    return sla.time_to_human_report()


def _emergency(request: HttpRequest, complaint_id: int) -> Complaint:
    authorize(request.auth.as_actor(), Perm.EMERGENCY)
    return get_object_or_404(Complaint.objects.select_related("merchant", "consumer"),
                             pk=complaint_id)


class TakeOut(Schema):
    taken: bool = Field(description="false if someone had already taken it")
    human_at: datetime | None
    waited_seconds: int | None


@router.post("/complaints/{complaint_id}/take", response={200: TakeOut, **_ERRORS},
             summary="接手紧急投诉 Take an emergency (stops the time-to-human clock)")
def take(request: HttpRequest, complaint_id: int):
    complaint = _emergency(request, complaint_id)
    if not complaint.emergency:
        return error_response(409, "not_an_emergency", "only emergencies are taken this way")
    taken = sla.take(complaint, request.auth)
    complaint.refresh_from_db(fields=["human_at"])
    waited = (complaint.human_at - complaint.submitted_at) if complaint.human_at else None
    return {"taken": taken, "human_at": complaint.human_at,
            "waited_seconds": int(waited.total_seconds()) if waited else None}


@router.post("/complaints/{complaint_id}/casefile", response={**_ERRORS},
             summary="生成报案材料 Police case file (zip of JSON + HTML)",
             openapi_extra=file_download(("application/zip",), "The case file as a zip"))
def casefile(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _emergency(request, complaint_id)
    try:
        data, digest, name = sla.build_casefile(complaint, request.auth)
    except sla.LossRefused as exc:
        return error_response(409, "not_a_fraud_emergency", str(exc))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Casefile-SHA256"] = digest
    return response


class LossIn(StrictSchema):
    amount: Decimal = Field(..., gt=0, le=Decimal("9999999999.99"), decimal_places=2)
    note: str = Field("", max_length=2000)


class LossOut(Schema):
    id: int
    amount: Decimal
    created_at: datetime


@router.post("/complaints/{complaint_id}/losses", response={201: LossOut, **_ERRORS},
             summary="登记失联损失 Record a loss suffered while no human was reachable")
def record_loss(request: HttpRequest, complaint_id: int, payload: LossIn):
    complaint = _emergency(request, complaint_id)
    try:
        loss = sla.record_loss(complaint, request.auth, payload.amount, payload.note)
    except sla.LossRefused as exc:
        return error_response(409, "target_not_missed", str(exc))
    return Status(201, {"id": loss.pk, "amount": loss.amount, "created_at": loss.created_at})


@router.get("/merchants/{merchant_id}/record", auth=None, response={200: dict, **_ERRORS},
            summary="商家履约记录 Breach ledger and losses while unreachable (public)")
def merchant_record(request: HttpRequest, merchant_id: int):
    merchant = get_object_or_404(Merchant, pk=merchant_id, is_active=True)
    return {"merchant": merchant.name, **sla.merchant_record(merchant.pk)}
