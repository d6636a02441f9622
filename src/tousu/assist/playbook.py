"""Knowledge entries composed from the scenario playbooks in the text engine's catalog.

The catalog is the platform's single statement of what each kind of case is, what the law
says and what a fair outcome looks like; building the bot's answers from it (rather than
writing them again) keeps the bot from drifting when admins edit a playbook. The catalog
is Chinese only and its examples are complaint narratives, so ``scenario_extra.yaml`` adds
English glosses and chat-style questions; a scenario without one gets a generic English
text. English answers always carry the Chinese citations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tousu.text.catalog import OTHER, Scenario

from .entries import Entry

DEFAULT_GLOSS_PATH = Path(__file__).with_name("scenario_extra.yaml")

#: Chinese question templates; ``{n}`` is each part of ``name_zh`` ("退款难/退货难").
_ZH_TEMPLATES = ("{n}怎么办", "{n}怎么退款", "遇到{n}怎么投诉", "{n}问题怎么处理")
_EN_TEMPLATES = (
    "what can I do about {n}",
    "how do I get a refund for {n}",
    "how to complain about {n}",
)
#: How many of a scenario's catalog examples (the first ones, which the catalog lists as its
#: most representative) stand for it in the bot's index. The typing model learns from all of
#: them, but the retriever scores an entry by its best-matching question, so every extra
#: narrative raises a scenario entry's score for any message: with the catalog's 42 examples
#: per scenario the playbooks outbid the FAQ answers (held-out FAQ accuracy 0.88 -> 0.79 in
#: ``tests/assist/test_assist_faq_eval.py``). The bot's thresholds were tuned with 12.
PLAYBOOK_EXAMPLES = 12
#: Follow-ups offered after any playbook answer.
_SCENARIO_RELATED = ("faq:how_to_file", "faq:evidence", "faq:deadlines")


def load_glosses(path: str | Path = DEFAULT_GLOSS_PATH) -> dict[str, dict[str, Any]]:
    """Additions by scenario code; a missing or empty file means none."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of scenario code to gloss")
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _questions(s: Scenario, gloss: dict[str, Any]) -> tuple[str, ...]:
    questions: list[str] = []
    if s.code != OTHER:  # "其他怎么退款" would match every vague message
        for part in (p.strip() for p in s.name_zh.split("/")):
            questions += [t.format(n=part) for t in _ZH_TEMPLATES if part]
        questions += [t.format(n=s.name_en.lower()) for t in _EN_TEMPLATES]
        questions.append(s.name_en)
    questions += s.examples[:PLAYBOOK_EXAMPLES]
    questions += [q for q in gloss.get("questions") or [] if isinstance(q, str)]
    return tuple(dict.fromkeys(q.strip() for q in questions if q.strip()))


def _answer_zh(s: Scenario) -> str:
    intro = (
        "这类问题没有对应的常见场景，提交投诉后会由工作人员人工分诊、判断如何处理。"
        if s.code == OTHER
        else s.description
    )
    lines = [f"【{s.name_zh}】{intro}", f"平台的一般处理结果：{s.standard_resolution}"]
    if s.refund_path:
        lines.append("退款路径：")
        lines += list(s.refund_path)
    if s.evidence_checklist:
        lines.append("建议准备的证据：")
        lines += [f"- {item}" for item in s.evidence_checklist]
    lines.append("法律依据：")
    lines += [f"- {b.cite()}：{b.summary}" for b in s.legal_basis]
    lines.append("需要平台介入的，可以通过“我要投诉”提交，平台会按这类问题的处理方式跟进。")
    return "\n".join(lines)


def _answer_en(s: Scenario, gloss: dict[str, Any]) -> str:
    summary = gloss.get("summary_en") or (
        "This is one of the common kinds of case the platform handles, with its own playbook "
        "for what the merchant should do."
    )
    lines = [f"{s.name_en}: {summary}"]
    if gloss.get("resolution_en"):
        lines.append(f"What the platform usually seeks: {gloss['resolution_en']}")
    lines.append(
        "Evidence that helps: the order or contract, payment records, and your chats with "
        "the merchant."
    )
    lines.append("Legal basis (Chinese law): " + "; ".join(b.cite() for b in s.legal_basis))
    lines.append(
        'If you want the platform to step in, use "File a complaint" and it will be followed '
        "up under this playbook."
    )
    return "\n".join(lines)


def scenario_entry(s: Scenario, gloss: dict[str, Any] | None = None) -> Entry:
    """The knowledge entry for one scenario playbook."""
    gloss = gloss or {}
    return Entry(
        id=f"scenario:{s.code}",
        kind="scenario",
        title_zh=s.name_zh,
        title_en=s.name_en,
        answer_zh=_answer_zh(s),
        answer_en=_answer_en(s, gloss),
        questions=_questions(s, gloss),
        citations=tuple(b.cite() for b in s.legal_basis),
        action="file_complaint",
        scenario=s.code,
        emergency=s.emergency,
        related=_SCENARIO_RELATED,
        prompt_zh=f"遇到{s.name_zh}{'' if s.name_zh.endswith('问题') else '问题'}怎么办？",
        prompt_en=f"{s.name_en}: what can I do?",
    )
