"""Batch mode: cluster a whole import (up to millions of complaints) into suggested groups.

Pipeline, all vectorised with numpy so a million complaints fit in the time budget:

1. MinHash signatures (:func:`.fingerprint.signatures`).
2. Templates: long LSH bands *without* the merchant find near-identical texts across
   merchants; such texts are proxy-agency templates, which are the integrity work's business,
   so they are set aside here (reported in :attr:`ClusterResult.templates`).
3. Candidates: short LSH bands keyed by merchant. Documents are sorted by time, so inside one
   bucket neighbours are close in time; each document is compared with at most
   ``max_bucket_neighbours`` earlier bucket members, which bounds the work for hot buckets
   (very common phrases) without losing real incidents, whose members share many buckets.
4. Verification: the same score as :func:`.model.pair_score`, on arrays of pairs.
5. Connected components (union-find) of verified pairs; components with at least
   ``min_size`` members become :class:`Group` suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .fingerprint import (
    BANDS,
    NUM_PERM,
    ROWS,
    TEMPLATE_BANDS,
    TEMPLATE_ROWS,
    _mix,
    band_hashes,
    signatures,
)
from .model import DEFAULT, Config, Doc, combine, shared_phrases

_DOC_BITS = 24  # up to 16.7 M documents per batch
_DOC_MASK = np.uint64((1 << _DOC_BITS) - 1)


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
    candidate_pairs: int = 0
    verified_pairs: int = 0


def _bucket_pairs(hashes: np.ndarray, salt: np.ndarray | None, max_neighbours: int,
                  chunk: int = 200_000) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j`` (time order), of documents sharing a band bucket.

    ``hashes`` is ``(n, bands)``; ``salt`` (e.g. the merchant id) is mixed into every key so
    only documents with equal salt share buckets. Returns unique pairs packed as
    ``i << 32 | j`` in a uint64 array.
    """
    n, bands = hashes.shape
    keys = np.empty(n * bands, dtype=np.uint64)
    band_salt = (np.arange(bands, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    for s in range(0, n, chunk):
        h = hashes[s : s + chunk]
        k = h ^ band_salt
        if salt is not None:
            k = k ^ _mix(salt[s : s + chunk, None].astype(np.uint64) + np.uint64(7))
        k = _mix(k)
        k = (k & ~_DOC_MASK) | np.arange(s, s + len(h), dtype=np.uint64)[:, None]
        k[h == 0] = 0  # empty bands never pair
        keys[s * bands : (s + len(h)) * bands] = k.reshape(-1)
    keys.sort()
    keys = keys[np.searchsorted(keys, np.uint64(1 << _DOC_BITS)) :]  # drop empty bands
    bucket = keys >> np.uint64(_DOC_BITS)
    doc = (keys & _DOC_MASK).astype(np.uint32)
    del keys
    out = []
    for d in range(1, max_neighbours + 1):
        same = np.flatnonzero(bucket[:-d] == bucket[d:])
        if same.size == 0:
            break
        i, j = doc[same], doc[same + d]
        out.append((i.astype(np.uint64) << np.uint64(32)) | j.astype(np.uint64))
    if not out:
        return np.empty(0, dtype=np.uint64)
    pairs = np.concatenate(out)
    pairs.sort()
    return pairs[np.r_[True, pairs[1:] != pairs[:-1]]]


def _verify(pairs: np.ndarray, sig: np.ndarray, chunk: int = 1_000_000) -> np.ndarray:
    """Estimated Jaccard of each packed pair."""
    out = np.empty(len(pairs), dtype=np.float32)
    for s in range(0, len(pairs), chunk):
        p = pairs[s : s + chunk]
        i = (p >> np.uint64(32)).astype(np.int64)
        j = (p & np.uint64(0xFFFFFFFF)).astype(np.int64)
        out[s : s + len(p)] = np.count_nonzero(sig[i] == sig[j], axis=1) / NUM_PERM
    return out


def cluster_detail(docs: Iterable[Doc], config: Config = DEFAULT,
                   evidence: bool = True) -> ClusterResult:
    """:func:`cluster` with run statistics and the ids set aside as templates."""
    docs = sorted(docs, key=lambda d: d.at)
    n = len(docs)
    if n == 0:
        return ClusterResult([])
    if n >= 1 << _DOC_BITS:
        raise ValueError("split batches above 16.7 M documents")
    sig = signatures([d.text for d in docs])
    merchant = np.fromiter((d.merchant_id for d in docs), dtype=np.int64, count=n)
    t = np.fromiter((d.at.timestamp() / 86400 for d in docs), dtype=np.float64, count=n)
    amount = np.fromiter((d.amount for d in docs), dtype=np.float64, count=n)
    codes: dict[str, int] = {"": -1}
    scen = np.fromiter((codes.setdefault(d.scenario, len(codes)) for d in docs),
                       dtype=np.int64, count=n)

    # 2. templates: near-identical text at another merchant
    tpairs = _bucket_pairs(band_hashes(sig, TEMPLATE_BANDS, TEMPLATE_ROWS), None,
                           config.max_bucket_neighbours)
    template = np.zeros(n, dtype=bool)
    if len(tpairs):
        ti = (tpairs >> np.uint64(32)).astype(np.int64)
        tj = (tpairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
        # agencies file in bursts; alike texts months apart are coincidence, not a template
        cross = (merchant[ti] != merchant[tj]) & (np.abs(t[tj] - t[ti]) <= config.window_days)
        jac = _verify(tpairs[cross], sig)
        hit = jac >= config.template_threshold
        template[ti[cross][hit]] = True
        template[tj[cross][hit]] = True

    # 3. candidates inside a merchant
    hashes = np.concatenate([band_hashes(sig[s : s + 100_000], BANDS, ROWS)
                             for s in range(0, n, 100_000)])
    pairs = _bucket_pairs(hashes, merchant, config.max_bucket_neighbours)
    del hashes
    i = (pairs >> np.uint64(32)).astype(np.int64)
    j = (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)
    gate = ((merchant[i] == merchant[j]) & (np.abs(t[j] - t[i]) <= config.window_days)
            & ~template[i] & ~template[j])
    i, j, pairs = i[gate], j[gate], pairs[gate]

    # 4. verification
    text = _verify(pairs, sig)
    same_s = (scen[i] == scen[j]) & (scen[i] >= 0)
    diff_s = (scen[i] != scen[j]) & (scen[i] >= 0) & (scen[j] >= 0)
    hi = np.maximum(np.abs(amount[i]), np.abs(amount[j]))
    close = (hi == 0) | (np.abs(amount[i] - amount[j]) <= config.amount_tolerance * hi)
    score = combine(text, same_s, diff_s, close, config)
    keep = score >= config.threshold
    i, j = i[keep], j[keep]

    # 5. components
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    sizes = np.bincount(comp)
    big = np.flatnonzero(sizes[comp] >= config.min_size)
    big = big[np.argsort(comp[big], kind="stable")]
    cuts = np.r_[0, np.flatnonzero(np.diff(comp[big])) + 1, len(big)]
    groups: list[Group] = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        if b == a:
            continue
        members = [docs[k] for k in big[a:b]]
        phrases = tuple(shared_phrases([m.text for m in members])) if evidence else ()
        groups.append(Group(tuple(sorted(m.id for m in members)), members[0].merchant_id,
                            min(m.at for m in members), max(m.at for m in members), phrases))
    groups.sort(key=lambda g: (g.start, g.ids))
    return ClusterResult(groups, sorted(docs[k].id for k in np.flatnonzero(template)),
                         int(gate.size), int(len(i)))


def cluster(docs: Iterable[Doc], config: Config = DEFAULT, evidence: bool = True) -> list[Group]:
    """Suggested collective groups (``>= config.min_size`` members) in a batch of complaints.

    ``evidence=False`` skips the shared-phrase evidence, which is the slow part on imports of
    hundreds of thousands of groups; compute it when a moderator opens a suggestion instead.
    """
    return cluster_detail(docs, config, evidence).groups
