"""Erasure on request (the right seed 002 names) and the public, masked complaint feed."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from tousu.api.errors import error_response
from tousu.api.schemas import DbId, ErrorOut, StrictSchema
from tousu.complaints.analysis import scenario_name
from tousu.complaints.erasure import erase_consumer
from tousu.complaints.models import Complaint, Consumer
from tousu.core.access import Perm, authorize
from tousu.core.lifecycle import STATE_LABELS, State
from tousu.core.roles import Role
from tousu.core.vocab import Visibility

router = Router(tags=["privacy"])
_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ErasureIn(StrictSchema):
    confirm: bool = Field(..., description="必须为 true：删除后无法恢复")
    reason: str = Field("consumer request", max_length=500)


class ErasureOut(Schema):
    complaints: int
    messages: int
    evidence_files: int


def _erase(request: HttpRequest, consumer: Consumer, payload: ErasureIn):
    if not payload.confirm:
        return error_response(422, "confirmation_required",
                              "set confirm to true: erased personal data cannot be restored")
    report = erase_consumer(consumer, by=request.auth, reason=payload.reason)
    return {"complaints": report.complaints, "messages": report.messages,
            "evidence_files": report.evidence_files}


@router.post("/me/erasure", response={200: ErasureOut, **_ERRORS},
             summary="删除我的个人信息 Erase my personal data")
def erase_me(request: HttpRequest, payload: ErasureIn):
    if request.auth.effective_role is not Role.CONSUMER:
        return error_response(403, "forbidden", "only a consumer can erase their own data here")
    consumer = Consumer.objects.filter(user=request.auth).first()
    if consumer is None:
        return {"complaints": 0, "messages": 0, "evidence_files": 0}
    return _erase(request, consumer, payload)


@router.post("/consumers/{consumer_id}/erasure", response={200: ErasureOut, **_ERRORS},
             summary="代为删除消费者个人信息 Erase a consumer's data (admin)")
def erase_consumer_by_admin(request: HttpRequest, consumer_id: int, payload: ErasureIn):
    authorize(request.auth.as_actor(), Perm.ERASE_ANY)
    return _erase(request, get_object_or_404(Consumer, pk=consumer_id), payload)


class PublicComplaintOut(Schema):
    ref: str
    title: str
    narrative: str
    merchant: str
    industry: str
    scenario: str
    scenario_name: str
    state: str
    state_label: str
    amount: str
    submitted_at: datetime
    resolved_at: datetime | None


class PublicFilters(Schema):
    merchant_id: DbId | None = None
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=100)


@router.get("/public/complaints", auth=None,
            response={200: list[PublicComplaintOut], 400: ErrorOut, 422: ErrorOut},
            summary="公开投诉（已脱敏）Public complaints, masked")
def public_complaints(request: HttpRequest, filters: Query[PublicFilters]):
    qs = (Complaint.objects.select_related("merchant")
          .filter(visibility=Visibility.PUBLIC, state__in=_PUBLISHED)
          .order_by("-submitted_at", "-id"))
    if filters.merchant_id:
        qs = qs.filter(merchant_id=filters.merchant_id)
    start = (filters.page - 1) * filters.page_size
    return [public_out(c) for c in qs[start : start + filters.page_size]]


# A rejected complaint was not accepted by the platform, so it is never published.
_PUBLISHED = [s.value for s in State if s is not State.REJECTED]


def public_out(c: Complaint) -> dict:
    """Only masked texts and facts about the case; never a consumer field."""
    return {
        "ref": c.ref, "title": c.title, "narrative": c.narrative_masked,
        "merchant": c.merchant.name, "industry": c.merchant.industry,
        "scenario": c.scenario, "scenario_name": scenario_name(c.scenario),
        "state": c.state, "state_label": STATE_LABELS[State(c.state)][0],
        "amount": str(c.amount), "submitted_at": c.submitted_at, "resolved_at": c.resolved_at,
    }
