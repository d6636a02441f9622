"""``tousu import FILE.csv|.jsonl``: bulk intake with a progress bar and line-numbered errors."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from tousu.complaints import services
from tousu.complaints.analysis import analyze_batch
from tousu.importer.rows import FileError, Row, RowError, read_records, validate
from tousu.merchants.models import Merchant


class Command(BaseCommand):
    help = (
        "Import complaints from a CSV or JSON Lines file. By default the file is imported "
        "whole or not at all: every bad line is listed and nothing is written, so fixing "
        "the file and running again is always safe. --skip-bad imports the good lines and "
        "lists the bad ones. Re-importing a file never duplicates a complaint."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--skip-bad", action="store_true",
                            help="import the good rows even if some rows are bad")
        parser.add_argument("--quiet-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: Path, skip_bad: bool, quiet_progress: bool, **options) -> None:
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            records, encoding = read_records(file)
        except FileError as exc:
            raise CommandError(f"{file}: {exc}") from None
        merchants = {m.name: m.pk for m in Merchant.objects.filter(is_active=True)}
        ids = set(merchants.values())
        good: list[tuple[Row, int]] = []
        bad: list[RowError] = []
        for line, record in records:
            result = validate(line, record)
            if isinstance(result, RowError):
                bad.append(result)
                continue
            merchant_id = merchants.get(result.merchant)
            if merchant_id is None and result.merchant.isdigit() and int(result.merchant) in ids:
                merchant_id = int(result.merchant)
            if merchant_id is None:
                bad.append(RowError(line, [f"unknown merchant {result.merchant!r}"]))
                continue
            good.append((result, merchant_id))

        for error in bad:
            self.stderr.write(f"{file}:{error}")
        if bad and not skip_bad:
            raise CommandError(
                f"{len(bad)} bad row(s) of {len(records)}; nothing was imported. Fix them and "
                "run again, or pass --skip-bad to import the other rows."
            )

        # Typed in one batch before the transaction: the model's per-call overhead is paid
        # once, and the write lock is held only for writing.
        industries = dict(Merchant.objects.values_list("pk", "industry"))
        analyses = analyze_batch([
            (row.title, row.narrative, industries[merchant_id], row.amount)
            for row, merchant_id in good
        ]) if good else []
        created = existing = 0
        progress = tqdm(total=len(good), unit="row", file=sys.stderr,
                        disable=quiet_progress or not good, desc="importing")
        # One transaction: a crash or Ctrl-C half-way leaves no partial import behind.
        with transaction.atomic():
            for (row, merchant_id), analysis in zip(good, analyses, strict=True):
                submitted_at = row.submitted_at
                if submitted_at is not None and timezone.is_naive(submitted_at):
                    submitted_at = timezone.make_aware(submitted_at)
                data = services.NewComplaint(
                    merchant_id=merchant_id, title=row.title, narrative=row.narrative,
                    amount=row.amount, demands=row.demands, channel=row.channel,
                    visibility=row.visibility, consumer_name=row.consumer_name,
                    consumer_phone=row.consumer_phone, consumer_email=row.consumer_email,
                    submitted_at=submitted_at,
                )
                try:
                    _, is_new = services.submit(
                        data, user=None, idempotency_key=row.idempotency_key,
                        idempotency_scope="import", analysis=analysis,
                    )
                except services.ServiceError as exc:
                    raise CommandError(f"{file}:line {row.line}: {exc}") from None
                created += is_new
                existing += not is_new
                progress.update()
        progress.close()
        self.stdout.write(
            f"{file}: {created} imported, {existing} already present, {len(bad)} skipped as bad "
            f"({encoding})"
        )
