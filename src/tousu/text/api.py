"""``analyze``: type a complaint, detect emergencies and route it through the funnel.

This is the one call intake makes for every submitted or imported complaint. It is
framework-free: the web layer stores the returned :class:`Analysis` on the complaint.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from .catalog import INDUSTRIES, Catalog, load_catalog
from .emergency import explicit_signals, model_signal
from .model import ScenarioModel
from .normalize import normalize
from .routing import RoutingPolicy, decide_route
from .training import build_default_model

#: Environment variable naming the trained model file; without it (or when the file is
#: missing) the cold-start model is built from the catalog in memory.
MODEL_ENV = "TOUSU_TEXT_MODEL"
TOP_K = 3


@dataclass(frozen=True)
class Analysis:
    """What the text engine concluded about one complaint, with its reasons for staff."""

    scenario: str
    confidence: float
    top_k: list[tuple[str, float]]
    emergency: bool
    emergency_reasons: list[str]
    route: str
    route_reasons: list[str]


_lock = threading.Lock()
_pinned: ScenarioModel | None = None
_cached: tuple[tuple[str, int], ScenarioModel] | None = None


def load_model(path: str | Path | None = None) -> ScenarioModel:
    """The model ``analyze`` uses when none is passed.

    Order: a model pinned with :func:`set_model`; else the file at ``path`` or
    ``$TOUSU_TEXT_MODEL`` when it exists; else the cold-start model built from the catalog.
    File models are cached until the file changes (a retrain replaces them in place).
    """
    global _cached
    if path is None and _pinned is not None:
        return _pinned
    env = os.environ.get(MODEL_ENV)
    candidate = Path(path) if path else (Path(env) if env else None)
    if candidate is not None and candidate.is_file():
        key = (str(candidate.resolve()), candidate.stat().st_mtime_ns)
    else:
        key = ("<catalog>", 0)
    with _lock:
        if _cached is None or _cached[0] != key:
            model = ScenarioModel.load(candidate) if candidate and key[0] != "<catalog>" else None
            _cached = (key, model or build_default_model())
        return _cached[1]


def set_model(model: ScenarioModel | None) -> None:
    """Pin ``model`` for every later call without an explicit model; ``None`` unpins."""
    global _pinned
    with _lock:
        _pinned = model


def _check_industry(industry: str | None) -> str | None:
    if industry is None or industry == "":
        return None
    if industry not in INDUSTRIES:
        raise ValueError(
            f"unknown merchant industry {industry!r}; expected one of {sorted(INDUSTRIES)}"
        )
    return industry


def _industry_adjust(
    proba: np.ndarray, classes: Sequence[str], industry: str | None, catalog: Catalog, factor: float
) -> np.ndarray:
    """Down-weight scenarios the catalog marks as atypical for the merchant's industry.

    A 征信异议 against a game company is possible but unlikely; the catalog's ``industries``
    encode that prior. Scenarios without an industry list are left alone.
    """
    if industry is None or industry == "other" or factor >= 1.0:
        return proba
    weights = np.ones(len(classes))
    for j, code in enumerate(classes):
        if code in catalog:
            allowed = catalog.get(code).industries
            if allowed and industry not in allowed:
                weights[j] = factor
    adjusted = proba * weights
    return adjusted / adjusted.sum()


def _to_decimal(amount: Decimal | float | int | str | None) -> Decimal | None:
    if amount is None:
        return None
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def analyze_many(
    texts: Iterable[str],
    merchant_industry: str | Sequence[str | None] | None = None,
    amount: Decimal | float | Sequence[Decimal | float | None] | None = None,
    *,
    model: ScenarioModel | None = None,
    policy: RoutingPolicy | None = None,
    catalog: Catalog | None = None,
) -> list[Analysis]:
    """Analyse a batch (one vectorisation pass, so much faster than looping ``analyze``).

    ``merchant_industry`` and ``amount`` are either one value for all texts or one per text.
    """
    texts = list(texts)
    n = len(texts)
    industries = (
        list(merchant_industry)
        if isinstance(merchant_industry, Sequence) and not isinstance(merchant_industry, str)
        else [merchant_industry] * n
    )
    amounts = list(amount) if isinstance(amount, Sequence) else [amount] * n
    if len(industries) != n or len(amounts) != n:
        raise ValueError("merchant_industry and amount must be single values or one per text")
    model = model or load_model()
    policy = policy or RoutingPolicy()
    catalog = catalog or load_catalog()
    docs = [normalize(t) for t in texts]
    proba = model.predict_proba(docs, normalized=True) if n else np.zeros((0, 0))
    classes = model.classes
    results = []
    for i, doc in enumerate(docs):
        row = _industry_adjust(
            proba[i], classes, _check_industry(industries[i]), catalog, policy.industry_prior
        )
        order = np.argsort(row)[::-1][:TOP_K]
        top_k = [(classes[j], round(float(row[j]), 4)) for j in order]
        code, confidence = top_k[0]
        scenario = catalog.get(code)
        reasons = explicit_signals(doc, catalog)
        by_model = model_signal(row, classes, catalog, policy.emergency_model_threshold)
        if by_model:
            reasons.append(by_model)
        route, route_reasons = decide_route(
            scenario, confidence, bool(reasons), _to_decimal(amounts[i]), policy
        )
        results.append(
            Analysis(
                scenario=code,
                confidence=confidence,
                top_k=top_k,
                emergency=bool(reasons),
                emergency_reasons=reasons,
                route=route,
                route_reasons=route_reasons,
            )
        )
    return results


def analyze(
    text: str,
    merchant_industry: str | None = None,
    amount: Decimal | float | None = None,
    *,
    model: ScenarioModel | None = None,
    policy: RoutingPolicy | None = None,
    catalog: Catalog | None = None,
) -> Analysis:
    """Type one complaint, flag emergencies and choose its route (see :class:`Analysis`)."""
    return analyze_many(
        [text], merchant_industry, amount, model=model, policy=policy, catalog=catalog
    )[0]
