"""``tousu purge_personal_data``: apply the retention policy (TOUSU_RETENTION_DAYS)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from tousu.complaints.erasure import purge_expired


class Command(BaseCommand):
    help = ("Remove personal data from complaints that ended more than N days ago "
            "(default TOUSU_RETENTION_DAYS). Complaints stay, masked, for statistics.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.TOUSU_RETENTION_DAYS if days is None else days
        if days <= 0:
            self.stdout.write("retention disabled (TOUSU_RETENTION_DAYS=0)")
            return
        count = purge_expired(days, dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        self.stdout.write(f"{verb} personal data of {count} complaints closed over {days} days ago")
