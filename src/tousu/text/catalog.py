"""The scenario catalog: typed, validated playbooks loaded from ``catalog.yaml``.

The catalog is data so that admins can edit it, which is exactly why it is validated
loudly: a scenario that reaches the automated path without a legal basis or a mediation
strategy would send merchants a request with nothing behind it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

#: Merchant industry codes used by the platform.
INDUSTRIES: frozenset[str] = frozenset(
    {
        "ecommerce",
        "bank",
        "payment",
        "consumer_finance",
        "games",
        "travel",
        "appliances",
        "local_services",
        "telecom",
        "education",
        "other",
    }
)

#: The catch-all scenario every catalog must have; predictions of it go to human triage.
OTHER = "other"

DEFAULT_CATALOG_PATH = Path(__file__).with_name("catalog.yaml")
_DEFAULT_RESOLVED = str(DEFAULT_CATALOG_PATH.resolve())
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
#: The cold-start model is calibrated with 3-fold cross-validation, so each scenario needs
#: at least this many example phrases.
MIN_EXAMPLES = 3


class CatalogError(ValueError):
    """The catalog file is invalid; the message names the scenario and the field."""


@dataclass(frozen=True)
class LegalBasis:
    """One legal citation: the law, optionally the article, and what it says for this case."""

    law: str
    summary: str
    article: str | None = None

    def cite(self) -> str:
        """Human-readable citation, e.g. ``《电子商务法》第五十七条``."""
        return f"{self.law}{self.article or ''}"


@dataclass(frozen=True)
class Scenario:
    """A complaint scenario (场景) and its playbook."""

    code: str
    name_zh: str
    name_en: str
    description: str
    examples: tuple[str, ...]
    patterns: tuple[str, ...]
    legal_basis: tuple[LegalBasis, ...]
    mediation_strategy: str
    standard_resolution: str
    default_deadline_days: int
    auto_path: bool
    emergency: bool
    industries: tuple[str, ...] = ()
    evidence_checklist: tuple[str, ...] = ()
    refund_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class EmergencySignal:
    """A family of explicit emergency patterns (M3), e.g. money leaving the account now."""

    code: str
    name_zh: str
    name_en: str
    patterns: tuple[str, ...]
    compiled: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Catalog:
    """All scenarios plus the emergency signals, with lookup by code."""

    scenarios: tuple[Scenario, ...]
    emergency_signals: tuple[EmergencySignal, ...]
    version: int = 1

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.scenarios)

    def get(self, code: str) -> Scenario:
        """Return the scenario with ``code``; ``KeyError`` if the catalog has none."""
        for scenario in self.scenarios:
            if scenario.code == code:
                return scenario
        raise KeyError(code)

    def __contains__(self, code: object) -> bool:
        return any(s.code == code for s in self.scenarios)


def _require_str(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: '{key}' is required and must be a non-empty string")
    return value.strip()


def _str_list(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


_ESCAPE = re.compile(r"\\.")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a catalog pattern for matching normalised (lower-cased) text.

    Texts are lower-cased by :func:`tousu.text.normalize.normalize` before any pattern sees
    them, so ``re.IGNORECASE`` is only needed when a pattern spells an upper-case letter;
    without it Python's ``re`` runs 2-3 times faster on these alternations.
    """
    has_upper = any(c.isupper() for c in _ESCAPE.sub("", pattern))
    return re.compile(pattern, re.IGNORECASE if has_upper else 0)


def _compile_all(patterns: tuple[str, ...], where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(compile_pattern(pattern))
        except re.error as exc:
            raise CatalogError(f"{where}: invalid pattern {pattern!r}: {exc}") from exc
    return tuple(compiled)


def _legal_basis(raw: dict[str, Any], where: str) -> tuple[LegalBasis, ...]:
    items = raw.get("legal_basis")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{where}: 'legal_basis' must list at least one law")
    result = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise CatalogError(f"{where}: legal_basis[{i}] must be a mapping")
        article = item.get("article")
        if article is not None and (not isinstance(article, str) or not article.strip()):
            raise CatalogError(f"{where}: legal_basis[{i}].article must be a string")
        result.append(
            LegalBasis(
                law=_require_str(item, "law", f"{where} legal_basis[{i}]"),
                summary=_require_str(item, "summary", f"{where} legal_basis[{i}]"),
                article=article.strip() if article else None,
            )
        )
    return tuple(result)


def _scenario(raw: Any, index: int) -> Scenario:
    if not isinstance(raw, dict):
        raise CatalogError(f"scenarios[{index}] must be a mapping")
    code = raw.get("code")
    where = f"scenario {code!r}" if code else f"scenarios[{index}]"
    if not isinstance(code, str) or not _CODE.match(code):
        raise CatalogError(f"{where}: 'code' must match {_CODE.pattern}")
    for flag in ("auto_path", "emergency"):
        if not isinstance(raw.get(flag), bool):
            raise CatalogError(f"{where}: '{flag}' is required and must be true or false")
    deadline = raw.get("default_deadline_days")
    if not isinstance(deadline, int) or isinstance(deadline, bool) or deadline <= 0:
        raise CatalogError(f"{where}: 'default_deadline_days' must be a positive integer")
    examples = _str_list(raw, "examples", where)
    if len(examples) < MIN_EXAMPLES:
        raise CatalogError(f"{where}: needs at least {MIN_EXAMPLES} examples")
    patterns = _str_list(raw, "patterns", where)
    _compile_all(patterns, where)
    industries = _str_list(raw, "industries", where)
    unknown = set(industries) - INDUSTRIES
    if unknown:
        raise CatalogError(f"{where}: unknown industries {sorted(unknown)}")
    return Scenario(
        code=code,
        name_zh=_require_str(raw, "name_zh", where),
        name_en=_require_str(raw, "name_en", where),
        description=_require_str(raw, "description", where),
        examples=examples,
        patterns=patterns,
        legal_basis=_legal_basis(raw, where),
        mediation_strategy=_require_str(raw, "mediation_strategy", where),
        standard_resolution=_require_str(raw, "standard_resolution", where),
        default_deadline_days=deadline,
        auto_path=raw["auto_path"],
        emergency=raw["emergency"],
        industries=industries,
        evidence_checklist=_str_list(raw, "evidence_checklist", where),
        refund_path=_str_list(raw, "refund_path", where),
    )


def _signal(raw: Any, index: int) -> EmergencySignal:
    if not isinstance(raw, dict):
        raise CatalogError(f"emergency_signals[{index}] must be a mapping")
    where = f"emergency signal {raw.get('code', index)!r}"
    patterns = _str_list(raw, "patterns", where)
    if not patterns:
        raise CatalogError(f"{where}: needs at least one pattern")
    return EmergencySignal(
        code=_require_str(raw, "code", where),
        name_zh=_require_str(raw, "name_zh", where),
        name_en=_require_str(raw, "name_en", where),
        patterns=patterns,
        compiled=_compile_all(patterns, where),
    )


def parse_catalog(data: Any) -> Catalog:
    """Validate already-parsed YAML/JSON data and build a :class:`Catalog`."""
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise CatalogError("catalog must be a mapping with a 'scenarios' list")
    scenarios = tuple(_scenario(raw, i) for i, raw in enumerate(data["scenarios"]))
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.code in seen:
            raise CatalogError(f"scenario {scenario.code!r} is defined twice")
        seen.add(scenario.code)
    if OTHER not in seen:
        raise CatalogError(f"catalog must define the catch-all scenario {OTHER!r}")
    signals = tuple(_signal(raw, i) for i, raw in enumerate(data.get("emergency_signals") or []))
    return Catalog(scenarios=scenarios, emergency_signals=signals, version=data.get("version", 1))


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate the catalog (the packaged one by default; cached).

    Raises :class:`CatalogError` naming the scenario and field at fault.
    """
    if path is None:
        # The hot path (every ``analyze`` call): one stat, no path resolution.
        return _load_cached(_DEFAULT_RESOLVED, os.stat(_DEFAULT_RESOLVED).st_mtime_ns)
    resolved = Path(path)
    return _load_cached(str(resolved.resolve()), resolved.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: int) -> Catalog:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return parse_catalog(data)
