"""Choosing the year's ten warning cases (十大警示案例), and the editable JSON draft.

The cases are chosen by a small published score rather than by hand, so the choice can be
explained to the merchants named in them and repeated next year. Staff still get the last
word: :func:`save_warnings` writes the draft as JSON, staff edit it (swap a case, reword a
reason), and :func:`load_warnings` reads it back with errors that say which case and which
field is wrong, before anything is published.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from .data import WarningCase, to_amount
from .fmt import fmt_amount

#: Bumped when the file layout changes; :func:`load_warnings` refuses unknown versions.
FILE_VERSION = 1


@dataclass(frozen=True)
class WarningCandidate:
    """A complaint that could become a warning case, with the facts the score uses.

    ``collective_size`` is the number of complainants (1 for an individual complaint);
    ``overdue_days`` is how far past its deadline the complaint went (0 if never late);
    ``unresolved`` is true when it was still unresolved at the end of the year; ``public``
    is the complainant's consent to publication: only public complaints may be shown.
    """

    ref: str
    merchant: str
    industry_zh: str
    scenario_zh: str
    title: str
    summary: str
    amount: Decimal
    emergency: bool
    collective_size: int
    overdue_days: float
    unresolved: bool
    public: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_amount(self.amount))


@dataclass(frozen=True)
class WarningRule:
    """The warning-case score: a weighted sum of a few facts, documented by :meth:`describe_zh`.

    score = amount_weight × log10(1 + amount in yuan)
          + emergency_weight (if an emergency)
          + collective_weight × log2(complainants)
          + overdue_weight × min(overdue days, overdue_cap_days)
          + unresolved_weight (if still unresolved)

    The amount is log-scaled so one ¥1,000,000 case does not outweigh everything else (¥100
    ≈ 2 points, ¥10,000 ≈ 4, ¥1,000,000 ≈ 6); collective size is log-scaled for the same
    reason. Only public complaints are eligible, and a merchant gets at most
    ``max_per_merchant`` cases so one bad year of one merchant does not fill the list.
    Ties go to the larger amount, then to the smaller reference, so the choice is stable.
    """

    amount_weight: float = 1.0
    emergency_weight: float = 3.0
    collective_weight: float = 1.5
    overdue_weight: float = 0.1
    overdue_cap_days: float = 30.0
    unresolved_weight: float = 2.0
    max_per_merchant: int = 2

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"WarningRule.{f.name} must be >= 0")
        if self.max_per_merchant < 1:
            raise ValueError("WarningRule.max_per_merchant must be >= 1")

    def contributions(self, c: WarningCandidate) -> list[tuple[str, float]]:
        """Each fact's points with a Chinese label, biggest first (the reason is built from it)."""
        money = self.amount_weight * math.log10(1 + float(c.amount))
        parts = [(f"涉诉金额 {fmt_amount(c.amount)}", money)]
        if c.emergency:
            parts.append(("紧急投诉", self.emergency_weight))
        if c.collective_size > 1:
            parts.append((f"集体投诉 {c.collective_size} 人",
                          self.collective_weight * math.log2(c.collective_size)))
        overdue = min(max(c.overdue_days, 0.0), self.overdue_cap_days)
        if overdue > 0:
            parts.append((f"超期 {c.overdue_days:g} 天", self.overdue_weight * overdue))
        if c.unresolved:
            parts.append(("年底仍未解决", self.unresolved_weight))
        return sorted(parts, key=lambda p: -p[1])

    def score(self, c: WarningCandidate) -> float:
        """The candidate's score, rounded so float noise cannot reorder equal cases."""
        return round(sum(points for _, points in self.contributions(c)), 6)

    def reason(self, c: WarningCandidate) -> str:
        """Why the case was chosen, in the words printed on its card."""
        facts = "；".join(label for label, points in self.contributions(c) if points > 0)
        return f"{facts}（评分 {self.score(c):.2f}）"

    def describe_zh(self) -> str:
        """The rule as printed in the report's appendix; generated so it matches the weights."""
        return (
            f"评分 = {self.amount_weight:g} × log10(1 + 涉诉金额/元)"
            f" + {self.emergency_weight:g}（紧急投诉）"
            f" + {self.collective_weight:g} × log2(集体投诉人数)"
            f" + {self.overdue_weight:g} × 超期天数（最多计 {self.overdue_cap_days:g} 天）"
            f" + {self.unresolved_weight:g}（年底仍未解决）。"
            f"仅投诉人同意公开的投诉参与评选；同一商家最多入选 {self.max_per_merchant} 件；"
            "分数相同时涉诉金额高者优先，再按投诉编号排序。案例内容均已脱敏，"
            "发布前由平台工作人员复核。"
        )


def select_warnings(
    candidates: Iterable[WarningCandidate], rule: WarningRule | None = None, n: int = 10
) -> list[WarningCase]:
    """Pick the ``n`` highest-scoring public candidates, at most ``max_per_merchant`` each."""
    rule = rule or WarningRule()
    seen: set[str] = set()
    eligible: list[tuple[float, WarningCandidate]] = []
    for c in candidates:
        if not c.public or c.ref in seen:
            continue
        seen.add(c.ref)
        eligible.append((rule.score(c), c))
    eligible.sort(key=lambda sc: (-sc[0], -sc[1].amount, sc[1].ref))

    chosen: list[WarningCase] = []
    per_merchant: Counter[str] = Counter()
    for score, c in eligible:
        if len(chosen) >= n:
            break
        key = c.merchant.strip()
        if per_merchant[key] >= rule.max_per_merchant:
            continue
        per_merchant[key] += 1
        chosen.append(
            WarningCase(
                ref=c.ref, merchant=c.merchant, industry_zh=c.industry_zh,
                scenario_zh=c.scenario_zh, title=c.title, summary=c.summary, amount=c.amount,
                reason=rule.reason(c), score=score,
            )
        )
    return chosen


class WarningsFileError(ValueError):
    """A warning-case draft that cannot be published as it is; the message says where."""


_FIELDS = [f.name for f in fields(WarningCase)]
_TEXT_FIELDS = ("ref", "merchant", "industry_zh", "scenario_zh", "title", "summary", "reason")
_REQUIRED_TEXT = ("ref", "merchant", "title")


def save_warnings(path: Path | str, cases: Iterable[WarningCase]) -> Path:
    """Write the draft as readable UTF-8 JSON (Chinese unescaped, so staff can edit it).

    Written to a temporary file and renamed, so a crash never leaves half a draft.
    """
    path = Path(path)
    items = []
    for case in cases:
        item = asdict(case)
        item["amount"] = f"{case.amount:.2f}"  # a string: JSON floats would lose cents
        items.append(item)
    text = json.dumps({"version": FILE_VERSION, "cases": items}, ensure_ascii=False, indent=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would lock other staff out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_warnings(path: Path | str) -> list[WarningCase]:
    """Read a draft back, rejecting anything malformed with the case index and field named."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise WarningsFileError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except UnicodeDecodeError:
        raise WarningsFileError(f"{path}: not UTF-8 text") from None

    if isinstance(raw, dict):
        version = raw.get("version", FILE_VERSION)
        if version != FILE_VERSION:
            raise WarningsFileError(
                f"{path}: unsupported version {version!r} (expected {FILE_VERSION})"
            )
        if "cases" not in raw:
            raise WarningsFileError(f"{path}: missing top-level field 'cases'")
        raw = raw["cases"]
    if not isinstance(raw, list):
        raise WarningsFileError(f"{path}: 'cases' must be a list of case objects")

    cases: list[WarningCase] = []
    refs: dict[str, int] = {}
    for index, item in enumerate(raw):
        case = _parse_case(path, index, item)
        if case.ref in refs:
            raise WarningsFileError(
                f"{path}: case {index}: ref {case.ref!r} duplicates case {refs[case.ref]}"
            )
        refs[case.ref] = index
        cases.append(case)
    return cases


def _parse_case(path: Path, index: int, item: Any) -> WarningCase:
    """Validate one case object; every error names the case index and the field."""

    def fail(message: str) -> WarningsFileError:
        return WarningsFileError(f"{path}: case {index}: {message}")

    if not isinstance(item, dict):
        raise fail(f"must be an object with fields {', '.join(_FIELDS)}")
    for name in _FIELDS:
        if name not in item:
            raise fail(f"missing field '{name}'")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise fail(f"unknown field '{unknown[0]}' (allowed: {', '.join(_FIELDS)})")
    for name in _TEXT_FIELDS:
        if not isinstance(item[name], str):
            raise fail(f"field '{name}' must be a string, got {type(item[name]).__name__}")
    for name in _REQUIRED_TEXT:
        if not item[name].strip():
            raise fail(f"field '{name}' must not be empty")
    if item["amount"] is None:
        raise fail("field 'amount' must be a number or a numeric string, got null")
    try:
        amount = to_amount(item["amount"])
    except ValueError as exc:
        raise fail(f"field 'amount': {exc}") from None
    score = item["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise fail(f"field 'score' must be a number, got {score!r}")
    return WarningCase(
        ref=item["ref"], merchant=item["merchant"], industry_zh=item["industry_zh"],
        scenario_zh=item["scenario_zh"], title=item["title"], summary=item["summary"],
        amount=amount, reason=item["reason"], score=float(score),
    )
