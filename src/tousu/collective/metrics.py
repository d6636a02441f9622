"""Pairwise precision/recall/F1 and cluster purity of predicted groups against labels.

Pairwise: every pair of documents in one predicted group is a predicted positive; every pair
sharing a true label is a true positive. Counting pairs (not groups) weighs a big incident
more than a small one, which matches the cost of getting it wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    purity: float
    predicted_groups: int
    true_groups: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def evaluate(groups: Iterable[Sequence[int]], labels: Sequence[int], min_size: int = 3) -> Scores:
    """Score predicted groups (lists of doc ids = positions in ``labels``).

    True groups are labels with at least ``min_size`` members; purity is the share of grouped
    documents that belong to their group's majority label.
    """
    groups = [list(g) for g in groups]
    true_sizes = Counter(labels)
    true_pairs = sum(_pairs(c) for c in true_sizes.values() if c >= min_size)
    pred_pairs = sum(_pairs(len(g)) for g in groups)
    hit = 0
    majority = 0
    grouped = 0
    for g in groups:
        counts = Counter(labels[i] for i in g)
        hit += sum(_pairs(c) for lab, c in counts.items() if true_sizes[lab] >= min_size)
        majority += counts.most_common(1)[0][1]
        grouped += len(g)
    p = hit / pred_pairs if pred_pairs else 1.0
    r = hit / true_pairs if true_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f, majority / grouped if grouped else 1.0, len(groups),
                  sum(1 for c in true_sizes.values() if c >= min_size))
