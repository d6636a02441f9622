"""Read and validate complaint rows from CSV or JSONL, reporting errors by line number.

Parsing is separate from saving so a whole file can be checked before anything is
written: an import either lands completely or tells the user every line to fix.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tousu.core.vocab import CHANNELS, DEMANDS

#: Accepted column names, Chinese first, mapped onto field names.
ALIASES: dict[str, str] = {
    "merchant": "merchant", "商家": "merchant", "被投诉商家": "merchant", "merchant_id": "merchant",
    "title": "title", "标题": "title", "投诉标题": "title",
    "narrative": "narrative", "内容": "narrative", "投诉内容": "narrative", "text": "narrative",
    "amount": "amount", "金额": "amount", "涉诉金额": "amount",
    "demands": "demands", "诉求": "demands", "投诉要求": "demands",
    "channel": "channel", "渠道": "channel",
    "submitted_at": "submitted_at", "提交时间": "submitted_at", "投诉时间": "submitted_at",
    "consumer_name": "consumer_name", "姓名": "consumer_name", "投诉人": "consumer_name",
    "consumer_phone": "consumer_phone", "手机": "consumer_phone", "手机号": "consumer_phone",
    "consumer_email": "consumer_email", "邮箱": "consumer_email",
    "external_id": "external_id", "编号": "external_id", "id": "external_id",
    "visibility": "visibility", "公开": "visibility",
}
REQUIRED = ("merchant", "title", "narrative")
_DEMAND_BY_LABEL = {t.zh: t.code for t in DEMANDS.values()} | {
    t.en.lower(): t.code for t in DEMANDS.values()
}


class FileError(ValueError):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


@dataclass(frozen=True)
class Row:
    line: int
    merchant: str
    title: str
    narrative: str
    amount: Decimal
    demands: tuple[str, ...]
    channel: str
    submitted_at: datetime | None
    consumer_name: str
    consumer_phone: str
    consumer_email: str
    visibility: str | None
    external_id: str

    @property
    def idempotency_key(self) -> str:
        """The file's own id if it has one, else a digest of the row's content.

        Either way, importing the same file twice creates each complaint once.
        """
        if self.external_id:
            return f"ext:{self.external_id}"[:128]
        blob = "\x1f".join(
            [self.merchant, self.title, self.narrative, str(self.amount),
             self.submitted_at.isoformat() if self.submitted_at else "", self.consumer_phone,
             self.consumer_email, self.consumer_name]
        )
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class RowError:
    line: int
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"line {self.line}: " + "; ".join(self.messages)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode a file as UTF-8 (with or without BOM), falling back to GB18030.

    Spreadsheets saved on Chinese Windows write GBK; rejecting them would send users
    hunting for a converter. Anything that is neither is refused with the offset.
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise FileError(
                f"the file is neither UTF-8 nor GB18030 (bad byte at offset {utf8_error.start})"
            ) from None


def read_records(path: Path) -> tuple[list[tuple[int, dict]], str]:
    """Return ``[(line_number, record)]`` and the encoding used."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson", ".json"):
        raise FileError(f"unsupported file type {suffix!r}: use .csv or .jsonl")
    text, encoding = decode(path.read_bytes())
    if suffix == ".csv":
        return list(_csv_records(text)), encoding
    return list(_jsonl_records(text)), encoding


def _csv_records(text: str) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise FileError("the CSV file is empty")
    _check_columns(reader.fieldnames)
    for record in reader:
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # blank line
        # line_num is where the record ends, which is what an editor shows for it.
        yield reader.line_num, record


def _jsonl_records(text: str) -> Iterator[tuple[int, dict]]:
    checked = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, {"__error__": f"malformed JSON: {exc.msg} (column {exc.colno})"}
            continue
        if not isinstance(record, dict):
            yield number, {"__error__": "each line must be a JSON object"}
            continue
        if not checked:
            _check_columns(list(record))
            checked = True
        yield number, record


def _check_columns(names: list[str]) -> None:
    known = {ALIASES.get((n or "").strip().lower(), ALIASES.get((n or "").strip())) for n in names}
    missing = [f for f in REQUIRED if f not in known]
    if missing:
        raise FileError(
            "missing required column(s): " + ", ".join(missing)
            + " (accepted names: " + ", ".join(
                sorted(k for k, v in ALIASES.items() if v in missing)) + ")"
        )


def _normalise(record: dict) -> dict:
    out: dict = {}
    for key, value in record.items():
        if key is None:
            continue
        name = ALIASES.get(key.strip().lower(), ALIASES.get(key.strip()))
        if name:
            out[name] = value
    return out


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def validate(line: int, record: dict) -> Row | RowError:
    """Check one record; collect every problem on the line, not just the first."""
    if "__error__" in record:
        return RowError(line, [record["__error__"]])
    r = _normalise(record)
    errors: list[str] = []
    for name in REQUIRED:
        if not _text(r.get(name)):
            errors.append(f"{name} is required")
    title, narrative = _text(r.get("title")), _text(r.get("narrative"))
    if title and not 4 <= len(title) <= 120:
        errors.append("title must be 4–120 characters")
    if narrative and not 10 <= len(narrative) <= 20000:
        errors.append("narrative must be 10–20000 characters")
    amount = Decimal("0")
    raw_amount = _text(r.get("amount")).replace(",", "").replace("¥", "").replace("元", "")
    if raw_amount:
        try:
            amount = Decimal(raw_amount).quantize(Decimal("0.01"))
            if amount < 0:
                errors.append("amount must not be negative")
        except InvalidOperation:
            errors.append(f"amount {raw_amount!r} is not a number")
    demands: list[str] = []
    raw_demands = r.get("demands") or []
    if isinstance(raw_demands, str):
        raw_demands = [d for d in raw_demands.replace("；", ";").replace("、", ";").split(";")]
    for item in raw_demands:
        item = _text(item)
        if not item:
            continue
        code = item if item in DEMANDS else _DEMAND_BY_LABEL.get(item.lower())
        if code is None:
            errors.append(f"unknown demand {item!r}")
        else:
            demands.append(code)
    channel = _text(r.get("channel")) or "import"
    if channel not in CHANNELS:
        errors.append(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})")
    submitted_at = None
    raw_time = _text(r.get("submitted_at"))
    if raw_time:
        try:
            submitted_at = datetime.fromisoformat(raw_time.replace("/", "-"))
        except ValueError:
            errors.append(f"submitted_at {raw_time!r} is not an ISO date/time")
    visibility = _text(r.get("visibility")) or None
    if visibility in ("是", "公开"):
        visibility = "public"
    elif visibility in ("否", "不公开"):
        visibility = "private"
    if visibility not in (None, "public", "private"):
        errors.append(f"visibility {visibility!r} must be public or private")
    if errors:
        return RowError(line, errors)
    return Row(
        line=line, merchant=_text(r.get("merchant")), title=title, narrative=narrative,
        amount=amount, demands=tuple(dict.fromkeys(demands)), channel=channel,
        submitted_at=submitted_at, consumer_name=_text(r.get("consumer_name")),
        consumer_phone=_text(r.get("consumer_phone")),
        consumer_email=_text(r.get("consumer_email")), visibility=visibility,
        external_id=_text(r.get("external_id")),
    )
