"""``tousu integrity-eval``: precision and recall of the agency flags on the labelled set."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Evaluate agency/proxy complaint flags on the generated labelled set described in "
            "docs/integrity-eval.md (options: --seed, --scale, --json).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("argv", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        from tousu.integrity.cli import integrity_eval_main

        sys.exit(integrity_eval_main(argv[2:]) or 0)

    def handle(self, *args, argv: list[str], **options) -> None:
        from tousu.integrity.cli import integrity_eval_main

        integrity_eval_main(argv)
