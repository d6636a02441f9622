"""Guards on the lists the assistant's thresholds and weights were tuned on.

These lists informed ``MIN_SCORE``, ``SCENARIO_BOOST``, ``BEST_QUESTION_WEIGHT`` and some
FAQ phrasings, so they overstate real quality; the held-out numbers are in
``test_assist_faq_eval.py``. They are kept as regression guards: a change that makes the
bot answer small talk, or miss questions it used to get, fails here first.
"""

from __future__ import annotations

from tousu.assist import respond

DEV_FAQ: list[tuple[str, str]] = [
    ('投诉应该怎么写', 'how_to_file'),
    ('你们这里可以投诉吗', 'how_to_file'),
    ('how do I report a bad merchant', 'how_to_file'),
    ("I'd like to file a complaint", 'how_to_file'),
    ('投诉要填哪些信息', 'how_to_file'),
    ('证据要传哪些', 'evidence'),
    ('发票需要上传吗', 'evidence'),
    ('what proof do you need', 'evidence'),
    ('上传文件最大多大', 'evidence'),
    ('can I upload a video or pdf', 'evidence'),
    ('多久能收到商家回复', 'deadlines'),
    ('商家有几天时间处理', 'deadlines'),
    ('how fast will the business answer', 'deadlines'),
    ('what is the response time', 'deadlines'),
    ('投诉后平台会做什么', 'process'),
    ('已受理是什么意思', 'process'),
    ('where can I see my complaint progress', 'process'),
    ('what are the steps after my complaint is submitted', 'process'),
    ('商家超时不处理怎么办', 'merchant_overdue'),
    ('超过期限了商家还没回应', 'merchant_overdue'),
    ('the merchant missed the deadline', 'merchant_overdue'),
    ('商家的回复我不满意', 'dispute'),
    ('对处理结果有异议', 'dispute'),
    ("the merchant's solution is not acceptable to me", 'dispute'),
    ('怎么撤诉', 'withdraw'),
    ('投诉可以取消吗', 'withdraw'),
    ('I want to withdraw the complaint', 'withdraw'),
    ('please cancel my complaint', 'withdraw'),
    ('我的信息会被泄露给商家吗', 'privacy'),
    ('你们怎么保护用户隐私', 'privacy'),
    ('is my data safe with you', 'privacy'),
    ('投诉能设为不公开吗', 'public_complaint'),
    ('will other people see what I wrote', 'public_complaint'),
    ('删除我的个人信息', 'erase_data'),
    ('我不想让平台保存我的资料了', 'erase_data'),
    ('please delete my data', 'erase_data'),
    ('集体投诉是什么', 'collective'),
    ('很多人都遇到了同样的问题怎么办', 'collective'),
    ('is there a group complaint option', 'collective'),
    ('人工', 'talk_to_human'),
    ('我要和客服人员说话', 'talk_to_human'),
    ('connect me to an agent', 'talk_to_human'),
    ('real person please', 'talk_to_human'),
]

DEV_SCENARIO: list[tuple[str, str]] = [
    ('自动续费怎么退款', 'auto_renewal'),
    ('how do I get an auto-renewal refund', 'auto_renewal'),
    ('快递丢了怎么办', 'delivery_logistics'),
    ('网购的东西质量有问题怎么办', 'product_quality'),
    ('催收天天打电话骚扰我家人怎么办', 'abusive_collection'),
    ('征信报告有错误怎么改', 'credit_report_error'),
    ('健身卡老板跑路了钱能退吗', 'topup_trap'),
    ('孩子打赏主播的钱能要回来吗', 'minor_spending'),
    ('my parcel never arrived', 'delivery_logistics'),
    ('the product I bought is defective', 'product_quality'),
    ('hidden charges on my phone bill', 'hidden_fees'),
    ('商家不给退货怎么办', 'refund_refused'),
    ('会员到期自动扣费了能退吗', 'auto_renewal'),
    ('信用卡年费怎么免', 'credit_card_dispute'),
    ('提前还房贷要交违约金合理吗', 'loan_dispute'),
    ('宣传和实际不符能退吗', 'false_advertising'),
    ('商家客服一直联系不上', 'no_human_service'),
    ('I want my money back for a cancelled order', 'refund_refused'),
    ('my kid bought game items with my card', 'minor_spending'),
    ('the ad was misleading', 'false_advertising'),
    ('跨行转账一直没到账', 'bank_account_dispute'),
    ('网贷利息太高了', 'loan_dispute'),
    ('the collector says I owe money I never borrowed', 'debt_collection'),
    ('快递显示签收了但是我没收到', 'delivery_logistics'),
]

#: Small talk, gibberish and off-topic requests: the bot should ask, not answer.
OFF_TOPIC: list[str] = [
    'asdkjh qwe',
    'xyz',
    '今天天气怎么样',
    '你是谁',
    '讲个笑话',
    '1234',
    'ok',
    '好的',
    "what's the weather like",
    'lorem ipsum dolor',
    '哈哈哈',
    '吃饭了吗',
    'who won the football game',
    'qwertyuiop',
    '啊啊啊',
    '测试',
    'test',
    '你叫什么名字',
    '推荐一部电影',
    'sdfsdf 234',
    '我有个问题',
    '帮我写一首诗',
    '明天会下雨吗',
    'tell me about yourself',
    'how are you doing today',
    'where is the nearest restaurant',
    '股票明天会涨吗',
    '附近有什么好吃的',
    'what time is it',
    'can you help me with my homework',
    '嗯',
    '什么',
    'why',
    '我想买个手机推荐一下',
    '翻译一下这句话',
    'jkl;jkl;',
    '北京到上海多远',
    '你们公司在哪',
    'what is the meaning of life',
    'play some music',
]


def _misses(cases: list[tuple[str, str]], prefix: str) -> list[str]:
    misses = []
    for question, expected in cases:
        turn = respond(question)
        if (turn.kind, turn.entry_id) != ("answer", f"{prefix}:{expected}"):
            misses.append(f"{question!r}: expected {expected}, got {turn.kind} {turn.entry_id}")
    return misses


def test_dev_faq_questions():
    misses = _misses(DEV_FAQ, "faq")
    assert len(misses) <= 0.1 * len(DEV_FAQ), "\n".join(misses)


def test_dev_scenario_questions():
    misses = _misses(DEV_SCENARIO, "scenario")
    assert len(misses) <= 0.1 * len(DEV_SCENARIO), "\n".join(misses)


def test_off_topic_messages_are_not_answered():
    answered = [f"{q!r} -> {t.entry_id}" for q in OFF_TOPIC if (t := respond(q)).kind == "answer"]
    assert len(answered) <= 0.15 * len(OFF_TOPIC), "\n".join(answered)
