"""The catalog is the playbook library: it must load, and every scenario must be usable."""

import pytest
import yaml

from tousu.text import INDUSTRIES, CatalogError, load_catalog
from tousu.text.catalog import DEFAULT_CATALOG_PATH, parse_catalog

REQUIRED = {
    "unauthorized_transaction",
    "auto_renewal",
    "topup_trap",
    "refund_refused",
    "minor_spending",
    "abusive_collection",
    "credit_report_error",
    "data_leak",
    "account_frozen",
    "impersonation_fraud",
    "no_human_service",
    "product_quality",
    "false_advertising",
    "other",
}


def test_catalog_loads_with_required_scenarios():
    catalog = load_catalog()
    assert set(catalog.codes) >= REQUIRED


def test_every_scenario_has_legal_basis_strategy_and_resolution():
    for scenario in load_catalog().scenarios:
        assert scenario.legal_basis, scenario.code
        assert all(b.law.startswith("《") and b.summary for b in scenario.legal_basis)
        assert scenario.mediation_strategy and scenario.standard_resolution, scenario.code
        assert scenario.default_deadline_days > 0
        assert set(scenario.industries) <= INDUSTRIES


def test_minors_scenario_has_evidence_checklist_and_refund_path():
    minors = load_catalog().get("minor_spending")
    assert len(minors.evidence_checklist) >= 3
    assert minors.refund_path
    assert any("民法典" in b.law for b in minors.legal_basis)


def test_emergency_scenarios_never_take_the_automated_path():
    for scenario in load_catalog().scenarios:
        if scenario.emergency:
            assert not scenario.auto_path, scenario.code


def _raw():
    with open(DEFAULT_CATALOG_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.mark.parametrize("field", ["legal_basis", "mediation_strategy"])
def test_scenario_without_legal_basis_or_strategy_is_refused(field):
    data = _raw()
    del data["scenarios"][0][field]
    with pytest.raises(CatalogError, match=field):
        parse_catalog(data)


def test_invalid_pattern_is_refused():
    data = _raw()
    data["scenarios"][1]["patterns"] = ["(unclosed"]
    with pytest.raises(CatalogError, match="invalid pattern"):
        parse_catalog(data)
