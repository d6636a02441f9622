"""``tousu import-mentions FILE.csv|.json``: unhappy social-media posts become callbacks."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tousu.callbacks.mentions import MentionFileError, import_mentions


class Command(BaseCommand):
    help = ("Import social-media mentions (external_id, platform, merchant, text, posted_at, "
            "url, complaint_ref or phone, name) as callbacks; all rows or none.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            created, existing = import_mentions(file.read_bytes(), file.suffix.lower())
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from None
        except MentionFileError as exc:
            raise CommandError("nothing imported:\n  " + "\n  ".join(exc.problems)) from None
        self.stdout.write(f"{created} callbacks scheduled, {existing} mentions imported before")
