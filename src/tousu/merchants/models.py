"""A merchant and its "24 h response / 7-day resolution" commitment (M5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tousu.core.vocab import INDUSTRIES, choices


class Merchant(models.Model):
    name = models.CharField("名称", max_length=120, unique=True)
    industry = models.CharField("行业", max_length=32, choices=choices(INDUSTRIES), db_index=True)
    description = models.TextField("简介", blank=True)
    is_active = models.BooleanField("启用", default=True)
    commitment_signed_at = models.DateTimeField("签署承诺时间", null=True, blank=True)
    commitment_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签署人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "商家"
        verbose_name_plural = "商家"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def committed(self) -> bool:
        return self.commitment_signed_at is not None
