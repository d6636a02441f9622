"""Incremental mode: match each complaint on arrival against recent ones.

The Django side keeps the same band keys in a database table; this in-memory index runs the
same logic for tests, the evaluation and the latency bench, and is usable on its own in a
single process. Matching a new complaint costs one fingerprint, ``BANDS`` dictionary
look-ups and a verification per distinct candidate — independent of how many complaints
are indexed, as long as hot buckets are bounded (``max_bucket_neighbours``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np

from .batch import Group
from .fingerprint import (
    BANDS,
    NUM_PERM,
    ROWS,
    Fingerprint,
    band_hashes,
    fingerprint,
    template_band_hashes,
)
from .model import DEFAULT, Config, Doc, Match, pair_score, shared_phrases


def _keys(hashes: np.ndarray) -> list[int]:
    """Band keys as integers: band number above the 48-bit hash, as in ``band_keys``."""
    return [(b << 48) | (v & 0xFFFFFFFFFFFF) for b, v in enumerate(hashes.tolist()) if v]


class IncrementalIndex:
    """In-memory matcher: ``add`` returns verified matches with earlier documents."""

    def __init__(self, config: Config = DEFAULT) -> None:
        self.config = config
        self.docs: dict[int, Doc] = {}
        self.prints: dict[int, Fingerprint] = {}
        self._bands: dict[tuple[int, int], list[int]] = defaultdict(list)
        self._template_bands: dict[int, list[int]] = defaultdict(list)
        self.templates: set[int] = set()
        self._parent: dict[int, int] = {}

    # union-find over verified matches, so groups can be read at any time
    def _find(self, x: int) -> int:
        root = x
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while self._parent.get(x, x) != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def _near(self, doc: Doc, other_id: int) -> bool:
        window = timedelta(days=self.config.window_days)
        return abs(self.docs[other_id].at - doc.at) <= window

    def _shared(self, fp: Fingerprint, others: list[int]) -> np.ndarray:
        """Estimated Jaccard of ``fp`` with each of ``others``, in one numpy comparison.

        The same share of equal slots as :meth:`Fingerprint.jaccard` (whose emptiness checks
        are moot: empty fingerprints have no band keys, so they are never candidates).
        """
        rows = np.stack([self.prints[o].values for o in others])
        return np.count_nonzero(rows == fp.values, axis=1) / NUM_PERM

    def add(self, doc: Doc, fp: Fingerprint | None = None) -> list[Match]:
        """Index ``doc`` and return its verified matches among earlier documents.

        A document near-identical to one at *another* merchant is marked as a template (see
        :attr:`templates`, e.g. for the integrity work) and neither matches nor is matched:
        agency templates look alike by construction and say nothing about an incident.

        Cost: one fingerprint, integer band keys (the same information as
        :meth:`Fingerprint.band_keys`, without formatting 80 strings), one vectorised
        similarity per bucket tail, and :func:`pair_score` only for candidates whose text
        similarity plus the largest possible bonus reaches the threshold — the others cannot
        be the same incident.
        """
        if doc.id in self.docs:
            raise ValueError(f"document {doc.id} already indexed")
        cfg = self.config
        fp = fp or fingerprint(doc.text)
        self.docs[doc.id] = doc
        self.prints[doc.id] = fp
        self._parent[doc.id] = doc.id
        window = timedelta(days=cfg.window_days)
        cap = cfg.max_bucket_neighbours
        near: set[int] = set()
        for key in _keys(template_band_hashes(fp.values[None, :])[0]):
            bucket = self._template_bands[key]
            near.update(bucket[-cap:])
            bucket.append(doc.id)
        others = [o for o in near if self.docs[o].merchant_id != doc.merchant_id
                  and abs(self.docs[o].at - doc.at) <= window]
        if others:
            hit = self._shared(fp, others) >= cfg.template_threshold
            marked = [o for o, h in zip(others, hit.tolist(), strict=True) if h]
            if marked:
                self.templates.update(marked)
                self.templates.add(doc.id)
        candidates: set[int] = set()
        for key in _keys(band_hashes(fp.values[None, :], BANDS, ROWS)[0]):
            bucket = self._bands[(doc.merchant_id, key)]
            candidates.update(bucket[-cap:])
            bucket.append(doc.id)
        if doc.id in self.templates:
            return []
        others = sorted(o for o in candidates if o not in self.templates
                        and abs(self.docs[o].at - doc.at) <= window)
        if not others:
            return []
        reach = cfg.threshold - max(cfg.scenario_bonus, 0.0) - max(cfg.amount_bonus, 0.0) - 1e-9
        text = self._shared(fp, others).tolist()
        matches = []
        for other, sim in zip(others, text, strict=True):
            if sim < reach:
                continue
            score = pair_score(doc, self.docs[other], fp, self.prints[other], cfg)
            if score.same_incident:
                matches.append(Match(other, score))
                self._union(doc.id, other)
        matches.sort(key=lambda m: -m.score.score)
        return matches

    def prune(self, before: datetime) -> int:
        """Forget documents older than ``before`` (older than any window still open)."""
        old = {i for i, d in self.docs.items() if d.at < before}
        if not old:
            return 0
        for table in (self._bands, self._template_bands):
            for key in list(table):
                kept = [i for i in table[key] if i not in old]
                if kept:
                    table[key] = kept
                else:
                    del table[key]
        roots = {i: self._find(i) for i in self.docs}
        for i in old:
            del self.docs[i], self.prints[i]
        self._parent = {}
        for i in self.docs:  # re-root surviving members of each group
            r = roots[i]
            self._parent[i] = i if r in old else r
            if r in old:
                roots_alive = [k for k in self.docs if roots[k] == r]
                for k in roots_alive:
                    self._parent[k] = roots_alive[0]
        self.templates -= old
        return len(old)

    def groups(self, evidence: bool = True) -> list[Group]:
        """Current suggestions: connected matches with at least ``min_size`` members."""
        members: dict[int, list[Doc]] = defaultdict(list)
        for i, d in self.docs.items():
            if i not in self.templates:
                members[self._find(i)].append(d)
        out = []
        for ms in members.values():
            if len(ms) >= self.config.min_size:
                phrases = tuple(shared_phrases([m.text for m in ms])) if evidence else ()
                out.append(Group(tuple(sorted(m.id for m in ms)), ms[0].merchant_id,
                                 min(m.at for m in ms), max(m.at for m in ms), phrases))
        return sorted(out, key=lambda g: (g.start, g.ids))
