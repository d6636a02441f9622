"""``tousu evaluate FILE``: per-scenario P/R/F1, macro-F1, emergency recall, confusions."""

from __future__ import annotations

import argparse
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tousu.text.cli import evaluate_main


class Command(BaseCommand):
    help = ("Evaluate the scenario model on a labelled file. Options as `python -m tousu.text "
            "evaluate --help`: --mapping, --text-col, --label-col, --holdout, --model. Without "
            "--model, the installed model (TOUSU_TEXT_MODEL) or the cold-start model is used.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("argv", nargs=argparse.REMAINDER,
                            help="FILE and the text engine's evaluate options")

    def run_from_argv(self, argv: list[str]) -> None:
        # Everything after "evaluate" belongs to the text engine's own parser (and its --help).
        sys.exit(self.evaluate(argv[2:]))

    def handle(self, *args, argv: list[str], **options) -> None:
        status = self.evaluate(argv)
        if status:
            raise CommandError(f"evaluate failed ({status})")

    @staticmethod
    def evaluate(argv: list[str]) -> int:
        if "--model" not in argv and settings.TOUSU_TEXT_MODEL.is_file():
            argv = [*argv, "--model", str(settings.TOUSU_TEXT_MODEL)]
        return evaluate_main(argv)
