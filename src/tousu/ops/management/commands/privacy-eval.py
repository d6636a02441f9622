"""``tousu privacy_eval``: per-type precision and recall of personal-data detection."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand

from tousu.privacy.evaluate import main as evaluate_main


class Command(BaseCommand):
    help = ("Evaluate PII detection on the labelled test set (options as `python -m "
            "tousu.privacy.evaluate --help`).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("argv", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(evaluate_main(argv[2:]) or 0)

    def handle(self, *args, argv: list[str], **options) -> None:
        evaluate_main(argv)
