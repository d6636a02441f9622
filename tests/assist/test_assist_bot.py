"""The assistant's turns: emergencies go to a person, questions get answers, noise a question.

No database: the bot core is framework-free, and these tests never touch the ``db`` fixture.
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from tousu.assist import BotTurn, respond
from tousu.assist import bot as bot_module
from tousu.text import Analysis, load_catalog

AUTO_RENEWAL = "auto_renewal"

EMERGENCIES = [
    "我的银行卡刚刚被盗刷了五千块，卡一直在我身上",
    "支付宝里的钱被人转走了，不是我操作的",
    "有人冒充京东客服让我把验证码发给他，钱已经转过去了",
    "微信号被盗了，对方正在用我的号找朋友借钱",
    "对方让我下载会议软件开屏幕共享，说要帮我退款",
    "someone made unauthorized charges on my debit card last night",
    "my account was hacked and the password and phone number were changed",
    "a caller pretending to be my bank asked for my verification code",
    "there are fraudulent transactions on my credit card",
]


@pytest.mark.parametrize("message", EMERGENCIES)
def test_emergencies_get_no_bot_reply(message):
    turn = respond(message)
    assert turn.kind == "emergency"
    assert turn.text == ""
    assert turn.emergency_reasons
    assert turn.entry_id == "" and turn.suggestions == ()


def test_an_emergency_wins_over_a_matching_faq():
    # Asks about collective complaints, but "被骗了钱" is a fraud signal intake would flag.
    turn = respond("好多人都被这家公司骗了钱，能一起维权吗")
    assert turn.kind == "emergency" and turn.text == ""


def _analysis(scenario: str, reasons: list[str]) -> Analysis:
    return Analysis(scenario=scenario, confidence=0.3, top_k=[(scenario, 0.3)],
                    emergency=bool(reasons), emergency_reasons=reasons, route="triage",
                    route_reasons=[])


def test_a_model_only_flag_needs_an_emergency_top_scenario():
    model_reason = "模型判断为紧急类场景 / model: emergency scenarios p=0.22"
    # A calm question the model's low net flagged while ranking a non-emergency scenario.
    assert not bot_module._is_emergency("投诉可以撤回吗", _analysis("no_human_service",
                                                                   [model_reason]))
    assert bot_module._is_emergency("投诉可以撤回吗", _analysis("unauthorized_transaction",
                                                               [model_reason]))
    assert not bot_module._is_emergency("投诉可以撤回吗", _analysis("no_human_service", []))


def test_explicit_signals_always_hand_over():
    # Explicit signals decide, whatever the model ranked first.
    assert bot_module._is_emergency("银行卡被盗刷了", _analysis("other", ["x"]))


def test_a_calm_product_question_is_answered_not_escalated():
    turn = respond("商品质量有问题")
    assert turn.kind == "answer"
    assert turn.scenario == "product_quality"


@pytest.mark.parametrize("message", ["自动续费怎么退款", "how do I get an auto-renewal refund"])
def test_auto_renewal_refund_question_gets_the_playbook(message):
    turn = respond(message)
    scenario = load_catalog().get(AUTO_RENEWAL)
    assert turn.kind == "answer"
    assert turn.entry_id == f"scenario:{AUTO_RENEWAL}"
    assert turn.scenario == AUTO_RENEWAL
    assert turn.citations == tuple(b.cite() for b in scenario.legal_basis)
    for citation in turn.citations:
        assert citation in turn.text
    assert turn.action == "file_complaint"
    assert 1 <= len(turn.suggestions) <= 3


def test_answers_follow_the_language_of_the_question():
    assert respond("自动续费怎么退款").title == "自动续费"
    english = respond("how do I get an auto-renewal refund")
    assert english.lang == "en" and english.title == "Auto-renewal"
    assert english.text.startswith("Auto-renewal:")
    assert all(s.endswith("?") for s in english.suggestions)


def test_lost_parcel_question_gets_the_logistics_playbook():
    turn = respond("快递丢了怎么办")
    assert turn.kind == "answer" and turn.scenario == "delivery_logistics"


@pytest.mark.parametrize("message", ["asdkjh qwe", "xyz", "啊啊啊", "???"])
def test_gibberish_gets_a_clarifying_question(message):
    turn = respond(message)
    assert turn.kind == "clarify"
    assert len(turn.suggestions) == 3
    assert turn.entry_id == "" and turn.citations == ()
    for suggestion in turn.suggestions:
        assert suggestion in turn.text


def test_clarify_text_offers_a_person():
    assert "转人工" in respond("啊啊啊").text
    assert "talk to a person" in respond("asdkjh qwe").text


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_empty_message_is_rejected(message):
    with pytest.raises(ValueError):
        respond(message)


def test_non_text_and_unknown_languages_are_rejected():
    with pytest.raises(TypeError):
        respond(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        respond("怎么投诉", lang="fr")


def test_language_override():
    turn = respond("怎么投诉", lang="en")
    assert turn.lang == "en" and turn.entry_id == "faq:how_to_file"
    assert "complaint" in turn.text
    assert respond("how do I file a complaint", lang="zh-CN").text.startswith("通过")


@pytest.mark.parametrize(
    ("message", "entry_id", "action"),
    [
        ("怎么投诉", "faq:how_to_file", "file_complaint"),
        ("怎么删除我的个人信息", "faq:erase_data", "erase_data"),
        ("转人工", "faq:talk_to_human", "talk_to_human"),
        ("怎么撤回投诉", "faq:withdraw", "my_complaints"),
        ("How do I delete my personal data?", "faq:erase_data", "erase_data"),
    ],
)
def test_faq_answers_carry_their_action_hint(message, entry_id, action):
    turn = respond(message)
    assert (turn.kind, turn.entry_id, turn.action) == ("answer", entry_id, action)
    assert turn.citations == () and turn.scenario == ""


def test_long_messages_are_cut_before_analysis(monkeypatch):
    seen: list[str] = []
    real = bot_module.analyze

    def spy(text, *args, **kwargs):
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(bot_module, "analyze", spy)
    turn = respond("自动续费怎么退款" + "。" * 20_000)
    assert len(seen[0]) == bot_module.MAX_CHARS
    assert turn.kind == "answer"


def test_turns_are_immutable():
    turn = respond("怎么投诉")
    assert isinstance(turn, BotTurn)
    with pytest.raises(dataclasses.FrozenInstanceError):
        turn.text = "changed"  # type: ignore[misc]


def test_respond_is_fast_after_warm_up():
    bot_module.warm_up()
    messages = ["自动续费怎么退款", "how do I withdraw my complaint", "asdkjh qwe", "银行卡被盗刷了"]
    start = time.perf_counter()
    for i in range(100):
        respond(messages[i % len(messages)])
    per_call = (time.perf_counter() - start) / 100
    assert per_call < 0.05, f"{per_call * 1000:.1f} ms per call"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_offered_suggestion_leads_back_to_its_own_answer(lang):
    # Suggestions are sent back as the next message: each must answer, never hand over.
    from tousu.assist import load_knowledge

    kb = load_knowledge()
    offered = {entry.id: bot_module._offer([entry], lang) for entry in kb.entries}
    assert sum(1 for q in offered.values() if q) >= len(kb.entries) - 6
    for entry_id, questions in offered.items():
        for question in questions:
            turn = respond(question)
            assert (turn.kind, turn.entry_id) == ("answer", entry_id), question
