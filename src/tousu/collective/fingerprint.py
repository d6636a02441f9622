"""MinHash fingerprints of complaint text, computed for one text or a million at once.

Why not ``datasketch.MinHash.update`` per document: it hashes every shingle in Python and
costs ~330 µs a complaint on this machine, i.e. ~5.5 minutes for a 1,000,000 complaint
import before any matching starts. Here every shingle is hashed once, vectorised with numpy,
and spread over ``NUM_PERM`` bins ("one-permutation hashing", Li, Owen & Zhang 2012) with
rotation densification for empty bins (Shrivastava & Li 2014). The result has the MinHash
property the rest relies on — the share of equal slots estimates the Jaccard similarity of
the two shingle sets — at ~20 µs a complaint including text clean-up, and ~7 µs a complaint
in bulk (:func:`signatures`: clean-up by code-point table, slot-major densification).

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

from . import charmap

NUM_PERM = 128
SHINGLE = 3
#: Bands used to find candidates inside one merchant: many short bands, because consumers
#: telling one incident in their own words share only ~15-40% of their 3-grams.
BANDS = 64
ROWS = 2
#: Bands used to find near-identical texts across merchants (proxy templates): few long
#: bands of interleaved slots (:func:`template_band_hashes`), so only texts with Jaccard
#: >~ 0.6 collide.
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
#: from this many texts on, :func:`signatures` cleans by table (building it costs ~0.7 s)
_TABLE_MIN = 20_000
assert NUM_PERM == 1 << 7
assert TEMPLATE_BANDS * TEMPLATE_ROWS == NUM_PERM


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


def _densify(sig_t: np.ndarray) -> np.ndarray:
    """Fill empty bins from the next non-empty bin to the right (cyclic), offset by distance.

    Two texts with the same shingle sets fill their empty bins the same way, so equal slots
    keep estimating Jaccard; the offset keeps a borrowed value from equalling the original.
    Takes the transposed ``(NUM_PERM, n)`` block :func:`_min_hashes` fills and returns the
    ``(n, NUM_PERM)`` signatures.
    """
    empty = sig_t == _EMPTY
    if not empty.any():
        return np.ascontiguousarray(sig_t.T)
    if sig_t.shape[1] < 256:
        return _densify_rows(np.ascontiguousarray(sig_t.T), np.ascontiguousarray(empty.T))
    return np.ascontiguousarray(_densify_columns(sig_t).T)


def _densify_columns(sig_t: np.ndarray) -> np.ndarray:
    """:func:`_densify` on a transposed ``(NUM_PERM, n)`` signature block, in place.

    One right-to-left sweep over the slots, each a contiguous row of ``n`` values, carrying
    the nearest non-empty value to the right and its distance; the sweep starts from each
    text's first non-empty slot, which is where the cyclic scan wraps to.
    """
    k, n = sig_t.shape
    empty = sig_t == _EMPTY
    filled = ~empty
    first = np.argmax(filled, axis=0)
    cols = np.arange(n)
    val = np.where(filled[first, cols], sig_t[first, cols], _EMPTY)
    dist = first.astype(np.uint32)
    usable = val != _EMPTY
    for j in range(k - 1, -1, -1):
        dist += np.uint32(1)
        hole = np.flatnonzero(empty[j] & usable)
        if hole.size:
            sig_t[j, hole] = (val[hole] + dist[hole] * np.uint32(0x9E3779B1)) & np.uint32(
                0x7FFFFFFF)
        ne = filled[j]
        val = np.where(ne, sig_t[j], val)
        dist[ne] = 0
    return sig_t


def _densify_rows(sig: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Same result as :func:`_densify_columns`, cheaper for a handful of rows (one complaint)."""
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


def signatures(texts: Sequence[str], chunk: int = 10_000) -> np.ndarray:
    """MinHash signatures of many texts as an ``(n, NUM_PERM)`` uint32 array.

    Work is done in chunks so the temporaries stay around 100 MB whatever ``len(texts)`` is;
    the result (512 bytes a text) is the only thing that grows with ``n``. From
    :data:`_TABLE_MIN` texts on, clean-up is a code-point table look-up (:mod:`.charmap`)
    instead of :func:`clean` per text — same result, a tenth of the cost. A text with
    fewer than three usable characters gets an all-empty signature that matches nothing.
    """
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    bulk = len(texts) >= _TABLE_MIN
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        if bulk:
            out[start : start + len(part)] = _signatures_raw(part)
        else:
            out[start : start + len(part)] = _signatures_clean([clean(t) for t in part])
    return out


def _signatures_raw(texts: Sequence[str]) -> np.ndarray:
    """Signatures of texts as typed, cleaned by table look-up.

    Texts with a character the table cannot decide (full-width forms, combining marks, Σ…)
    are redone with :func:`clean`; in Chinese complaint text that is a handful per chunk.
    """
    table = charmap.table()
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    raw = ("\x00".join(texts) + "\x00").encode("utf-32-le", "surrogatepass")
    codes = table[np.frombuffer(raw, dtype=np.uint32)]
    del raw
    keep = codes != 0
    keep[np.cumsum(lengths + 1) - 1] = True  # the separators stay, as 0
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths + 1)[keep]
    codes = codes[keep]
    special = np.unique(doc[codes == charmap.SPECIAL])
    sig_t = np.full((NUM_PERM, n), _EMPTY, dtype=np.uint32)
    _min_hashes(sig_t.reshape(-1), codes, doc, n)
    out = _densify(sig_t)
    if special.size:
        out[special] = _signatures_clean([clean(texts[i]) for i in special])
    return out


def _min_hashes(flat_t: np.ndarray, codes: np.ndarray, doc: np.ndarray, n: int) -> None:
    """Hash every 3-gram of ``codes`` (texts separated by 0) into its slot's minimum.

    ``flat_t`` is a transposed ``(NUM_PERM, n)`` block, flattened: slot-major, so the
    densification sweeps afterwards run over contiguous memory.
    """
    cp = codes.astype(np.uint64)
    c0, c1, c2 = cp[:-2], cp[1:-1], cp[2:]
    valid = (c0 != 0) & (c1 != 0) & (c2 != 0)
    # Code points fit in 21 bits, so a 3-gram packs exactly into one 64-bit integer.
    packed = (c0[valid] << np.uint64(42)) | (c1[valid] << np.uint64(21)) | c2[valid]
    del c0, c1, c2, cp
    h = _mix(packed ^ _SEED)
    del packed
    bins = (h >> _BIN_SHIFT).astype(np.int64)
    vals = ((h & np.uint64(0xFFFFFFFF)) >> np.uint64(1)).astype(np.uint32)
    del h
    np.minimum.at(flat_t, bins * n + doc[:-2][valid], vals)


def _signatures_clean(cleaned: list[str]) -> np.ndarray:
    """Signatures of texts already passed through :func:`clean`."""
    n = len(cleaned)
    if n == 0:
        return np.full((0, NUM_PERM), _EMPTY, dtype=np.uint32)
    joined = "\x00".join(cleaned) + "\x00\x00\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(c) + 1 for c in cleaned), dtype=np.int64, count=n)
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    doc = np.concatenate([doc, np.full(2, n - 1, dtype=np.int64)])
    sig_t = np.full((NUM_PERM, n), _EMPTY, dtype=np.uint32)
    _min_hashes(sig_t.reshape(-1), codes, doc, n)
    return _densify(sig_t)


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


_TEMPLATE_ROW_SALTS = [np.uint64(((r + 1) * int(_GOLD)) & 0xFFFFFFFFFFFFFFFF)
                       for r in range(TEMPLATE_ROWS)]


def template_band_hashes(sig: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    """``(n, TEMPLATE_BANDS)`` uint64 hashes; band ``b`` is slots ``b, b+16, …, b+112``.

    Why interleaved, not consecutive slots as in :func:`band_hashes`: densification fills an
    empty slot from the next non-empty one, so neighbouring slots of a short text often hold
    the same borrowed value, and 8 consecutive slots hinge on 2-4 real values. Texts sharing
    a few common 3-grams then collide: 1.5 M cross-merchant pairs to check at 100,000
    generated complaints, growing with the square of the import. Slots 16 apart are nearly
    independent, which gives the textbook S-curve (collision ~ J^8, steepest near J = 0.71,
    just below ``template_threshold``): 16 thousand pairs for the same 100,000. Empty texts
    hash to 0.
    """
    n = sig.shape[0]
    out = np.empty((n, TEMPLATE_BANDS), dtype=np.uint64)
    for s in range(0, n, chunk):
        use = sig[s : s + chunk].reshape(-1, TEMPLATE_ROWS, TEMPLATE_BANDS)
        h = np.full((len(use), TEMPLATE_BANDS), _GOLD, dtype=np.uint64)
        for r in range(TEMPLATE_ROWS):
            h = _mix(h ^ use[:, r, :].astype(np.uint64) ^ _TEMPLATE_ROW_SALTS[r])
        h |= np.uint64(1)
        h[(use == _EMPTY).all(axis=1)] = 0
        out[s : s + len(use)] = h
    return out


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
        """Band keys for near-identical text (proxy templates), with a ``t`` prefix.

        Bands are interleaved slots (:func:`template_band_hashes`), as in batch mode.
        """
        h = template_band_hashes(self.values[None, :])[0]
        return [f"t{b:02x}{int(v) & 0xFFFFFFFFFFFF:012x}" for b, v in enumerate(h) if v]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fingerprint) and bool(np.array_equal(self.values, other.values))

    def __hash__(self) -> int:
        return hash(self.values.tobytes())


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint one text (see module docstring for what is hashed and why)."""
    return Fingerprint(_signatures_clean([clean(text)])[0])
