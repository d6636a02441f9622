"""Full-text search over published complaints, in Chinese, on both databases.

Chinese has no spaces, so word tokenizers miss most queries. Both engines therefore match
substrings through trigram indexes: SQLite's FTS5 ``trigram`` tokenizer on the embedded
default, ``pg_trgm`` GIN indexes under ``ILIKE`` on PostgreSQL. Trigram indexes need at
least three characters; one- and two-character queries (``退款``) fall back to a plain
substring scan, which is exact but not indexed. Only masked text is indexed (the title
and the masked narrative), so search can never surface personal data.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from tousu.complaints.models import Complaint

#: Below this many characters a trigram index cannot help.
MIN_INDEXED = 3
MAX_QUERY = 100


def normalise(q: str) -> str:
    """Collapse whitespace and turn control characters into spaces: FTS5 ends a string at
    NUL, and nothing anyone searches for contains one. (Requests carrying NUL are refused
    before they get here; this keeps the search safe for any other caller.)"""
    cleaned = "".join(" " if ch < " " or ch == "\x7f" else ch for ch in (q or ""))
    return " ".join(cleaned.split())[:MAX_QUERY]


def _fts_phrase(q: str) -> str:
    # One FTS5 string token: a substring match of the whole query, quotes doubled.
    return '"' + q.replace('"', '""') + '"'


def fts_available() -> bool:
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'public_complaint_fts'")
        return cursor.fetchone() is not None


def matching(qs: QuerySet[Complaint], q: str) -> QuerySet[Complaint]:
    """``qs`` narrowed to complaints whose title or masked narrative contains ``q``."""
    q = normalise(q)
    if not q:
        return qs
    if connection.vendor == "sqlite" and len(q) >= MIN_INDEXED and fts_available():
        return qs.extra(
            where=["complaints_complaint.id IN (SELECT rowid FROM public_complaint_fts "
                   "WHERE public_complaint_fts MATCH %s)"],
            params=[_fts_phrase(q)],
        )
    return qs.filter(Q(title__icontains=q) | Q(narrative_masked__icontains=q))


def scan(qs: QuerySet[Complaint], q: str) -> QuerySet[Complaint]:
    """The unindexed substring scan; what the indexed search must agree with."""
    q = normalise(q)
    return qs.filter(Q(title__icontains=q) | Q(narrative_masked__icontains=q)) if q else qs
