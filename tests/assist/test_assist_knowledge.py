"""The knowledge base: built from every playbook and the FAQ, validated, cached."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from tousu.assist import build_knowledge, load_knowledge
from tousu.assist.entries import DEFAULT_FAQ_PATH, FaqError, parse_faq
from tousu.assist.facts import platform_facts
from tousu.assist.knowledge import prepare
from tousu.assist.playbook import scenario_entry
from tousu.text import load_catalog

FAQ_ACTIONS = {
    "how_to_file": "file_complaint",
    "evidence": "file_complaint",
    "deadlines": "my_complaints",
    "process": "my_complaints",
    "merchant_overdue": "my_complaints",
    "dispute": "my_complaints",
    "withdraw": "my_complaints",
    "privacy": None,
    "public_complaint": None,
    "erase_data": "erase_data",
    "collective": "my_complaints",
    "talk_to_human": "talk_to_human",
}


def test_every_scenario_has_an_entry_with_citations():
    kb = load_knowledge()
    for scenario in load_catalog().scenarios:
        entry = kb.by_id[f"scenario:{scenario.code}"]
        assert entry.citations, scenario.code
        assert entry.citations == tuple(b.cite() for b in scenario.legal_basis)
        assert entry.scenario == scenario.code and entry.emergency == scenario.emergency
        for citation in entry.citations:
            assert citation in entry.answer_zh and citation in entry.answer_en
        assert scenario.standard_resolution in entry.answer_zh
        assert entry.answer_en.startswith(scenario.name_en)


def test_playbook_answers_include_refund_path_and_evidence_when_the_catalog_has_them():
    scenario = load_catalog().get("minor_spending")
    entry = load_knowledge().by_id["scenario:minor_spending"]
    for line in scenario.refund_path + scenario.evidence_checklist:
        assert line in entry.answer_zh


def test_a_scenario_without_an_english_gloss_still_gets_an_english_answer():
    scenario = load_catalog().get("auto_renewal")
    entry = scenario_entry(scenario, None)
    assert entry.answer_en.startswith("Auto-renewal:")
    assert "《" in entry.answer_en
    assert "自动续费怎么退款" in entry.questions


def test_faq_ids_and_actions():
    faqs = {e.id: e.action for e in load_knowledge().entries if e.kind == "faq"}
    assert faqs == {f"faq:{k}": v for k, v in FAQ_ACTIONS.items()}


def test_faq_answers_are_complete_in_both_languages():
    for entry in load_knowledge().entries:
        if entry.kind != "faq":
            continue
        assert "{" not in entry.answer_zh and "{" not in entry.answer_en, entry.id
        assert entry.prompt("zh").strip() and entry.prompt("en").strip()
        assert all(r.startswith("faq:") for r in entry.related)


def test_quoted_numbers_agree_with_django_settings():
    from django.conf import settings

    facts = platform_facts()
    assert facts.response_hours == settings.TOUSU_DEFAULT_RESPONSE_HOURS
    assert facts.resolution_days == settings.TOUSU_DEFAULT_RESOLUTION_DAYS
    assert facts.emergency_minutes == settings.TOUSU_EMERGENCY_TARGET_MINUTES
    assert facts.chat_minutes == getattr(settings, "TOUSU_CHAT_TARGET_MINUTES", 5)
    assert facts.max_evidence_files == settings.TOUSU_MAX_EVIDENCE_FILES
    assert float(facts.max_evidence_mb) * 1024 * 1024 == pytest.approx(
        settings.TOUSU_MAX_EVIDENCE_BYTES, rel=0.05
    )
    deadlines = load_knowledge().by_id["faq:deadlines"].answer_zh
    assert f"{settings.TOUSU_DEFAULT_RESPONSE_HOURS} 小时" in deadlines
    assert f"{settings.TOUSU_DEFAULT_RESOLUTION_DAYS} 天" in deadlines


def test_quoted_numbers_follow_the_environment(monkeypatch):
    monkeypatch.setenv("TOUSU_DEFAULT_RESPONSE_HOURS", "48")
    answer = load_knowledge().by_id["faq:deadlines"].answer_zh
    assert "48 小时内回复" in answer


def test_the_index_is_cached_and_rebuilt_when_a_file_changes(tmp_path: Path):
    faq = tmp_path / "faq.yaml"
    shutil.copy(DEFAULT_FAQ_PATH, faq)
    first = load_knowledge(faq_path=faq)
    assert load_knowledge(faq_path=faq) is first
    stat = faq.stat()
    os.utime(faq, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_knowledge(faq_path=faq) is not first


def _faq(**overrides) -> dict:
    entry = {
        "id": "sample",
        "title_zh": "示例",
        "title_en": "Sample",
        "questions": ["示例问题", "sample question"],
        "answer_zh": "答案",
        "answer_en": "Answer",
    }
    entry.update(overrides)
    return {"faqs": [entry]}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"answer_en": ""}, "answer_en"),
        ({"action": "launch_rocket"}, "unknown action"),
        ({"related": ["nope"]}, "unknown ids"),
        ({"questions": ["只有中文"]}, "Chinese and English"),
        ({"id": "Bad Id"}, "'id'"),
        ({"answer_zh": "{no_such_number}"}, "placeholder"),
    ],
)
def test_invalid_faq_entries_are_refused(overrides, message):
    with pytest.raises(FaqError, match=message):
        parse_faq(_faq(**overrides), platform_facts())


def test_the_packaged_faq_parses():
    with open(DEFAULT_FAQ_PATH, encoding="utf-8") as fh:
        assert len(parse_faq(yaml.safe_load(fh), platform_facts())) == len(FAQ_ACTIONS)


def test_prepare_drops_filler_and_english_function_words():
    assert prepare("你好，请问怎么投诉？") == "怎么投诉"
    assert prepare("How do I get an auto-renewal refund?") == "auto renewal refund"
    assert prepare("What's the merchant’s reply") == "merchant reply"
    assert prepare("I don't agree") == "not agree"


def test_build_knowledge_is_independent_of_the_cache():
    assert build_knowledge() is not build_knowledge()
    assert len(build_knowledge().entries) == len(FAQ_ACTIONS) + len(load_catalog().scenarios)
