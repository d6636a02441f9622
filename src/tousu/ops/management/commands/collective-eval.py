"""``tousu collective-eval``: pairwise precision/recall/F1 and purity of collective detection."""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Evaluate collective-complaint detection on the generated labelled set "
            "(options as `python -m tousu.collective eval --help`).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("argv", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        from tousu.collective.cli import collective_eval_main

        sys.exit(collective_eval_main(argv[2:]) or 0)

    def handle(self, *args, argv: list[str], **options) -> None:
        from tousu.collective.cli import collective_eval_main

        collective_eval_main(argv)
