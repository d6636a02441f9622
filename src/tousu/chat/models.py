"""Assistant conversations: every turn kept, and the moment a person took over.

A conversation is the consumer's thread with the assistant. Asking for a person (or an
emergency-looking message, which skips the bot) puts it in the human queue; the time
from that request to a staff member taking it is the time-to-human the platform reports.
Turn bodies can hold personal data, so they are encrypted like complaint narratives.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tousu.secure.fields import EncryptedTextField


class Conversation(models.Model):
    class Status(models.TextChoices):
        BOT = "bot", "智能助手"
        WAITING = "waiting", "等待人工"
        WITH_HUMAN = "with_human", "人工服务中"
        CLOSED = "closed", "已结束"

    class Reason(models.TextChoices):
        ASKED = "asked", "用户请求转人工"
        EMERGENCY = "emergency", "紧急情况自动转人工"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="conversations")
    # Anonymous visitors are tied to their browser session; never shown to anyone.
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    lang = models.CharField(max_length=8, default="zh")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOT,
                              db_index=True)
    emergency = models.BooleanField("紧急", default=False, db_index=True)
    emergency_reasons = models.JSONField(default=list, blank=True)
    handoff_reason = models.CharField(max_length=12, choices=Reason.choices, blank=True)
    handoff_at = models.DateTimeField("请求人工时间", null=True, blank=True, db_index=True)
    human_at = models.DateTimeField("人工接手时间", null=True, blank=True)
    human_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "助手会话"
        verbose_name_plural = "助手会话"
        indexes = [models.Index(fields=["status", "handoff_at"], name="chat_queue_idx")]

    def __str__(self) -> str:
        return f"会话 {self.pk}"

    @property
    def seconds_to_human(self) -> int | None:
        if self.handoff_at is None or self.human_at is None:
            return None
        return int((self.human_at - self.handoff_at).total_seconds())


class Turn(models.Model):
    class Side(models.TextChoices):
        USER = "user", "用户"
        BOT = "bot", "助手"
        STAFF = "staff", "人工客服"
        SYSTEM = "system", "系统"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="turns")
    side = models.CharField(max_length=8, choices=Side.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField(blank=True)
    # What the bot concluded (kind, entry, citations, suggestions), so the thread can be
    # re-rendered and the bot's answers audited later.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "会话消息"
        verbose_name_plural = "会话消息"
