"""What users rely on from emergency detection, family by family, in Chinese and English.

Every phrasing here was written for these tests (none is copied from the evaluation files).
Emergencies must reach the 7x24 queue; the hard negatives next to them (a slow refund marked
急, a recognised renewal, a fraud already resolved, a game ban, a phishing SMS not clicked, a
how-to question) must not flood it. The last tests guard the machinery: gates never change
a result, and the English CFPB sample does not turn into an emergency queue.
"""

import json
from pathlib import Path

import pytest

from tousu.text import analyze, analyze_many, build_default_model
from tousu.text import emergency as em
from tousu.text.catalog import load_catalog
from tousu.text.cli import CFPB_MAPPING, cfpb_path
from tousu.text.data import load_mapping, read_labelled
from tousu.text.emergency import explicit_signals, lexicon_signals
from tousu.text.normalize import normalize

EVAL = Path(em.__file__).with_name("eval")
#: The tuning sets, named one by one: the sealed holdout must never be read by tests.
TUNING_SETS = (
    "zh_eval.jsonl",
    "zh_emergency_fresh.jsonl",
    "zh_emergency_holdout.jsonl",
    "zh_emergency_dev2.jsonl",
    "zh_emergency_dev2_rounds.jsonl",
)


@pytest.fixture(scope="module")
def model():
    return build_default_model()


def _explicit(text: str) -> list[str]:
    return explicit_signals(normalize(text), load_catalog())


def test_an_english_paypal_takeover_sending_money_now_is_an_emergency(model):
    result = analyze("someone hacked my PayPal and is sending money right now", model=model)
    assert result.emergency and result.route == "emergency"
    families = " ".join(lexicon_signals(normalize("someone hacked my PayPal and is sending money")))
    assert "account taken over" in families and "money being stolen" in families


@pytest.mark.parametrize(
    "text",
    [
        "my refund is slow, 急",
        "退款申请了两周还没到账，急急急！",
        "快递四天没动了，急用，麻烦催一下",
    ],
)
def test_urgency_about_a_refund_or_a_delivery_is_not_an_emergency(model, text):
    result = analyze(text, model=model)
    assert not result.emergency, result.emergency_reasons


@pytest.mark.parametrize(
    "text",
    [
        "我知道开了自动续费，这个月视频会员扣了25，想取消下个月的",
        "I know I signed up for the auto-renewal, please cancel it before next month",
    ],
)
def test_a_recognised_auto_renewal_is_not_an_emergency(model, text):
    result = analyze(text, model=model)
    assert not result.emergency, result.emergency_reasons


EMERGENCIES = {
    "money leaving": [
        "半小时前手机连收四条消费短信，建行卡被刷了八千，卡一直在我包里",
        "工资卡里的钱被分三次转走了，收款人一个都不认识",
        "余额宝里的两万一觉醒来只剩几块钱了",
        "孩子正拿我手机在游戏里充值，扣款短信一条接一条停不下来",
        "my debit card is being used at stores in another state right now and I have it with me",
        "there are charges I didn't make on my credit card and new ones keep coming",
        "my Mastercard was just debited 900 euros in Berlin twenty minutes ago, I live in Lyon",
        "an unrecognized withdrawal of $4,000 left my savings overnight while I was sleeping",
        "my credit card was charged 9 times at a parking garage, the card never left my purse",
        "new pending purchases are showing up as I type, the card is sitting right here",
        "my 10 year old daughter is buying gems in a game with my card, $600 in the past 3 hours",
        "女儿在用我手机看直播，刚发现她这半小时打赏了二十多次，还在继续",
        # a past-time word or "the money is all there" must not veto what happens now
        "去年办的信用卡昨天晚上被盗刷了五笔，卡一直在我钱包里",
        "孩子拿外婆手机给主播刷礼物，外婆的钱都在卡里，今天已经刷了一万多还在刷",
    ],
    "account takeover": [
        "抖音号被人登录了，还改绑了我的手机号，里面有直播收益",
        "QQ被盗号了，对方在用我的号找亲戚借钱",
        "营业厅说我的手机号被人补办了新卡，现在银行验证码都发到别人那去了",
        "Steam帐号登陆不上，密码被改了，库存饰品正在被转走",
        "my TikTok got hacked, they changed my email and I'm locked out",
        "someone SIM swapped my number and my bank codes go to them",
    ],
    "fraud in progress": [
        "自称京东客服的人说我的金条要注销，让我开屏幕共享，还要我报验证码",
        "对方说我涉嫌洗钱，让我把存款转到安全账户配合调查",
        "网贷说我卡号填错了资金被冻结，要先交解冻费才能放款",
        "借款app一分钱没到账，天天让我还三千，不还就爆我通讯录",
        "a man pretending to be from my bank asked me to read him the one time code",
        "the caller told me to buy gift cards and read him the numbers",
        "a fake Apple tech got into my mom's laptop and has her bank website open",
        "paid the seller a $200 'customs fee' and now he wants another $400 before shipping",
        "两年前被骗过一次，现在又被冒充客服的人骗着转了三千，他还在让我继续转",
    ],
    "funds frozen": [
        "微信零钱被冻结了，里面有一万二是我的房租",
        "拼多多店铺的货款被平台扣着不让提现，四万多",
        "PayPal put a hold on my account with $3,200 in it",
        "Venmo froze my balance and I can't withdraw my 900 dollars",
        "my PayPal account got shut down without warning and $1,600 of sales is stuck in it",
    ],
}


@pytest.mark.parametrize(
    "text", [t for texts in EMERGENCIES.values() for t in texts], ids=lambda t: t[:24]
)
def test_emergencies_of_every_family_reach_the_emergency_queue(model, text):
    result = analyze(text, model=model)
    assert result.emergency and result.route == "emergency", result.emergency_reasons
    assert _explicit(text), "the explicit signals themselves should recognise it"


HARD_NEGATIVES = [
    "I was charged 3 times for the same order, I recognise the first one, refund the others",
    "The seller wants another $5 for shipping, is that allowed?",
    "My account was closed last year and the $20 balance was mailed to me.",
    "My son spent $50 on Roblox last month without asking, can I get a refund?",
    "去年被骗过一次，已经报案，钱也全部追回来了，现在只想投诉平台审核太松",
    "支付宝之前被冻结过，现在已经解冻了，想问一下当时是什么原因",
    "王者荣耀账号因为开挂被封了十年，号里没有充钱，觉得处罚太重",
    "收到一条冒充银行的短信让我点链接，我没点，举报一下这个号码",
    "请问怎么修改微信绑定的手机号？旧号码不用了",
    "孩子去年暑假在游戏里充了两千，申请未成年退款被驳回了",
    "信用卡逾期了，催收每天打电话，我承认欠钱，想协商分期",
    "网购的衣服和图片不一样，感觉被骗了，要求退货",
    "last year my card was used fraudulently but the bank refunded it, now they charge a fee",
    "I got a phishing text pretending to be my bank, I didn't click anything",
    "my account was frozen last week but it's been unfrozen now, I just want an explanation",
    "how do I change my password? I forgot it",
    "the bank put a hold on my check deposit, I know it's normal but it's slow",
    # a fraud told as a settled past event, a scam recognised, a settings question
    "三年前信用卡被盗刷过，银行早就赔了，可征信上还挂着逾期，想申请删除",
    "前年被冒充快递客服骗了两千，警察上个月帮我追回来了，想问问能不能起诉泄露信息的公司",
    "微信支付被限制了两天，第二天就恢复了，零钱也都在，想知道原因",
    "有人打电话自称银行客服说我信用卡要降额，我一听就是骗子，直接挂了",
    "收到短信说快递丢了要理赔让加微信，没加，想举报这个号码",
    "想问下支付宝怎么开启登录保护，同事最近被盗号了",
    "Two years ago I lost $900 to a fake IRS call and reported it back then; can the bank help?",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES, ids=lambda t: t[:24])
def test_hard_negatives_raise_no_explicit_signal(text):
    assert not _explicit(text)


def test_a_resolved_mention_does_not_hide_a_live_fraud():
    text = (
        "去年被骗过一次已经追回了。今天又有人自称客服，让我把钱转到他们指定的安全账户，我转了两万"
    )
    assert any("诈骗" in reason for reason in lexicon_signals(normalize(text)))


def test_gates_never_change_a_result():
    """A gate only skips a regex that cannot match: results with and without are equal."""

    def ungated(lexicon):
        bare = {}
        for name, comp in lexicon.items():
            whole = em._Part(comp.whole.regex, None)
            parts = tuple(em._Part(p.regex, None) for p in comp.parts)
            bare[name] = em._Component(whole, parts, comp.word_start)
        return bare

    zh, en = ungated(em._ZH), ungated(em._EN)
    texts = [t for texts in EMERGENCIES.values() for t in texts] + HARD_NEGATIVES
    for name in TUNING_SETS:
        with open(EVAL / name, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    for text in texts:
        doc = normalize(text)
        zh_found, en_found = em._ZH_LITERALS.present(doc), em._EN_LITERALS.present(doc)
        assert em._apply(doc, em.RULES_ZH, em._ZH, zh_found) == em._apply(doc, em.RULES_ZH, zh, ())
        assert em._apply(doc, em.RULES_EN, em._EN, en_found) == em._apply(doc, em.RULES_EN, en, ())


@pytest.mark.parametrize("name", TUNING_SETS)
def test_explicit_recall_on_the_tuning_sets_stays_at_least_098(name):
    # A regression guard only: these sets were used to tune the lexicon (eval/README.md).
    with open(EVAL / name, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    positives = [r["text"] for r in rows if r["emergency"]]
    found = sum(1 for text in positives if _explicit(text))
    assert found / len(positives) >= 0.98


def test_the_english_cfpb_sample_does_not_become_an_emergency_queue(model):
    path = cfpb_path()
    if not path.is_file():
        pytest.skip(f"CFPB sample not found at {path}")
    records = read_labelled(path, mapping=load_mapping(CFPB_MAPPING))
    flagged = sum(a.emergency for a in analyze_many([r.text for r in records], model=model))
    # 22.7% before the emergency pass of eval/README.md, about 9% after it; mostly disputes.
    assert flagged / len(records) < 0.15
