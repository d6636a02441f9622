"""Plain data the yearly report (年度蓝皮书) is rendered from.

The renderer never touches the database: the Django layer gathers these values and hands
them over, so the report can be rendered (and tested) from a fixture, re-rendered from an
archived snapshot, or produced by a script without a configured project. The classes are
frozen so a renderer cannot quietly change the numbers it was given.

Conventions, checked on construction because a wrong unit fails silently in a chart:

- every ``*_rate`` is a fraction in ``[0, 1]`` (0.873, not 87.3) or ``None`` when there is
  nothing to measure (no complaints, no deadline due); ``None`` is printed as "—";
- ``satisfaction`` is the mean of the 1–5 star ratings, ``None`` without ratings;
- ``amount`` is in yuan, a :class:`~decimal.Decimal` like the model field it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path


def _check_rate(owner: str, name: str, value: float | None) -> None:
    """Reject percentages passed as fractions' stand-ins (87.3 instead of 0.873)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{owner}.{name} must be a float in [0, 1] or None, got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{owner}.{name} must be a fraction in [0, 1], got {value!r}")


def _check_count(owner: str, name: str, value: int) -> None:
    """Counts are whole and non-negative; a float here usually means a mixed-up column."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{owner}.{name} must be a non-negative int, got {value!r}")


def to_amount(value: Decimal | int | float | str | None) -> Decimal:
    """Turn any amount spelling into a Decimal of yuan (None counts as 0).

    Floats go through ``str`` so 0.1 stays 0.1 instead of its binary expansion.
    """
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        raise ValueError(f"amount must be a number, got {value!r}")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"amount is not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount must be a finite number >= 0, got {value!r}")
    return amount


@dataclass(frozen=True)
class IndustryRow:
    """One industry's year: volume and the three rates shown side by side."""

    name_zh: str
    volume: int
    resolution_rate: float | None
    on_time_response_rate: float | None
    on_time_resolution_rate: float | None

    def __post_init__(self) -> None:
        _check_count("IndustryRow", "volume", self.volume)
        for name in ("resolution_rate", "on_time_response_rate", "on_time_resolution_rate"):
            _check_rate("IndustryRow", name, getattr(self, name))


@dataclass(frozen=True)
class EmergencySummary:
    """How fast emergencies reached a human: the platform's promise, measured."""

    count: int
    within_target_rate: float | None
    median_minutes: float | None
    p90_minutes: float | None
    target_minutes: int

    def __post_init__(self) -> None:
        _check_count("EmergencySummary", "count", self.count)
        _check_rate("EmergencySummary", "within_target_rate", self.within_target_rate)
        if self.target_minutes <= 0:
            raise ValueError(f"EmergencySummary.target_minutes must be > 0: {self.target_minutes}")
        for name in ("median_minutes", "p90_minutes"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"EmergencySummary.{name} must be >= 0 or None, got {value!r}")


@dataclass(frozen=True)
class BestServiceRow:
    """One merchant in the "best customer service" table (最佳客服), one per industry."""

    industry_zh: str
    merchant: str
    volume: int
    resolved: int
    resolution_rate: float | None

    def __post_init__(self) -> None:
        _check_count("BestServiceRow", "volume", self.volume)
        _check_count("BestServiceRow", "resolved", self.resolved)
        _check_rate("BestServiceRow", "resolution_rate", self.resolution_rate)


@dataclass(frozen=True)
class WarningCase:
    """One of the year's warning cases (警示案例) as published.

    ``title`` and ``summary`` are already masked by the privacy layer, but they are still
    user text: every renderer escapes them.
    """

    ref: str
    merchant: str
    industry_zh: str
    scenario_zh: str
    title: str
    summary: str
    amount: Decimal
    reason: str
    score: float

    def __post_init__(self) -> None:
        # Accept 1234.5 or "1234.50" from callers, store the Decimal the model uses.
        object.__setattr__(self, "amount", to_amount(self.amount))


@dataclass(frozen=True)
class Totals:
    """The year's headline numbers, printed on the cover."""

    volume: int
    merchants: int
    resolved: int
    resolution_rate: float | None
    on_time_response_rate: float | None
    satisfaction: float | None
    ratings: int
    # Phone callbacks (M7): how many ended, the share that reached the consumer, and the
    # satisfaction consumers gave on the phone.
    callbacks: int = 0
    callback_reach_rate: float | None = None
    callback_satisfaction: float | None = None

    def __post_init__(self) -> None:
        _check_count("Totals", "callbacks", self.callbacks)
        _check_rate("Totals", "callback_reach_rate", self.callback_reach_rate)
        for name in ("volume", "merchants", "resolved", "ratings"):
            _check_count("Totals", name, getattr(self, name))
        _check_rate("Totals", "resolution_rate", self.resolution_rate)
        _check_rate("Totals", "on_time_response_rate", self.on_time_response_rate)
        if self.satisfaction is not None and not 1.0 <= self.satisfaction <= 5.0:
            raise ValueError(
                f"Totals.satisfaction is the mean of 1–5 stars, got {self.satisfaction!r}"
            )


@dataclass(frozen=True, kw_only=True)
class ReportData:
    """Everything one year's report shows; keyword-only so call sites read like the report."""

    year: int
    generated_at: datetime
    platform_name: str = "tousu 投诉平台"
    monthly_volume: list[tuple[str, int]]
    by_industry: list[IndustryRow]
    scenarios: list[tuple[str, int]]
    emergency: EmergencySummary
    best_service: list[BestServiceRow]
    warnings: list[WarningCase]
    totals: Totals
    rules: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for label, count in self.monthly_volume:
            _check_count("ReportData", f"monthly_volume[{label!r}]", count)
        for name, count in self.scenarios:
            _check_count("ReportData", f"scenarios[{name!r}]", count)


@dataclass(frozen=True)
class ReportFiles:
    """Where :func:`~tousu.report.render_report` wrote the report."""

    html: Path
    pdf: Path
    charts: list[Path]
