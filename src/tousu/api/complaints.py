"""Complaint endpoints: submit, list, read, transition, messages, evidence, timeline."""

from __future__ import annotations

import re
from typing import Literal

from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from tousu.api.errors import error_response
from tousu.api.schemas import (
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    DbId,
    EmergencyJudgmentIn,
    ErrorOut,
    EventOut,
    EvidenceOut,
    FilterInstant,
    IndustryCode,
    MessageIn,
    MessageOut,
    RatingIn,
    RatingOut,
    ScenarioOverrideIn,
    StateCode,
    TransitionIn,
    file_download,
)
from tousu.api.serialize import complaint_out, event_out, evidence_out, message_out
from tousu.audit import log as audit
from tousu.complaints import services
from tousu.complaints.models import Complaint
from tousu.core.access import Perm, authorize
from tousu.core.evidence import MEDIA_TYPES as EVIDENCE_MEDIA_TYPES
from tousu.secure.client import client_source
from tousu.secure.exposure import mask, sees_original

router = Router(tags=["complaints"])

_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
           413: ErrorOut, 415: ErrorOut, 422: ErrorOut}
_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


def _load(request: HttpRequest, complaint_id: int, perm: Perm) -> Complaint:
    complaint = get_object_or_404(
        Complaint.objects.select_related("merchant", "consumer"), pk=complaint_id
    )
    authorize(request.auth.as_actor(), perm, services.subject_of(complaint))
    return complaint


def _original(request: HttpRequest, complaint: Complaint, what: str) -> bool:
    """Whether this caller sees personal data unmasked; if so the read is audited."""
    user = request.auth
    original = sees_original(user.as_actor(), is_owner=services.is_owner(user, complaint))
    if original:
        audit.record(user, "pii.read", "complaint", complaint.pk, {"what": what})
    return original


@router.post(
    "/complaints", response={200: ComplaintOut, 201: ComplaintOut, **_ERRORS, 429: ErrorOut},
    summary="提交投诉 Submit a complaint",
    description="Send an `Idempotency-Key` header to make retries safe: the same key with "
    "the same body returns the complaint created first (200 instead of 201).",
)
def submit(request: HttpRequest, payload: ComplaintIn):
    key = request.headers.get("Idempotency-Key")
    if key is not None and not _KEY.match(key):
        return error_response(
            400, "bad_idempotency_key",
            "Idempotency-Key must be 1–128 printable ASCII characters without spaces",
        )
    data = services.NewComplaint(**payload.model_dump(), source=client_source(request))
    complaint, created = services.submit(data, user=request.auth, idempotency_key=key)
    status = 201 if created else 200
    return Status(status, complaint_out(complaint, request.auth))


class ListFilters(Schema):
    state: list[StateCode] = Field(default_factory=list)
    merchant_id: DbId | None = None
    industry: IndustryCode | None = None
    channel: str | None = None
    scenario: str | None = None
    submitted_after: FilterInstant | None = None
    submitted_before: FilterInstant | None = None
    overdue: bool | None = Field(None, description="只看已过回复期限且商家未回复的投诉")
    route: Literal["emergency", "auto", "triage", "expert"] | None = Field(
        None, description="漏斗分流：emergency 为 7×24 紧急人工队列")
    emergency: bool | None = None
    q: str | None = Field(None, max_length=100, description="标题或编号包含")
    ordering: str = Field("-submitted_at", pattern=r"^-?(submitted_at|response_due_at|amount)$")
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=200)


@router.get("/complaints", response={200: ComplaintPage, **_ERRORS},
            summary="投诉列表 List complaints")
def list_complaints(request: HttpRequest, filters: Query[ListFilters]):
    actor = request.auth.as_actor()
    authorize(actor, Perm.LIST)
    qs = services.visible_complaints(actor)
    if filters.state:
        qs = qs.filter(state__in=filters.state)
    if filters.merchant_id:
        qs = qs.filter(merchant_id=filters.merchant_id)
    if filters.industry:
        qs = qs.filter(merchant__industry=filters.industry)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.scenario:
        qs = qs.filter(scenario=filters.scenario)
    if filters.submitted_after:
        qs = qs.filter(submitted_at__gte=filters.submitted_after)
    if filters.submitted_before:
        qs = qs.filter(submitted_at__lt=filters.submitted_before)
    if filters.route:
        qs = qs.filter(route=filters.route)
    if filters.emergency is not None:
        qs = qs.filter(emergency=filters.emergency)
    if filters.overdue:
        qs = qs.filter(
            response_due_at__lt=timezone.now(), first_response_at__isnull=True,
            state__in=["submitted", "accepted", "with_merchant"],
        )
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(ref__iexact=filters.q))
    qs = qs.order_by(filters.ordering, "-id")
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(qs[start : start + filters.page_size])
    results = [complaint_out(c, request.auth) for c in rows]
    unmasked = [r["id"] for r in results if not r["masked"]]
    if unmasked:
        audit.record(request.auth, "pii.read", "complaint_list", None, {"ids": unmasked})
    return {
        "count": count, "page": filters.page, "page_size": filters.page_size,
        "results": results,
    }


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **_ERRORS},
            summary="投诉详情 Read a complaint")
def read(request: HttpRequest, complaint_id: int):
    complaint = _load(request, complaint_id, Perm.READ)
    _original(request, complaint, "complaint")
    return complaint_out(complaint, request.auth)


@router.post("/complaints/{complaint_id}/transitions", response={200: ComplaintOut, **_ERRORS},
             summary="推进流程 Move a complaint along its lifecycle")
def transition(request: HttpRequest, complaint_id: int, payload: TransitionIn):
    _load(request, complaint_id, Perm.TRANSITION)
    complaint = services.transition(
        complaint_id, user=request.auth, action=payload.action, reason=payload.reason
    )
    return complaint_out(complaint, request.auth)


@router.post("/complaints/{complaint_id}/scenario", response={200: ComplaintOut, **_ERRORS},
             summary="人工改判场景 Override the scenario (kept as training data)")
def override_scenario(request: HttpRequest, complaint_id: int, payload: ScenarioOverrideIn):
    complaint = _load(request, complaint_id, Perm.OVERRIDE_SCENARIO)
    complaint = services.override_scenario(
        complaint, user=request.auth, code=payload.scenario, reason=payload.reason
    )
    return complaint_out(complaint, request.auth)


@router.post("/complaints/{complaint_id}/emergency", response={200: ComplaintOut, **_ERRORS},
             summary="人工判定紧急与否 Mark a false alarm or a missed emergency (training data)")
def judge_emergency(request: HttpRequest, complaint_id: int, payload: EmergencyJudgmentIn):
    complaint = _load(request, complaint_id, Perm.EMERGENCY)
    complaint = services.judge_emergency(
        complaint, user=request.auth, emergency=payload.emergency, reason=payload.reason
    )
    return complaint_out(complaint, request.auth)


@router.post("/complaints/{complaint_id}/rating", response={201: RatingOut, **_ERRORS},
             summary="评价处理结果 Rate the outcome (complainant, once)")
def rate(request: HttpRequest, complaint_id: int, payload: RatingIn):
    complaint = _load(request, complaint_id, Perm.READ)
    rating = services.rate(complaint, user=request.auth, score=payload.score,
                           comment=payload.comment)
    return Status(201, {"score": rating.score, "comment": rating.comment,
                        "created_at": rating.created_at})


@router.get("/complaints/{complaint_id}/messages", response={200: list[MessageOut], **_ERRORS},
            summary="留言列表 Messages")
def list_messages(request: HttpRequest, complaint_id: int):
    complaint = _load(request, complaint_id, Perm.READ)
    original = _original(request, complaint, "messages")
    return [message_out(m, original) for m in complaint.messages.all()]


@router.post("/complaints/{complaint_id}/messages", response={201: MessageOut, **_ERRORS},
             summary="发送留言 Post a message")
def post_message(request: HttpRequest, complaint_id: int, payload: MessageIn):
    complaint = _load(request, complaint_id, Perm.MESSAGE)
    message = services.add_message(complaint, user=request.auth, body=payload.body)
    return Status(201, message_out(message, True))


@router.get("/complaints/{complaint_id}/events", response={200: list[EventOut], **_ERRORS},
            summary="时间线 Timeline")
def list_events(request: HttpRequest, complaint_id: int):
    complaint = _load(request, complaint_id, Perm.READ)
    original = _original(request, complaint, "events")
    return [event_out(e, original) for e in complaint.events.all()]


@router.get("/complaints/{complaint_id}/evidence", response={200: list[EvidenceOut], **_ERRORS},
            summary="证据列表 Evidence files")
def list_evidence(request: HttpRequest, complaint_id: int):
    complaint = _load(request, complaint_id, Perm.READ_EVIDENCE)
    original = _original(request, complaint, "evidence_list")
    return [evidence_out(e, original) for e in complaint.evidence.all()]


@router.post("/complaints/{complaint_id}/evidence", response={201: EvidenceOut, **_ERRORS},
             summary="上传证据 Upload evidence (multipart field `file`)")
def upload_evidence(request: HttpRequest, complaint_id: int, file: File[UploadedFile]):
    complaint = _load(request, complaint_id, Perm.UPLOAD_EVIDENCE)
    evidence = services.add_evidence(
        complaint, user=request.auth, stream=file.file, name=file.name or "", size=file.size
    )
    return Status(201, evidence_out(evidence, True))


@router.get("/complaints/{complaint_id}/evidence/{evidence_id}/file", response={**_ERRORS},
            summary="下载证据 Download an evidence file",
            openapi_extra=file_download(EVIDENCE_MEDIA_TYPES,
                                        "The file as uploaded, with its sniffed media type"))
def download_evidence(request: HttpRequest, complaint_id: int, evidence_id: int) -> HttpResponse:
    complaint = _load(request, complaint_id, Perm.READ_EVIDENCE)
    evidence = get_object_or_404(complaint.evidence, pk=evidence_id)
    original = _original(request, complaint, f"evidence:{evidence.pk}")
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True,
        filename=evidence.name if original else mask(evidence.name),
        content_type=evidence.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
