"""Tamper-evident audit log as a SHA-256 hash chain (framework-free).

Each entry's hash covers its own fields *and* the previous entry's hash, so editing,
deleting or reordering any stored row breaks every link after it. The web layer stores
entries in a table (append-only) and calls :func:`make_entry` to append and :func:`verify`
to check (``tousu audit verify``).

Limits worth knowing:
* Truncating the *tail* (deleting the newest rows) leaves a valid shorter chain. To catch
  it, record the head (last seq and hash) somewhere else — a log line, a daily checkpoint
  sent to another system — and pass it as ``expected_head`` to :func:`verify`.
* Someone who can rewrite the whole table can recompute every hash. Checkpoints of the
  head outside the database are the defence against that, too.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "GENESIS_HASH",
    "AuditEntry",
    "BreakKind",
    "VerifyResult",
    "canonical_json",
    "chain_hash",
    "make_entry",
    "verify",
]

#: ``prev_hash`` of the first entry.
GENESIS_HASH = "0" * 64

#: The fields covered by the hash, in the order they are documented (the canonical JSON
#: sorts keys, so order here is for humans).
HASHED_FIELDS = ("seq", "at", "actor", "action", "object_type", "object_id", "detail")


def _default(obj: Any) -> Any:
    if isinstance(obj, dt.datetime):
        return _iso(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, decimal.Decimal | uuid.UUID):
        return str(obj)
    if isinstance(obj, set | frozenset | tuple):
        return sorted(obj, key=str) if isinstance(obj, set | frozenset) else list(obj)
    raise TypeError(f"audit detail value of type {type(obj).__name__} is not JSON-encodable")


def _iso(value: dt.datetime | str) -> str:
    """UTC ISO-8601 with microseconds and 'Z'; naive datetimes are taken as UTC.

    One fixed text form matters because the database may hand the timestamp back in a
    different timezone or type than it was written with; the hash must not change.
    """
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(obj: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 kept, datetimes as UTC ISO."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def _hashed_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: fields.get(k) for k in HASHED_FIELDS}
    out["seq"] = int(out["seq"])
    out["at"] = _iso(out["at"])
    out["object_id"] = None if out["object_id"] is None else str(out["object_id"])
    out["detail"] = json.loads(canonical_json(out["detail"] or {}))
    return out


def chain_hash(prev_hash: str, entry_fields: Mapping[str, Any]) -> str:
    """SHA-256 hex of ``prev_hash`` + canonical JSON of the entry's hashed fields."""
    payload = prev_hash + "\n" + canonical_json(_hashed_fields(entry_fields))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row. ``detail`` must not hold raw personal data (store masked values)."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    detail: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def fields(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in HASHED_FIELDS}

    def as_dict(self) -> dict[str, Any]:
        """All columns, e.g. for ``Model.objects.create(**entry.as_dict())``."""
        d = self.fields()
        d["prev_hash"] = self.prev_hash
        d["hash"] = self.hash
        return d


def make_entry(
    prev: AuditEntry | Mapping[str, Any] | None,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Build the next entry after ``prev`` (``None`` for the first), hash included.

    The caller must append under a lock / serialisable transaction (e.g. ``SELECT … FOR
    UPDATE`` on the last row) so two writers cannot both chain onto the same ``prev``.
    """
    if prev is None:
        seq, prev_hash = 1, GENESIS_HASH
    else:
        p = prev if isinstance(prev, Mapping) else prev.as_dict()
        seq, prev_hash = int(p["seq"]) + 1, str(p["hash"])
    at = at or dt.datetime.now(dt.UTC)
    detail_d = json.loads(canonical_json(dict(detail or {})))
    oid = None if object_id is None else str(object_id)
    fields = {
        "seq": seq, "at": at, "actor": actor, "action": action,
        "object_type": object_type, "object_id": oid, "detail": detail_d,
    }  # fmt: skip
    return AuditEntry(
        seq, at, actor, action, object_type, oid, detail_d, prev_hash, chain_hash(prev_hash, fields)
    )


class BreakKind(StrEnum):
    """Why verification failed."""

    EDITED = "edited"  # a row's content no longer matches its stored hash
    GAP = "gap"  # a seq number is missing: a row was deleted
    REORDERED = "reordered"  # seq goes backwards or repeats: rows swapped or duplicated
    LINK = "link"  # prev_hash does not match the previous row's hash
    HEAD = "head"  # chain is intact but does not end at the expected checkpoint


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """Outcome of :func:`verify`; truthy when the chain is intact."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    kind: BreakKind | None = None
    reason: str = ""
    head_seq: int | None = None
    head_hash: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def _get(entry: AuditEntry | Mapping[str, Any]) -> dict[str, Any]:
    return entry.as_dict() if isinstance(entry, AuditEntry) else dict(entry)


def verify(
    entries: Iterable[AuditEntry | Mapping[str, Any]],
    *,
    start_seq: int = 1,
    start_prev_hash: str = GENESIS_HASH,
    expected_head: tuple[int, str] | None = None,
) -> VerifyResult:
    """Walk entries in storage order and report the first break.

    Pass rows in the order they were appended (ascending primary key or seq). To verify a
    window, pass ``start_seq`` and the ``prev_hash`` of the row before it. ``expected_head``
    is an externally kept ``(seq, hash)`` checkpoint that the chain must reach.
    """
    expected_seq, prev_hash = start_seq, start_prev_hash
    checked = 0
    last_seq: int | None = None
    for raw in entries:
        e = _get(raw)
        seq = int(e["seq"])
        if seq < expected_seq:
            return VerifyResult(
                False, checked, seq, BreakKind.REORDERED,
                f"seq {seq} appears after seq {expected_seq - 1}: rows reordered or duplicated",
            )  # fmt: skip
        if seq > expected_seq:
            missing = (
                f"seq {expected_seq}"
                if seq == expected_seq + 1
                else f"seqs {expected_seq}..{seq - 1}"
            )
            return VerifyResult(
                False, checked, expected_seq, BreakKind.GAP,
                f"{missing} missing before seq {seq}: row(s) deleted",
            )  # fmt: skip
        recomputed = chain_hash(str(e.get("prev_hash", "")), e)
        if recomputed != e.get("hash"):
            return VerifyResult(
                False, checked, seq, BreakKind.EDITED,
                f"seq {seq}: stored hash does not match its content (row edited)",
            )  # fmt: skip
        if e.get("prev_hash") != prev_hash:
            return VerifyResult(
                False, checked, seq, BreakKind.LINK,
                f"seq {seq}: prev_hash does not match the hash of seq {seq - 1} "
                "(previous row edited and re-hashed, or chain spliced)",
            )  # fmt: skip
        if expected_head is not None and seq == expected_head[0] and e["hash"] != expected_head[1]:
            return VerifyResult(
                False, checked, seq, BreakKind.HEAD,
                f"seq {seq} hash differs from the checkpoint: chain rewritten",
            )  # fmt: skip
        prev_hash = str(e["hash"])
        last_seq = seq
        expected_seq += 1
        checked += 1
    if expected_head is not None:
        head_seq = expected_head[0]
        if last_seq is None or last_seq < head_seq:
            return VerifyResult(
                False, checked, (last_seq or start_seq - 1) + 1, BreakKind.HEAD,
                f"chain ends at seq {last_seq}, checkpoint says {head_seq}: tail deleted",
                last_seq, prev_hash if last_seq is not None else None,
            )  # fmt: skip
    return VerifyResult(True, checked, head_seq=last_seq, head_hash=prev_hash if checked else None)
