"""Command line: ``train``, ``evaluate``, ``cv`` and ``compare`` (``python -m tousu.text ...``).

Each command is a ``*_main(argv) -> int`` function so the project's ``tousu`` CLI can expose
them as ``tousu train`` / ``tousu evaluate`` without going through a subprocess.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .api import load_model
from .auto_threshold import AUTO_ACCURACY, DEFAULT_THRESHOLD, AutoThreshold
from .catalog import load_catalog
from .data import LabelMapping, load_mapping, read_labelled, split_holdout
from .emergency_net import EVAL_DIR, TRAINING_SETS
from .evaluation import cross_validate, evaluate, format_report
from .features import FEATURE_KINDS
from .model import CLASSIFIERS, ENGLISH_PROFILE, ModelConfig, ScenarioModel
from .routing import RoutingPolicy
from .training import LabelledText, map_labels, train

#: The Chinese evaluation set shipped with the package (self-made; see eval/README.md).
ZH_EVAL = Path(__file__).with_name("eval") / "zh_eval.jsonl"
#: Packaged mapping for the CFPB sample.
CFPB_MAPPING = Path(__file__).with_name("mappings") / "cfpb.yaml"
#: Where the project keeps the CFPB sample, relative to the repository root.
CFPB_RELATIVE = Path("..") / "shared" / "data" / "cfpb-sample" / "train.json"


def cfpb_path() -> Path:
    """The CFPB sample next to the repository (``../shared/data`` from the repo root)."""
    repo_root = Path(__file__).resolve().parents[3]
    return (repo_root / CFPB_RELATIVE).resolve()


def _data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="labelled .csv, .jsonl or .json")
    parser.add_argument("--mapping", type=Path, help="label mapping file (.yaml/.json)")
    parser.add_argument("--text-col", help="text column (default: mapping's, else 'text')")
    parser.add_argument("--label-col", help="label column (default: mapping's, else 'label')")
    parser.add_argument("--emergency-col", help="emergency flag column (default 'emergency')")
    parser.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        help="hold out this stratified fraction (train uses the rest, evaluate uses it)",
    )
    parser.add_argument("--seed", type=int, default=315, help="seed of the held-out split")


def _load(args: argparse.Namespace, part: str) -> list[LabelledText]:
    mapping: LabelMapping | None = load_mapping(args.mapping) if args.mapping else None
    raw = read_labelled(
        args.file,
        text_col=args.text_col,
        label_col=args.label_col,
        emergency_col=args.emergency_col,
        mapping=mapping,
    )
    records = map_labels(raw, mapping.labels if mapping else None, load_catalog())
    if args.holdout:
        train_part, held = split_holdout(records, args.holdout, args.seed)
        records = train_part if part == "train" else held
    return records


def _read_overrides(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [(row["text"], row["label"]) for row in map(json.loads, fh) if row]


def _model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--features", choices=FEATURE_KINDS, help="default: the profile's")
    parser.add_argument("--classifier", choices=CLASSIFIERS, help="default: the profile's")
    parser.add_argument(
        "--profile",
        choices=("auto", "default", "english"),
        default="auto",
        help="auto: english when the mapping says 'language: en', else default",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a ModelConfig field, e.g. --set c=0.5 (repeatable)",
    )
    parser.add_argument(
        "--no-catalog", action="store_true", help="do not add the catalog's example phrases"
    )
    parser.add_argument(
        "--catalog", action="store_true", help="add the catalog's examples even for english"
    )


def _model_settings(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[str, ModelConfig, bool]:
    """``(profile, config, include_catalog)`` from the profile and the command-line flags."""
    profile = args.profile
    if profile == "auto":
        mapping = load_mapping(args.mapping) if args.mapping else None
        profile = "english" if mapping and mapping.language == "en" else "default"
    settings: dict[str, Any] = dict(ENGLISH_PROFILE) if profile == "english" else {}
    if args.features:
        settings["features"] = args.features
    if args.classifier:
        settings["classifier"] = args.classifier
    fields = {f.name: f.type for f in dataclasses.fields(ModelConfig)}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or key not in fields:
            parser.error(f"--set {item!r}: expected FIELD=VALUE with FIELD in {sorted(fields)}")
        try:
            settings[key] = json.loads(value)
        except json.JSONDecodeError:
            settings[key] = value
    try:
        config = ModelConfig(**settings)
    except (TypeError, ValueError) as exc:
        parser.error(str(exc))
    include_catalog = not args.no_catalog and (profile != "english" or args.catalog)
    return profile, config, include_catalog


def add_auto_accuracy_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--auto-accuracy",
        type=float,
        default=AUTO_ACCURACY,
        help="typing accuracy the automated path must reach out of fold; the model's "
        f"confidence threshold is set to reach it (default {AUTO_ACCURACY}; 0 = keep "
        f"{DEFAULT_THRESHOLD})",
    )


def describe_auto_path(meta: dict[str, Any]) -> str:
    """One line for the operator: which threshold the model carries and why."""
    measured = meta.get("auto_path")
    if not measured:
        return (
            f"automated path: default confidence threshold {DEFAULT_THRESHOLD:.2f} (not measured)"
        )
    return AutoThreshold(**measured).describe()


def train_main(argv: Sequence[str] | None = None) -> int:
    """``train FILE --out MODEL``: fit on a labelled file (plus catalog examples and overrides)."""
    parser = argparse.ArgumentParser(prog="tousu train", description=train_main.__doc__)
    _data_args(parser)
    parser.add_argument("--out", type=Path, required=True, help="where to write the model")
    parser.add_argument("--overrides", type=Path, help="JSONL of staff overrides {text, label}")
    add_auto_accuracy_arg(parser)
    _model_args(parser)
    args = parser.parse_args(argv)
    profile, config, include_catalog = _model_settings(args, parser)
    records = _load(args, "train")
    overrides = _read_overrides(args.overrides) if args.overrides else []
    start = time.perf_counter()
    model = train(
        records,
        overrides=overrides,
        config=config,
        include_catalog=include_catalog,
        source=str(args.file),
        auto_accuracy=args.auto_accuracy or None,
    )
    model.save(args.out)
    counts = Counter(r.label for r in records)
    print(
        f"trained on {len(records)} records from {args.file} "
        f"(+{len(overrides)} overrides, catalog examples {'on' if include_catalog else 'off'}, "
        f"profile {profile}) "
        f"in {time.perf_counter() - start:.1f}s"
    )
    for code, count in sorted(counts.items()):
        print(f"  {code:<26}{count:>6}")
    print(describe_auto_path(model.meta))
    print(f"model written to {args.out} ({len(model.classes)} scenarios)")
    return 0


def cv_main(argv: Sequence[str] | None = None) -> int:
    """``cv FILE``: repeated stratified k-fold macro-F1 of the model ``train`` would build.

    With ``--holdout`` only the training part is cross-validated (the held-out part stays
    untouched for a final ``evaluate``). Choose between configurations here, not on the
    hold-out: run each with the same ``--cv-seed`` and compare the per-fold differences.
    """
    parser = argparse.ArgumentParser(prog="tousu cv", description=cv_main.__doc__)
    _data_args(parser)
    _model_args(parser)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cv-seed", type=int, default=0, help="seed of the fold assignment")
    parser.add_argument("--per-fold", action="store_true", help="print every fold's macro-F1")
    args = parser.parse_args(argv)
    profile, config, include_catalog = _model_settings(args, parser)
    records = _load(args, "train")
    start = time.perf_counter()
    result = cross_validate(
        records,
        config,
        folds=args.folds,
        repeats=args.repeats,
        seed=args.cv_seed,
        include_catalog=include_catalog,
    )
    part = f" (training part: {1 - args.holdout:.0%}, seed {args.seed})" if args.holdout else ""
    print(f"{args.file}{part}: {len(records)} records, profile {profile}")
    print(f"config {dataclasses.asdict(config)}, catalog examples {include_catalog}")
    print(
        f"{args.repeats}x{args.folds}-fold CV (cv seed {args.cv_seed}): macro-F1 "
        f"{result.mean:.4f} +- {result.std:.4f}, calibration error "
        f"{result.mean_calibration_error:.3f} ({time.perf_counter() - start:.0f}s)"
    )
    if args.per_fold:
        print("per fold: " + " ".join(f"{f:.4f}" for f in result.macro_f1))
    return 0


def evaluate_main(argv: Sequence[str] | None = None) -> int:
    """``evaluate FILE``: per-scenario P/R/F1, macro-F1, emergencies, confusions, routes."""
    parser = argparse.ArgumentParser(prog="tousu evaluate", description=evaluate_main.__doc__)
    _data_args(parser)
    parser.add_argument("--model", type=Path, help="model file (default: cold-start model)")
    parser.add_argument("--confidence-threshold", type=float)
    parser.add_argument("--expert-amount", type=Decimal)
    parser.add_argument(
        "--emergency-net-threshold",
        type=float,
        help=f"P(emergency) at which the emergency net flags (default {RoutingPolicy().emergency_net_threshold})",
    )
    parser.add_argument(
        "--no-emergency-net", action="store_true", help="lexicon and scenario model only"
    )
    args = parser.parse_args(argv)
    records = _load(args, "holdout")
    if args.model and not args.model.is_file():
        parser.error(f"model file {args.model} does not exist")
    model = load_model(args.model) if args.model else load_model()
    defaults = RoutingPolicy()
    net_threshold = (
        None
        if args.no_emergency_net
        else args.emergency_net_threshold or defaults.emergency_net_threshold
    )
    policy = RoutingPolicy(
        confidence_threshold=args.confidence_threshold,
        expert_amount=args.expert_amount or defaults.expert_amount,
        emergency_net_threshold=net_threshold,
    )
    in_training = args.file.resolve().parent == EVAL_DIR.resolve() and (
        args.file.name in TRAINING_SETS
    )
    if net_threshold is not None and in_training:
        print(
            f"note: {args.file.name} is part of the emergency net's training data; "
            "its emergency recall is in-sample (--no-emergency-net for the lexicon alone)"
        )
    report = evaluate(records, model, policy=policy)
    part = f" (held-out {args.holdout:.0%}, seed {args.seed})" if args.holdout else ""
    source = args.model or "cold-start catalog model"
    print(format_report(report, f"{args.file}{part} — model: {source}"))
    return 0


def _cv_macro_f1(records: list[LabelledText], config: ModelConfig, folds: int = 5) -> float:
    """Mean macro-F1 of ``config`` over deterministic folds of ``records``."""
    scores = []
    remaining = list(records)
    for k in range(folds):
        # Fold k: the hash-ordered split with seed k, so folds are reproducible.
        train_part, held = split_holdout(remaining, 1 / folds, seed=1000 + k)
        model = train(train_part, config=config)
        scores.append(evaluate(held, model).macro_f1)
    return sum(scores) / len(scores)


def compare_main(argv: Sequence[str] | None = None) -> int:
    """``compare``: jieba vs character n-grams, and the classifier options, side by side."""
    parser = argparse.ArgumentParser(prog="tousu compare", description=compare_main.__doc__)
    parser.add_argument("--zh-eval", type=Path, default=ZH_EVAL)
    parser.add_argument("--cfpb", type=Path, default=cfpb_path())
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    zh = read_labelled(args.zh_eval)
    print(f"Chinese evaluation set {args.zh_eval} ({len(zh)} complaints), cold-start models:")
    print(
        f"{'features':<8}{'classifier':<10}{'macro-F1':>10}{'accuracy':>10}"
        f"{'emerg.recall':>14}{'auto share':>12}{'fit s':>7}"
    )
    for features in ("char", "jieba"):
        for classifier in CLASSIFIERS:
            config = ModelConfig(features=features, classifier=classifier)
            start = time.perf_counter()
            model = train((), config=config)
            fit = time.perf_counter() - start
            rep = evaluate(zh, model)
            rec = rep.emergency.recall if rep.emergency else float("nan")
            print(
                f"{features:<8}{classifier:<10}{rep.macro_f1:>10.3f}{rep.accuracy:>10.3f}"
                f"{rec:>14.3f}{rep.auto_share:>12.1%}{fit:>7.1f}"
            )
    if not args.cfpb.is_file():
        print(f"\nCFPB sample not found at {args.cfpb}; skipped")
        return 0
    mapping = load_mapping(CFPB_MAPPING)
    records = map_labels(read_labelled(args.cfpb, mapping=mapping), mapping.labels, load_catalog())
    train_part, _ = split_holdout(records, 0.2)
    print(
        f"\nCFPB training split ({len(train_part)} of {len(records)}; the 20% hold-out is not "
        f"touched), {args.folds}-fold cross-validated macro-F1:"
    )
    for classifier in CLASSIFIERS:
        for features in ("char", "jieba"):
            config = ModelConfig(features=features, classifier=classifier)
            print(
                f"  {features:<8}{classifier:<10}{_cv_macro_f1(train_part, config, args.folds):.3f}"
            )
    return 0


COMMANDS = {
    "train": train_main,
    "evaluate": evaluate_main,
    "cv": cv_main,
    "compare": compare_main,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch ``python -m tousu.text COMMAND ...``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m tousu.text {train,evaluate,cv,compare} ...", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


__all__ = ["ScenarioModel", "compare_main", "cv_main", "evaluate_main", "main", "train_main"]
