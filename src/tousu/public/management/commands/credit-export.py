"""``tousu credit-export --from 2026-01-01 --to 2027-01-01 OUT.csv|OUT.json``."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tousu.public.credit import RULE_ZH, breaches


class Command(BaseCommand):
    help = ("Merchants that ignored complaints past their response deadlines in a period, "
            "with counts and evidence links, for a public-credit system (CSV or JSON).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
        parser.add_argument("--to", dest="end", type=date.fromisoformat, required=True,
                            help="exclusive")
        parser.add_argument("--min", type=int, default=1, help="least misses to be listed")
        parser.add_argument("--base-url", default="", help="e.g. https://tousu.example.cn")

    def handle(self, *args, out: Path, start: date, end: date, min: int, base_url: str,
               **options) -> None:
        if end <= start:
            raise CommandError("--to must be after --from")
        suffix = out.suffix.lower()
        if suffix not in (".csv", ".json"):
            raise CommandError("write .csv or .json")
        rows = breaches(start, end, base_url=base_url.rstrip("/"), min_breaches=min)
        if suffix == ".json":
            doc = {
                "period": {"from": start.isoformat(), "to": end.isoformat()},
                "generated_at": timezone.now().isoformat(), "rule": RULE_ZH,
                "merchants": [{
                    "merchant_id": r.merchant_id, "merchant": r.merchant,
                    "industry": r.industry, "committed": r.committed,
                    "complaints_due": r.complaints_due, "ignored": r.ignored, "late": r.late,
                    "breach_rate": None if r.breach_rate is None else round(r.breach_rate, 4),
                    "evidence": [{"ref": e.ref, "response_due_at": e.response_due_at.isoformat(),
                                  "first_response_at": e.first_response_at.isoformat()
                                  if e.first_response_at else None, "url": e.url}
                                 for e in r.evidence],
                } for r in rows],
            }
            out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            with out.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["merchant_id", "merchant", "industry", "committed",
                                 "complaints_due", "ignored", "late", "breach_rate",
                                 "evidence_refs", "evidence_urls"])
                for r in rows:
                    writer.writerow([
                        r.merchant_id, r.merchant, r.industry, int(r.committed),
                        r.complaints_due, r.ignored, r.late,
                        "" if r.breach_rate is None else f"{r.breach_rate:.4f}",
                        " ".join(e.ref for e in r.evidence),
                        " ".join(e.url for e in r.evidence if e.url),
                    ])
        self.stdout.write(f"{len(rows)} merchants with missed deadlines written to {out}")
