"""Collective complaints over the API: suggestions, cases, one update for all, one plan."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from tousu.api.schemas import DbId, ErrorOut, StrictSchema
from tousu.collectives import services
from tousu.collectives.models import CollectiveCase, Membership, Suggestion
from tousu.complaints.models import Complaint
from tousu.core.access import Denied, Perm, Subject, authorize, scope_of
from tousu.core.roles import Role

router = Router(tags=["collective complaints"])
_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
           422: ErrorOut}


class SuggestionOut(Schema):
    id: int
    merchant_id: int
    status: str
    complaint_ids: list[int]
    target_case_id: int | None
    evidence: dict
    created_at: datetime


def suggestion_out(s: Suggestion) -> dict:
    return {"id": s.pk, "merchant_id": s.merchant_id, "status": s.status,
            "complaint_ids": sorted(s.complaints.values_list("pk", flat=True)),
            "target_case_id": s.target_case_id, "evidence": s.evidence,
            "created_at": s.created_at}


class MemberOut(Schema):
    complaint_id: int
    ref: str
    acceptance: str
    compensation_amount: Decimal | None
    compensation_status: str


class CaseOut(Schema):
    id: int
    merchant_id: int
    merchant: str
    title: str
    summary: str
    status: str
    root_cause: str
    plan_amount: Decimal | None
    plan_rule: str
    members: list[MemberOut]
    timeline: list[dict]


def case_out(case: CollectiveCase, user) -> dict:
    staff_or_merchant = scope_of(user.as_actor()) in ("all", "merchant")
    members = case.members.select_related("complaint__consumer")
    if not staff_or_merchant:  # a consumer sees only their own membership
        members = members.filter(complaint__consumer__user=user)
    return {
        "id": case.pk, "merchant_id": case.merchant_id, "merchant": case.merchant.name,
        "title": case.title, "summary": case.summary, "status": case.status,
        "root_cause": case.root_cause, "plan_amount": case.plan_amount,
        "plan_rule": case.plan_rule,
        "members": [{"complaint_id": m.complaint_id, "ref": m.complaint.ref,
                     "acceptance": m.acceptance, "compensation_amount": m.compensation_amount,
                     "compensation_status": m.compensation_status} for m in members],
        "timeline": [{"kind": e.kind, "actor_role": e.actor_role, "note": e.note,
                      "data": e.data, "created_at": e.created_at} for e in case.events.all()],
    }


def _case(request: HttpRequest, case_id: int, perm: Perm) -> CollectiveCase:
    case = get_object_or_404(CollectiveCase.objects.select_related("merchant"), pk=case_id)
    actor = request.auth.as_actor()
    if actor.role is Role.CONSUMER and perm is Perm.COLLECTIVE_READ:
        if not Membership.objects.filter(case=case, complaint__consumer__user=request.auth).exists():
            raise Denied("collective case not found", hide=True)
        return case
    authorize(actor, perm, Subject(merchant_id=case.merchant_id))
    return case


@router.get("/collective/suggestions", response={200: list[SuggestionOut], **_ERRORS},
            summary="集体投诉建议 Suggested groups with evidence (moderators)")
def list_suggestions(request: HttpRequest, status: str = "pending"):
    authorize(request.auth.as_actor(), Perm.COLLECTIVE_MANAGE)
    return [suggestion_out(s) for s in Suggestion.objects.filter(status=status)
            .prefetch_related("complaints").order_by("-created_at")[:200]]


class ConfirmIn(StrictSchema):
    title: str = Field(..., min_length=4, max_length=200)
    summary: str = Field("", max_length=5000)


@router.post("/collective/suggestions/{suggestion_id}/confirm",
             response={200: CaseOut, **_ERRORS}, summary="确认为集体投诉 Confirm a suggestion")
def confirm(request: HttpRequest, suggestion_id: int, payload: ConfirmIn):
    authorize(request.auth.as_actor(), Perm.COLLECTIVE_MANAGE)
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    case = services.confirm(suggestion, request.auth, title=payload.title,
                            summary=payload.summary)
    return case_out(case, request.auth)


class RejectIn(StrictSchema):
    reason: str = Field("", max_length=2000)


@router.post("/collective/suggestions/{suggestion_id}/reject",
             response={200: SuggestionOut, **_ERRORS}, summary="驳回建议 Reject a suggestion")
def reject(request: HttpRequest, suggestion_id: int, payload: RejectIn):
    authorize(request.auth.as_actor(), Perm.COLLECTIVE_MANAGE)
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    services.reject(suggestion, request.auth, payload.reason)
    return suggestion_out(suggestion)


@router.get("/collective/cases", response={200: list[CaseOut], **_ERRORS},
            summary="集体投诉列表 Collective cases visible to you")
def list_cases(request: HttpRequest):
    actor = request.auth.as_actor()
    authorize(actor, Perm.COLLECTIVE_READ)
    qs = CollectiveCase.objects.select_related("merchant")
    scope = scope_of(actor)
    if scope == "merchant":
        qs = qs.filter(merchant_id=actor.merchant_id)
    elif scope == "own":
        qs = qs.filter(members__complaint__consumer__user=request.auth).distinct()
    return [case_out(c, request.auth) for c in qs[:200]]


@router.get("/collective/cases/{case_id}", response={200: CaseOut, **_ERRORS},
            summary="集体投诉详情 One collective case")
def read_case(request: HttpRequest, case_id: int):
    return case_out(_case(request, case_id, Perm.COLLECTIVE_READ), request.auth)


class UpdateIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=5000)


class UpdateOut(Schema):
    delivered_to: int


@router.post("/collective/cases/{case_id}/updates", response={200: UpdateOut, **_ERRORS},
             summary="统一回复/进展 One update to every member")
def post_update(request: HttpRequest, case_id: int, payload: UpdateIn):
    case = _case(request, case_id, Perm.COLLECTIVE_UPDATE)
    return {"delivered_to": services.post_update(case, request.auth, payload.body)}


class MemberIn(StrictSchema):
    complaint_id: DbId


@router.post("/collective/cases/{case_id}/members", response={200: CaseOut, **_ERRORS},
             summary="加入成员 Add a complaint")
def add_member(request: HttpRequest, case_id: int, payload: MemberIn):
    case = _case(request, case_id, Perm.COLLECTIVE_MANAGE)
    services.add_member(case, get_object_or_404(Complaint, pk=payload.complaint_id),
                        request.auth)
    return case_out(case, request.auth)


@router.delete("/collective/cases/{case_id}/members/{complaint_id}",
               response={200: CaseOut, **_ERRORS}, summary="移出成员 Remove a complaint")
def remove_member(request: HttpRequest, case_id: int, complaint_id: int):
    case = _case(request, case_id, Perm.COLLECTIVE_MANAGE)
    services.remove_member(case, get_object_or_404(Complaint, pk=complaint_id), request.auth)
    return case_out(case, request.auth)


class MergeIn(StrictSchema):
    other_case_id: DbId


@router.post("/collective/cases/{case_id}/merge", response={200: CaseOut, **_ERRORS},
             summary="合并 Merge another case into this one")
def merge(request: HttpRequest, case_id: int, payload: MergeIn):
    case = _case(request, case_id, Perm.COLLECTIVE_MANAGE)
    other = get_object_or_404(CollectiveCase, pk=payload.other_case_id)
    return case_out(services.merge(case, other, request.auth), request.auth)


class SplitIn(StrictSchema):
    complaint_ids: list[DbId] = Field(..., min_length=1)
    title: str = Field(..., min_length=4, max_length=200)


@router.post("/collective/cases/{case_id}/split", response={200: CaseOut, **_ERRORS},
             summary="拆分 Split members off into a new case")
def split(request: HttpRequest, case_id: int, payload: SplitIn):
    case = _case(request, case_id, Perm.COLLECTIVE_MANAGE)
    new = services.split(case, payload.complaint_ids, request.auth, payload.title)
    return case_out(new, request.auth)


class PlanIn(StrictSchema):
    amount: Decimal | None = Field(None, ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    rule: str = Field("", max_length=5000)
    root_cause: str = Field("", max_length=5000)


@router.post("/collective/cases/{case_id}/plan", response={200: CaseOut, **_ERRORS},
             summary="补偿方案 Offer one compensation plan to all members")
def set_plan(request: HttpRequest, case_id: int, payload: PlanIn):
    case = _case(request, case_id, Perm.COLLECTIVE_MANAGE)
    if payload.root_cause:
        case.root_cause = payload.root_cause
        case.save(update_fields=["root_cause"])
    services.set_plan(case, request.auth, amount=payload.amount, rule=payload.rule)
    return case_out(case, request.auth)


class AnswerIn(StrictSchema):
    accept: bool


@router.post("/collective/cases/{case_id}/acceptance", response={200: MemberOut, **_ERRORS},
             summary="接受/拒绝方案 A member answers the plan")
def answer(request: HttpRequest, case_id: int, payload: AnswerIn):
    case = _case(request, case_id, Perm.COLLECTIVE_READ)
    m = services.answer_plan(case, request.auth, accept=payload.accept)
    return {"complaint_id": m.complaint_id, "ref": m.complaint.ref, "acceptance": m.acceptance,
            "compensation_amount": m.compensation_amount,
            "compensation_status": m.compensation_status}


class ApplyOut(Schema):
    applied: int
    not_accepted: int


@router.post("/collective/cases/{case_id}/plan/apply", response={200: ApplyOut, **_ERRORS},
             summary="执行方案 Apply the plan to every member who accepted")
def apply_plan(request: HttpRequest, case_id: int):
    case = _case(request, case_id, Perm.COLLECTIVE_MANAGE)
    return services.apply_plan(case, request.auth)
