"""How confident a model must be before a complaint takes the automated path.

The automated path sends a merchant a pre-filled request citing the scenario's legal
basis; a wrong scenario there means a wrong request in a merchant's queue and a consumer
waiting on it. One fixed threshold cannot fit every model: on the English CFPB profile
0.45 let 71% of complaints through at a typing accuracy of 0.78, while the Chinese
cold-start model reached 0.87. So ``train`` measures it for the model it builds: out-of-
fold predictions on the labelled records (every fold trained exactly as the model is),
then the lowest threshold at which the complaints that would go down the automated path
are typed correctly at least ``target`` of the time. The result is stored in the model's
``meta`` and used by ``analyze`` unless the operator sets a threshold explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

#: The threshold when nothing better is known (the cold-start model; an explicit policy
#: overrides it). A measured threshold never goes below it: an out-of-fold estimate from
#: a few hundred records is too noisy to justify automating *more* than the default.
DEFAULT_THRESHOLD = 0.45

#: The typing accuracy ``train`` aims for on the automated path unless told otherwise: nine
#: in ten pre-filled requests name the right scenario; the rest are corrected by staff.
AUTO_ACCURACY = 0.9

#: Fewer automated out-of-fold predictions than this and the accuracy is not measured
#: well enough to pick a threshold from.
MIN_SUPPORT = 20


@dataclass(frozen=True)
class AutoThreshold:
    """A measured threshold and what it bought on the out-of-fold predictions."""

    threshold: float
    target: float
    accuracy: float
    share: float
    support: int
    reached: bool

    def as_meta(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        if not self.reached:
            return (
                f"automated path: no confidence threshold reaches typing accuracy "
                f"{self.target:.2f} out of fold; threshold set to {self.threshold:.2f} "
                f"(accuracy {self.accuracy:.3f} on {self.share:.1%} of complaints)"
            )
        return (
            f"automated path: confidence >= {self.threshold:.2f} gives typing accuracy "
            f"{self.accuracy:.3f} out of fold on {self.share:.1%} of complaints "
            f"(target {self.target:.2f})"
        )


def choose_threshold(
    confidence: Sequence[float],
    correct: Sequence[bool],
    eligible: Sequence[bool],
    target: float,
    *,
    floor: float = DEFAULT_THRESHOLD,
    min_support: int = MIN_SUPPORT,
) -> AutoThreshold:
    """The lowest threshold >= ``floor`` whose automated predictions meet ``target``.

    ``eligible`` marks predictions whose scenario has an automated path (the others go to
    people whatever the confidence). When no threshold with at least ``min_support``
    automated predictions reaches the target, the threshold is set just above the highest
    confidence seen, so the model automates nothing until it is retrained on more data —
    ``reached`` is then false and the figures are those of the best threshold tried.
    """
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=bool)
    mask = np.asarray(eligible, dtype=bool)
    n = len(conf)
    if not (len(ok) == len(mask) == n) or n == 0:
        raise ValueError("confidence, correct and eligible must be non-empty and equally long")
    order = np.argsort(-conf[mask], kind="stable")
    c = conf[mask][order]
    hits = np.cumsum(ok[mask][order])
    counts = np.arange(1, len(c) + 1)
    # Candidate k: automate the k most confident eligible predictions; threshold = c[k-1].
    # Only the last of equal confidences is a valid cut (all of them pass together).
    valid = np.ones(len(c), dtype=bool)
    valid[:-1] = c[:-1] != c[1:]
    valid &= (c >= floor) & (counts >= min_support)
    accuracy = hits / counts
    meeting = np.flatnonzero(valid & (accuracy >= target))
    if len(meeting):
        k = int(meeting[-1])  # the most complaints automated while meeting the target
        return AutoThreshold(
            threshold=float(c[k]),
            target=target,
            accuracy=float(accuracy[k]),
            share=float(counts[k] / n),
            support=int(counts[k]),
            reached=True,
        )
    best = np.flatnonzero(valid)
    k = int(best[np.argmax(accuracy[best])]) if len(best) else -1
    ceiling = float(np.nextafter(conf.max(), np.inf))
    return AutoThreshold(
        threshold=min(1.0, max(ceiling, floor)),
        target=target,
        accuracy=float(accuracy[k]) if k >= 0 else float("nan"),
        share=float(counts[k] / n) if k >= 0 else 0.0,
        support=int(counts[k]) if k >= 0 else 0,
        reached=False,
    )
