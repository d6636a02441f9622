"""A callback is one promise to call a consumer, created once by the rule that asked for it.

``source_key`` names the rule and its object (``resolved:123``, ``rating:123``,
``chat:45``, ``mention:weibo-889``) and is unique, so a rule firing twice — a retried job,
a double click — still leaves exactly one callback. Every call is kept as an attempt.
Notes are stored only after the privacy core masked them: the callback team's notes are
read by others (the merchant's record, the yearly report), never the raw phone call.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tousu.secure.fields import EncryptedTextField


class Callback(models.Model):
    class Reason(models.TextChoices):
        RESOLVED = "resolved", "结案回访"
        CHAT_UNRESOLVED = "chat_unresolved", "在线服务未解决"
        LOW_RATING = "low_rating", "低分评价"
        SOCIAL_MENTION = "social_mention", "社交媒体不满"
        MANUAL = "manual", "人工安排"

    class Status(models.TextChoices):
        PENDING = "pending", "待回访"
        DONE = "done", "已回访"
        UNREACHABLE = "unreachable", "多次未接通"
        CANCELLED = "cancelled", "已取消"

    source_key = models.CharField(max_length=120, unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    complaint = models.ForeignKey("complaints.Complaint", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="callbacks")
    conversation = models.ForeignKey("chat.Conversation", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="callbacks")
    merchant = models.ForeignKey("merchants.Merchant", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="callbacks")
    # For a social-media mention with no complaint: who to call (encrypted) and what was said
    # (masked).
    contact_name = EncryptedTextField(blank=True)
    contact_phone = EncryptedTextField(blank=True)
    context_masked = models.TextField(blank=True)
    window_start = models.PositiveSmallIntegerField(default=9)
    window_end = models.PositiveSmallIntegerField(default=21)
    due_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    reached = models.BooleanField(null=True)
    resolved = models.BooleanField("问题是否解决", null=True)
    satisfaction = models.PositiveSmallIntegerField(null=True)
    notes_masked = models.TextField(blank=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        indexes = [models.Index(fields=["status", "due_at"], name="callback_queue_idx"),
                   models.Index(fields=["merchant", "created_at"], name="callback_merchant_idx")]
        constraints = [models.CheckConstraint(
            condition=models.Q(satisfaction__isnull=True)
            | models.Q(satisfaction__gte=1, satisfaction__lte=5),
            name="callback_satisfaction_1_5")]

    @property
    def agent_number(self) -> str:
        """The agent's staff number as told to the consumer (never their name)."""
        return f"{self.agent_id:05d}" if self.agent_id else ""


class Attempt(models.Model):
    callback = models.ForeignKey(Callback, on_delete=models.CASCADE, related_name="history")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reached = models.BooleanField()
    notes_masked = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
