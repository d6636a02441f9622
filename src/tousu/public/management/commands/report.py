"""``tousu report --year 2026``: the yearly report (年度蓝皮书) as HTML and PDF.

Warning cases are chosen by the published rule and saved as an editable draft,
``warnings-YEAR.json``, next to the report. Staff review it (drop a case, reorder, fix a
summary) and publish with ``--warnings`` pointing at the edited file.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tousu.public.yearly import gather
from tousu.report import (
    WarningsFileError,
    load_warnings,
    render_pngs,
    render_report,
    save_warnings,
)


class Command(BaseCommand):
    help = "Write the yearly report (HTML and PDF with charts) for one year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, default=None,
                            help="folder (default: $TOUSU_DATA_DIR/reports)")
        parser.add_argument("--warnings", type=Path, default=None,
                            help="the staff-edited warning cases to publish")
        parser.add_argument("--png", action="store_true",
                            help="also render every PDF page to PNG")
        parser.add_argument("--refresh", action="store_true",
                            help="refresh the monthly figures first")

    def handle(self, *args, year: int, out: Path | None, warnings: Path | None, png: bool,
               refresh: bool, **options) -> None:
        out = out or Path(settings.DATA_DIR) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        if refresh:
            from tousu.public.aggregate import refresh as do_refresh

            do_refresh()
        chosen = None
        if warnings is not None:
            try:
                chosen = load_warnings(warnings)
            except (OSError, WarningsFileError) as exc:
                raise CommandError(f"cannot use {warnings}: {exc}") from None
        data = gather(year, chosen)
        if warnings is None:
            draft = save_warnings(out / f"warnings-{year}.json", data.warnings)
            self.stdout.write(f"warning cases chosen by the rule, draft for review: {draft}")
        files = render_report(data, out)
        self.stdout.write(f"report: {files.html}\nreport: {files.pdf}")
        if png:
            pages = render_pngs(files.pdf, out / f"pages-{year}")
            self.stdout.write(f"{len(pages)} page images in {pages[0].parent}" if pages else "")
