"""Users carry one role; merchant agents are tied to the merchant they work for."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tousu.core.access import Actor
from tousu.core.roles import ROLE_LABELS, Role


class User(AbstractUser):
    role = models.CharField(
        "角色", max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role],
        default=Role.CONSUMER.value,
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", verbose_name="所属商家", null=True, blank=True,
        on_delete=models.PROTECT, related_name="agents",
    )
    # Set when a reviewer confirmed that this account files for a complaint agency (M8):
    # it may still complain, but slowly and with every complaint checked by a person.
    limited_at = models.DateTimeField("受限时间", null=True, blank=True)
    limited_reason = models.CharField("受限原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.MERCHANT_AGENT and self.merchant_id is None:
            raise ValidationError({"merchant": "商家客服必须关联一个商家"})
        if self.role != Role.MERCHANT_AGENT and self.merchant_id is not None:
            raise ValidationError({"merchant": "只有商家客服可以关联商家"})

    @property
    def effective_role(self) -> Role:
        # A superuser is an admin whatever the role column says, so nobody is locked out.
        return Role.ADMIN if self.is_superuser else Role(self.role)

    def as_actor(self) -> Actor:
        return Actor(role=self.effective_role, user_id=self.pk, merchant_id=self.merchant_id)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for API clients; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100, default="api")
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    @classmethod
    def issue(cls, user: User, name: str = "api") -> tuple[ApiToken, str]:
        """Create a token and return it with the secret, which is shown only once."""
        prefix = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=prefix, digest=_hash(secret))
        return token, f"tsu_{prefix}_{secret}"

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        try:
            scheme, prefix, secret = raw.split("_", 2)
        except ValueError:
            return None
        if scheme != "tsu":
            return None
        token = (
            cls.objects.select_related("user", "user__merchant")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .first()
        )
        if token is None or not secrets.compare_digest(token.digest, _hash(secret)):
            return None
        if not token.user.is_active:
            return None
        now = timezone.now()
        # Writing on every request would serialise readers on SQLite; a minute is enough.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class LoginFailure(models.Model):
    """One failed sign-in, kept briefly so password guessing is slowed on every process.

    Rows live in the database (not a per-process cache) so the limit holds across all app
    servers; ``tousu.accounts.throttle`` counts and prunes them.
    """

    key = models.CharField(max_length=200, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
