"""The scenario catalog (场景目录) with each playbook's legal basis: public reference."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from tousu.api.schemas import ScenarioOut
from tousu.text import Scenario, load_catalog

router = Router(tags=["scenarios"])


def scenario_out(s: Scenario) -> dict:
    return {
        "code": s.code, "name_zh": s.name_zh, "name_en": s.name_en,
        "description": s.description,
        "legal_basis": [{"law": b.law, "article": b.article, "summary": b.summary,
                         "citation": b.cite()} for b in s.legal_basis],
        "mediation_strategy": s.mediation_strategy,
        "standard_resolution": s.standard_resolution,
        "default_deadline_days": s.default_deadline_days, "auto_path": s.auto_path,
        "emergency": s.emergency, "evidence_checklist": list(s.evidence_checklist),
        "refund_path": list(s.refund_path),
    }


@router.get("/scenarios", auth=None, response=list[ScenarioOut],
            summary="场景目录 Scenario catalog with legal basis (public)")
def list_scenarios(request: HttpRequest):
    return [scenario_out(s) for s in load_catalog().scenarios]
