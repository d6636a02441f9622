"""Collective-complaint detection (M6), framework-free: no Django imports here.

Near-duplicate and same-problem complaints against one merchant within a time window are
found with MinHash LSH over character shingles, verified pairwise, and grouped. The Django
side stores :meth:`Fingerprint.to_bytes` and :meth:`Fingerprint.band_keys` per complaint and
calls :func:`pair_score`; batch imports call :func:`cluster`.
"""

from .batch import ClusterResult, Group, cluster, cluster_detail
from .fingerprint import Fingerprint, fingerprint, signatures
from .incremental import IncrementalIndex
from .model import (
    DEFAULT,
    Config,
    Doc,
    Match,
    PairScore,
    pair_score,
    shared_phrases,
    similarity_signals,
)

__all__ = [
    "DEFAULT",
    "ClusterResult",
    "Config",
    "Doc",
    "Fingerprint",
    "Group",
    "IncrementalIndex",
    "Match",
    "PairScore",
    "cluster",
    "cluster_detail",
    "fingerprint",
    "pair_score",
    "shared_phrases",
    "signatures",
    "similarity_signals",
]
