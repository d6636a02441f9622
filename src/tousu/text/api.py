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

from .catalog import INDUSTRIES, OTHER, Catalog, load_catalog
from .emergency import explicit_signals, model_signal
from .emergency_net import EmergencyNet, net_for, net_signal
from .model import ScenarioModel
from .normalize import normalize
from .routing import RoutingPolicy, decide_route, for_model
from .training import build_default_model

#: Environment variable naming the trained model file; without it (or when the file is
#: missing) the cold-start model is built from the catalog in memory.
MODEL_ENV = "TOUSU_TEXT_MODEL"
TOP_K = 3
_DEFAULT_POLICY = RoutingPolicy()


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


class _Lookups:
    """What ``analyze`` needs from the catalog for one model, computed once, not per call."""

    def __init__(self, classes: Sequence[str], catalog: Catalog, industry_factor: float) -> None:
        self.codes = tuple(classes)
        self.scenarios = {code: catalog.get(code) for code in classes}
        self.emergency_mask = np.array([self.scenarios[c].emergency for c in classes], dtype=bool)
        self.other = classes.index(OTHER) if OTHER in classes else -1
        # Down-weight scenarios the catalog marks as atypical for the merchant's industry:
        # a 征信异议 against a game company is possible but unlikely. Scenarios without an
        # industry list are left alone.
        self.industry_weights: dict[str, np.ndarray] = {}
        if industry_factor < 1.0:
            for industry in INDUSTRIES - {"other"}:
                weights = np.array(
                    [
                        industry_factor
                        if self.scenarios[c].industries
                        and industry not in self.scenarios[c].industries
                        else 1.0
                        for c in classes
                    ]
                )
                if (weights < 1.0).any():
                    self.industry_weights[industry] = weights


_lookups: dict[tuple[int, int, float], tuple[ScenarioModel, Catalog, _Lookups]] = {}


def _lookups_for(model: ScenarioModel, catalog: Catalog, policy: RoutingPolicy) -> _Lookups:
    key = (id(model), id(catalog), policy.industry_prior)
    hit = _lookups.get(key)
    # The stored references keep ``id`` from being reused while the entry lives.
    if hit is None or hit[0] is not model or hit[1] is not catalog:
        if len(_lookups) > 32:
            _lookups.clear()
        hit = (model, catalog, _Lookups(model.classes, catalog, policy.industry_prior))
        _lookups[key] = hit
    return hit[2]


def _to_decimal(amount: Decimal | float | int | str | None) -> Decimal | None:
    if amount is None:
        return None
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


@dataclass(frozen=True)
class _Engine:
    """Everything one call needs besides the text, settled once per ``analyze`` call."""

    model: ScenarioModel
    policy: RoutingPolicy
    catalog: Catalog
    lookups: _Lookups
    net: EmergencyNet | None


def _engine(
    model: ScenarioModel | None, policy: RoutingPolicy | None, catalog: Catalog | None
) -> _Engine:
    model = model or load_model()
    policy = for_model(policy or _DEFAULT_POLICY, model.meta)
    catalog = catalog or load_catalog()
    net = (
        None
        if policy.emergency_net_threshold is None
        else model.emergency_net or net_for(catalog)
    )
    return _Engine(model, policy, catalog, _lookups_for(model, catalog, policy), net)


def _analyze_one(
    text: str,
    industry: str | None,
    amount: Decimal | float | int | str | None,
    engine: _Engine,
) -> Analysis:
    model, policy, lookups, net = engine.model, engine.policy, engine.lookups, engine.net
    doc = normalize(text)
    row = model.proba_one(doc)
    industry = _check_industry(industry)
    weights = lookups.industry_weights.get(industry) if industry else None
    if weights is not None:
        row = row * weights
        row /= row.sum()
    classes = model.classes
    # Top-k in plain Python: for ~20 classes it is several times cheaper than np.argsort
    # plus numpy scalar conversions; sorted() is stable, so ties keep the class order as
    # argsort(kind="stable") did.
    values = row.tolist()
    order = sorted(range(len(values)), key=values.__getitem__, reverse=True)[:TOP_K]
    top_k = [(classes[j], round(values[j], 4)) for j in order]
    code, confidence = top_k[0]
    scenario = lookups.scenarios[code]
    reasons = explicit_signals(doc, engine.catalog)
    by_model = model_signal(row, order[0], lookups, policy.emergency_model_threshold)
    if by_model:
        reasons.append(by_model)
    by_net = net_signal(net, doc, policy.emergency_net_threshold) if net else None
    if by_net:
        reasons.append(by_net)
    route, route_reasons = decide_route(
        scenario, confidence, bool(reasons), _to_decimal(amount), policy
    )
    return Analysis(
        scenario=code,
        confidence=confidence,
        top_k=top_k,
        emergency=bool(reasons),
        emergency_reasons=reasons,
        route=route,
        route_reasons=route_reasons,
    )


def analyze_many(
    texts: Iterable[str],
    merchant_industry: str | Sequence[str | None] | None = None,
    amount: Decimal | float | Sequence[Decimal | float | None] | None = None,
    *,
    model: ScenarioModel | None = None,
    policy: RoutingPolicy | None = None,
    catalog: Catalog | None = None,
) -> list[Analysis]:
    """Analyse a batch; each text gets exactly what :func:`analyze` would give it.

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
    engine = _engine(model, policy, catalog)
    return [
        _analyze_one(text, industries[i], amounts[i], engine) for i, text in enumerate(texts)
    ]


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
    return _analyze_one(text, merchant_industry, amount, _engine(model, policy, catalog))
