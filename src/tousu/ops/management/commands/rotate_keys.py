"""``tousu rotate_keys``: re-encrypt every encrypted field under the newest key.

Rotation: put a new key first in TOUSU_FIELD_KEYS (keep the old ones after it), run this,
then drop the old keys once it reports nothing left under them.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tousu.secure.fields import PREFIX, EncryptedTextField
from tousu.secure.keys import cipher


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options) -> None:
        c = cipher()
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            for field in fields:
                column = connection.ops.quote_name(field.column)
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} LIKE %s",
                                   [PREFIX + "%"])
                    for pk, token in cursor.fetchall():
                        raw = token[len(PREFIX):]
                        if c.is_current(raw):
                            continue
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s",
                                       [PREFIX + c.rotate(raw), pk])
                        total += 1
        self.stdout.write(f"re-encrypted {total} values under the primary key")
