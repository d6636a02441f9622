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

from .batch import Group
from .fingerprint import Fingerprint, fingerprint
from .model import DEFAULT, Config, Doc, Match, pair_score, shared_phrases


class IncrementalIndex:
    """In-memory matcher: ``add`` returns verified matches with earlier documents."""

    def __init__(self, config: Config = DEFAULT) -> None:
        self.config = config
        self.docs: dict[int, Doc] = {}
        self.prints: dict[int, Fingerprint] = {}
        self._bands: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._template_bands: dict[str, list[int]] = defaultdict(list)
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

    def add(self, doc: Doc, fp: Fingerprint | None = None) -> list[Match]:
        """Index ``doc`` and return its verified matches among earlier documents.

        A document near-identical to one at *another* merchant is marked as a template (see
        :attr:`templates`, e.g. for the integrity work) and neither matches nor is matched:
        agency templates look alike by construction and say nothing about an incident.
        """
        if doc.id in self.docs:
            raise ValueError(f"document {doc.id} already indexed")
        cfg = self.config
        fp = fp or fingerprint(doc.text)
        self.docs[doc.id] = doc
        self.prints[doc.id] = fp
        self._parent[doc.id] = doc.id
        for key in fp.template_keys():
            bucket = self._template_bands[key]
            for other in bucket[-cfg.max_bucket_neighbours :]:
                o = self.docs[other]
                if o.merchant_id != doc.merchant_id and self._near(doc, other) and \
                        fp.jaccard(self.prints[other]) >= cfg.template_threshold:
                    self.templates.update((other, doc.id))
            bucket.append(doc.id)
        candidates: set[int] = set()
        for key in fp.band_keys():
            bucket = self._bands[(doc.merchant_id, key)]
            candidates.update(bucket[-cfg.max_bucket_neighbours :])
            bucket.append(doc.id)
        if doc.id in self.templates:
            return []
        matches = []
        for other in sorted(candidates):
            if other in self.templates or not self._near(doc, other):
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
