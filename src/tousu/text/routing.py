"""The funnel (漏斗): decide where a typed complaint goes next.

Order matters and follows the seeds: emergencies go to the 7x24 human queue before anything
else; a complaint we cannot type confidently goes to human triage rather than a guess; high
amounts and scenarios without an automated playbook go to experts; only the confident,
common, playbook-backed cases take the automated path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .auto_threshold import DEFAULT_THRESHOLD
from .catalog import OTHER, Scenario

ROUTES = ("emergency", "auto", "triage", "expert")


@dataclass(frozen=True)
class RoutingPolicy:
    """Thresholds for the funnel; operators tune these, the defaults suit the cold start.

    ``confidence_threshold``: below this top-1 probability the complaint goes to triage.
    ``None`` (the default) means the threshold measured for the model when it was trained
    (``meta["confidence_threshold"]``, see ``auto_threshold.py``), else 0.45.
    ``expert_amount``: at or above this amount (CNY) a human expert handles it.
    ``emergency_model_threshold``: probability mass on emergency scenarios that flags an
    emergency even without an explicit pattern. It was 0.2 before the emergency net; with
    the net, 0.4 lost no emergency on holdouts 2-4 and removed 4-6 false alarms on each
    (``eval/README.md``).
    ``emergency_net_threshold``: P(emergency) from the emergency net (``emergency_net.py``)
    that flags an emergency; ``None`` turns the net off.
    ``industry_prior``: factor applied to scenarios atypical for the merchant's industry.
    """

    confidence_threshold: float | None = None
    expert_amount: Decimal = Decimal("50000")
    emergency_model_threshold: float = 0.4
    emergency_net_threshold: float | None = 0.6
    industry_prior: float = 0.5


def for_model(policy: RoutingPolicy, meta: Mapping[str, Any]) -> RoutingPolicy:
    """``policy`` with its confidence threshold settled: the explicit one, else the model's."""
    if policy.confidence_threshold is not None:
        return policy
    measured = meta.get("confidence_threshold")
    return replace(
        policy,
        confidence_threshold=float(measured) if measured is not None else DEFAULT_THRESHOLD,
    )


def decide_route(
    scenario: Scenario,
    confidence: float,
    emergency: bool,
    amount: Decimal | None,
    policy: RoutingPolicy,
) -> tuple[str, list[str]]:
    """Return ``(route, reasons)``; every condition that applies is listed for staff.

    ``policy.confidence_threshold`` must be resolved (``for_model``) before this is called.
    """
    threshold = policy.confidence_threshold
    if threshold is None:
        raise ValueError("resolve the policy's confidence threshold with for_model() first")
    reasons: list[str] = []
    if emergency:
        reasons.append("紧急：账户或资金安全，7×24 人工处理 / emergency: account or fund security")
    if scenario.code == OTHER:
        reasons.append("无匹配场景，需人工分诊 / no matching scenario, needs triage")
    if confidence < threshold:
        reasons.append(f"置信度 {confidence:.2f} 低于阈值 {threshold:.2f} / low confidence")
    if amount is not None and amount >= policy.expert_amount:
        reasons.append(f"金额 {amount} ≥ {policy.expert_amount} 元，需专家 / high amount")
    if not scenario.auto_path and scenario.code != OTHER:
        reasons.append(f"场景“{scenario.name_zh}”无自动化路径 / scenario has no automated path")
    if emergency:
        return "emergency", reasons
    if scenario.code == OTHER or confidence < threshold:
        return "triage", reasons
    if reasons:
        return "expert", reasons
    reasons.append(
        f"高频场景“{scenario.name_zh}”，置信度 {confidence:.2f}，走自动化调解流程 / automated path"
    )
    return "auto", reasons
