"""Append to the audit chain safely from many processes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from tousu.audit.models import AuditEntry
from tousu.privacy import VerifyResult, make_entry, verify

_PG_LOCK_KEY = 7_401_2026  # advisory lock id for "append to the audit chain"


def actor_label(user) -> str:
    if user is None:
        return "system"
    return f"{user.effective_role.value}:{user.pk}"


class Pending(NamedTuple):
    """One entry to append: what :func:`record` takes, for :func:`record_many`."""

    user: Any
    action: str
    object_type: str
    object_id: Any = None
    detail: dict | None = None


def record(
    user, action: str, object_type: str, object_id: Any = None, detail: dict | None = None
) -> AuditEntry:
    """Append one entry chained onto the last."""
    return record_many([Pending(user, action, object_type, object_id, detail)])[0]


def record_many(pending: Sequence[Pending]) -> list[AuditEntry]:
    """Append several entries, in order, chained onto the last: one read, one insert.

    Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite
    by its single writer (tousu opens write transactions with BEGIN IMMEDIATE). The unique
    ``seq`` is the backstop: a chain can never fork silently. Inside a caller's transaction
    no savepoint is taken: a failed append fails the whole transaction anyway.
    """
    if not pending:
        return []
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        # seq is unique: this reads the last entry of its index, whatever the table's size.
        prev = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
        rows = []
        for item in pending:
            entry = make_entry(
                prev, actor=actor_label(item.user), action=item.action,
                object_type=item.object_type, object_id=item.object_id,
                detail=item.detail or {}, at=timezone.now(),
            )
            rows.append(AuditEntry(**entry.as_dict()))
            prev = {"seq": entry.seq, "hash": entry.hash}
        if len(rows) == 1:
            rows[0].save(force_insert=True)
            return rows
        return AuditEntry.objects.bulk_create(rows)


def verify_chain(expected_head: tuple[int, str] | None = None) -> VerifyResult:
    rows = (e.as_chain_dict() for e in AuditEntry.objects.order_by("seq").iterator(2000))
    return verify(rows, expected_head=expected_head)
