"""``tousu train [FILE]``: retrain the scenario model from labelled data and staff overrides."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tousu.complaints.services import emergency_training_pairs, override_training_pairs
from tousu.text import load_catalog, load_mapping, read_labelled, train
from tousu.text.cli import add_auto_accuracy_arg, describe_auto_path
from tousu.text.emergency_net import build_net
from tousu.text.model import ENGLISH_PROFILE, ModelConfig
from tousu.text.training import map_labels


class Command(BaseCommand):
    help = (
        "Train the scenario model and install it for every tousu process (they reload it when "
        "the file changes). It learns from the catalog's examples, every staff override kept "
        "in the database, and optionally a labelled CSV/JSONL file whose labels a --mapping "
        "file maps onto catalog codes. When staff have judged complaints emergencies or false "
        "alarms, or the file has an emergency column, the emergency net is retrained with "
        "them and installed in the same model file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="labelled .csv, .jsonl or .json")
        parser.add_argument("--mapping", type=Path, help="label mapping (.yaml/.json)")
        parser.add_argument("--text-col")
        parser.add_argument("--label-col")
        parser.add_argument("--no-overrides", action="store_true",
                            help="leave out the staff overrides and emergency judgments "
                                 "stored in the database")
        parser.add_argument("--out", type=Path, default=None,
                            help="model file (default: TOUSU_TEXT_MODEL, used by intake)")
        add_auto_accuracy_arg(parser)

    def handle(self, *args, file: Path | None, mapping: Path | None, text_col: str | None,
               label_col: str | None, no_overrides: bool, out: Path | None, auto_accuracy: float,
               **options) -> None:
        out = out or Path(settings.TOUSU_TEXT_MODEL)
        records = []
        config, include_catalog = None, True
        if file is not None:
            if not file.is_file():
                raise CommandError(f"{file}: no such file")
            label_map = load_mapping(mapping) if mapping else None
            raw = read_labelled(file, text_col=text_col, label_col=label_col, mapping=label_map)
            records = map_labels(raw, label_map.labels if label_map else None, load_catalog())
            if label_map is not None and label_map.language == "en":
                # English-only data: word n-grams, and the catalog's examples left out (they
                # lowered macro-F1 on the CFPB folds; see tousu.text.model.ENGLISH_PROFILE).
                config, include_catalog = ModelConfig(**ENGLISH_PROFILE), False
        overrides = [] if no_overrides else override_training_pairs()
        started = time.perf_counter()
        model = train(records, overrides=overrides, config=config,
                      include_catalog=include_catalog, source=str(file or "catalog+overrides"),
                      auto_accuracy=auto_accuracy or None)
        judged = [] if no_overrides else emergency_training_pairs()
        flagged = [r for r in records if r.emergency is not None]
        if judged or flagged:
            model.emergency_net = build_net(load_catalog(), extra=flagged, staff=judged)
        out.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a process reloading mid-write never sees half a model.
        partial = out.with_suffix(out.suffix + ".partial")
        model.save(partial)
        partial.replace(out)
        self.stdout.write(
            f"trained on {len(records)} labelled records + {len(overrides)} staff overrides"
            f"{' + catalog examples' if include_catalog else ' (English profile, no catalog)'} "
            f"in {time.perf_counter() - started:.1f}s; model written to {out}"
        )
        self.stdout.write(describe_auto_path(model.meta))
        if model.emergency_net is not None:
            self.stdout.write(
                f"emergency net retrained with {len(judged)} staff judgments and "
                f"{len(flagged)} emergency labels from the file "
                f"({model.emergency_net.n_samples} texts in all)"
            )
        else:
            self.stdout.write("emergency net: no staff judgments yet; the shipped net is used")
