"""LSH buckets for batch mode as sorted uint64 arrays: no Python objects per document.

Why arrays and not a dictionary of lists: a million complaints put 64 million (band,
document) entries into buckets; as Python lists that is gigabytes and minutes. Here one band
at a time becomes one uint64 key per document — the band's hash (seeded with the merchant
for candidate bands) in the high 40 bits, the document's position in the low 24 — and one
``np.sort`` puts each bucket's members next to each other in time order (positions are in
time order). Memory is a few arrays of ``n`` per band, whatever the number of bands.

A 40-bit bucket hash lets unrelated buckets collide now and then (about one pair per band
per million documents); callers verify every pair against the signatures anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .fingerprint import NUM_PERM, _mix

DOC_BITS = 24  # positions up to 16.7 M per batch
DOC_MASK = np.uint64((1 << DOC_BITS) - 1)
_GOLD = 0x9E3779B97F4A7C15
#: slots read per pass over the signatures: 16 uint32 = one 64-byte cache line per row
BLOCK = 16


def slot_blocks(sig: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """``(first slot, contiguous uint64 copy of BLOCK slots)`` for all slots of ``sig``.

    Reading the row-major signatures column by column would touch a cache line per value;
    a block of 16 slots is exactly one line per row, so each pass reads the array once.
    """
    for first in range(0, NUM_PERM, BLOCK):
        yield first, sig[:, first : first + BLOCK].astype(np.uint64)


def salt(k: int) -> np.uint64:
    """A well-spread 64-bit constant for band ``k`` (Python integers: no overflow warnings)."""
    return _mix(np.array([(k + 1) * _GOLD & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64))[0]


_ROW_SALTS = [np.uint64(r * _GOLD & 0xFFFFFFFFFFFFFFFF) for r in range(NUM_PERM)]


def band_key(block: np.ndarray, start: int, rows: int,
             seed: np.ndarray | np.uint64) -> np.ndarray:
    """64-bit hash of ``rows`` slots from column ``start`` of ``block``, mixed with ``seed``.

    ``seed`` separates bands (and, for candidate bands, merchants: one value per document),
    so equal slot values in different bands or at different merchants never share a bucket.
    """
    h = _mix(block[:, start] ^ seed)
    for r in range(1, rows):
        h = _mix(h ^ block[:, start + r] ^ _ROW_SALTS[r])
    return h


def buckets(hashes: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(bucket, position)`` of the ``members`` that share a bucket with another member.

    Sorted by bucket, then position (= time), so the earlier members of a bucket come right
    before each member. ``members`` are positions (ascending) and index ``hashes``.
    """
    keys = (hashes[members] & ~DOC_MASK) | members.astype(np.uint64)
    keys.sort()
    bucket = keys >> np.uint64(DOC_BITS)
    same = bucket[1:] == bucket[:-1]
    shared = np.zeros(len(keys), dtype=bool)
    shared[1:] = same
    shared[:-1] |= same
    keys = keys[shared]
    return keys >> np.uint64(DOC_BITS), (keys & DOC_MASK).astype(np.int64)


def neighbours(bucket: np.ndarray, pos: np.ndarray,
               max_neighbours: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(earlier, later)`` position pairs in one bucket, at most ``max_neighbours`` back.

    Yields per distance ``d`` (1, 2, ...) so callers can act on what nearer pairs showed
    before looking further; stops at the largest bucket's size.
    """
    for d in range(1, max_neighbours + 1):
        if d >= len(bucket):
            return
        same = np.flatnonzero(bucket[:-d] == bucket[d:])
        if same.size == 0:
            return
        yield pos[same], pos[same + d]
