"""Training data assembly: catalog cold start, labelled imports and staff overrides.

A new platform has no labelled history, so the first model learns from the catalog's
example phrases alone. Every labelled import and every staff override then adds to those
examples (the catalog examples stay in, so a scenario never disappears from the model just
because the import did not mention it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .catalog import Catalog, load_catalog
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
) -> ScenarioModel:
    """Train a scenario model from labelled records plus staff overrides.

    ``records`` are ``LabelledText`` or ``(text, label)`` pairs; ``mapping`` maps their labels
    onto catalog codes. ``overrides`` are ``(text, code)`` pairs from staff; they replace any
    imported label for the same (normalised) text and weigh ``config.override_weight`` times
    as much, because staff judged that very complaint.
    """
    catalog = catalog or load_catalog()
    config = config or ModelConfig()
    rows: dict[str, tuple[str, float]] = {}
    extra: list[tuple[str, str, float]] = []
    base = catalog_examples(catalog) if include_catalog else []
    for rec in base + map_labels(records, mapping, catalog):
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
    return fit_model(
        texts,
        labels,
        catalog,
        weights=weights,
        config=config,
        source=source or ("catalog" if not extra or len(extra) == len(base) else "records"),
    )


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
