"""``tousu refresh-stats [--full]``: bring the public figures up to date."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tousu.public.aggregate import refresh


class Command(BaseCommand):
    help = ("Recompute the monthly rows behind public pages, rankings and the report: only "
            "what changed since the last run, or everything with --full.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--full", action="store_true")

    def handle(self, *args, full: bool, **options) -> None:
        report = refresh(full=full)
        kind = "full rebuild" if report.full else "incremental"
        self.stdout.write(f"{kind}: {report.complaints} complaints into {report.rows} monthly "
                          f"rows in {report.seconds:.1f} s")
