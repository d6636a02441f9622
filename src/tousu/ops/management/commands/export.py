"""``tousu export complaints FILE.csv|.jsonl``: a masked export for regulators and partners."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from tousu.api.privacy import public_out
from tousu.complaints.models import Complaint


class Command(BaseCommand):
    help = ("Export complaints with personal data masked (the same view the public gets, "
            "plus non-public complaints with --all). Never contains a consumer field.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=["complaints"])
        parser.add_argument("out", type=Path)
        parser.add_argument("--all", action="store_true",
                            help="include non-public complaints (still masked)")

    def handle(self, *args, what: str, out: Path, all: bool, **options) -> None:
        qs = Complaint.objects.select_related("merchant").order_by("submitted_at", "id")
        if not all:
            qs = qs.filter(visibility="public")
        rows = (public_out(c) for c in qs.iterator(1000))
        suffix = out.suffix.lower()
        if suffix not in (".csv", ".jsonl"):
            raise CommandError("write .csv or .jsonl")
        count = 0
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = None
            for row in rows:
                if suffix == ".jsonl":
                    fh.write(json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")
                else:
                    if writer is None:
                        writer = csv.DictWriter(fh, fieldnames=list(row))
                        writer.writeheader()
                    writer.writerow(row)
                count += 1
        self.stdout.write(f"exported {count} complaints to {out} (personal data masked)")
