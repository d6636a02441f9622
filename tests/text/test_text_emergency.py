"""Emergencies of every family reach the human queue; ordinary money complaints do not.

The phrasings here are written for the tests (not copied from the evaluation files) and
cover the lexicon's families: money leaving now, takeover, SIM swap, impersonation with a
code request, screen sharing, "safe account" transfers, loan-app fees, frozen funds.
"""

import pytest

from tousu.text import analyze, build_default_model
from tousu.text.emergency import lexicon_signals
from tousu.text.normalize import normalize


@pytest.fixture(scope="module")
def model():
    return build_default_model()


EMERGENCIES = [
    "工行储蓄卡刚才被人在外地取了两千，卡就在我口袋里",
    "账户里的钱正在一笔一笔地被转走，快帮我停掉",
    "我的支付宝被别人登录了，绑定手机也被改了",
    "营业厅说有人冒名补办了我的手机卡，现在短信都收不到",
    "一个自称银行客服的人让我把验证码报给他",
    "对方让我开了屏幕共享说帮我退款",
    "他们说我的资金不安全，要我转到安全账户",
    "贷款平台说要先交解冻金才能放款",
    "微信零钱被冻结了，里面有一万多是货款",
    "someone logged into my account and changed the password",
]

NOT_EMERGENCIES = [
    "去年买的羽绒服退货后商家一直没退款",
    "视频会员自动续费扣了25块，续费前没提醒",
    "外卖晚到了一个小时，要求赔偿配送费",
    "信用卡年费比宣传的高，要求退还",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_clear_emergencies_of_every_family_are_flagged(model, text):
    result = analyze(text, model=model)
    assert result.emergency and result.route == "emergency", result.emergency_reasons
    assert lexicon_signals(normalize(text)), "the lexicon itself should recognise it"


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_ordinary_money_complaints_are_not_emergencies(model, text):
    assert not lexicon_signals(normalize(text))


def test_a_subscription_charge_is_not_mistaken_for_theft():
    # "没授权 + 扣" near a subscription is a renewal complaint, not money being stolen.
    assert not lexicon_signals(normalize("音乐会员自动续费扣了我三次钱，我没有授权过"))
