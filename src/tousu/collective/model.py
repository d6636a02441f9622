"""Documents, thresholds and the pairwise judgement "same incident?".

The judgement is deliberately simple and the same everywhere (one pair in :func:`pair_score`,
millions of pairs vectorised in :mod:`.batch`): text similarity is the evidence; merchant and
time window are hard gates (a collective is one merchant's one incident); scenario and amount
only nudge the score, because the scenario classifier errs and consumers of one incident lose
very different amounts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .fingerprint import SHINGLE, Fingerprint, clean, fingerprint


@dataclass(frozen=True, slots=True)
class Doc:
    """One complaint as the matcher sees it (no Django objects: callers copy fields in).

    Slots: a batch import holds a million of these; no per-instance dict saves ~100 MB.
    """

    id: int
    merchant_id: int
    text: str            # title + "\n" + narrative, original text
    scenario: str        # catalog code, may be ""
    amount: float        # CNY
    at: datetime         # aware submission time


@dataclass(frozen=True)
class Config:
    """Thresholds; defaults were tuned for pairwise F1 on :func:`.evalset.validation_set`."""

    #: minimum combined score for "same incident"
    threshold: float = 0.20
    #: members of one incident file within this many days of each other
    window_days: float = 30.0
    #: a suggestion needs at least this many members
    min_size: int = 3
    #: amounts within this relative difference count as "close" (small bonus only)
    amount_tolerance: float = 0.5
    scenario_bonus: float = 0.03
    scenario_penalty: float = 0.05
    amount_bonus: float = 0.02
    #: estimated Jaccard at or above which two texts are "near-identical" (template-like);
    #: a text near-identical to one at *another* merchant within the window is a template
    template_threshold: float = 0.75
    #: at most this many earlier documents per LSH bucket are compared (bounds hot buckets)
    max_bucket_neighbours: int = 40


DEFAULT = Config()


@dataclass(frozen=True)
class PairScore:
    """The verdict on one pair and why (reasons are shown to moderators)."""

    score: float
    same_incident: bool
    text_similarity: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """A verified match of a new document against an earlier one."""

    other_id: int
    score: PairScore


def combine(text: np.ndarray | float, same_scenario, diff_scenario, amount_close,
            config: Config = DEFAULT):
    """Score from its parts; works on scalars and on numpy arrays alike (batch mode)."""
    s = (text + config.scenario_bonus * same_scenario - config.scenario_penalty * diff_scenario
         + config.amount_bonus * amount_close)
    return np.clip(s, 0.0, 1.0)


def amount_close(a: float, b: float, tolerance: float) -> bool:
    """Relative closeness; two zero amounts (no money involved) count as close."""
    hi = max(abs(a), abs(b))
    return hi == 0 or abs(a - b) / hi <= tolerance


def pair_score(a: Doc, b: Doc, fa: Fingerprint | None = None, fb: Fingerprint | None = None,
               config: Config = DEFAULT) -> PairScore:
    """Judge whether ``a`` and ``b`` report the same incident.

    Pass stored fingerprints when you have them; otherwise they are computed from the text.
    """
    fa = fa or fingerprint(a.text)
    fb = fb or fingerprint(b.text)
    text = fa.jaccard(fb)
    reasons = [f"text similarity {text:.2f}"]
    same_merchant = a.merchant_id == b.merchant_id
    days = abs((a.at - b.at).total_seconds()) / 86400
    in_window = days <= config.window_days
    same_scen = bool(a.scenario) and a.scenario == b.scenario
    diff_scen = bool(a.scenario) and bool(b.scenario) and a.scenario != b.scenario
    close = amount_close(a.amount, b.amount, config.amount_tolerance)
    reasons.append("same merchant" if same_merchant else "different merchants")
    reasons.append(f"{days:.1f} days apart" + ("" if in_window else " (outside window)"))
    if same_scen:
        reasons.append(f"same scenario {a.scenario}")
    elif diff_scen:
        reasons.append(f"different scenarios {a.scenario}/{b.scenario}")
    if close:
        reasons.append("similar amounts")
    if text >= config.template_threshold:
        reasons.append("near-identical text")
    score = float(combine(text, same_scen, diff_scen, close, config))
    same = same_merchant and in_window and score >= config.threshold
    return PairScore(round(score, 4), same, round(text, 4), reasons)


# --------------------------------------------------------------------------------------------
# Evidence for moderators and signals for the integrity work
# --------------------------------------------------------------------------------------------

_RUNS = re.compile(r"[^\W\d_]+")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _ngrams(text: str, lo: int, hi: int) -> set[str]:
    grams: set[str] = set()
    for run in _RUNS.findall(unicodedata.normalize("NFKC", text)):  # keep case: shown as typed
        for n in range(lo, min(hi, len(run)) + 1):
            grams.update(run[i : i + n] for i in range(len(run) - n + 1))
    return grams


def shared_phrases(texts: Sequence[str], k: int = 8, min_len: int = 3,
                   max_len: int = 16) -> list[str]:
    """The phrases most members share, longest first within equal support, de-duplicated.

    Why: a moderator confirming a suggested group wants to see *what* the members agree on
    (the error message, the product, the branch) at a glance. Phrases are runs of letters or
    Chinese characters, so numbers (phones, amounts, order ids) never show up here.
    Only phrases present in at least half the members (and at least two) qualify.
    """
    texts = list(texts)[:300]
    if not texts:
        return []
    df: Counter[str] = Counter()
    for t in texts:
        df.update(_ngrams(t, min_len, max_len))
    need = max(2, -(-len(texts) // 2)) if len(texts) > 1 else 1
    cands = sorted((p for p, c in df.items() if c >= need), key=lambda p: (-df[p], -len(p), p))
    chosen: list[str] = []
    for p in cands:
        if any(p in c or c in p for c in chosen):
            continue
        chosen.append(p)
        if len(chosen) >= k:
            break
    return chosen


def _shingles(text: str) -> set[str]:
    c = clean(text)
    return {c[i : i + SHINGLE] for i in range(len(c) - SHINGLE + 1)}


def similarity_signals(a: Doc, b: Doc, fa: Fingerprint | None = None,
                       fb: Fingerprint | None = None, config: Config = DEFAULT) -> dict:
    """Everything the pair looks like, for the integrity (proxy template) work.

    Why expose more than :func:`pair_score`: templated filings differ from a real collective
    not in *whether* texts are alike but in *how*: near-identical long passages across
    different consumers and merchants, the same contact phone, identical structure with only
    names and numbers changed. Those are returned here without any verdict.
    """
    fa = fa or fingerprint(a.text)
    fb = fb or fingerprint(b.text)
    sa, sb = _shingles(a.text), _shingles(b.text)
    inter = len(sa & sb)
    pa, pb = set(_PHONE.findall(a.text)), set(_PHONE.findall(b.text))
    common = _ngrams(a.text, 8, 40) & _ngrams(b.text, 8, 40)
    longest = sorted(common, key=len, reverse=True)
    rare = [p for p in longest if not any(p in q for q in longest if q is not p and len(q) > len(p))]
    return {
        "text_similarity": fa.jaccard(fb),
        "jaccard_exact": inter / len(sa | sb) if sa or sb else 0.0,
        "containment": inter / min(len(sa), len(sb)) if sa and sb else 0.0,
        "near_identical": fa.jaccard(fb) >= config.template_threshold,
        "longest_shared_phrase": len(longest[0]) if longest else 0,
        "shared_long_phrases": rare[:5],
        "shared_phones": sorted(pa & pb),
        "same_merchant": a.merchant_id == b.merchant_id,
        "same_scenario": bool(a.scenario) and a.scenario == b.scenario,
        "amount_ratio": (min(a.amount, b.amount) / max(a.amount, b.amount)
                         if max(a.amount, b.amount) > 0 else 1.0),
        "days_apart": abs((a.at - b.at).total_seconds()) / 86400,
        "length_ratio": (min(len(a.text), len(b.text)) / max(len(a.text), len(b.text))
                         if a.text and b.text else 0.0),
    }
