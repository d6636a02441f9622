"""The bridge between intake and the framework-free text engine (:mod:`tousu.text`).

Intake asks one question here — what is this complaint, is it an emergency, which way
through the funnel — and gets plain values to store. The model file lives in the data
directory so a retrain (``tousu train``) is picked up by every process without a restart.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from tousu.core.vocab import DEMANDS
from tousu.text import Analysis, Scenario, analyze, analyze_many, load_catalog, load_model


def analysis_text(title: str, narrative: str) -> str:
    """The one text the engine reads for a complaint: at intake and in training alike."""
    return f"{title}\n{narrative}"


def analyze_complaint(
    title: str, narrative: str, industry: str | None, amount: Decimal | None
) -> Analysis:
    model = load_model(settings.TOUSU_TEXT_MODEL)
    return analyze(analysis_text(title, narrative), merchant_industry=industry, amount=amount,
                   model=model)


def analyze_batch(
    items: list[tuple[str, str, str | None, Decimal | None]],
) -> list[Analysis]:
    """Analyse many (title, narrative, industry, amount) at once, as imports do."""
    model = load_model(settings.TOUSU_TEXT_MODEL)
    return analyze_many(
        [analysis_text(title, narrative) for title, narrative, _, _ in items],
        merchant_industry=[industry for _, _, industry, _ in items],
        amount=[amount for _, _, _, amount in items],
        model=model,
    )


def scenario(code: str) -> Scenario | None:
    catalog = load_catalog()
    return catalog.get(code) if code in catalog else None


def scenario_name(code: str) -> str:
    found = scenario(code) if code else None
    return found.name_zh if found else ""


def prefilled_request(
    *, scenario_code: str, merchant_name: str, demands: list[str], amount: Decimal
) -> str:
    """The platform's message to the merchant on the automated path (M2).

    It states the scenario, what the consumer asks for, the legal basis and the standard
    resolution, so the merchant can answer without the platform writing each one by hand.
    """
    found = scenario(scenario_code)
    if found is None:
        return ""
    asks = "、".join(DEMANDS[d].zh for d in demands if d in DEMANDS) or "妥善处理"
    laws = "；".join(basis.cite() for basis in found.legal_basis)
    lines = [
        f"{merchant_name}：",
        f"平台已受理一起「{found.name_zh}」类投诉，涉及金额 {amount} 元，消费者诉求：{asks}。",
        f"法律依据：{laws}。",
        f"标准处理方案：{found.standard_resolution}",
        f"请在期限内回复处理结果（本场景默认 {found.default_deadline_days} 天内解决）。",
    ]
    return "\n".join(lines)


def suggested_reply(
    *, scenario_code: str, merchant_name: str, demands: list[str], amount: Decimal
) -> tuple[str, tuple[str, ...]]:
    """A draft reply for the merchant's agent from the scenario playbook, with its law.

    The agent edits it before sending; it starts from the standard resolution so that
    common cases are answered the way the playbook (and the law it cites) expects.
    """
    found = scenario(scenario_code)
    if found is None:
        return "", ()
    asks = "、".join(DEMANDS[d].zh for d in demands if d in DEMANDS) or "妥善处理"
    citations = tuple(basis.cite() for basis in found.legal_basis)
    text = "\n".join([
        "您好，",
        f"我们是{merchant_name}投诉专员，已收到您关于「{found.name_zh}」的投诉"
        + (f"（涉及金额 {amount} 元）" if amount else "") + f"，您的诉求是：{asks}。",
        f"经核实，我们的处理方案是：{found.standard_resolution}",
        f"依据：{'；'.join(citations)}。",
        "具体进度我们会在本投诉中同步，如您对方案有异议，可以直接在平台上回复。",
    ])
    return text, citations
