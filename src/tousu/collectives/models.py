"""Collective cases and the suggestions that lead to them.

Detection lives in the framework-free :mod:`tousu.collective`; here are its stored
fingerprints (so every process matches new complaints against the same index) and what
people decide.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tousu.secure.fields import EncryptedTextField


class Fingerprint(models.Model):
    """A complaint's MinHash; its LSH band keys are rows of :class:`BandKey`."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE,
                                     primary_key=True, related_name="fingerprint")
    merchant_id = models.BigIntegerField(db_index=True)
    submitted_at = models.DateTimeField()
    minhash = models.BinaryField()


class BandKey(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="+")
    merchant_id = models.BigIntegerField()
    key = models.CharField(max_length=40)
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["merchant_id", "key", "submitted_at"])]


class CollectiveCase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "处理中"
        PLAN_OFFERED = "plan_offered", "已提出补偿方案"
        SETTLED = "settled", "已和解"
        CLOSED = "closed", "已结案"

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT,
                                 related_name="collective_cases")
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("概述", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    root_cause = models.TextField("根本原因", blank=True)
    plan_amount = models.DecimalField("每人补偿金额", max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    plan_rule = models.TextField("补偿规则", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "集体投诉"
        verbose_name_plural = "集体投诉"
        ordering = ["-created_at"]


class Membership(models.Model):
    class Acceptance(models.TextChoices):
        PENDING = "pending", "待确认"
        ACCEPTED = "accepted", "已接受"
        DECLINED = "declined", "不接受"

    class Compensation(models.TextChoices):
        NONE = "none", "未执行"
        APPLIED = "applied", "已执行"

    case = models.ForeignKey(CollectiveCase, on_delete=models.CASCADE, related_name="members")
    # One collective case per complaint at a time.
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE,
                                     related_name="membership")
    joined_at = models.DateTimeField(default=timezone.now)
    acceptance = models.CharField(max_length=10, choices=Acceptance.choices,
                                  default=Acceptance.PENDING)
    compensation_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True,
                                              blank=True)
    compensation_status = models.CharField(max_length=10, choices=Compensation.choices,
                                           default=Compensation.NONE)


class Suggestion(models.Model):
    """A group the engine found, waiting for a moderator to confirm or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已驳回"

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE,
                                 related_name="collective_suggestions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    complaints = models.ManyToManyField("complaints.Complaint", related_name="suggestions")
    target_case = models.ForeignKey(CollectiveCase, null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="suggestions")
    evidence = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)


class CaseEvent(models.Model):
    """The collective case's own shared timeline (each member's timeline gets a copy)."""

    case = models.ForeignKey(CollectiveCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(max_length=20, blank=True)
    note = EncryptedTextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
