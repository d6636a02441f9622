"""Measuring the engine on labelled complaints: typing quality, emergencies and the funnel.

The numbers printed here are the ones the issue asks operators to watch: per-scenario
precision/recall/F1 and macro-F1 (is typing good enough to automate?), emergency recall
(did we miss someone losing money?), the confusions (which playbooks get mixed up) and the
share of complaints the automated path would take, with how often it would be right.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import RepeatedStratifiedKFold

from .api import Analysis, analyze_many
from .catalog import Catalog, load_catalog
from .model import ModelConfig, ScenarioModel
from .routing import ROUTES, RoutingPolicy
from .training import LabelledText, fold_models


@dataclass(frozen=True)
class ScenarioMetrics:
    code: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class EmergencyMetrics:
    """Counts on the records that carry an emergency flag."""

    true_positive: int
    false_negative: int
    false_positive: int
    true_negative: int
    missed: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        positives = self.true_positive + self.false_negative
        return self.true_positive / positives if positives else float("nan")

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else float("nan")


@dataclass(frozen=True)
class EvaluationReport:
    n: int
    accuracy: float
    macro_f1: float
    per_scenario: tuple[ScenarioMetrics, ...]
    confusions: tuple[tuple[str, str, int], ...]
    routes: dict[str, int]
    auto_accuracy: float
    emergency: EmergencyMetrics | None = None
    calibration_error: float = float("nan")
    analyses: tuple[Analysis, ...] = field(default=(), repr=False)

    @property
    def auto_share(self) -> float:
        return self.routes.get("auto", 0) / self.n if self.n else 0.0


def calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """Expected calibration error: |accuracy - mean confidence| over equal-width bins of the
    top-1 confidence, weighted by the share of texts in each bin.

    The funnel sends a complaint to triage when its confidence is below a threshold, so
    "0.7" has to mean right about 70% of the time; 0 is perfect. With a hundred texts the
    estimate is noisy (and biased upwards): compare models on the same texts.
    """
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.size == 0:
        return float("nan")
    which = np.clip(np.ceil(conf * bins).astype(int) - 1, 0, bins - 1)
    total = 0.0
    for b in np.unique(which):
        in_bin = which == b
        total += in_bin.mean() * abs(ok[in_bin].mean() - conf[in_bin].mean())
    return float(total)


def evaluate(
    records: Sequence[LabelledText],
    model: ScenarioModel | None = None,
    *,
    policy: RoutingPolicy | None = None,
    catalog: Catalog | None = None,
    top_confusions: int = 10,
) -> EvaluationReport:
    """Analyse every record and compare with its (already catalog-mapped) label.

    Macro-F1 averages over the scenarios present in the gold labels, so predicting a
    scenario the file never uses costs recall on the true one but adds no empty class.
    """
    if not records:
        raise ValueError("nothing to evaluate")
    catalog = catalog or load_catalog()
    analyses = analyze_many([r.text for r in records], model=model, policy=policy, catalog=catalog)
    gold = [r.label for r in records]
    pred = [a.scenario for a in analyses]
    labels = sorted(set(gold))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per = tuple(
        ScenarioMetrics(code, float(pi), float(ri), float(fi), int(si))
        for code, pi, ri, fi, si in zip(labels, p, r, f, s, strict=True)
    )
    confusions = Counter((g, q) for g, q in zip(gold, pred, strict=True) if g != q)
    routes = Counter(a.route for a in analyses)
    auto = [(g, a.scenario) for g, a in zip(gold, analyses, strict=True) if a.route == "auto"]
    emergency = None
    flagged = [
        (rec, a) for rec, a in zip(records, analyses, strict=True) if rec.emergency is not None
    ]
    if flagged:
        tp = sum(1 for rec, a in flagged if rec.emergency and a.emergency)
        fn = [rec.text for rec, a in flagged if rec.emergency and not a.emergency]
        fp = sum(1 for rec, a in flagged if not rec.emergency and a.emergency)
        tn = sum(1 for rec, a in flagged if not rec.emergency and not a.emergency)
        emergency = EmergencyMetrics(tp, len(fn), fp, tn, tuple(fn))
    return EvaluationReport(
        n=len(records),
        accuracy=sum(g == q for g, q in zip(gold, pred, strict=True)) / len(records),
        macro_f1=float(sum(m.f1 for m in per) / len(per)),
        per_scenario=per,
        confusions=tuple((g, q, c) for (g, q), c in confusions.most_common(top_confusions)),
        routes={route: routes.get(route, 0) for route in ROUTES},
        auto_accuracy=(sum(g == q for g, q in auto) / len(auto)) if auto else float("nan"),
        emergency=emergency,
        calibration_error=calibration_error(
            [a.confidence for a in analyses], [g == q for g, q in zip(gold, pred, strict=True)]
        ),
        analyses=tuple(analyses),
    )


def format_report(report: EvaluationReport, title: str = "") -> str:
    """Plain-text report for the terminal (what ``tousu evaluate`` prints)."""
    lines = []
    if title:
        lines += [title, "=" * len(title)]
    lines.append(f"{'scenario':<26}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}")
    for m in report.per_scenario:
        lines.append(
            f"{m.code:<26}{m.precision:>10.3f}{m.recall:>10.3f}{m.f1:>10.3f}{m.support:>9d}"
        )
    lines.append(f"{'macro-F1':<26}{report.macro_f1:>30.3f}")
    lines.append(f"{'accuracy':<26}{report.accuracy:>30.3f}{report.n:>9d}")
    lines.append(f"{'calibration error (ECE)':<26}{report.calibration_error:>30.3f}")
    lines.append("")
    if report.emergency is None:
        lines.append("emergency: no emergency labels in this file")
    else:
        e = report.emergency
        lines.append(
            f"emergency recall    {e.recall:.3f}  ({e.true_positive}/{e.true_positive + e.false_negative})"
        )
        lines.append(
            f"emergency precision {e.precision:.3f}  ({e.true_positive}/{e.true_positive + e.false_positive})"
        )
        for text in e.missed[:10]:
            lines.append(f"  missed: {text[:70]}")
    lines.append("")
    lines.append("top confusions (gold -> predicted: count)")
    if not report.confusions:
        lines.append("  none")
    for gold, pred, count in report.confusions:
        lines.append(f"  {gold} -> {pred}: {count}")
    lines.append("")
    lines.append(
        "routes: "
        + ", ".join(
            f"{route} {count} ({count / report.n:.1%})" for route, count in report.routes.items()
        )
    )
    lines.append(
        f"automated path share {report.auto_share:.1%}; typing accuracy on it "
        f"{report.auto_accuracy:.3f}"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class CrossValidation:
    """Per-fold macro-F1 and calibration error of one configuration."""

    macro_f1: tuple[float, ...]
    calibration_error: tuple[float, ...]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.macro_f1)

    @property
    def std(self) -> float:
        return statistics.pstdev(self.macro_f1)

    @property
    def mean_calibration_error(self) -> float:
        return statistics.fmean(self.calibration_error)


def cross_validate(
    records: Sequence[LabelledText],
    config: ModelConfig | None = None,
    *,
    folds: int = 5,
    repeats: int = 5,
    seed: int = 0,
    include_catalog: bool = False,
    catalog: Catalog | None = None,
) -> CrossValidation:
    """Repeated stratified ``folds``-fold cross-validation through :func:`train`.

    Every fold trains exactly as ``tousu train`` does (same normalisation, features,
    classifier and calibration) and is scored by :func:`evaluate`, so the figure is the one
    of the model that ships. Fold assignment depends only on ``seed`` and the record order,
    so two configurations compared with the same seed see the same folds (compare them fold
    by fold: the spread between folds is much larger than the difference of the means).
    """
    catalog = catalog or load_catalog()
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    f1s, eces = [], []
    for test_idx, model in fold_models(
        records, splitter, config=config, catalog=catalog, include_catalog=include_catalog
    ):
        report = evaluate([records[i] for i in test_idx], model, catalog=catalog)
        f1s.append(report.macro_f1)
        eces.append(report.calibration_error)
    return CrossValidation(tuple(f1s), tuple(eces))
