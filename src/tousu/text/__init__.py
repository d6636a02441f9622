"""tousu.text — the framework-free text engine: scenario typing, emergencies, the funnel.

Public API (no Django anywhere in this package)::

    from tousu.text import analyze, analyze_many, train, load_catalog

    result = analyze("银行卡被盗刷了", merchant_industry="bank", amount=3000)
    result.scenario, result.emergency, result.route, result.route_reasons

Models: ``load_model(path)`` / ``$TOUSU_TEXT_MODEL``; without a model file the cold-start
model is built from ``catalog.yaml`` in memory. ``python -m tousu.text --help`` for the CLI.
"""

from .api import MODEL_ENV, Analysis, analyze, analyze_many, load_model, set_model
from .catalog import (
    INDUSTRIES,
    Catalog,
    CatalogError,
    EmergencySignal,
    LegalBasis,
    Scenario,
    load_catalog,
)
from .data import LabelMapping, load_mapping, read_labelled, split_holdout
from .model import ModelConfig, ScenarioModel
from .routing import ROUTES, RoutingPolicy
from .training import (
    LabelledText,
    build_default_model,
    catalog_examples,
    map_labels,
    retrain_with_overrides,
    train,
)

__all__ = [
    "INDUSTRIES",
    "MODEL_ENV",
    "ROUTES",
    "Analysis",
    "Catalog",
    "CatalogError",
    "EmergencySignal",
    "LabelMapping",
    "LabelledText",
    "LegalBasis",
    "ModelConfig",
    "RoutingPolicy",
    "Scenario",
    "ScenarioModel",
    "analyze",
    "analyze_many",
    "build_default_model",
    "catalog_examples",
    "load_catalog",
    "load_mapping",
    "load_model",
    "map_labels",
    "read_labelled",
    "retrain_with_overrides",
    "set_model",
    "split_holdout",
    "train",
]
