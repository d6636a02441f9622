"""Training data assembly: catalog cold start, labelled imports and staff overrides.

A new platform has no labelled history, so the first model learns from the catalog's
example phrases alone. Every labelled import and every staff override then adds to those
examples (the catalog examples stay in, so a scenario never disappears from the model just
because the import did not mention it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from .auto_threshold import AutoThreshold, choose_threshold
from .catalog import OTHER, Catalog, load_catalog
from .model import ModelConfig, ScenarioModel, fit_model
from .normalize import normalize


@dataclass(frozen=True)
class LabelledText:
    """A complaint text with its scenario label (and, when known, its emergency flag)."""

    text: str
    label: str
    emergency: bool | None = None


Override = tuple[str, str]
"""A staff override: ``(complaint text, scenario code chosen by staff)``."""


def catalog_examples(catalog: Catalog) -> list[LabelledText]:
    """The cold-start training set: every catalog example phrase labelled with its scenario."""
    return [
        LabelledText(example, s.code, s.emergency)
        for s in catalog.scenarios
        for example in s.examples
    ]


def map_labels(
    records: Iterable[LabelledText | tuple[str, str]],
    mapping: Mapping[str, str | None] | None,
    catalog: Catalog,
) -> list[LabelledText]:
    """Map raw labels onto catalog codes, failing loudly on labels nobody mapped.

    A label already equal to a catalog code maps to itself; a label mapped to ``None`` is
    dropped on purpose (e.g. a product line the platform does not handle).
    """
    out: list[LabelledText] = []
    unknown: set[str] = set()
    for record in records:
        rec = record if isinstance(record, LabelledText) else LabelledText(*record)
        if mapping is not None and rec.label in mapping:
            code = mapping[rec.label]
        elif rec.label in catalog:
            code = rec.label
        else:
            unknown.add(rec.label)
            continue
        if code is None:
            continue
        if code not in catalog:
            raise ValueError(f"label {rec.label!r} maps to {code!r}, which is not in the catalog")
        out.append(LabelledText(rec.text, code, rec.emergency))
    if unknown:
        raise ValueError(
            f"labels not in the catalog and not in the mapping: {sorted(unknown)}; "
            "add them to the mapping file (map to null to drop them)"
        )
    return out


def train(
    records: Iterable[LabelledText | tuple[str, str]] = (),
    mapping: Mapping[str, str | None] | None = None,
    *,
    overrides: Iterable[Override] = (),
    catalog: Catalog | None = None,
    config: ModelConfig | None = None,
    include_catalog: bool = True,
    source: str = "",
    auto_accuracy: float | None = None,
) -> ScenarioModel:
    """Train a scenario model from labelled records plus staff overrides.

    ``records`` are ``LabelledText`` or ``(text, label)`` pairs; ``mapping`` maps their labels
    onto catalog codes. ``overrides`` are ``(text, code)`` pairs from staff; they replace any
    imported label for the same (normalised) text and weigh ``config.override_weight`` times
    as much, because staff judged that very complaint.

    With ``auto_accuracy`` (e.g. 0.9) and labelled data, the confidence threshold of the
    automated path is measured out of fold and stored in ``meta`` (:mod:`.auto_threshold`).
    """
    catalog = catalog or load_catalog()
    config = config or ModelConfig()
    overrides = list(overrides)
    mapped = map_labels(records, mapping, catalog)
    rows: dict[str, tuple[str, float]] = {}
    extra: list[tuple[str, str, float]] = []
    base = catalog_examples(catalog) if include_catalog else []
    for rec in base + mapped:
        text = normalize(rec.text)
        if text:
            extra.append((text, rec.label, 1.0))
    for text, code in overrides:
        if code not in catalog:
            raise ValueError(f"override scenario {code!r} is not in the catalog")
        norm = normalize(text)
        if norm:
            rows[norm] = (code, config.override_weight)
    kept = [(t, label, w) for t, label, w in extra if t not in rows]
    kept += [(t, code, w) for t, (code, w) in rows.items()]
    texts, labels, weights = zip(*kept, strict=True) if kept else ((), (), ())
    model = fit_model(
        texts,
        labels,
        catalog,
        weights=weights,
        config=config,
        source=source or ("catalog" if not extra or len(extra) == len(base) else "records"),
    )
    labelled = mapped + [LabelledText(text, code) for text, code in overrides]
    if auto_accuracy is not None and labelled:
        measured = measure_auto_threshold(
            labelled, auto_accuracy, config=config, catalog=catalog, include_catalog=include_catalog
        )
        if measured is not None:
            model.meta["confidence_threshold"] = measured.threshold
            model.meta["auto_path"] = measured.as_meta()
    return model


def fold_models(
    records: Sequence[LabelledText],
    splitter: Any,
    *,
    config: ModelConfig | None,
    catalog: Catalog,
    include_catalog: bool,
) -> Iterator[tuple[np.ndarray, ScenarioModel]]:
    """For each fold of ``splitter`` (stratified on the labels): its test indices and the
    model :func:`train` builds from the other records, so every out-of-fold figure is that
    of the model that ships."""
    labels = np.array([r.label for r in records])
    for train_idx, test_idx in splitter.split(np.zeros(len(records)), labels):
        model = train(
            [records[i] for i in train_idx],
            config=config,
            catalog=catalog,
            include_catalog=include_catalog,
        )
        yield test_idx, model


def measure_auto_threshold(
    records: Sequence[LabelledText],
    target: float,
    *,
    config: ModelConfig,
    catalog: Catalog,
    include_catalog: bool,
    folds: int = 5,
    seed: int = 0,
) -> AutoThreshold | None:
    """Out-of-fold typing of ``records`` (each fold trained as ``train`` trains), then the
    threshold at which the automated path is typed correctly ``target`` of the time.

    ``None`` when some scenario has a single record, so no stratified fold can be made.
    """
    labels = np.array([r.label for r in records])
    smallest = min(Counter(labels.tolist()).values())
    if len(set(labels.tolist())) < 2 or smallest < 2:
        return None
    splitter = StratifiedKFold(n_splits=min(folds, smallest), shuffle=True, random_state=seed)
    confidence = np.zeros(len(records))
    predicted = np.empty(len(records), dtype=object)
    for test_idx, fold in fold_models(
        records, splitter, config=config, catalog=catalog, include_catalog=include_catalog
    ):
        proba = fold.predict_proba([records[i].text for i in test_idx])
        best = proba.argmax(axis=1)
        confidence[test_idx] = proba[np.arange(len(test_idx)), best]
        predicted[test_idx] = [fold.classes[j] for j in best]
    eligible = [code != OTHER and catalog.get(code).auto_path for code in predicted]
    correct = [p == g for p, g in zip(predicted, labels, strict=True)]
    return choose_threshold(confidence, correct, eligible, target)


def build_default_model(
    catalog: Catalog | None = None, config: ModelConfig | None = None
) -> ScenarioModel:
    """The cold-start model: trained on the catalog's example phrases only."""
    return train((), catalog=catalog, config=config, source="catalog")


def retrain_with_overrides(
    records: Iterable[LabelledText | tuple[str, str]],
    overrides: Iterable[Override],
    mapping: Mapping[str, str | None] | None = None,
    **kwargs: object,
) -> ScenarioModel:
    """Convenience for the nightly job: the same imports, plus every override kept so far."""
    return train(records, mapping, overrides=overrides, **kwargs)  # type: ignore[arg-type]
