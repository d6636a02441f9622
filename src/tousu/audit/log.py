"""Append to the audit chain safely from many processes."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tousu.audit.models import AuditEntry
from tousu.privacy import VerifyResult, make_entry, verify

_PG_LOCK_KEY = 7_401_2026  # advisory lock id for "append to the audit chain"


def actor_label(user) -> str:
    if user is None:
        return "system"
    return f"{user.effective_role.value}:{user.pk}"


def record(
    user, action: str, object_type: str, object_id: Any = None, detail: dict | None = None
) -> AuditEntry:
    """Append one entry chained onto the last.

    Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite
    by its single writer (tousu opens write transactions with BEGIN IMMEDIATE). The unique
    ``seq`` is the backstop: a chain can never fork silently.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEntry.objects.order_by("-seq").first()
        entry = make_entry(
            last.as_chain_dict() if last else None, actor=actor_label(user), action=action,
            object_type=object_type, object_id=object_id, detail=detail or {},
            at=timezone.now(),
        )
        return AuditEntry.objects.create(**entry.as_dict())


def verify_chain(expected_head: tuple[int, str] | None = None) -> VerifyResult:
    rows = (e.as_chain_dict() for e in AuditEntry.objects.order_by("seq").iterator(2000))
    return verify(rows, expected_head=expected_head)
