"""Complaint records. The rules that govern them live in :mod:`tousu.core`."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from tousu.core.lifecycle import STATE_LABELS, State
from tousu.core.roles import ROLE_LABELS, Role
from tousu.core.vocab import CHANNELS, Visibility, choices
from tousu.secure.fields import EncryptedTextField


class Consumer(models.Model):
    """The complainant. Hotline notes and imports have no user account, so this is apart
    from :class:`User`; a consumer who registers is linked to their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consumer",
    )
    # Contact data is encrypted at rest; the keyed phone index allows lookups by number.
    name = EncryptedTextField("姓名", blank=True)
    phone = EncryptedTextField("手机号", blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    email = EncryptedTextField("邮箱", blank=True)
    # When the consumer is willing to take a callback (local hours, [from, to)).
    callback_from_hour = models.PositiveSmallIntegerField("回访开始时间", default=9)
    callback_to_hour = models.PositiveSmallIntegerField("回访结束时间", default=21)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField("个人信息删除时间", null=True, blank=True)

    class Meta:
        verbose_name = "消费者"
        verbose_name_plural = "消费者"

    def __str__(self) -> str:
        return self.name or f"consumer #{self.pk}"


def new_reference() -> str:
    """A human-quotable complaint number, e.g. TS2611228F3A09C1 (date + random)."""
    return "TS" + timezone.localdate().strftime("%y%m%d") + secrets.token_hex(4).upper()


class Complaint(models.Model):
    ref = models.CharField("投诉编号", max_length=24, unique=True, default=new_reference)
    consumer = models.ForeignKey(
        Consumer, verbose_name="投诉人", on_delete=models.PROTECT, related_name="complaints"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", verbose_name="被投诉商家", on_delete=models.PROTECT,
        related_name="complaints",
    )
    # Originals are encrypted; the masked twins are what search, lists and anyone without
    # need see (tousu.secure.exposure decides who gets which).
    title = models.CharField("标题（脱敏）", max_length=200)
    title_original = EncryptedTextField("标题原文")
    narrative = EncryptedTextField("投诉内容原文")
    narrative_masked = models.TextField("投诉内容（脱敏）")
    amount = models.DecimalField("涉诉金额", max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="CNY")
    demands = models.JSONField("诉求", default=list)
    channel = models.CharField("渠道", max_length=16, choices=choices(CHANNELS))
    scenario = models.CharField("场景", max_length=48, blank=True, db_index=True)
    # What the text engine concluded on intake (tousu.text.analyze), or a staff override.
    scenario_confidence = models.FloatField("场景置信度", null=True, blank=True)
    scenario_source = models.CharField(
        max_length=8, blank=True, choices=[("model", "模型"), ("staff", "人工")]
    )
    scenario_top_k = models.JSONField(default=list, blank=True)
    route = models.CharField(
        "分流", max_length=10, blank=True, db_index=True,
        choices=[("emergency", "紧急人工"), ("auto", "自动处理"), ("triage", "人工分诊"),
                 ("expert", "专家处理")],
    )
    route_reasons = models.JSONField("分流理由", default=list, blank=True)
    emergency = models.BooleanField("紧急", default=False, db_index=True)
    emergency_reasons = models.JSONField("紧急原因", default=list, blank=True)
    # Who said whether this is an emergency: the engine on intake, or a person afterwards
    # (a false alarm or a miss, kept as training data for the emergency net).
    emergency_source = models.CharField(
        "紧急判定来源", max_length=8, default="model",
        choices=[("model", "模型"), ("staff", "人工")],
    )
    # The emergency lane (M3): a person must take the case by emergency_due_at, 7×24.
    emergency_due_at = models.DateTimeField("紧急响应期限", null=True, blank=True)
    human_at = models.DateTimeField("人工接手时间", null=True, blank=True)
    human_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the deadline sweep must look at this complaint again (never later than due).
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    visibility = models.CharField(
        "公开性", max_length=10,
        choices=[(Visibility.PUBLIC.value, "公开"), (Visibility.PRIVATE.value, "不公开")],
    )
    state = models.CharField(
        "状态", max_length=20, choices=[(s.value, STATE_LABELS[s][0]) for s in State],
        default=State.SUBMITTED.value,
    )
    state_reason = EncryptedTextField("状态说明", blank=True)
    personal_data_removed_at = models.DateTimeField("个人信息清除时间", null=True, blank=True)

    idempotency_scope = models.CharField(max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=128, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    source_hash = models.CharField("提交来源（哈希）", max_length=64, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_at = models.DateTimeField("同意处理个人信息时间", null=True, blank=True)

    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField("商家首次回复", null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField("回复期限", null=True, blank=True)
    resolution_due_at = models.DateTimeField("解决期限", null=True, blank=True)
    deadline_source = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "投诉"
        verbose_name_plural = "投诉"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="complaint_idempotency_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="amount_non_negative"),
        ]
        indexes = [
            models.Index(fields=["merchant", "state"]),
            models.Index(fields=["state", "response_due_at"]),
            # The public feed: newest public complaints first, walked straight off the index.
            models.Index(fields=["visibility", "submitted_at"], name="complaint_public_feed_idx"),
            # A merchant's newest public complaints on its public page.
            models.Index(fields=["merchant", "visibility", "submitted_at"],
                         name="complaint_merchant_feed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Stored under a random name: the uploader's name never reaches the filesystem.
    ext = filename.rsplit(".", 1)[-1]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    name = EncryptedTextField("文件名")
    mime = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["uploaded_at", "id"]


class Side(models.TextChoices):
    CONSUMER = "consumer", "消费者"
    MERCHANT = "merchant", "商家"
    PLATFORM = "platform", "平台"


def side_of(role: Role) -> str:
    if role is Role.CONSUMER:
        return Side.CONSUMER
    if role is Role.MERCHANT_AGENT:
        return Side.MERCHANT
    return Side.PLATFORM


class Message(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["created_at", "id"]


class EventKind(models.TextChoices):
    CREATED = "created", "提交"
    TRANSITION = "transition", "状态变更"
    MESSAGE = "message", "留言"
    EVIDENCE = "evidence", "上传证据"
    IMPORTED = "imported", "导入"
    ANALYZED = "analyzed", "自动分析"
    ERASED = "erased", "删除个人信息"
    ESCALATED = "escalated", "超时升级"
    TAKEN = "taken", "人工接手"
    LOSS = "loss", "登记失联损失"
    CASEFILE = "casefile", "生成报案材料"
    COLLECTIVE = "collective", "集体投诉"
    SCENARIO_OVERRIDE = "scenario_override", "人工改判场景"
    RATED = "rated", "消费者评价"
    EMERGENCY_JUDGED = "emergency_judged", "人工判定紧急与否"


class Event(models.Model):
    """The complaint's timeline; append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    action = models.CharField(max_length=20, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # "system" marks what tousu did by itself (the automated path), not a person.
    actor_role = models.CharField(
        max_length=20, blank=True,
        choices=[(r.value, ROLE_LABELS[r]) for r in Role] + [("system", "系统")],
    )
    note = EncryptedTextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "事件"
        verbose_name_plural = "事件"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"])]


class Escalation(models.Model):
    """One deadline step taken for a complaint: a warning, a breach, an expert hand-off.

    Unique per (complaint, step): however many sweeps run, a step happens once. Breaches
    are the merchant's breach ledger.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="escalations")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE,
                                 related_name="escalations")
    step = models.CharField(max_length=24)
    audience = models.CharField(max_length=16)
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "超时升级"
        verbose_name_plural = "超时升级"
        constraints = [models.UniqueConstraint(fields=["complaint", "step"],
                                               name="escalation_once_per_step")]
        indexes = [models.Index(fields=["merchant", "step"]),
                   models.Index(fields=["step", "notified_at"])]


class UnreachableLoss(models.Model):
    """What a consumer lost while the emergency lane missed its time-to-human target."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="losses")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE,
                                 related_name="unreachable_losses")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "失联损失"
        verbose_name_plural = "失联损失"
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="loss_positive")]


class Rating(models.Model):
    """The consumer's verdict on how the merchant handled the complaint (1–5 stars).

    One per complaint and never edited: public rankings and merchant statistics read it,
    so a rating cannot be quietly changed after the fact.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField("评分")
    comment = EncryptedTextField("评价", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "评价"
        verbose_name_plural = "评价"
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5),
                                   name="rating_score_1_5"),
        ]
