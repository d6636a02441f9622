"""Batch mode: cluster a whole import (up to millions of complaints) into suggested groups.

Pipeline, all numpy arrays (no Python object per pair or per bucket), so 1,000,000
complaints take well under two minutes and the signatures (512 bytes a complaint) are the
largest allocation besides the documents themselves:

1. MinHash signatures (:func:`.fingerprint.signatures`), documents in time order.
2. Templates: long LSH bands of interleaved slots (:func:`.fingerprint.template_band_hashes`)
   *without* the merchant find near-identical texts across merchants; such texts are
   proxy-agency templates, which are the integrity work's business, so they are set aside
   here (reported in :attr:`ClusterResult.templates`).
3. Candidates: short LSH bands keyed by merchant (:mod:`.lsh`). Inside one bucket each
   document is compared with at most ``max_bucket_neighbours`` earlier members, which bounds
   the work for hot buckets (very common phrases) without losing real incidents, whose
   members share many buckets.
4. Verification: the same score as :func:`.model.pair_score`, on arrays of pairs.
5. Connected components of verified pairs; components with at least ``min_size`` members
   become :class:`Group` suggestions.

Steps 3-5 alternate: candidate pairs are gathered band by band, and every
:data:`FLUSH_PAIRS` pairs they are scored and the components updated; later bands skip pairs
whose documents are already connected. Components come out the same as scoring every
candidate pair, because an edge inside a component changes nothing. On ordinary imports
that saves little, but one merchant's mass incident (20,000 near-identical complaints in a
month) brings the same pairs back in every band: gathering all bands first scored 15 M
pairs and held 1.6 GB; flushing scores 2.1 M and holds 0.23 GB.

Same semantics as :class:`.incremental.IncrementalIndex` (bucket caps count earlier members in
time order; templates occupy bucket places but never pair), so batch and incremental agree.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import lsh
from .fingerprint import (
    _EMPTY,
    BANDS,
    NUM_PERM,
    ROWS,
    TEMPLATE_BANDS,
    _mix,
    signatures,
    template_band_hashes,
)
from .model import DEFAULT, Config, Doc, combine, shared_phrases

#: candidate pairs gathered before they are scored and the components updated (16 MB)
FLUSH_PAIRS = 1 << 21
_VERIFY_CHUNK = 65_536
_BYTE_SUM = np.uint64(0x0101010101010101)


@dataclass(frozen=True)
class Group:
    """A suggested collective: members, merchant, time range and evidence."""

    ids: tuple[int, ...]
    merchant_id: int
    start: datetime
    end: datetime
    shared_phrases: tuple[str, ...] = ()


@dataclass
class ClusterResult:
    """Groups plus what a bench or a moderator screen may want to know about the run."""

    groups: list[Group]
    templates: list[int] = field(default_factory=list)   # ids set aside as template-like
    #: distinct same-merchant, in-window pairs scored (pairs already connected are skipped)
    candidate_pairs: int = 0
    #: scored pairs at or above the threshold
    verified_pairs: int = 0
    #: wall seconds per phase: signatures (incl. sorting by time), templates, candidates
    #: (banding, verification, components), groups
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Batch:
    """The documents as arrays, in time order (position = index into every array)."""

    sig: np.ndarray        # (n, NUM_PERM) uint32
    merchant: np.ndarray   # int64
    seconds: np.ndarray    # float64 POSIX time
    amount: np.ndarray     # float64
    scenario: np.ndarray   # int64 code, -1 = none

    def shared_slots(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Number of equal MinHash slots of each pair, in chunks to bound memory.

        The 128 equality bytes of a pair are summed as 16 uint64 words (each byte 0 or 1,
        so byte lanes cannot overflow), then the 8 lanes are added by one multiplication —
        a fifth cheaper than ``count_nonzero(axis=1)``, which dominates verification.
        """
        out = np.empty(len(i), dtype=np.int64)
        for s in range(0, len(i), _VERIFY_CHUNK):
            eq = self.sig[i[s : s + _VERIFY_CHUNK]] == self.sig[j[s : s + _VERIFY_CHUNK]]
            w = eq.view(np.uint64)  # (m, NUM_PERM // 8)
            while w.shape[1] > 1:
                half = w.shape[1] // 2
                w = w[:, :half] + w[:, half:]
            out[s : s + len(w)] = (w[:, 0] * _BYTE_SUM) >> np.uint64(56)
        return out

    def in_window(self, i: np.ndarray, j: np.ndarray, config: Config) -> np.ndarray:
        return np.abs(self.seconds[j] - self.seconds[i]) <= config.window_days * 86400.0


def _arrays(docs: list[Doc], seconds: np.ndarray) -> _Batch:
    n = len(docs)
    codes: dict[str, int] = {"": -1}
    return _Batch(
        signatures([d.text for d in docs]),
        np.fromiter((d.merchant_id for d in docs), dtype=np.int64, count=n),
        seconds,
        np.fromiter((d.amount for d in docs), dtype=np.float64, count=n),
        np.fromiter((codes.setdefault(d.scenario, len(codes)) for d in docs), dtype=np.int64,
                    count=n),
    )


def _templates(b: _Batch, active: np.ndarray, config: Config) -> np.ndarray:
    """Positions near-identical to a document at another merchant within the window.

    A pair whose both documents are already marked is skipped: it could only mark them
    again. In a campaign of thousands of copies that skips nearly all the work after the
    first neighbour, with the same result as checking every pair.
    """
    template = np.zeros(len(b.merchant), dtype=bool)
    need = config.template_threshold * NUM_PERM
    hashes = template_band_hashes(b.sig)
    for band in range(TEMPLATE_BANDS):
        bucket, pos = lsh.buckets(hashes[:, band], active)
        for i, j in lsh.neighbours(bucket, pos, config.max_bucket_neighbours):
            ok = ((b.merchant[i] != b.merchant[j]) & b.in_window(i, j, config)
                  & ~(template[i] & template[j]))
            i, j = i[ok], j[ok]
            hit = b.shared_slots(i, j) >= need
            template[i[hit]] = True
            template[j[hit]] = True
    return template


def _components(n: int, labels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Labels after adding edges ``i``-``j``; a label is its component's first position.

    Labels are positions (not arbitrary component numbers) so that the edges
    ``position -> label`` reproduce the components found so far in the next call.
    """
    if len(i) == 0:
        return labels
    pos = np.arange(n)
    src = np.concatenate([i, pos])
    dst = np.concatenate([j, labels])
    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    comp = connected_components(graph, directed=False)[1]
    first = np.empty(comp.max() + 1, dtype=np.int64)
    first[comp[::-1]] = pos[::-1]  # the last write wins: the smallest position
    return first[comp]


def _score(b: _Batch, i: np.ndarray, j: np.ndarray, config: Config) -> np.ndarray:
    """:func:`.model.pair_score`'s score, vectorised (same float64 arithmetic, same order)."""
    text = b.shared_slots(i, j) / NUM_PERM
    si, sj = b.scenario[i], b.scenario[j]
    same_s = (si == sj) & (si >= 0)
    diff_s = (si != sj) & (si >= 0) & (sj >= 0)
    ai, aj = b.amount[i], b.amount[j]
    hi = np.maximum(np.abs(ai), np.abs(aj))
    with np.errstate(divide="ignore", invalid="ignore"):
        close = (hi == 0) | (np.abs(ai - aj) / hi <= config.amount_tolerance)
    return combine(text, same_s, diff_s, close, config)


def _distinct(parts: list[np.ndarray]) -> np.ndarray:
    """Sorted distinct values of the arrays (``np.unique`` hashes: ten times slower here)."""
    if not parts:
        return np.empty(0, dtype=np.uint64)
    v = np.concatenate(parts)
    v.sort()
    keep = np.ones(len(v), dtype=bool)
    np.not_equal(v[1:], v[:-1], out=keep[1:])
    return v[keep]


def _merchant_pairs(b: _Batch, active: np.ndarray, template: np.ndarray,
                    config: Config) -> tuple[np.ndarray, int, int]:
    """Component labels of verified same-incident pairs; and how many pairs were scored/kept.

    Candidate pairs are gathered band by band and scored once :data:`FLUSH_PAIRS` have
    accumulated (and after the last band); the components are then updated, and later bands
    skip pairs already connected.
    """
    n = len(b.merchant)
    labels = np.arange(n)
    merchant_salt = _mix(b.merchant.astype(np.uint64) ^ np.uint64(0x6D65_7263_6861_6E74))
    found: list[np.ndarray] = []
    pending = scored = kept = 0
    band = 0
    for first, block in lsh.slot_blocks(b.sig):
        if first >= BANDS * ROWS:
            break
        for start in range(0, lsh.BLOCK, ROWS):
            salt = merchant_salt ^ lsh.salt(1000 + band)
            bucket, pos = lsh.buckets(lsh.band_key(block, start, ROWS, salt), active)
            for i, j in lsh.neighbours(bucket, pos, config.max_bucket_neighbours):
                ok = ((b.merchant[i] == b.merchant[j]) & ~template[i] & ~template[j]
                      & (labels[i] != labels[j]) & b.in_window(i, j, config))
                if ok.any():
                    found.append((i[ok].astype(np.uint64) << np.uint64(32))
                                 | j[ok].astype(np.uint64))
                    pending += len(found[-1])
            band += 1
            if pending >= FLUSH_PAIRS or band == BANDS:
                pairs = _distinct(found)
                found, pending = [], 0
                i = (pairs >> np.uint64(32)).astype(np.int64)
                j = (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
                del pairs
                keep = _score(b, i, j, config) >= config.threshold
                scored += len(i)
                kept += int(np.count_nonzero(keep))
                labels = _components(n, labels, i[keep], j[keep])
    return labels, scored, kept


def _groups(docs: list[Doc], labels: np.ndarray, config: Config, evidence: bool) -> list[Group]:
    sizes = np.bincount(labels)
    big = np.flatnonzero(sizes[labels] >= config.min_size)
    big = big[np.argsort(labels[big], kind="stable")]
    cuts = np.r_[0, np.flatnonzero(np.diff(labels[big])) + 1, len(big)]
    groups: list[Group] = []
    for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True):
        if b == a:
            continue
        members = [docs[k] for k in big[a:b].tolist()]  # ascending positions = time order
        phrases = tuple(shared_phrases([m.text for m in members])) if evidence else ()
        groups.append(Group(tuple(sorted(m.id for m in members)), members[0].merchant_id,
                            members[0].at, members[-1].at, phrases))
    groups.sort(key=lambda g: (g.start, g.ids))
    return groups


def cluster_detail(docs: Iterable[Doc], config: Config = DEFAULT,
                   evidence: bool = True) -> ClusterResult:
    """:func:`cluster` with run statistics and the ids set aside as templates."""
    clock = _Clock()
    docs = list(docs)
    n = len(docs)
    if n == 0:
        return ClusterResult([])
    if n >= 1 << lsh.DOC_BITS:
        raise ValueError("split batches above 16.7 M documents")
    seconds = np.fromiter((d.at.timestamp() for d in docs), dtype=np.float64, count=n)
    order = np.argsort(seconds, kind="stable")  # = sorted(docs, key=at): µs apart -> apart
    docs = [docs[k] for k in order]
    b = _arrays(docs, seconds[order])
    del order, seconds
    clock.lap("signatures")
    active = np.flatnonzero(b.sig[:, 0] != _EMPTY)  # texts with no shingle match nothing
    template = _templates(b, active, config)
    clock.lap("templates")
    labels, scored, kept = _merchant_pairs(b, active, template, config)
    del b
    clock.lap("candidates")
    groups = _groups(docs, labels, config, evidence)
    clock.lap("groups")
    return ClusterResult(groups, sorted(docs[k].id for k in np.flatnonzero(template)),
                         scored, kept, clock.laps)


class _Clock:
    """Wall seconds per phase, for the bench (phases are coarse: a few per run)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


def cluster(docs: Iterable[Doc], config: Config = DEFAULT, evidence: bool = True) -> list[Group]:
    """Suggested collective groups (``>= config.min_size`` members) in a batch of complaints.

    ``evidence=False`` skips the shared-phrase evidence, which is the slow part on imports of
    hundreds of thousands of groups; compute it when a moderator opens a suggestion instead.
    """
    return cluster_detail(docs, config, evidence).groups
