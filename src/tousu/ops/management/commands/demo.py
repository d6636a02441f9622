"""``tousu demo``: migrate the embedded database, load demo data, and serve."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tousu.merchants.models import Merchant


class Command(BaseCommand):
    help = ("Set up the embedded SQLite database with realistic Chinese demo data and serve "
            "it on http://127.0.0.1:8000 (use --no-serve to only load).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--complaints", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-serve", action="store_true")

    def handle(self, *args, host: str, port: int, complaints: int, seed: int, no_serve: bool,
               **options) -> None:
        from tousu.demo.load import DEMO_PASSWORD, demo_casefile, load

        call_command("migrate", interactive=False, verbosity=0)
        if Merchant.objects.exists():
            self.stdout.write("demo data already loaded; keeping it")
        else:
            started = time.monotonic()
            load(seed=seed, complaints=complaints)
            self.stdout.write(
                f"loaded {complaints} demo complaints in {time.monotonic() - started:.1f}s"
            )
            call_command("collective_scan", "--days", "500", stdout=self.stdout)
            call_command("refresh-stats", "--full", stdout=self.stdout)
            casefile = demo_casefile()
            if casefile:
                self.stdout.write(f"police case file generated: {casefile}")
        db = settings.DATABASES["default"]["NAME"]
        self.stdout.write(
            f"database: {db}\n"
            f"demo logins (password {DEMO_PASSWORD}):\n"
            "  admin        platform administrator (/admin)\n"
            "  moderator    platform moderator\n"
            "  mediator     mediator / expert\n"
            "  regulator    regulator (aggregates only: /api/stats)\n"
            "  agent01      a merchant's complaint agent\n"
            "  consumer001  a consumer with complaints\n"
            f"emergency queue: http://{host}:{port}/staff/emergencies (log in as moderator)\n"
        )
        if not no_serve:
            call_command("serve", host=host, port=port, no_migrate=True)
