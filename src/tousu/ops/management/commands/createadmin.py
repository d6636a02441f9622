"""``tousu createadmin``: create (or reset) a platform administrator."""

from __future__ import annotations

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tousu.accounts.models import User
from tousu.core.roles import Role


class Command(BaseCommand):
    help = ("Create an administrator. The password comes from --password, the "
            "TOUSU_ADMIN_PASSWORD environment variable, or a prompt.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)

    def handle(self, *args, username: str, email: str, password: str | None, **options) -> None:
        password = password or os.environ.get("TOUSU_ADMIN_PASSWORD")
        if not password:
            if not os.isatty(0):
                raise CommandError("no password given: use --password or TOUSU_ADMIN_PASSWORD")
            password = getpass.getpass("password: ")
            if password != getpass.getpass("again: "):
                raise CommandError("the passwords differ")
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        user.email = email or user.email
        user.role = Role.ADMIN.value
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"administrator {username!r} ready; log in at /admin")
