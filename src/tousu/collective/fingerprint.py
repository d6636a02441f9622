"""MinHash fingerprints of complaint text, computed for one text or a million at once.

Why not ``datasketch.MinHash.update`` per document: it hashes every shingle in Python and
costs ~330 µs a complaint on this machine, i.e. ~5.5 minutes for a 1,000,000 complaint
import before any matching starts. Here every shingle is hashed once, vectorised with numpy,
and spread over ``NUM_PERM`` bins ("one-permutation hashing", Li, Owen & Zhang 2012) with
rotation densification for empty bins (Shrivastava & Li 2014). The result has the MinHash
property the rest relies on — the share of equal slots estimates the Jaccard similarity of
the two shingle sets — at ~20 µs a complaint including text clean-up.

Shingles are character 3-grams of the normalised text with digits, punctuation and white
space removed: amounts, dates, order numbers and phone numbers differ between consumers of
one incident and must not make their texts look different (or, for a shared agency phone
number, alike).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
SHINGLE = 3
#: Bands used to find candidates inside one merchant: many short bands, because consumers
#: telling one incident in their own words share only ~15-40% of their 3-grams.
BANDS = 64
ROWS = 2
#: Bands used to find near-identical texts across merchants (proxy templates): few long
#: bands, so only texts with Jaccard >~ 0.6 collide.
TEMPLATE_BANDS = 16
TEMPLATE_ROWS = 8

_FORMAT = 1
_EMPTY = np.uint32(0xFFFFFFFF)
_SEED = np.uint64(0x5EED_C011_EC71_0E5)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_STRIP = re.compile(r"[\W\d_]+")
_BIN_SHIFT = np.uint64(64 - 7)  # 7 bits -> 128 bins
assert NUM_PERM == 1 << 7


def clean(text: str) -> str:
    """The characters that shingles are made of: normalised, no digits/punctuation/space.

    Stripping first and normalising only when needed is the same result as
    ``normalize`` then strip (NFKC only folds full-width forms and compatibility
    characters), at a fraction of the cost on already-normal Chinese text.
    """
    s = _STRIP.sub("", text)
    if not unicodedata.is_normalized("NFKC", s):
        s = _STRIP.sub("", unicodedata.normalize("NFKC", s))
    return s.lower()


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash of 64-bit integers."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def _densify(sig: np.ndarray) -> np.ndarray:
    """Fill empty bins from the next non-empty bin to the right (cyclic), offset by distance.

    Two texts with the same shingle sets fill their empty bins the same way, so equal slots
    keep estimating Jaccard; the offset keeps a borrowed value from equalling the original.
    Column-wise sweeps (2·NUM_PERM vector operations over all rows) are far cheaper than
    row-wise scans.
    """
    empty = sig == _EMPTY
    if not empty.any():
        return sig
    n, k = sig.shape
    if n < 256:
        return _densify_rows(sig, empty)
    out = sig.copy()
    val = np.full(n, _EMPTY, dtype=np.uint32)
    dist = np.zeros(n, dtype=np.uint32)
    for sweep in range(2):
        for j in range(k - 1, -1, -1):
            col = sig[:, j]
            ne = ~empty[:, j]
            dist += 1
            if sweep:
                fill = empty[:, j] & (val != _EMPTY)
                if fill.any():
                    out[fill, j] = (val[fill] + dist[fill] * np.uint32(0x9E3779B1)) & np.uint32(
                        0x7FFFFFFF)
            val = np.where(ne, col, val)
            dist[ne] = 0
    return out


def _densify_rows(sig: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Same result as the column sweeps, cheaper for a handful of rows (one new complaint)."""
    n, k = sig.shape
    cols = np.arange(2 * k, dtype=np.int64)
    idx = np.where(np.concatenate([~empty, ~empty], axis=1), cols, 1 << 40)
    nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :k]
    full = nxt < (1 << 40)
    src = np.where(full, nxt % k, 0)
    dist = (nxt - np.arange(k)).astype(np.uint32)
    borrowed = sig[np.arange(n)[:, None], src]
    filled = (borrowed + dist * np.uint32(0x9E3779B1)) & np.uint32(0x7FFFFFFF)
    return np.where(empty & full, filled, sig)


def signatures(texts: Sequence[str], chunk: int = 50_000) -> np.ndarray:
    """MinHash signatures of many texts as an ``(n, NUM_PERM)`` uint32 array.

    Work is done in chunks so memory stays at a few hundred MB whatever ``len(texts)`` is.
    A text with fewer than three usable characters gets an all-empty signature that matches
    nothing.
    """
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(texts), chunk):
        part = [clean(t) for t in texts[start : start + chunk]]
        out[start : start + len(part)] = _signatures_clean(part)
    return out


def _signatures_clean(cleaned: list[str]) -> np.ndarray:
    n = len(cleaned)
    sig = np.full((n, NUM_PERM), _EMPTY, dtype=np.uint32)
    if n == 0:
        return sig
    joined = "\x00".join(cleaned) + "\x00\x00\x00"
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(c) + 1 for c in cleaned), dtype=np.int64, count=n)
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    doc = np.concatenate([doc, np.full(2, n - 1, dtype=np.int64)])
    c0, c1, c2 = cp[:-2], cp[1:-1], cp[2:]
    valid = (c0 != 0) & (c1 != 0) & (c2 != 0)
    # Code points fit in 21 bits, so a 3-gram packs exactly into one 64-bit integer.
    packed = (c0[valid] << np.uint64(42)) | (c1[valid] << np.uint64(21)) | c2[valid]
    h = _mix(packed ^ _SEED)
    bins = (h >> _BIN_SHIFT).astype(np.int64)
    vals = ((h & np.uint64(0xFFFFFFFF)) >> np.uint64(1)).astype(np.uint32)
    flat = sig.reshape(-1)
    np.minimum.at(flat, doc[:-2][valid] * NUM_PERM + bins, vals)
    return _densify(sig)


def band_hashes(sig: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """``(n, bands)`` uint64 hashes, one per band of ``rows`` consecutive slots.

    Rows whose slots are all empty hash to 0 so callers can skip them (empty texts must not
    collide with each other).
    """
    n = sig.shape[0]
    use = sig[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    h = np.zeros((n, bands), dtype=np.uint64) + _GOLD
    for r in range(rows):
        h = _mix(h ^ use[:, :, r] ^ np.uint64(((r + 1) * int(_GOLD)) & 0xFFFFFFFFFFFFFFFF))
    h = h | np.uint64(1)  # never 0 for a real band
    allempty = (sig[:, : bands * rows].reshape(n, bands, rows) == _EMPTY).all(axis=2)
    h[allempty] = 0
    return h


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """A text's MinHash signature (``NUM_PERM`` uint32 slots)."""

    values: np.ndarray

    @property
    def empty(self) -> bool:
        """True for texts too short to shingle; they match nothing."""
        return bool((self.values == _EMPTY).all())

    def jaccard(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        if self.empty or other.empty:
            return 0.0
        return float(np.count_nonzero(self.values == other.values)) / NUM_PERM

    def to_bytes(self) -> bytes:
        """Compact storage form (1 + 4·NUM_PERM bytes), stable across platforms."""
        return bytes([_FORMAT]) + self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Inverse of :meth:`to_bytes`."""
        if len(data) != 1 + 4 * NUM_PERM or data[0] != _FORMAT:
            raise ValueError("not a tousu.collective fingerprint")
        return cls(np.frombuffer(data[1:], dtype="<u4").astype(np.uint32))

    def band_keys(self, bands: int = BANDS, rows: int = ROWS) -> list[str]:
        """LSH band keys: two texts are candidates when they share at least one key.

        Keys are 14-character strings (``2 hex band + 12 hex hash``) so they fit an indexed
        database column; the band number is part of the key so bands never mix.
        """
        h = band_hashes(self.values[None, :], bands, rows)[0]
        return [f"{b:02x}{int(v) & 0xFFFFFFFFFFFF:012x}" for b, v in enumerate(h) if v]

    def template_keys(self) -> list[str]:
        """Band keys for near-identical text (proxy templates), with a ``t`` prefix."""
        return ["t" + k for k in self.band_keys(TEMPLATE_BANDS, TEMPLATE_ROWS)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fingerprint) and bool(np.array_equal(self.values, other.values))

    def __hash__(self) -> int:
        return hash(self.values.tobytes())


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint one text (see module docstring for what is hashed and why)."""
    return Fingerprint(_signatures_clean([clean(text)])[0])
