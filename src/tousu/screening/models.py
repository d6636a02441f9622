"""Integrity flags awaiting review, and the contact keys that link complaints.

A flag never changes what happens to the complaint: it only puts it in front of a reviewer
with its reasons. Contact keys (keyed hashes of phones, e-mails and ID numbers found on the
account or in the text) are kept per complaint so a new complaint finds, with one indexed
query, every recent complaint sharing a contact.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ContactKey(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE,
                                  related_name="+")
    key = models.CharField(max_length=90)
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "submitted_at"], name="screening_contact_idx")]
        constraints = [models.UniqueConstraint(fields=["complaint", "key"],
                                               name="screening_contact_unique")]


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "待审核"
        CLEARED = "cleared", "已排除（真实消费者）"
        CONFIRMED = "confirmed", "确认代理投诉"

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE,
                                     related_name="integrity_flag")
    score = models.FloatField()
    reasons = models.JSONField(default=list)  # [{code, weight, zh, en, related, subject}]
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "代理投诉标记"
        verbose_name_plural = "代理投诉标记"
