"""Audit hash chain: intact chains verify; edits, deletions and reorders are located."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from tousu.privacy import GENESIS_HASH, AuditEntry, BreakKind, chain_hash, make_entry, verify

T0 = dt.datetime(2024, 3, 15, 8, 0, tzinfo=dt.UTC)


def build(n: int = 6) -> list[AuditEntry]:
    chain: list[AuditEntry] = []
    prev = None
    for i in range(n):
        prev = make_entry(
            prev,
            actor=f"agent:{i % 2}",
            action="read_pii" if i % 2 else "status_change",
            object_type="complaint",
            object_id=100 + i,
            detail={"field": "phone", "to": "resolved", "amount": Decimal("12.50"), "n": i},
            at=T0 + dt.timedelta(minutes=i),
        )
        chain.append(prev)
    return chain


def test_intact_chain_verifies() -> None:
    chain = build()
    res = verify(chain)
    assert res and res.ok and res.checked == 6
    assert res.head_seq == 6 and res.head_hash == chain[-1].hash
    assert chain[0].prev_hash == GENESIS_HASH and chain[0].seq == 1
    assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))


def test_verify_accepts_db_rows_as_dicts_with_other_timezone() -> None:
    # The DB may return timestamps in another zone and ids as ints; the hash must hold.
    cst = dt.timezone(dt.timedelta(hours=8))
    rows = []
    for e in build():
        d = e.as_dict()
        d["at"] = d["at"].astimezone(cst)
        d["object_id"] = int(d["object_id"])
        d["detail"] = {**d["detail"], "amount": "12.50"}  # JSONField gives str back
        rows.append(d)
    assert verify(rows).ok


def test_edited_row_is_reported() -> None:
    chain = build()
    chain[3] = dataclasses.replace(chain[3], actor="attacker")
    res = verify(chain)
    assert not res and res.first_bad_seq == 4 and res.kind is BreakKind.EDITED


def test_edited_and_rehashed_row_breaks_the_next_link() -> None:
    chain = build()
    forged = dataclasses.replace(chain[2], detail={"field": "nothing"})
    forged = dataclasses.replace(forged, hash=chain_hash(forged.prev_hash, forged.fields()))
    chain[2] = forged
    res = verify(chain)
    assert res.first_bad_seq == 4 and res.kind is BreakKind.LINK


def test_deleted_row_is_reported_as_gap() -> None:
    chain = build()
    del chain[2]  # seq 3
    res = verify(chain)
    assert res.first_bad_seq == 3 and res.kind is BreakKind.GAP
    assert "deleted" in res.reason


def test_deleted_and_renumbered_rows_break_the_link() -> None:
    chain = build()
    del chain[2]
    renum = [
        dataclasses.replace(e, seq=e.seq - 1) if e.seq > 3 else e for e in chain
    ]  # attacker renumbers to hide the gap, but cannot fix hashes without rewriting
    res = verify(renum)
    assert not res and res.first_bad_seq == 3


def test_reordered_rows_are_reported() -> None:
    chain = build()
    chain[2], chain[3] = chain[3], chain[2]
    res = verify(chain)
    assert not res and res.first_bad_seq in (3, 4)
    assert res.kind in (BreakKind.GAP, BreakKind.REORDERED)
    # swapping seq numbers too (so ORDER BY seq looks fine) breaks the hashes instead
    chain = build()
    a, b = chain[2], chain[3]
    chain[2] = dataclasses.replace(b, seq=3)
    chain[3] = dataclasses.replace(a, seq=4)
    res = verify(chain)
    assert not res and res.first_bad_seq == 3 and res.kind is BreakKind.EDITED


def test_duplicate_row_is_reordered() -> None:
    chain = build()
    chain.insert(3, chain[2])
    res = verify(chain)
    assert res.kind is BreakKind.REORDERED and res.first_bad_seq == 3


def test_tail_truncation_needs_a_checkpoint() -> None:
    chain = build()
    head = (chain[-1].seq, chain[-1].hash)
    assert verify(chain[:-2]).ok  # undetectable without an external checkpoint
    res = verify(chain[:-2], expected_head=head)
    assert not res and res.kind is BreakKind.HEAD and res.first_bad_seq == 5
    assert verify(chain, expected_head=head).ok
    assert verify(chain, expected_head=(3, chain[2].hash)).ok
    assert verify(chain, expected_head=(3, "0" * 64)).kind is BreakKind.HEAD


def test_window_verification() -> None:
    chain = build()
    assert verify(chain[3:], start_seq=4, start_prev_hash=chain[2].hash).ok


def test_hash_is_canonical() -> None:
    e = build(1)[0]
    fields = e.fields()
    reordered = dict(reversed(list(fields.items())))
    assert chain_hash(GENESIS_HASH, fields) == chain_hash(GENESIS_HASH, reordered) == e.hash
