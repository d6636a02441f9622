"""Reading labelled files (CSV, JSONL, JSON) and label-mapping files; deterministic splits.

Real labelled data arrives in whatever shape its source chose: column names differ, labels
are the source's own product names, and some sources wrap the text in prompt boilerplate.
A mapping file describes one source's conventions so the code takes new data unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .training import LabelledText

_TRUE = {"1", "true", "yes", "y", "t", "是", "紧急"}


@dataclass(frozen=True)
class LabelMapping:
    """How to read one labelled source and map its labels onto catalog codes.

    File format (YAML or JSON)::

        text_col: input            # optional defaults for the CLI
        label_col: output
        emergency_col: emergency   # optional
        strip_patterns: ['^narrative:\\s*']   # regexes removed from every text
        language: en               # optional; "en" makes ``train`` use the English profile
        labels:
          credit_reporting: credit_report_error
          some_label_we_ignore: null

    A file without a ``labels`` key is read as a plain ``{label: code}`` mapping.
    """

    labels: dict[str, str | None]
    text_col: str | None = None
    label_col: str | None = None
    emergency_col: str | None = None
    strip_patterns: tuple[str, ...] = field(default=())
    language: str | None = None

    def clean(self, text: str) -> str:
        """Remove the source's boilerplate from ``text``."""
        for pattern in self.strip_patterns:
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
        return text.strip()


def load_mapping(path: str | Path) -> LabelMapping:
    """Read a mapping file (``.yaml``/``.yml``/``.json``)."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)  # YAML is a superset of JSON
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a mapping file must be a mapping")
    labels = data.get("labels", data if "labels" not in data else None)
    if not isinstance(labels, dict):
        raise ValueError(f"{path}: 'labels' must map source labels to catalog codes")
    return LabelMapping(
        labels={str(k): (None if v is None else str(v)) for k, v in labels.items()},
        text_col=data.get("text_col"),
        label_col=data.get("label_col"),
        emergency_col=data.get("emergency_col"),
        strip_patterns=tuple(data.get("strip_patterns") or ()),
        language=(str(data["language"]).lower() if data.get("language") else None),
    )


def _rows(path: Path) -> list[dict[str, Any]]:
    suffix = path.suffix.lower()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        if suffix == ".csv":
            return list(csv.DictReader(fh))
        if suffix == ".jsonl":
            return [json.loads(line) for line in fh if line.strip()]
        if suffix == ".json":
            data = json.load(fh)
            if isinstance(data, dict):  # {"data": [...]} or similar single-key wrappers
                lists = [v for v in data.values() if isinstance(v, list)]
                data = lists[0] if len(lists) == 1 else data
            if not isinstance(data, list):
                raise ValueError(f"{path}: expected a JSON list of records")
            return data
    raise ValueError(f"{path}: unsupported file type {suffix!r} (use .csv, .jsonl or .json)")


def _flag(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def read_labelled(
    path: str | Path,
    *,
    text_col: str | None = None,
    label_col: str | None = None,
    emergency_col: str | None = None,
    mapping: LabelMapping | None = None,
) -> list[LabelledText]:
    """Read ``path`` into records with the source's raw labels (not yet mapped).

    Column names come from the arguments, else from the mapping file, else ``text`` and
    ``label``; the emergency column is optional (``emergency`` is used when present).
    """
    path = Path(path)
    text_col = text_col or (mapping.text_col if mapping else None) or "text"
    label_col = label_col or (mapping.label_col if mapping else None) or "label"
    emergency_col = emergency_col or (mapping.emergency_col if mapping else None) or "emergency"
    records = []
    for i, row in enumerate(_rows(path)):
        if text_col not in row or label_col not in row:
            raise ValueError(
                f"{path} record {i}: needs columns {text_col!r} and {label_col!r}, "
                f"has {sorted(row)}"
            )
        text = str(row[text_col] or "")
        if mapping:
            text = mapping.clean(text)
        if text.strip():
            records.append(LabelledText(text, str(row[label_col]), _flag(row.get(emergency_col))))
    return records


def _key(seed: int, text: str) -> str:
    return hashlib.sha1(f"{seed}:{text}".encode()).hexdigest()


def split_holdout(
    records: Sequence[LabelledText], fraction: float = 0.2, seed: int = 315
) -> tuple[list[LabelledText], list[LabelledText]]:
    """Deterministic stratified split into ``(train, holdout)``.

    Each label's records are ordered by a hash of (seed, text) and the first ``fraction``
    are held out, so the split is the same on every machine and library version, and
    ``train`` and ``evaluate`` agree on it without sharing state.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError("fraction must be between 0 and 1")
    by_label: dict[str, list[LabelledText]] = defaultdict(list)
    for rec in records:
        by_label[rec.label].append(rec)
    train, held = [], []
    for label in sorted(by_label):
        group = sorted(by_label[label], key=lambda r: _key(seed, r.text))
        n_held = round(len(group) * fraction)
        held.extend(group[:n_held])
        train.extend(group[n_held:])
    return train, held
