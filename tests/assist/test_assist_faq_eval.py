"""Retrieval quality on paraphrases the knowledge base has never seen.

The questions below were written apart from ``faq.yaml`` and the catalog: none is copied
from a FAQ phrasing or a scenario example, so they test how the retriever generalises to
the way people actually ask rather than whether it memorised its own questions. An
accuracy floor rather than per-question asserts, because lexical retrieval will always miss
some paraphrases; the assertion message lists the misses so a regression is easy to read.
"""

from __future__ import annotations

from tousu.assist import respond

FAQ_EVAL: list[tuple[str, str]] = [
    # how_to_file
    ("我想投诉一个商家，该怎么操作", "how_to_file"),
    ("去哪里投诉", "how_to_file"),
    ("请问在你们平台怎么提交投诉单", "how_to_file"),
    ("how can I lodge a complaint against a shop", "how_to_file"),
    # evidence
    ("投诉需要提供什么证明材料", "evidence"),
    ("聊天记录截图能作为证据上传吗", "evidence"),
    ("which files can I upload as proof", "evidence"),
    # deadlines
    ("商家要多久才给答复", "deadlines"),
    ("投诉提交后几天能处理完", "deadlines"),
    ("how long until the company responds to my complaint", "deadlines"),
    # process
    ("提交投诉以后是什么流程", "process"),
    ("我的投诉现在到哪一步了，在哪看", "process"),
    ("what is the process after submitting", "process"),
    # merchant_overdue
    ("商家到期了还是没回复我", "merchant_overdue"),
    ("the merchant ignored my complaint past the deadline", "merchant_overdue"),
    # dispute
    ("商家给的处理方案我不接受", "dispute"),
    ("I disagree with the merchant's reply", "dispute"),
    # withdraw
    ("投诉提交了能撤回吗", "withdraw"),
    ("我想撤销刚才的投诉", "withdraw"),
    ("how can I take back my complaint", "withdraw"),
    # privacy
    ("我的手机号会不会被商家看到", "privacy"),
    ("你们会泄露我的隐私吗", "privacy"),
    ("does the merchant get to see my personal details", "privacy"),
    # public_complaint
    ("投诉内容会被公开展示吗", "public_complaint"),
    ("is my complaint visible to the public", "public_complaint"),
    # erase_data
    ("请帮我删除我的个人资料", "erase_data"),
    ("can you erase all my personal information", "erase_data"),
    # collective
    ("同一家店坑了很多顾客，大家能联合起来投诉吗", "collective"),
    ("我们一群人遇到同样的问题，可以集体投诉吗", "collective"),
    ("can several consumers file a joint complaint", "collective"),
    # talk_to_human
    ("帮我转接人工", "talk_to_human"),
    ("我要找真人客服", "talk_to_human"),
    ("let me talk to a human", "talk_to_human"),
]

#: Chat-style scenario questions, also unseen; the answer is the scenario's playbook.
SCENARIO_EVAL: list[tuple[str, str]] = [
    ("双十一买的衣服商家不让退怎么办", "refund_refused"),
    ("充了会员第二个月自动扣钱了", "auto_renewal"),
    ("外卖平台多收了我打包费", "hidden_fees"),
    ("冰箱买回来不制冷", "product_quality"),
    ("孩子在直播间刷礼物花了几千", "minor_spending"),
    ("广告说买一送一结果没送", "false_advertising"),
    ("my order has not shipped for weeks", "delivery_logistics"),
    ("the gym closed and kept my prepaid money", "topup_trap"),
    ("collectors keep calling my boss", "abusive_collection"),
    ("my credit report has a loan I never took", "credit_report_error"),
]


def _accuracy(cases: list[tuple[str, str]], prefix: str) -> tuple[float, list[str]]:
    misses = []
    for question, expected in cases:
        turn = respond(question)
        if turn.kind != "answer" or turn.entry_id != f"{prefix}:{expected}":
            misses.append(f"{question!r}: expected {expected}, got {turn.kind} {turn.entry_id}")
    return 1 - len(misses) / len(cases), misses


def test_faq_paraphrases_land_on_the_right_faq():
    accuracy, misses = _accuracy(FAQ_EVAL, "faq")
    assert accuracy >= 0.8, f"accuracy {accuracy:.2f}; misses:\n" + "\n".join(misses)


def test_scenario_questions_land_on_the_right_playbook():
    accuracy, misses = _accuracy(SCENARIO_EVAL, "scenario")
    assert accuracy >= 0.8, f"accuracy {accuracy:.2f}; misses:\n" + "\n".join(misses)


def test_eval_questions_are_not_copied_from_the_knowledge_base():
    from tousu.assist import load_knowledge

    known = {q for e in load_knowledge().entries for q in e.questions}
    copied = [q for q, _ in FAQ_EVAL + SCENARIO_EVAL if q in known]
    assert not copied
