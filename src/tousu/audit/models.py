"""Audit rows, hash-chained by :mod:`tousu.privacy.audit`; never updated or deleted."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=64)
    action = models.CharField(max_length=48, db_index=True)
    object_type = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64, null=True, blank=True)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def as_chain_dict(self) -> dict:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "object_type": self.object_type, "object_id": self.object_id,
                "detail": self.detail, "prev_hash": self.prev_hash, "hash": self.hash}
