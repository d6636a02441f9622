"""Character 1-3-gram TF-IDF rows in a handful of numpy calls per text.

The emergency net reads every complaint at intake, so its features must cost tens of
microseconds, not the few hundred a Python loop over n-gram strings (or scikit-learn's
per-call overhead) costs on a 250-character complaint. Code points are below 2**21, so a
1-, 2- or 3-gram packs exactly into one uint64 (``a``, ``a<<21|b``, ``a<<42|b<<21|c``); as
no code point is 0 the three ranges cannot collide. A text becomes one array of grams, one
``np.unique`` counts them, and one ``searchsorted`` against the sorted vocabulary finds
their columns. Training and scoring go through the same :meth:`CharGrams.row`, so they
cannot drift apart.

Weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``: ``1 + log(tf)`` times
the smoothed idf ``ln((1 + n) / (1 + df)) + 1``, L2-normalised per text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

_S21 = np.uint64(21)
_S42 = np.uint64(42)


def grams(doc: str) -> np.ndarray:
    """Every 1-, 2- and 3-gram of ``doc`` as packed uint64 codes (with repeats)."""
    cp = np.frombuffer(doc.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cp) < 2:
        return cp
    pairs = (cp[:-1] << _S21) | cp[1:]
    if len(cp) < 3:
        return np.concatenate((cp, pairs))
    return np.concatenate((cp, pairs, (pairs[:-1] << _S21) | cp[2:]))


class CharGrams:
    """A fitted character 1-3-gram vocabulary with idf weights."""

    def __init__(self, min_df: int = 2) -> None:
        self.min_df = min_df
        self.vocabulary = np.zeros(0, dtype=np.uint64)
        self.idf = np.zeros(0)

    @property
    def width(self) -> int:
        return len(self.vocabulary)

    def fit(self, docs: Sequence[str]) -> CharGrams:
        per_doc = [np.unique(grams(d)) for d in docs]
        codes, df = np.unique(np.concatenate(per_doc), return_counts=True)
        keep = df >= self.min_df
        self.vocabulary = codes[keep]
        self.idf = np.log((1 + len(docs)) / (1 + df[keep])) + 1.0
        return self

    def row(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        """``(columns, weights)`` of one text; empty when it shares no gram with the vocabulary."""
        if not self.width:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        codes, counts = np.unique(grams(doc), return_counts=True)
        pos = np.searchsorted(self.vocabulary, codes)
        np.minimum(pos, self.width - 1, out=pos)
        hit = self.vocabulary[pos] == codes
        idx = pos[hit]
        tf = (np.log(counts[hit]) + 1.0) * self.idf[idx]
        norm = np.sqrt(tf @ tf)
        return idx, (tf / norm if norm else tf)

    def transform(self, docs: Sequence[str]) -> sparse.csr_matrix:
        rows = [self.row(d) for d in docs]
        indptr = np.cumsum([0, *(len(r[0]) for r in rows)])
        indices = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, np.intp)
        data = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(docs), self.width))
