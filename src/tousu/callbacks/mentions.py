"""Social-media mentions (微博/小红书/抖音 posts about a merchant) imported as callbacks.

A file of mentions comes from a monitoring vendor or a merchant's social team as CSV or
JSON. Each row names its ``external_id`` (the post's id, so a re-import adds nothing), the
merchant, the post's text, and optionally the complaint it concerns (``complaint_ref``) or
a phone number to call. Rows are checked first and the file is refused as a whole, with
every problem listed by line, so a half-imported file never happens.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tousu.callbacks.models import Callback
from tousu.callbacks.services import schedule
from tousu.complaints.models import Complaint
from tousu.merchants.models import Merchant

REQUIRED = ("external_id", "merchant", "text")


@dataclass
class Mention:
    line: int
    external_id: str
    platform: str
    merchant: Merchant
    text: str
    posted_at: datetime | None
    url: str
    complaint: Complaint | None
    phone: str
    name: str


class MentionFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_rows(raw: bytes, suffix: str) -> list[dict]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MentionFileError([f"the file is not UTF-8 (byte {exc.start})"]) from None
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MentionFileError([f"malformed JSON at line {exc.lineno} column {exc.colno}"]
                                   ) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise MentionFileError(["JSON must be a list of objects"])
        return data
    if suffix == ".csv":
        return list(csv.DictReader(io.StringIO(text)))
    raise MentionFileError([f"unsupported file type {suffix!r}: use .csv or .json"])


def check(rows: list[dict], first: int = 1) -> list[Mention]:
    """Validate every row; ``first`` is the number of the first row (2 for a CSV file,
    whose line 1 is the header), so problems name the line people see in their editor."""
    problems: list[str] = []
    mentions: list[Mention] = []
    merchants = {m.name: m for m in Merchant.objects.all()}
    by_id = {str(m.pk): m for m in merchants.values()}
    seen: set[str] = set()
    for n, row in enumerate(rows, start=first):
        row = {str(k).strip(): ("" if v is None else str(v).strip()) for k, v in row.items()}
        missing = [f for f in REQUIRED if not row.get(f)]
        if missing:
            problems.append(f"row {n}: missing {', '.join(missing)}")
            continue
        merchant = merchants.get(row["merchant"]) or by_id.get(row["merchant"])
        if merchant is None:
            problems.append(f"row {n}: unknown merchant {row['merchant']!r}")
            continue
        key = f"{row.get('platform', '')}:{row['external_id']}"
        if key in seen:
            problems.append(f"row {n}: external_id {row['external_id']!r} appears twice")
            continue
        seen.add(key)
        posted = None
        if row.get("posted_at"):
            posted = parse_datetime(row["posted_at"])
            if posted is None:
                problems.append(f"row {n}: posted_at {row['posted_at']!r} is not a date-time")
                continue
            if timezone.is_naive(posted):
                posted = timezone.make_aware(posted)
        complaint = None
        if row.get("complaint_ref"):
            complaint = (Complaint.objects.select_related("consumer")
                         .filter(ref=row["complaint_ref"], merchant=merchant).first())
            if complaint is None:
                problems.append(f"row {n}: no complaint {row['complaint_ref']!r} against "
                                f"{merchant.name}")
                continue
        if complaint is None and not row.get("phone"):
            problems.append(f"row {n}: give complaint_ref or phone, or nobody can be called")
            continue
        mentions.append(Mention(n, row["external_id"], row.get("platform", ""), merchant,
                                row["text"][:2000], posted, row.get("url", ""), complaint,
                                row.get("phone", ""), row.get("name", "")))
    if problems:
        raise MentionFileError(problems)
    return mentions


def import_mentions(raw: bytes, suffix: str) -> tuple[int, int]:
    """All rows or none; returns (callbacks created, rows already imported before)."""
    mentions = check(read_rows(raw, suffix), first=2 if suffix == ".csv" else 1)
    created = existing = 0
    with transaction.atomic():
        for m in mentions:
            context = f"[{m.platform or '社交媒体'}] {m.text}" + (f" {m.url}" if m.url else "")
            _, new = schedule(f"mention:{m.platform}:{m.external_id}",
                              Callback.Reason.SOCIAL_MENTION,
                              due=timezone.now(), complaint=m.complaint, merchant_id=m.merchant.pk,
                              contact_name=m.name, contact_phone=m.phone, context=context)
            created += new
            existing += not new
    return created, existing
