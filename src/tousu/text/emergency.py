"""Emergency detection (M3): explicit patterns first, the model as a second net.

Every miss is a person losing money while the complaint waits in a queue, so the detector
is built for recall: any explicit signal (Chinese or English) is enough, and so is the
model putting enough probability on the emergency scenarios even without a keyword.
"""

from __future__ import annotations

from collections.abc import Sequence

from .catalog import OTHER, Catalog


def explicit_signals(text: str, catalog: Catalog) -> list[str]:
    """Human-readable reasons for every emergency signal whose patterns match ``text``.

    ``text`` must already be normalised (see :func:`tousu.text.normalize.normalize`).
    """
    reasons = []
    for signal in catalog.emergency_signals:
        for regex in signal.compiled:
            match = regex.search(text)
            if match:
                reasons.append(f"{signal.name_zh} / {signal.name_en}: “{match.group(0)}”")
                break
    return reasons


def model_signal(
    probabilities: Sequence[float],
    classes: Sequence[str],
    catalog: Catalog,
    threshold: float,
    min_confidence: float = 0.15,
) -> str | None:
    """A reason when the emergency scenarios together get at least ``threshold`` probability.

    The threshold is low (recall first), so it only applies when the model recognises the
    text at all: with a top-1 probability under ``min_confidence`` or a top-1 of ``other``
    the distribution is near-uniform and its emergency mass means nothing (garbage text).
    """
    best = max(range(len(classes)), key=lambda j: probabilities[j])
    if probabilities[best] < min_confidence or classes[best] == OTHER:
        return None
    emergency_codes = {s.code for s in catalog.scenarios if s.emergency}
    mass = 0.0
    top_code, top_p = "", 0.0
    for code, p in zip(classes, probabilities, strict=True):
        if code in emergency_codes:
            mass += float(p)
            if p > top_p:
                top_code, top_p = code, float(p)
    if mass < threshold or not top_code:
        return None
    scenario = catalog.get(top_code)
    return (
        f"模型判断为紧急类场景 / model: emergency scenarios p={mass:.2f} "
        f"(最可能 {scenario.name_zh} / {scenario.name_en})"
    )
