"""``tousu audit verify``: prove the audit trail has not been edited, cut or reordered."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tousu.audit.log import verify_chain
from tousu.audit.models import AuditEntry


class Command(BaseCommand):
    help = ("verify: walk the hash chain and report the first edited, missing or reordered "
            "entry. Keep the printed head (seq:hash) somewhere else and pass it back with "
            "--expect-head to also catch deletion of the newest entries.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--expect-head", help="SEQ:HASH printed by an earlier verify")

    def handle(self, *args, action: str, expect_head: str | None, **options) -> None:
        head = None
        if expect_head:
            seq, _, digest = expect_head.partition(":")
            head = (int(seq), digest)
        result = verify_chain(head)
        if not result.ok:
            raise CommandError(
                f"audit chain BROKEN at seq {result.first_bad_seq} ({result.kind}): "
                f"{result.reason}"
            )
        last = AuditEntry.objects.order_by("-seq").first()
        head_text = f"{last.seq}:{last.hash}" if last else "empty"
        self.stdout.write(f"audit chain OK: {AuditEntry.objects.count()} entries; head {head_text}")
