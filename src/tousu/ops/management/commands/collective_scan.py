"""``tousu collective_scan``: batch-match recent complaints (after a large import)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from tousu.collectives.services import match_on_arrival
from tousu.complaints.models import Complaint


class Command(BaseCommand):
    help = ("Index and match every complaint of the last N days that has no fingerprint yet, "
            "creating suggestions for moderators, as arrival matching would have.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options) -> None:
        since = timezone.now() - timedelta(days=days)
        todo = (Complaint.objects.filter(submitted_at__gte=since, fingerprint__isnull=True)
                .order_by("submitted_at").values_list("pk", flat=True))
        suggestions = set()
        count = 0
        for pk in todo.iterator(1000):
            found = match_on_arrival(pk)
            count += 1
            if found:
                suggestions.add(found.pk)
        self.stdout.write(f"matched {count} complaints; {len(suggestions)} suggestion(s)")
