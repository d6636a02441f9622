"""Merchant endpoints: a public directory, and the 24 h / 7-day commitment (M5)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from tousu.api.schemas import ErrorOut, IndustryCode, MerchantOut
from tousu.api.serialize import merchant_out
from tousu.core.access import Perm, Subject, authorize
from tousu.merchants.models import Merchant

router = Router(tags=["merchants"])


class MerchantFilters(Schema):
    q: str | None = Field(None, max_length=100, description="名称或简介包含")
    industry: IndustryCode | None = None
    limit: int = Field(50, ge=1, le=500)
_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/merchants", auth=None, response={200: list[MerchantOut], **_ERRORS},
            summary="商家目录 Merchant directory (public)")
def list_merchants(request: HttpRequest, filters: Query[MerchantFilters]):
    qs = Merchant.objects.filter(is_active=True)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(description__icontains=filters.q))
    if filters.industry:
        qs = qs.filter(industry=filters.industry)
    return [merchant_out(m) for m in qs[: filters.limit]]


@router.get("/merchants/{merchant_id}", auth=None, response={200: MerchantOut, **_ERRORS},
            summary="商家详情 One merchant (public)")
def read_merchant(request: HttpRequest, merchant_id: int):
    return merchant_out(get_object_or_404(Merchant, pk=merchant_id, is_active=True))


@router.post("/merchants/{merchant_id}/commitment", response={200: MerchantOut, **_ERRORS},
             summary="签署 24 小时响应、7 天解决承诺 Sign the commitment")
def sign_commitment(request: HttpRequest, merchant_id: int):
    merchant = get_object_or_404(Merchant, pk=merchant_id, is_active=True)
    authorize(request.auth.as_actor(), Perm.MERCHANT_COMMIT, Subject(merchant_id=merchant.pk))
    if merchant.commitment_signed_at is None:
        merchant.commitment_signed_at = timezone.now()
        merchant.commitment_signed_by = request.auth
        merchant.save(update_fields=["commitment_signed_at", "commitment_signed_by"])
    return merchant_out(merchant)


@router.delete("/merchants/{merchant_id}/commitment", response={200: MerchantOut, **_ERRORS},
               summary="撤销承诺 Withdraw the commitment")
def revoke_commitment(request: HttpRequest, merchant_id: int):
    merchant = get_object_or_404(Merchant, pk=merchant_id, is_active=True)
    authorize(request.auth.as_actor(), Perm.MERCHANT_COMMIT, Subject(merchant_id=merchant.pk))
    merchant.commitment_signed_at = None
    merchant.commitment_signed_by = None
    merchant.save(update_fields=["commitment_signed_at", "commitment_signed_by"])
    return merchant_out(merchant)
