"""Trigram search indexes: FTS5 on SQLite, pg_trgm GIN on PostgreSQL.

The FTS5 table is an external-content index over the complaint table's masked texts, kept
current by triggers, so no code path can forget to index a complaint.
"""

import warnings

from django.db import DatabaseError, migrations, transaction

SQLITE_UP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS public_complaint_fts USING fts5(
        title, narrative_masked, content='complaints_complaint', content_rowid='id',
        tokenize='trigram')""",
    """CREATE TRIGGER IF NOT EXISTS public_complaint_fts_ai AFTER INSERT ON complaints_complaint
       BEGIN INSERT INTO public_complaint_fts(rowid, title, narrative_masked)
             VALUES (new.id, new.title, new.narrative_masked); END""",
    """CREATE TRIGGER IF NOT EXISTS public_complaint_fts_ad AFTER DELETE ON complaints_complaint
       BEGIN INSERT INTO public_complaint_fts(public_complaint_fts, rowid, title, narrative_masked)
             VALUES ('delete', old.id, old.title, old.narrative_masked); END""",
    """CREATE TRIGGER IF NOT EXISTS public_complaint_fts_au
       AFTER UPDATE OF title, narrative_masked ON complaints_complaint
       BEGIN INSERT INTO public_complaint_fts(public_complaint_fts, rowid, title, narrative_masked)
             VALUES ('delete', old.id, old.title, old.narrative_masked);
             INSERT INTO public_complaint_fts(rowid, title, narrative_masked)
             VALUES (new.id, new.title, new.narrative_masked); END""",
    "INSERT INTO public_complaint_fts(public_complaint_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS public_complaint_fts_au",
    "DROP TRIGGER IF EXISTS public_complaint_fts_ad",
    "DROP TRIGGER IF EXISTS public_complaint_fts_ai",
    "DROP TABLE IF EXISTS public_complaint_fts",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS public_complaint_title_trgm ON complaints_complaint "
    "USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS public_complaint_narrative_trgm ON complaints_complaint "
    "USING gin (narrative_masked gin_trgm_ops)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS public_complaint_narrative_trgm",
    "DROP INDEX IF EXISTS public_complaint_title_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        todo = {"sqlite": statements[0], "postgresql": statements[1]}.get(vendor, [])
        if vendor == "postgresql" and todo is statements[1]:
            try:
                with transaction.atomic():
                    schema_editor.execute(todo[0])
            except DatabaseError as exc:
                # pg_trgm needs a role that may create extensions; without it search
                # still works, by scanning. An administrator can add the indexes later.
                warnings.warn(f"pg_trgm unavailable, complaint search is unindexed: {exc}",
                              stacklevel=1)
                return
            todo = todo[1:]
        for sql in todo:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_alter_event_kind_rating")]
    operations = [
        migrations.RunPython(_run((SQLITE_UP, PG_UP)), _run((SQLITE_DOWN, PG_DOWN))),
    ]
