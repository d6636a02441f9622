"""Measuring the engine on labelled complaints: typing quality, emergencies and the funnel.

The numbers printed here are the ones the issue asks operators to watch: per-scenario
precision/recall/F1 and macro-F1 (is typing good enough to automate?), emergency recall
(did we miss someone losing money?), the confusions (which playbooks get mixed up) and the
share of complaints the automated path would take, with how often it would be right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sklearn.metrics import precision_recall_fscore_support

from .api import Analysis, analyze_many
from .catalog import Catalog, load_catalog
from .model import ScenarioModel
from .routing import ROUTES, RoutingPolicy
from .training import LabelledText


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
    analyses: tuple[Analysis, ...] = field(default=(), repr=False)

    @property
    def auto_share(self) -> float:
        return self.routes.get("auto", 0) / self.n if self.n else 0.0


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
