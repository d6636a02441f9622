"""Deterministic generator of a realistic Chinese demo data set.

Why this exists: the first thing a new user sees after ``tousu demo`` is a list of
complaints. If that list is five templates repeated sixty times, nothing downstream can be
judged — not scenario typing, not collective-case detection, not masking, not the rankings.
So the corpus is composed from many independent parts (opening, what happened, what customer
service did, feelings, demands), filled with invented but concrete details (order numbers,
dates, amounts, app names), in several lengths and registers, with the occasional typo, a few
posts that leak personal data the way real posts do, a few collective incidents (several
consumers, one problem, one merchant, own words) and one batch of templated proxy complaints
("代理维权") sharing a contact number.

The module is framework-free (standard library only) so the CLI, tests and benchmarks can use
it without Django; a loader elsewhere turns a :class:`DemoDataset` into database rows.

Everything is fictional: merchant names, people, phone numbers and e-mail addresses (which
use reserved ``example`` domains). Dates inside narratives are computed from
:data:`ANCHOR_DATE` rather than "today", so that the same seed always yields the same text; a
loader that wants narrative dates to line up with timestamps can use the anchor as "now".
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "ANCHOR_DATE",
    "CHANNELS",
    "DEMANDS",
    "FINAL_STATES",
    "INDUSTRIES",
    "SCENARIOS",
    "DemoComplaint",
    "DemoConsumer",
    "DemoDataset",
    "DemoMerchant",
    "DemoMessage",
    "generate",
]

#: The fixed "today" that narrative dates are written relative to (see module docstring).
ANCHOR_DATE = date(2026, 3, 1)

INDUSTRIES: tuple[str, ...] = (
    "ecommerce", "bank", "payment", "consumer_finance", "games", "travel", "appliances",
    "local_services", "telecom", "education", "other",
)
DEMANDS: tuple[str, ...] = (
    "refund", "compensation", "unfreeze", "apology", "stop_collection", "cancel_subscription",
    "correct_credit_report", "delete_data", "repair_replace", "explanation", "other",
)
CHANNELS: tuple[str, ...] = ("web", "app", "api", "chat", "hotline", "import")
SCENARIOS: tuple[str, ...] = (
    "unauthorized_transaction", "auto_renewal", "topup_trap", "refund_refused", "minor_spending",
    "abusive_collection", "credit_report_error", "data_leak", "account_frozen",
    "impersonation_fraud", "no_human_service", "product_quality", "false_advertising",
    "delivery", "hidden_fees", "other",
)
FINAL_STATES: tuple[str, ...] = (
    "submitted", "accepted", "rejected", "with_merchant", "merchant_replied", "resolved",
    "unresolved", "closed", "withdrawn",
)

TITLE_MIN, TITLE_MAX = 8, 30
NARRATIVE_MIN, NARRATIVE_MAX = 40, 600


# --------------------------------------------------------------------------------------------
# Public data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoMerchant:
    """A fictional merchant; ``committed`` means it signed the 24 h / 7-day commitment."""

    name: str
    industry: str
    committed: bool
    description: str


@dataclass(frozen=True)
class DemoConsumer:
    """A fictional complainant. Phone numbers are random, e-mails use example domains."""

    name: str
    phone: str
    email: str | None


@dataclass(frozen=True)
class DemoMessage:
    """One entry of a complaint's conversation, timed relative to submission."""

    author: str
    body: str
    after_hours: float


@dataclass(frozen=True)
class DemoComplaint:
    """One complaint together with the conversation that led to its ``final_state``."""

    merchant: str
    consumer_index: int
    title: str
    narrative: str
    amount: Decimal
    demands: tuple[str, ...]
    channel: str
    scenario_hint: str
    final_state: str
    reject_reason: str | None
    days_ago: float
    messages: tuple[DemoMessage, ...]
    public: bool


@dataclass(frozen=True)
class DemoDataset:
    """Everything the demo loader needs; consumers are referenced by index."""

    merchants: tuple[DemoMerchant, ...]
    consumers: tuple[DemoConsumer, ...]
    complaints: tuple[DemoComplaint, ...]


#: Products only the fresh-food shop sells.
_FRESH: tuple[str, ...] = ("车厘子", "榴莲", "牛排", "大闸蟹", "草莓")


# --------------------------------------------------------------------------------------------
# Merchants
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """Internal merchant profile: the public fields plus what narratives need to sound real."""

    name: str
    industry: str
    committed: bool
    description: str
    weight: float
    app: str
    hotline: str
    game: str = ""
    #: Restrict the products this merchant sells (names from _ECOM_PRODUCTS); empty: general.
    products: tuple[str, ...] = field(default_factory=tuple)
    #: Restrict the scenarios (a gym and a food-delivery app share an industry, not problems).
    scenarios: tuple[str, ...] = field(default_factory=tuple)
    #: Upper bound on amounts (a fruit shop's orders are not 20,000 yuan); 0: no bound.
    max_amount: float = 0

    def public(self) -> DemoMerchant:
        return DemoMerchant(self.name, self.industry, self.committed, self.description)


_PROFILES: tuple[_Profile, ...] = (
    # e-commerce
    _Profile("易购商城", "ecommerce", True, "综合类网上购物平台，主营数码家电和日用百货。",
             9, "易购商城APP", "400-820-1166"),
    _Profile("优品汇", "ecommerce", False, "主打品牌折扣和直播带货的电商平台。",
             7, "优品汇APP", "400-655-3021"),
    _Profile("团乐购", "ecommerce", False, "以社区团购和拼单低价为卖点的购物平台。",
             6, "团乐购小程序", "400-619-0078"),
    _Profile("鲜果多生鲜", "ecommerce", False, "提供水果生鲜次日达配送的线上超市。",
             3, "鲜果多APP", "400-870-5512", products=_FRESH, max_amount=1500),
    # banks
    _Profile("华信银行", "bank", True, "全国性股份制商业银行，提供储蓄、信用卡和贷款服务。",
             6, "华信银行手机银行", "400-895-6600"),
    _Profile("东海农商银行", "bank", False, "立足长三角县域的农村商业银行。",
             3, "东海农商手机银行", "400-186-2233"),
    _Profile("瑞丰银行信用卡中心", "bank", False, "瑞丰银行旗下信用卡及分期业务中心。",
             5, "瑞丰信用卡APP", "400-600-7788"),
    # payment
    _Profile("速付钱包", "payment", True, "持牌第三方支付机构旗下的数字钱包，支持扫码支付和转账。",
             9, "速付钱包APP", "400-090-5566"),
    _Profile("汇通支付", "payment", False, "为中小商户提供收单和POS机服务的支付公司。",
             5, "汇通商户通", "400-611-9090"),
    _Profile("橙子钱包", "payment", False, "面向年轻人的数字钱包，内含零钱理财和先用后付。",
             6, "橙子钱包APP", "400-133-6677"),
    _Profile("乐付通", "payment", True, "跨境和线上支付服务商，提供免密支付和代扣服务。",
             3, "乐付通APP", "400-822-3131"),
    # consumer finance
    _Profile("安心分期", "consumer_finance", True, "持牌消费金融公司，提供购物分期和小额信用贷款。",
             6, "安心分期APP", "400-100-5858"),
    _Profile("小鹿借款", "consumer_finance", False, "助贷平台，撮合用户与合作金融机构的小额借款。",
             8, "小鹿借款APP", "400-155-2020"),
    _Profile("金桔消费金融", "consumer_finance", False, "提供线上现金贷和信用分期的消费金融公司。",
             6, "金桔APP", "400-966-1818"),
    _Profile("融易贷", "consumer_finance", False, "网络小额贷款平台，主打“秒批秒到账”。",
             4, "融易贷APP", "400-699-2525"),
    # games
    _Profile("星河游戏", "games", False, "手游研发与发行商，代表作为仙侠题材MMO。",
             7, "星河游戏APP", "400-017-8866", game="《星河传说》"),
    _Profile("幻想互娱", "games", True, "二次元卡牌手游发行商。",
             5, "幻想互娱APP", "400-018-3355", game="《幻域online》"),
    _Profile("青柠游戏", "games", False, "休闲益智类小游戏开发商。",
             4, "青柠游戏盒子", "400-019-6611", game="《萌宠消消乐》"),
    _Profile("墨鱼互动", "games", False, "武侠竞技类手游运营商。",
             4, "墨鱼互动APP", "400-016-2299", game="《剑啸江湖》"),
    # travel
    _Profile("趣旅行", "travel", True, "在线旅游平台，提供机票、酒店和度假产品预订。",
             5, "趣旅行APP", "400-880-6600"),
    _Profile("飞途商旅", "travel", False, "机票代理和商旅服务平台。",
             3, "飞途商旅APP", "400-882-7171"),
    # appliances
    _Profile("美嘉电器", "appliances", True, "生产冰箱、洗衣机、空调等大家电的品牌厂商。",
             4, "美嘉智家APP", "400-889-3030"),
    _Profile("康乐家电", "appliances", False, "厨房小家电和热水器品牌。",
             3, "康乐家电服务号", "400-887-4545"),
    # local services
    _Profile("饭来外卖", "local_services", False, "同城外卖配送平台。",
             5, "饭来外卖APP", "400-660-1212", max_amount=3000,
             scenarios=("refund_refused", "delivery", "product_quality", "data_leak", "other")),
    _Profile("悦享健身", "local_services", False, "连锁健身房品牌，推行预付费会员卡。",
             3, "悦享健身小程序", "400-661-3434",
             scenarios=("topup_trap", "refund_refused", "other")),
    # telecom
    _Profile("星网通信", "telecom", True, "提供移动通信和家庭宽带服务的运营商分公司。",
             4, "星网营业厅APP", "400-100-2626"),
    _Profile("联讯宽带", "telecom", False, "区域性宽带接入服务商。",
             2, "联讯宽带公众号", "400-662-8080"),
    # education
    _Profile("学而优在线", "education", False, "K12在线辅导和素质教育课程平台。",
             4, "学而优APP", "400-663-1919"),
    _Profile("启明英语", "education", False, "线下连锁少儿及成人英语培训机构。",
             3, "启明英语小程序", "400-664-0707"),
    # other
    _Profile("乐看视频", "other", True, "长视频会员订阅平台。",
             5, "乐看视频APP", "400-665-2468"),
)

#: Scenarios each industry plausibly produces, with a relative affinity.
_INDUSTRY_SCENARIOS: dict[str, dict[str, float]] = {
    "ecommerce": {"refund_refused": 5, "product_quality": 4, "false_advertising": 2.5,
                  "delivery": 3, "no_human_service": 1, "data_leak": 0.6, "hidden_fees": 0.6,
                  "auto_renewal": 0.8, "impersonation_fraud": 0.6, "other": 0.4},
    "bank": {"unauthorized_transaction": 4, "hidden_fees": 3, "abusive_collection": 2.5,
             "credit_report_error": 2, "account_frozen": 2, "no_human_service": 1,
             "data_leak": 0.4, "other": 0.3},
    "payment": {"unauthorized_transaction": 5, "account_frozen": 4, "impersonation_fraud": 2,
                "auto_renewal": 2, "no_human_service": 1.5, "hidden_fees": 1, "data_leak": 0.5,
                "other": 0.3},
    "consumer_finance": {"abusive_collection": 5, "hidden_fees": 4, "credit_report_error": 2.5,
                         "data_leak": 1, "impersonation_fraud": 1, "no_human_service": 0.6,
                         "other": 0.3},
    "games": {"minor_spending": 4, "topup_trap": 4, "account_frozen": 3, "refund_refused": 1.2,
              "false_advertising": 1.2, "no_human_service": 0.6, "other": 0.3},
    "travel": {"refund_refused": 5, "hidden_fees": 2.5, "false_advertising": 1.5,
               "no_human_service": 1.5, "other": 0.5},
    "appliances": {"product_quality": 5, "delivery": 1.5, "false_advertising": 1,
                   "refund_refused": 1, "hidden_fees": 1, "other": 0.3},
    "local_services": {"refund_refused": 3, "topup_trap": 2.5, "delivery": 2.5,
                       "product_quality": 1, "data_leak": 0.6, "other": 0.4},
    "telecom": {"hidden_fees": 4, "auto_renewal": 2, "no_human_service": 2, "data_leak": 1,
                "other": 0.5},
    "education": {"refund_refused": 5, "false_advertising": 2.5, "hidden_fees": 1.5,
                  "auto_renewal": 1, "other": 0.4},
    "other": {"auto_renewal": 5, "no_human_service": 1.5, "refund_refused": 1, "data_leak": 0.6,
              "other": 0.8},
}

#: Global frequency of scenarios — deliberately Pareto-like (the head covers ~80 %).
_SCENARIO_WEIGHT: dict[str, float] = {
    "refund_refused": 16, "unauthorized_transaction": 11, "auto_renewal": 10,
    "abusive_collection": 8, "product_quality": 10, "account_frozen": 7, "hidden_fees": 5,
    "minor_spending": 7, "topup_trap": 5, "no_human_service": 6, "delivery": 7,
    "false_advertising": 6, "credit_report_error": 5, "impersonation_fraud": 5,
    "data_leak": 5, "other": 4,
}

_STATE_WEIGHT: dict[str, float] = {
    "closed": 22, "resolved": 21, "with_merchant": 14, "merchant_replied": 10,
    "unresolved": 8, "accepted": 6, "submitted": 6, "rejected": 5, "withdrawn": 4,
}

#: Plausible age (days since submission) for each state: fresh ones are still open.
_STATE_AGE: dict[str, tuple[float, float]] = {
    "submitted": (0.05, 2.0), "accepted": (0.3, 4.0), "rejected": (1.0, 400.0),
    "with_merchant": (1.0, 25.0), "merchant_replied": (2.0, 45.0), "resolved": (5.0, 400.0),
    "unresolved": (6.0, 200.0), "closed": (12.0, 400.0), "withdrawn": (2.0, 400.0),
}

_CHANNEL_WEIGHT: dict[str, float] = {
    "web": 44, "app": 30, "chat": 8, "hotline": 7, "api": 6, "import": 5,
}

# --------------------------------------------------------------------------------------------
# Vocabulary for concrete details
# --------------------------------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲飞鹏辉斌宇浩凯健俊帆帅旭宁"
    "欣怡梓涵子轩浩然雨桐思远晨曦嘉怡佳琪一诺博文志强建国海燕春梅秋菊冬梅晓东小龙丹丹婷婷"
)
_EMAIL_DOMAINS = ("example.com", "example.cn", "mail.example.org", "example.net")
_PINYIN = (
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "lin", "luo", "xiao", "tian", "jia", "yun", "fei", "hao", "jun",
)
_CITIES = (
    "杭州", "成都", "武汉", "郑州", "西安", "长沙", "南京", "合肥", "济南", "昆明", "南宁", "沈阳",
    "石家庄", "福州", "南昌", "贵阳", "太原", "兰州", "深圳", "广州", "苏州", "无锡", "东莞", "佛山",
)
_SHADY = (
    "某某网络科技", "云尚电子商务", "鑫达游戏充值", "优选数码专营", "海外数字服务", "天天好运娱乐",
    "盛世易购", "极速充值中心",
)
_ECOM_PRODUCTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("空气炸锅", ("用了两次就不加热了", "内胆涂层大面积脱落")),
    ("扫地机器人", ("充不进电", "开机就报错E03，转两圈就停")),
    ("羽绒服", ("洗了一次就跑绒", "标的90%白鸭绒，拆开全是碎毛片")),
    ("蓝牙耳机", ("左耳没声音", "连接一直断断续续")),
    ("纸尿裤", ("孩子用了屁屁起红疹", "包装破损还有异味")),
    ("乳胶床垫", ("有很重的刺鼻味道", "睡了一个月中间就塌了")),
    ("手机", ("屏幕有两个亮点", "充电发烫还自动关机")),
    ("运动鞋", ("穿了一周鞋底开胶", "颜色和图片差了十万八千里")),
    ("茶叶礼盒", ("生产日期是两年前的", "打开里面发霉了")),
    ("电动牙刷", ("进水之后就不亮了",)),
    ("儿童手表", ("定位不准，差了好几公里",)),
    ("行车记录仪", ("录像经常丢失，出事那天的视频没录上",)),
    ("面霜", ("用了过敏脸都肿了", "防伪码查不到，怀疑是假货")),
    ("车厘子", ("一半都是烂的", "个头比宣传的小一大圈")),
    ("榴莲", ("打开全是生的，根本吃不了",)),
    ("牛排", ("解冻后有一股酸臭味", "标的原切，实际是拼接的合成肉")),
    ("大闸蟹", ("到货一半是死的", "说好的四两一只，称了只有二两多")),
    ("草莓", ("盒子底下全是烂的、长毛的",)),
)
_APPLIANCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("冰箱", ("不制冷，冷藏室温度十几度", "压缩机噪音特别大，晚上睡不着")),
    ("滚筒洗衣机", ("脱水的时候整机剧烈晃动", "漏水把楼下邻居家淹了")),
    ("空调", ("外机漏氟不制冷", "内机一直往下滴水")),
    ("燃气热水器", ("水温忽冷忽热", "用着用着就熄火报E1")),
    ("油烟机", ("吸力很小，一炒菜满屋油烟", "开机有很大的异响")),
    ("电视", ("屏幕出现好几条竖线", "开机黑屏只有声音")),
    ("洗碗机", ("洗完碗上全是水渍和残渣",)),
    ("电热水壶", ("底座漏电，手摸到麻了一下",)),
)
_COURSES: dict[str, tuple[str, ...]] = {
    "学而优在线": ("少儿编程课", "小学奥数一对一", "初中物理提分班", "高中数学直播班", "少儿美术网课"),
    "启明英语": ("雅思冲刺班", "成人英语口语课", "少儿英语外教课", "商务英语班", "自然拼读启蒙课"),
}
_DEFAULT_COURSES = ("考研全程班", "UI设计就业班", "会计初级职称班")
_HOTELS = ("海景大床房", "亲子主题房", "商务标间", "温泉度假酒店套餐", "民宿整套房源")
_EVIDENCE = (
    "扣款短信、聊天记录都截图保存了。", "我手里有完整的聊天记录和付款凭证。",
    "通话录音我都留着。", "相关截图已上传。", "有视频为证。",
    "ecommerce appliances|物流记录和开箱视频都在。",
)


def _amount_text(amount: Decimal) -> str:
    """Render an amount the way people type it: no ``.00`` for whole yuan."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount:.2f}"


def _cn_date(d: date, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.55:
        return f"{d.month}月{d.day}日"
    if style < 0.85:
        return f"{d.month}月{d.day}号"
    if style < 0.95:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.month}.{d.day}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("13", "15", "18", "17", "19"))
    third = {"13": "0123456789", "15": "012356789", "18": "0123456789", "17": "3678",
             "19": "189"}[prefix]
    return prefix + rng.choice(third) + _digits(rng, 8)


# --------------------------------------------------------------------------------------------
# Narrative parts. Placeholders are filled from the facts dict built in _facts().
# --------------------------------------------------------------------------------------------

# A template may start with "tag tag|" to restrict it to merchants of those industries or with
# those names (a gym has no game accounts, a bank no parcels); untagged templates fit all.

_HAPPENED: dict[str, tuple[str, ...]] = {
    "unauthorized_transaction": (
        "{date}凌晨{time}，我还在睡觉，手机突然收到{app}的扣款短信，连续{k}笔一共{amt}元，"
        "收款方是一个从来没听说过的商户“{shady}”。",
        "我的{app}账户{date}在异地被登录，余额{amt}元被转得干干净净，全程我没收到任何验证码。",
        "{date}发现绑定的尾号{card}的银行卡通过{app}被消费了{amt}元，交易单号{txn}，"
        "这笔根本不是我本人操作的。",
        "手机一直在我身边没丢过，也没点过什么链接，可是{date}下午{app}显示我在一个游戏平台"
        "充值了{amt}元。",
        "bank|尾号{card}的信用卡在{date}出现{k}笔境外交易，合计{amt}元，可我人在{city}，"
        "卡就在我钱包里。",
        "payment|{date}晚上{time}左右，{app}里的免密支付被人用掉了{amt}元，分成{k}笔小额，"
        "每笔都卡在免密额度以下。",
        "bank|{date}我的储蓄卡在{city}一台ATM上被取走{amt}元，我当时在公司上班，卡就在身上，"
        "明显是被复制了。",
    ),
    "account_frozen": (
        "payment bank|{date}我的{app}账户突然被冻结，提示“账户存在风险”，里面还有{amt}元余额取不出来。",
        "payment|{date}登录{app}发现账户被限制收款，说是“涉嫌异常交易”，可我就是正常收了一笔"
        "{amt}元的货款。",
        "bank|银行卡突然被设了非柜面限制，转账和扫码全用不了，去网点才知道是因为收到一笔{amt}元的"
        "转账被判定可疑。",
        "games|{game}账号（角色ID：{role}）{date}无缘无故被封了十年，理由是“使用第三方外挂”，"
        "我一个休闲玩家用什么外挂？账号里前前后后充了{amt}元。",
        "games|{date}打开{game}提示账号异常已被冻结，申诉了{k}次都是自动回复“经核查处罚无误”，"
        "号里充值了{amt}元。",
        "games|我在{game}里正常交易了一件装备，第二天账号就被判定“异常交易”封停了，角色ID {role}，"
        "累计充值{amt}元。",
    ),
    "impersonation_fraud": (
        "{date}接到一个自称{m}客服的电话，对方准确说出了我的姓名、身份证后四位和最近的交易，"
        "说我开通了“百万保障”不关闭会影响征信，让我按他说的操作，结果被转走{amt}元。",
        "payment consumer_finance|有人冒充{m}工作人员加我微信，说我的账户要“注销校园贷额度”，"
        "引导我在好几个平台借了钱转到所谓的安全账户，一共损失{amt}元。",
        "ecommerce|{date}收到短信说我在{m}的订单“商品质检不合格，可获三倍理赔”，我点了链接填了"
        "银行卡信息，卡里的{amt}元就没了。",
        "一个号码{fraudphone}自称{m}客服，说要给我办理“退款”，让我共享屏幕，"
        "我稀里糊涂就把验证码念给他了，损失{amt}元。",
    ),
    "auto_renewal": (
        "ecommerce payment other education|去年为了看一部剧开了{app}一个月会员，结果之后每个月都"
        "自动扣费，今天查账单才发现已经扣了{k}个月，一共{amt}元，开通的时候根本没有明显提示是自动续费。",
        "{date}{app}在没有任何提醒的情况下扣了我{amt}元年费，我已经一年多没用过这个APP了。",
        "关闭自动续费的入口藏得太深，设置里找了半天找不到，好不容易找到的时候又扣了一笔，"
        "前后被扣了{amt}元。",
        "ecommerce payment other education|我在{app}上领了个“首月1元”的体验会员，没想到第二个月"
        "开始按原价自动续费，已经被扣了{amt}元。",
        "telecom|手机号套餐里被开通了一个什么“视频彩铃包”，每个月扣钱，我从来没订过，累计扣了{amt}元。",
        "payment|{app}里有一个我不认识的商户开通了免密代扣，每个月固定扣一笔，查下来一共{amt}元。",
    ),
    "topup_trap": (
        "games|{game}里的“限时首充双倍”活动，我充了{amt}元，结果道具没到账，客服说活动已经结束，"
        "以服务器时间为准。",
        "games|{game}抽卡公示概率是{pct}%，我连续抽了{many}次都没出，一共花了{amt}元，严重怀疑概率造假。",
        "悦享健身|店员一直推销办卡，说充{amt}元送{bonus}元，全国门店通用，结果充完没两个月"
        "我常去的门店就关了，剩下的钱根本没法用。",
        "games|{game}的月卡写的是“每日领取”，充值{amt}元之后第三天就停服维护了一个星期，"
        "不补偿也不延期。",
        "悦享健身|办了{m}的年卡花了{amt}元，说好的私教课送{k}节，实际上每次约都说约满了。",
    ),
    "minor_spending": (
        "我家孩子今年{kid}岁，趁我不注意用我的手机在{game}里充值了{amt}元，一共{k}笔，"
        "都是晚上十一点以后充的，我第二天看到扣款短信才知道。",
        "孩子用爷爷的身份证实名认证了{game}，暑假一个月充了{amt}元，防沉迷系统形同虚设。",
        "我儿子{kid}岁，上网课的平板被他拿去玩{game}，{date}一天就充了{k}次，共{amt}元，"
        "孩子连充值是什么意思都说不清楚。",
        "{date}发现银行卡少了{amt}元，查了才知道是女儿在{game}里买皮肤，她才{kid}岁，"
        "用的是我的账号。",
    ),
    "abusive_collection": (
        "consumer_finance|在{app}借了{amt}元，因为失业逾期了{k}天，现在催收每天打几十个电话，"
        "还打给我通讯录里的同事和我妈，说我是“老赖”。",
        "催收员发短信威胁说要“上门拜访”、“通知村委会”，还把我的照片P成通缉令发到我家人的微信群，"
        "我只欠了{amt}元。",
        "我已经跟他们协商好分期还款了，{date}还了第一期，可催收还是照打不误，早上七点就开始打，"
        "一天{many}个电话。",
        "我早就把{amt}元结清了，还是有人天天打电话说我欠款，打到了我单位前台，让我在同事面前抬不起头。",
        "催收打电话骂得很难听，问候我全家，还说“不还钱就让你在{city}混不下去”。",
        "bank|信用卡欠了{amt}元，逾期{k}个月，我主动申请个性化分期被拒，然后外包催收就开始轮番轰炸，"
        "连我七十岁的父亲都接到了电话。",
    ),
    "credit_report_error": (
        "去银行办房贷，查征信发现有一笔{m}的逾期记录，金额{amt}元，可我从来没在{m}借过钱，"
        "怀疑是被人冒名借款。",
        "{date}我已经提前结清了{m}的贷款（合同编号{loan}），结清证明都有，但征信上还显示逾期{k}次，"
        "导致房贷被拒。",
        "明明是自动扣款失败，我第二天就补上了，结果{m}给我报了一次逾期，现在信用卡额度都被降了。",
        "征信报告上多了好几条{m}的查询记录，我根本没申请过他们的任何产品。",
    ),
    "data_leak": (
        "ecommerce|在{m}下单后第二天就接到了诈骗电话，对方准确说出了我买的{product}和收货地址，"
        "这些信息只有{m}有。",
        "自从在{m}注册以后，每天都能接到十几个推销贷款、推销保险的电话，我怀疑他们把我的手机号卖了。",
        "consumer_finance payment|{app}强制要求读取通讯录才能使用，不授权就闪退，现在我通讯录里的"
        "朋友都接到了骚扰电话。",
        "我想注销{app}账号，页面却一直提示“存在未完成业务”，我的身份证照片和人脸信息还在他们那里，"
        "一想到就害怕。",
        "饭来外卖|在{m}点完外卖，第二天就有人加我微信，说出了我的姓名、地址和订单内容，"
        "推销什么“返利群”。",
        "{date}在{m}办完业务没几天，就有人打电话报出我的姓名、身份证号和家庭住址。",
    ),
    "no_human_service": (
        "{app}的客服全是机器人，我说“转人工”它就给我推一堆常见问题，连续说了{k}次都转不了。",
        "打客服热线{hotline}，按了一圈语音菜单最后提示“当前咨询人数较多，请稍后再拨”，然后直接挂断，"
        "一上午打了{k}次。",
        "账户出了问题想找个人问问，整个{app}里找不到任何人工客服入口，只有一个“智能助手”答非所问。",
        "好不容易排到人工，客服说“这个问题我这边处理不了，帮您记录反馈”，然后就没有然后了，"
        "已经{days}天了。",
    ),
    "refund_refused": (
        "ecommerce|{date}在{m}买了{product}，订单号{order}，收到后发现{defect}，申请七天无理由退货，"
        "商家一直拒绝，理由是“影响二次销售”。",
        "退款申请{date}就提交了，页面一直显示“退款处理中”，已经{days}天了，{amt}元还没到账。",
        "ecommerce|商家同意退货了，我也按要求寄回去了，快递显示{date}签收，然后商家就失联了，"
        "钱一直不退。",
        "travel|在{m}订了{date}入住{city}的{hotel}，提前三天取消，页面写的是“免费取消”，"
        "结果只退了一半，扣了我{amt}元。",
        "travel|{date}的航班被取消了，在{m}上申请全额退票，只退了机票钱，另外{amt}元的"
        "“出行保障包”不退。",
        "education|给孩子报了{m}的{course}，一次性交了{amt}元，上了{k}节课觉得不合适申请退费，"
        "机构说要扣{penalty}%的违约金还要扣教材费。",
        "games|{game}里买错了礼包，{amt}元，刚买五分钟没用过，申请退款客服说“虚拟商品一经售出"
        "概不退换”。",
        "饭来外卖|{date}点的外卖{amt}元，商家漏送了一半，申请退款被驳回，说骑手已送达。",
        "悦享健身|在{m}办了会员卡{amt}元，后来搬家去外地了，申请退卡退余额，门店说“概不退款”。",
        "appliances|在{m}官方旗舰店买的{appliance}，还没拆封就申请退货，客服说大件商品"
        "不支持无理由退货。",
        "other|{date}开通{app}会员后马上发现开错了档位，几分钟内申请退款，客服说虚拟服务不退。",
    ),
    "product_quality": (
        "ecommerce|{date}买的{product}，用了不到{k}天就{defect}，订单号{order}。",
        "appliances|家里的{appliance}买了{k}个月就出毛病了，{adefect}，售后上门看了一眼说是“人为损坏”不保修，"
        "还要收{fee}元检测费。",
        "appliances|{m}的{appliance}，{date}安装的，到现在已经坏了三次，每次都是{adefect}，"
        "修了三次还是老样子。",
        "ecommerce|收到的{product}{defect}，拍了视频给客服，客服说“个体差异”，让我自己承担。",
        "饭来外卖|点了{m}上的一份外卖，吃出来一根头发还有一只虫子，吃完全家拉肚子。",
    ),
    "false_advertising": (
        "ecommerce|直播间说是“正品原装，假一赔十”，收到的{product}做工粗糙，明显是仿品，价格{amt}元。",
        "education|宣传的是{course}“不过全额退款”，考试没过申请退款，才说要满足出勤率100%才行，"
        "这条当时根本没告诉我。",
        "games|{game}宣传的“登录就送{k}次十连抽”，实际上要连续签到30天、还得充值才能领完。",
        "appliances|页面写“一级能效、省电50%”，买回来的{appliance}电表转得飞快，"
        "查了下能效标识其实是三级。",
        "travel|{m}页面标着“含早餐、含接送机”，到了{city}才知道接送机要另外付钱，早餐也只有一个人的。",
        "ecommerce|详情页写着“买一送一”，付款{amt}元后只收到一件，客服说赠品“已送完”。",
    ),
    "delivery": (
        "ecommerce|{date}下的单，承诺48小时发货，{days}天了还没发货，物流信息一直停在“已揽件”。",
        "ecommerce|快递显示已签收，可我根本没收到，问了驿站和门卫都没有，商家说“已签收就不归我们管”。",
        "appliances|买的{appliance}说好送货上门，约好的{date}等了一整天没人来，电话也不接，"
        "改约了{k}次。",
        "饭来外卖|外卖超时一个多小时才送到，菜都凉透了，申请超时赔付被拒，说是“天气原因”。",
        "ecommerce|{date}买的水果承诺次日达，结果第四天才送到，一箱里烂了一大半。",
    ),
    "hidden_fees": (
        "consumer_finance|在{app}借款{amt}元，说是“日息低至万分之二”，实际算下来年化超过{apr}%，"
        "还收了什么“会员费”“担保费”“服务费”，事先完全没说清楚。",
        "telecom|办{m}宽带的时候说是{price}元一个月全包，结果账单上多出来“光猫使用费”“调测费”，"
        "一年下来多了{amt}元。",
        "travel|在{m}订机票，付款页面多了{fee}元的“加速包”和航空意外险，都是默认勾选的，"
        "我一时没注意就付了。",
        "bank|信用卡分期宣传“0利息”，其实每期都收{fee}元手续费，折算下来年化{apr}%，"
        "一共多付了{amt}元。",
        "consumer_finance|借款到账前被扣了{fee}元“风险评估费”，实际到手比合同金额少，"
        "这不就是砍头息吗？",
        "education|报名的时候只说学费，上课后又让交{fee}元的教材费、{fee2}元的平台服务费。",
        "telecom|手机套餐每个月莫名其妙多出{fee}元的增值业务费，{k}个月累计{amt}元，"
        "营业厅说是我自己开的。",
        "appliances|售后上门安装，额外收了{fee}元的“支架费”“远程费”和材料费，说明书上写的是免费安装。",
        "ecommerce|下单时显示包邮，付款时莫名多了{fee}元“服务费”，客服说是“运费险和打包费”。",
        "payment|{app}提现被收了{fee}元手续费，之前一直说提现免费，规则改了也不通知。",
        "bank|账户里不到一万块，每个季度被扣{fee}元“小额账户管理费”，从来没人通知过我。",
    ),
    "other": (
        "积分商城兑换的东西{days}天了一直没发，积分也不退回来。",
        "想注销{app}账号，提示“存在未完成业务”，可我什么业务也查不到，客服也说不清楚。",
        "{date}付款的订单到现在发票都开不出来，客服说系统故障，一拖就是{days}天。",
        "{m}把我的会员等级无故降级了，之前说好的权益全没了，问原因也不说。",
        "{m}的优惠券到手了用不了，页面一直提示“不满足使用条件”，可条件我都满足。",
    ),
}

_SHORT: dict[str, tuple[str, ...]] = {
    "unauthorized_transaction": (
        "{app}半夜被盗刷{amt}元，不是本人操作，{m}一直不给处理，要求追回！",
        "{date}账户被盗刷{amt}元，报警了也有回执，{m}就是不管。",
    ),
    "account_frozen": (
        "payment bank|{app}账户莫名被冻结，{amt}元取不出来，客服只会让等，要求马上解冻。",
        "games|{game}账号无故被封，充了{amt}元，申诉{k}次都是机器回复，求解封！",
    ),
    "impersonation_fraud": (
        "被冒充{m}客服的骗子骗了{amt}元，骗子知道我的交易信息，{m}必须给个说法。",
    ),
    "auto_renewal": (
        "{app}偷偷自动续费扣了{amt}元，我从没同意过，要求退款并关闭续费。",
        "没有任何提醒就自动扣费{amt}元，{m}这种套路太恶心了，退钱！",
    ),
    "topup_trap": (
        "games|{game}充值{amt}元活动奖励不到账，客服推脱说活动结束了，这不是骗钱吗？",
        "悦享健身|在{m}充了{amt}元的卡，门店说关就关，余额不退，这不是骗钱吗？",
    ),
    "minor_spending": ("孩子{kid}岁，偷偷在{game}充了{amt}元，要求{m}退款，材料都能提供。",),
    "abusive_collection": (
        "{m}暴力催收，天天打爆我家人和同事的电话，要求立即停止骚扰！",
        "欠{m}{amt}元逾期几天而已，催收电话打到我单位，骂人威胁，必须处理。",
    ),
    "credit_report_error": ("从没在{m}借过钱，征信上却有逾期，要求{m}立刻更正征信！",),
    "data_leak": (
        "在{m}办完业务就接到诈骗电话，个人信息肯定是从{m}泄露的，要求说明并删除我的信息。",
    ),
    "no_human_service": (
        "{app}转人工转了{k}次都转不了，全是机器人，有问题根本找不到人！",
        "{m}客服电话永远打不通，问题拖了{days}天，到底有没有人管？",
    ),
    "refund_refused": (
        "{m}退款{days}天不到账，{amt}元，客服只会说“在处理”，要求立即退款。",
        "申请退款被{m}拒绝，{amt}元，理由说不通，要求全额退款！",
    ),
    "product_quality": (
        "ecommerce|{m}买的{product}{defect}，商家不给退不给换，要求处理。",
        "appliances|{appliance}刚买{k}个月就出问题，{adefect}，{m}售后推卸责任，要求换新。",
        "饭来外卖|{m}外卖吃出虫子，商家只肯退一半，要求全额退款并道歉。",
    ),
    "false_advertising": (
        "{m}虚假宣传，实物和描述完全不符，花了{amt}元买了个教训，要求退一赔三。",
    ),
    "delivery": (
        "ecommerce appliances|{m}下单{days}天不发货，催了也没用，要求退款。",
        "ecommerce|快递显示签收但我没收到，{m}不管不问，要求处理。",
        "饭来外卖|{m}外卖超时一个多小时，申请赔付被拒，要求按规则赔付。",
    ),
    "hidden_fees": ("{m}乱收费，合同外多收了{amt}元各种费用，要求退还并说明收费依据。",),
    "other": ("{m}的问题拖了{days}天没人处理，客服一问三不知，要求给个说法。",),
}

_CS_DID: dict[str, tuple[str, ...]] = {
    "unauthorized_transaction": (
        "第一时间打了客服电话{hotline}，排了四十分钟才接通，客服只说已经提交风控，让我等3到5个工作日。",
        "我报了警，派出所给了回执，可{m}说要等警方结论才能处理，警方又说需要平台提供交易信息，"
        "两边踢皮球。",
        "客服说“系统显示是本人设备操作”，不予退还，问他们依据是什么又说不能透露。",
        "我申请冻结账户，申请了三次都没有任何反馈，钱还在一笔一笔地被扣。",
    ),
    "account_frozen": (
        "payment bank|客服让我上传手持身份证照片和近三个月的流水，我都传了，{days}天过去了还是显示"
        "“审核中”。",
        "在线客服全是机器人，好不容易转了人工，说解封要等系统判定，没有具体时间。",
        "bank|网点让我写情况说明、提供交易合同，提供完又说要总行审批。",
        "games|申诉页面只能选固定的几个理由，提交之后秒回“维持原判”，根本没有人看。",
    ),
    "impersonation_fraud": (
        "报警之后找{m}，{m}说是我自己操作的，与他们无关。",
        "我问{m}骗子怎么会知道我的信息，客服说“我们的系统很安全”，就没下文了。",
    ),
    "auto_renewal": (
        "客服说开通时已经“明确告知”了，只能帮我关闭，之前扣的钱不退。",
        "other ecommerce|在线客服让我去应用商店申请退款，应用商店又说是商家扣的，来回踢皮球。",
        "客服说最多退最近一个月的，之前的“已经享受了服务”不能退。",
    ),
    "topup_trap": (
        "games|客服回复说“活动规则最终解释权归本公司所有”。",
        "games|找客服，客服说概率是“长期统计结果”，个人抽不到很正常。",
        "悦享健身|去找店长，店长说新店开业了让我去二十公里外的另一家店用。",
    ),
    "minor_spending": (
        "客服要求提供孩子的出生证明、户口本、充值时段的视频，还要手写情况说明，提交后说"
        "“不符合未成年人退款条件”。",
        "客服说只能退一半，还要我保证以后不再投诉。",
        "提交了三次退款申请，每次都说“资料不全”，但从来不说缺什么。",
    ),
    "abusive_collection": (
        "我打{m}的客服投诉催收，客服说催收是外包公司做的，他们管不了。",
        "客服说会“反馈给相关部门”，结果第二天催收打得更凶了。",
        "我要求协商还款，对方说必须一次性结清，不然就“走法律程序”。",
    ),
    "credit_report_error": (
        "客服说需要我本人去总部所在地现场办理异议，我在{city}，怎么去？",
        "提交了异议申请，客服说已经上报，可过了一个月征信还是没改。",
    ),
    "data_leak": (
        "打{m}客服问，客服说他们“不会泄露用户信息”，让我自己注意防范诈骗。",
        "申请删除个人信息，客服说“目前不支持此项服务”。",
    ),
    "no_human_service": (
        "后来在应用商店的评论区留言，才有人私信我，说给我登记一下，然后又没消息了。",
        "我只是想问清楚为什么扣了我的钱，就这么简单一个问题，找了整整一个星期。",
    ),
    "refund_refused": (
        "客服每次都说“已经帮您加急了”，然后就没有下文。",
        "ecommerce|商家客服直接已读不回，平台客服说要等商家处理，介入申请提交了也没反应。",
        "ecommerce appliances|客服说必须先寄回原包装，可包装早就扔了，七天无理由又没说必须有包装。",
        "打电话过去，对方说“你爱投诉就投诉”，然后挂了电话。",
    ),
    "product_quality": (
        "appliances|售后让我自己送到维修点去，最近的维修点离我家四十多公里。",
        "ecommerce appliances|客服说已经过了七天无理由，只能维修不能退换。",
        "appliances|售后师傅上门说要换主板，报价{repair}元，比买个新的也便宜不了多少。",
        "客服一开始说给退，后来又改口说要“等质检结果”，一等就是半个月。",
    ),
    "false_advertising": (
        "客服说宣传页面“以实物为准”，图片仅供参考。",
        "ecommerce|主播已经下播了，店铺客服说直播间的承诺他们不知道。",
    ),
    "delivery": (
        "客服说已经催促了，催了五次都是这句话。",
        "ecommerce|商家说是快递的问题，让我找快递，快递又说是商家没交接。",
    ),
    "hidden_fees": (
        "客服说合同里都写了，是我自己没仔细看，可合同是十几页的电子版，签的时候根本看不到这些。",
        "要求退还多收的费用，客服说“系统自动扣的，无法退回”。",
    ),
    "other": (
        "客服让我等通知，一等就是半个月。",
        "打了几次电话，每次接电话的人都说不清楚，让我再等等。",
    ),
}

_CS_GENERIC: tuple[str, ...] = (
    "找客服，客服只会复制粘贴“非常抱歉给您带来不便，已为您反馈”。",
    "打了{k}次电话，每次换一个客服，每次都要从头讲一遍。",
    "客服态度还算好，但就是解决不了问题。",
    "在线客服排队显示前面还有{many}人，排到之后两句话就把我打发了。",
    "客服工号{cs}的那位说会在24小时内回电，到现在也没回。",
    "客服让我耐心等待，可到底要等到什么时候？",
)

_OPENINGS: tuple[str, ...] = (
    "", "", "", "", "", "", "", "", "", "", "", "",
    "各位好，", "大家帮我评评理！", "第二次投诉了，上次的投诉不了了之。", "长话短说，",
    "实在没办法了才来这里投诉。", "说一下我的遭遇：", "{m}你们还管不管？", "看到别人说在这里投诉有用，",
    "本人是{m}的老用户了，", "求助！", "气得睡不着，半夜起来写这个投诉。", "我是个普通上班族，",
    "家人们谁懂啊，", "之前在别的平台投诉过没人理，", "真的忍无可忍了！", "你好，", "麻烦平台帮忙处理一下。",
    "我要投诉{m}。", "事情拖了很久了，", "请大家帮忙看看这事该怎么办。", "急！", "我想问问，",
    "被{m}折腾得够呛，", "不吐不快，", "先说结论：{m}不靠谱。", "首先声明我不是职业打假的，",
    "今天必须把这件事说清楚。", "朋友推荐我来这里投诉，", "写给{m}的负责人：",
)

_BACKGROUND: tuple[str, ...] = (
    "我用{app}好几年了，一直觉得还挺方便的。",
    "ecommerce appliances|我平时很少在网上买东西，这次是第一次。",
    "我今年六十多了，不太会用智能手机，都是孙子帮我弄的。",
    "我是一名外卖骑手，每天起早贪黑，这点钱对我来说真的不少。",
    "家里还有两个孩子要养，房贷每个月还要还。",
    "我是在校大学生，生活费就这么多。",
    "事情是这样的。",
    "身边很多朋友都在用{m}，我也是朋友推荐才用的。",
    "本来不想为这点事折腾，但越想越气。",
)

_FOLLOW_UPS: tuple[str, ...] = (
    "第二天我又打了一次电话，换了个客服，又让我从头描述一遍。",
    "我在{app}里提交了工单，工单号{cs}，到现在状态还是“处理中”。",
    "期间我还去{city}的线下门店问过，工作人员说线上的事他们管不了。",
    "我也在微博上@了官方账号，没有任何回应。",
    "后来有个自称主管的人给我打电话，说会“特殊处理”，然后又没消息了。",
    "我家里人劝我算了，可我觉得这不是钱的事，是态度问题。",
    "前后加起来我请了两天假跑这件事，误工费谁来出？",
    "网上一搜，跟我一样情况的人一大把，说明这根本不是个例。",
    "客服还说我“已经是第{k}次来电了”，好像错的是我一样。",
    "我把所有截图都整理好发给了客服邮箱，石沉大海。",
)

_FEELINGS: tuple[str, ...] = (
    "真的太气人了。", "作为一个老用户，太寒心了。", "这么大的平台就是这样对待消费者的吗？",
    "这{amt}元是我半个月的工资啊。", "心态彻底崩了。", "希望平台帮忙主持公道。",
    "已经向12315反映了。", "如果再不处理我就去法院起诉了。", "真的无语，服了。",
    "求求了，谁能帮帮我。", "希望媒体曝光一下这种行为。", "一肚子火没处撒。",
    "不是差这点钱，是咽不下这口气。", "以后再也不会用{m}了。", "这种套路到底坑了多少人？",
    "我已经被折腾得精疲力尽了。", "晚上觉都睡不好。",
)

_DEMAND_TEXT: dict[str, tuple[str, ...]] = {
    "refund": ("要求全额退款{amt}元。", "我的诉求很简单：退钱！", "要求把钱原路退回。"),
    "compensation": ("要求按照消法退一赔三。", "要求赔偿我的损失。", "要求给予合理补偿。"),
    "unfreeze": ("payment bank|要求尽快解冻账户，让我把余额提出来。", "要求立即解除限制。",
                 "games|要求解封账号，恢复正常使用。"),
    "apology": ("要求书面道歉。", "要求对客服的态度公开道歉。"),
    "stop_collection": ("要求立即停止骚扰我的家人和同事。", "要求停止暴力催收，协商还款方案。"),
    "cancel_subscription": ("要求取消自动续费并退还多扣的费用。", "要求关掉自动续费，以后别再扣了。"),
    "correct_credit_report": ("要求尽快修复我的征信记录。", "要求撤销错误的逾期记录。"),
    "delete_data": ("要求删除我的全部个人信息并注销账户。", "要求说明信息是怎么泄露的并删除我的数据。"),
    "repair_replace": ("要求免费换新。", "要求免费维修，修不好就换新。"),
    "explanation": ("要求给出合理解释。", "要求说明原因和处理依据。", "给个说法！"),
    "other": ("请平台督促处理。", "希望尽快解决。"),
}

_PRIMARY_DEMANDS: dict[str, tuple[str, ...]] = {
    "unauthorized_transaction": ("refund",), "auto_renewal": ("refund", "cancel_subscription"),
    "topup_trap": ("refund",), "refund_refused": ("refund",), "minor_spending": ("refund",),
    "abusive_collection": ("stop_collection",), "credit_report_error": ("correct_credit_report",),
    "data_leak": ("delete_data", "explanation"), "account_frozen": ("unfreeze",),
    "impersonation_fraud": ("compensation", "explanation"), "no_human_service": ("explanation",),
    "product_quality": ("repair_replace",), "false_advertising": ("refund", "compensation"),
    "delivery": ("refund",), "hidden_fees": ("refund", "explanation"), "other": ("other",),
}

#: Headlines that fit one particular _HAPPENED template, aligned with it by position, so that
#: a title never tells a different story from its narrative. Empty: only generic _TITLES fit.
_HAPPENED_TITLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "unauthorized_transaction": (
        ("半夜被扣款{k}笔，{m}拒绝处理", "凌晨收到扣款短信，{m}不给说法"),
        ("{app}账户异地登录，余额被转光", "账户被盗，{amt}元被转走，{m}不管"),
        ("绑定银行卡通过{app}被盗刷{amt}元",),
        ("{app}莫名被扣{amt}元游戏充值",),
        ("信用卡境外被盗刷{amt}元，{m}让我自己承担",),
        ("{app}免密支付被盗刷{k}笔",),
        ("储蓄卡被异地ATM取现{amt}元",),
    ),
    "account_frozen": (
        (), ("{app}无故限制收款，货款{amt}元被卡",), ("银行卡被无故限制非柜面交易",),
        ("{game}被误判外挂封号十年",), (), ("{game}正常交易被封号",),
    ),
    "impersonation_fraud": (
        ("假冒{m}客服以“关闭百万保障”为由诈骗",), ("冒充{m}客服诱导借款转账，损失{amt}元",),
        ("收到{m}“三倍理赔”诈骗短信被骗",), ("冒充{m}客服共享屏幕诈骗",),
    ),
    "auto_renewal": (
        ("{app}会员连续{k}个月自动扣费",), ("一年没用{app}，被扣年费{amt}元",),
        ("{app}自动续费入口隐蔽，关不掉",), ("首月1元变每月扣费，{m}诱导续费",),
        ("{m}私自开通视频彩铃包扣费",), ("{app}被陌生商户开通免密代扣",),
    ),
    "topup_trap": (
        ("{game}首充双倍活动奖励不到账",), ("{game}抽卡概率涉嫌造假，抽{many}次不出",),
        ("{m}充值办卡后门店关闭，余额不退",), ("{game}月卡期间停服一周不补偿",),
        ("{m}年卡赠送私教课约不上",),
    ),
    "minor_spending": ((), ("{game}防沉迷形同虚设，孩子冒用老人身份证",), (), ()),
    "abusive_collection": (
        ("{m}爆通讯录催收，骚扰同事家人",), ("{m}催收P图发家人群，侮辱人格",),
        ("已协商还款仍被{m}轰炸式催收",), ("已结清仍被{m}催收到单位",), ("{m}催收辱骂威胁",),
        ("{m}信用卡外包催收骚扰老人",),
    ),
    "credit_report_error": (
        ("从未借款却被{m}上报逾期",), ("结清贷款后{m}征信仍显示逾期",),
        ("{m}扣款失败却给我报逾期",), ("{m}违规查询我的征信",),
    ),
    "data_leak": (
        ("在{m}下单后接到精准诈骗电话",), ("注册{m}后骚扰电话不断",),
        ("{app}强制读取通讯录，朋友被骚扰",), ("{app}账号无法注销，担心人脸信息泄露",),
        ("{m}订单信息泄露，被陌生人加微信",), ("在{m}办业务后个人信息被泄露",),
    ),
    "no_human_service": (
        ("{app}转人工{k}次都转不了",), ("{m}客服热线打不通，直接挂断",),
        ("{app}找不到人工客服入口",), ("{m}人工客服只记录不处理",),
    ),
    "refund_refused": (
        ("{m}拒绝七天无理由退货", "{product}有问题，{m}拒绝退货"), ("{m}退款{days}天未到账",),
        ("退货后{m}失联不退款",), ("{m}“免费取消”却只退一半",), ("航班取消，{m}保障包不退",),
        ("{m}拒绝退费，要扣{penalty}%违约金",), ("{game}误购礼包拒不退款",),
        ("{m}外卖漏送，退款被驳回",), ("{m}会员卡拒不退余额",), ("未拆封{appliance}，{m}拒绝退货",),
        ("{app}会员开错档位，拒不退款",),
    ),
    "product_quality": (
        ("{m}买的{product}质量有问题",), ("{appliance}刚买{k}个月就坏，{m}说人为损坏",),
        ("{m}{appliance}反复维修仍故障",), ("{product}质量问题，{m}称个体差异",),
        ("{m}外卖吃出异物，全家拉肚子",),
    ),
    "false_advertising": (
        ("直播间承诺假一赔十，{m}拒不认账",), ("{m}宣传“不过全退”不兑现",),
        ("{game}福利宣传严重缩水",), ("{m}{appliance}能效标识虚标",),
        ("{m}套餐宣传含接送，实际另收费",), ("{m}“买一送一”只发一件",),
    ),
    "delivery": (
        ("{m}下单{days}天不发货",), ("快递显示签收未收到，{m}不管",), ("{m}送货上门一再爽约",),
        ("{m}外卖超时拒绝赔付",), ("{m}次日达变四日达，水果烂了",),
    ),
    "hidden_fees": (
        ("{m}借款乱收费，年化超{apr}%",), ("{m}宽带乱收费",), ("{m}默认勾选加速包和保险",),
        ("{m}分期“0利息”实际高额手续费",), ("{m}收取砍头息",), ("{m}报名后乱收教材费服务费",),
        ("{m}私自扣增值业务费",), ("{m}安装乱收费",), ("{m}包邮变收服务费",),
        ("{m}提现收费不通知",), ("{m}乱扣小额账户管理费",),
    ),
    "other": (
        ("{m}积分兑换不发货",), ("{app}账号无法注销",), ("{m}发票迟迟开不出",),
        ("{m}无故降级会员",), ("{m}优惠券无法使用",),
    ),
}

#: Headlines that fit any narrative of the scenario (optionally restricted by industry tag).
_TITLES: dict[str, tuple[str, ...]] = {
    "unauthorized_transaction": (
        "{app}账户被盗刷{amt}元，平台不作为", "被盗刷{amt}元，{m}推诿不处理", "{m}资金被盗，要求追回",
        "非本人交易，{m}拒不退还",
    ),
    "account_frozen": (
        "payment bank|{m}无故冻结账户，余额取不出", "payment bank|{app}账户被限制，申诉无门",
        "games|账号被封，充值{amt}元打水漂", "games|{m}乱封号，申诉全是机器回复",
        "games|{game}账号无故被封，要求解封",
    ),
    "impersonation_fraud": (
        "冒充{m}客服诈骗，信息从哪泄露的？", "接到假{m}客服电话被骗{amt}元", "{m}用户信息泄露导致被骗",
    ),
    "auto_renewal": (
        "{app}自动续费不提醒，乱扣费", "{m}偷偷扣费{amt}元，要求退款", "莫名被扣费，{m}拒不退款",
    ),
    "topup_trap": (
        "games|{game}充值{amt}元被坑", "{m}充值陷阱，要求退款", "悦享健身|{m}预付卡承诺不兑现",
    ),
    "minor_spending": (
        "未成年孩子在{game}充值{amt}元，要求退款", "{kid}岁孩子偷充{amt}元，{m}拒退",
        "孩子玩{game}充值，申请退款被拒", "{m}未成年人充值退款难",
    ),
    "abusive_collection": ("{m}暴力催收，要求停止", "{m}催收严重影响生活", "投诉{m}违规催收"),
    "credit_report_error": ("{m}征信记录有误，要求更正", "{m}征信问题拖着不处理"),
    "data_leak": ("{m}疑似泄露用户个人信息", "个人信息被泄露，{m}要给个说法"),
    "no_human_service": ("{m}客服形同虚设，问题没人管", "找不到{m}的人工客服"),
    "refund_refused": ("申请退款被{m}驳回，求处理", "{m}退款难，要求退款{amt}元", "{m}拒绝退款"),
    "product_quality": (
        "ecommerce appliances|{m}商品质量差，拒绝退换", "appliances|{m}{appliance}质量问题，要求换新",
        "饭来外卖|{m}食品安全问题",
    ),
    "false_advertising": ("{m}虚假宣传，要求退一赔三", "{m}页面宣传与实际严重不符"),
    "delivery": ("{m}配送问题没人管", "{m}物流一塌糊涂，要求处理"),
    "hidden_fees": ("{m}隐形收费，要求退还", "{m}乱收费，要求说明依据"),
    "other": ("{m}问题拖延{days}天无人处理", "{m}客服推诿，问题一直不解决"),
}

_TITLE_DECOR: tuple[tuple[str, str], ...] = (
    ("", ""), ("", ""), ("", ""), ("", ""), ("", "！"), ("", "！！"), ("【求助】", ""),
    ("投诉", ""), ("", "，求曝光"), ("", "，要求处理"), ("", "？"), ("", "（第二次投诉）"),
)


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------

_P_ACCEPTED: tuple[str, ...] = (
    "您的投诉已受理，平台将在1个工作日内转交商家处理，请留意消息通知。",
    "平台已审核通过您的投诉，稍后将同步至{m}。",
    "您好，您的投诉信息完整，已受理。为保护您的隐私，公开展示时将对个人信息做脱敏处理。",
)
_P_EMERGENCY = (
    "您的投诉涉及资金安全，已进入紧急通道，人工专员将尽快与您联系。建议您立即报警并保留交易凭证。"
)
_P_FORWARDED: tuple[str, ...] = (
    "投诉已转交{m}，请耐心等待商家回复。",
    "已将您的投诉转交{m}处理，商家需在规定时限内答复。",
    "投诉已派发至{m}客诉部门。",
)
_P_FORWARDED_COMMITTED = "投诉已转交{m}（已签署“24小时响应、7天解决”承诺），商家将在24小时内联系您。"
_P_REMINDER: tuple[str, ...] = (
    "商家超时未回复，平台已发送催办通知。",
    "平台已再次督促{m}尽快处理。",
)
_P_MEDIATE: tuple[str, ...] = (
    "平台已介入调解，将投诉退回{m}重新处理，请商家提出新的解决方案。",
    "消费者对处理结果不满意，平台调解员已与双方沟通，投诉重新转交商家。",
)
_P_CLOSE_OK: tuple[str, ...] = (
    "消费者已确认解决，投诉完结。感谢双方的配合。",
    "投诉已完结。",
)
_P_CLOSE_DISPUTE: tuple[str, ...] = (
    "经平台调解双方未能达成一致，本投诉结案。消费者可通过12315或司法途径继续维权。",
    "调解终止，投诉结案。建议消费者保留证据，向相关监管部门反映。",
)
_P_WITHDRAWN = "用户已撤销该投诉。"

_M_FIRST: tuple[str, ...] = (
    "您好，非常抱歉给您带来不好的体验。我们已收到您的反馈，专员将在1-3个工作日内与您联系核实，"
    "请保持电话畅通。",
    "尊敬的用户您好，关于您反映的问题我司高度重视，已安排专人跟进，请您提供订单号及相关截图，"
    "以便我们进一步核实。",
    "您好，已经关注到您的问题，客服专员稍后会致电您，来电号码为{hotline}，请注意接听。",
    "亲，您好，给您添麻烦了，我们正在加急核实中，有结果会第一时间告知您。",
)
_M_ASK_INFO: tuple[str, ...] = (
    "您好，为便于核实，麻烦您补充一下交易时间、交易单号及扣款截图，我们收到后会尽快处理。",
    "您好，我们多次致电您未能接通，请您方便时回电{hotline}或在此留言告知方便联系的时间。",
    "您好，请您提供身份证明及相关凭证，我们将提交专项小组审核。",
)
_M_RESOLVE: dict[str, tuple[str, ...]] = {
    "refund": ("您好，经核实，已为您办理退款{amt}元，款项原路退回，预计1-7个工作日到账，请注意查收。",
               "已为您全额退款{amt}元，给您带来的不便深表歉意。"),
    "compensation": ("为表歉意，我们为您申请了{comp}元补偿，已发放至您的账户。",),
    "unfreeze": ("经审核，您的账户已解除限制，可正常使用，余额可随时提现。",),
    "stop_collection": ("已对相关催收人员进行处理并暂停外呼，后续将由专人与您协商还款方案。",),
    "correct_credit_report": ("已向征信中心提交更正申请，预计20个工作日内更新，届时可自行查询。",),
    "delete_data": ("已根据您的要求注销账户并删除相关个人信息，处理结果已短信告知。",),
    "repair_replace": ("已安排售后于{date}上门为您免费更换新机，请保持电话畅通。",),
    "cancel_subscription": ("已为您关闭自动续费，并退还最近一期费用。",),
    "explanation": ("经核实，问题系我方系统配置错误导致，已修复，对此向您致歉。",),
    "apology": ("对客服人员的服务态度问题我们深表歉意，已对相关人员进行培训考核。",),
    "_default": ("您好，已按您的诉求处理完毕，如仍有疑问可随时联系我们。",),
}
_M_REFUSE: dict[str, tuple[str, ...]] = {
    "unauthorized_transaction": ("经核实，该笔交易为本人常用设备、正确密码验证完成，我司暂无法承担损失，"
                                 "建议您报警处理，我们将配合警方调查。",),
    "account_frozen": ("您的账户因触发风控规则被限制，具体原因无法透露，请按页面指引完成身份验证。",),
    "minor_spending": ("经核查，充值账号的实名信息为成年人，行为特征不符合未成年人消费，暂不支持退款。",),
    "abusive_collection": ("我司催收均在合规范围内进行，如有不当请提供录音，我们将核查。",),
    "credit_report_error": ("经核查，该笔逾期记录系当期未按时足额还款产生，报送信息无误。",),
    "data_leak": ("我司严格遵守个人信息保护相关规定，经排查未发现数据泄露，建议您提高防骗意识。",),
    "impersonation_fraud": ("该诈骗系不法分子冒充我司实施，我司从不通过私人号码联系用户，"
                            "损失请通过公安机关追偿，我们将全力配合调查。",),
    "no_human_service": ("我司人工客服服务时间为9:00-21:00，高峰期需要排队，给您带来不便敬请谅解。",),
    "auto_renewal": ("您开通会员时已勾选同意《自动续费服务协议》，现已为您关闭续费，已扣费用无法退还。",),
    "hidden_fees": ("相关费用已在合同及费用说明中列明，属于双方约定范围，无法退还。",),
    "product_quality": ("经售后检测，该故障属于人为损坏，不在三包范围内，可提供有偿维修。",),
    "topup_trap": ("活动奖励以活动规则为准，经核查相关奖励已按规则发放。",),
    "delivery": ("物流显示已妥投，如有疑问请联系承运快递公司核实。",),
}
_M_REFUSE_GENERIC: tuple[str, ...] = (
    "经核实，您的情况不符合退款规则，具体请参见用户协议相关条款，感谢理解。",
    "您好，经核查，我方已按约定提供服务，无法满足您的诉求，可为您申请一张{comp}元优惠券作为补偿。",
    "您好，我们可以为您退还部分费用，其余部分按协议不予退还。",
)
_C_NUDGE: tuple[str, ...] = (
    "怎么还没有人联系我？", "已经过去好几天了，商家还没回复。", "补充一下，相关截图已上传，请尽快处理。",
    "请平台帮忙催一下，谢谢。",
)
_C_INFO: tuple[str, ...] = (
    "已补充交易单号和截图。", "资料已经按要求上传了，请查收。", "已回电，等处理结果。",
)
_C_CONFIRM: tuple[str, ...] = (
    "确认解决，虽然过程曲折，结果还能接受。", "商家已经处理好了，满意。", "问题解决了，感谢平台帮忙。",
    "已解决，希望以后别再出现这种情况。", "好的，已经处理了，谢谢。",
)
_C_CONFIRM_REFUND: tuple[str, ...] = (
    "已收到退款，感谢平台和商家，问题已解决。", "钱到账了，谢谢！", "退款已到账，确认解决。",
)
_C_DISPUTE: tuple[str, ...] = (
    "商家的回复我不认可，问题根本没有解决。", "客服打电话来只是让我撤诉，什么实质措施都没有。",
    "只愿意退一部分，我不接受。", "说了等于没说，还是让我等。", "我要的是退款不是优惠券！",
)
_C_WITHDRAW: tuple[str, ...] = (
    "已和商家私下协商解决，申请撤诉。", "算了，不想折腾了，撤了。", "商家已经电话联系我处理了，撤销投诉。",
    "填错商家了，撤回重新提交。",
)

_REJECT_REASONS: tuple[str, ...] = (
    "投诉对象不明确，无法确认被投诉商家，请补充商家全称后重新提交。",
    "投诉内容属于个人之间的经济纠纷，不属于平台受理范围。",
    "您已就同一问题提交过投诉，本条为重复投诉，请在原投诉下补充信息。",
    "投诉内容含有侮辱性言辞，请修改后重新提交。",
    "该纠纷已进入司法程序，平台不再受理。",
    "未提供任何订单或交易凭证，无法核实，请补充后重新提交。",
    "诉求金额明显超出实际损失，请调整诉求后重新提交。",
)


# --------------------------------------------------------------------------------------------
# Collective incidents (M6) and a proxy-complaint batch (M8)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Incident:
    """Several consumers hit by one problem at one merchant, each telling it their own way."""

    merchant: str
    scenario: str
    days_ago: float
    size: int
    city: str
    amount_range: tuple[float, float]
    demands: tuple[str, ...]
    titles: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]


_INCIDENTS: tuple[_Incident, ...] = (
    _Incident(
        "速付钱包", "account_frozen", 42.0, 6, "深圳", (300, 9000), ("unfreeze", "explanation"),
        ("{m}大面积冻结账户，余额无法提现", "{m}账户突然被限制提现", "{m}批量冻结用户，求说法",
         "又一个被{m}冻结的，{amt}元提不出"),
        (
            ("", "我也是被冻结的，", "看到好多人跟我一样，", "{date}早上打开{app}准备提现，",
             "{date}中午开始，"),
            ("账户被限制提现，提示“账户存在异常交易风险，暂时无法使用余额”，里面有{amt}元。",
             "余额{amt}元提不出来，页面显示“因风控原因暂停服务”。",
             "账户突然被冻结了，里面还有{amt}元，提示账户存在异常交易风险。",
             "{amt}元余额被冻结，转账、提现、付款全都用不了，提示“账户存在异常交易风险”。"),
            ("客服电话一直占线。", "在线客服只会复制粘贴“请耐心等待”。",
             "让做人脸识别加上传流水，传了也没用。", "维权群里已经有两百多人了，都是同一天被冻的。",
             "我就是正常收发工资，哪来的异常交易？"),
            ("要求马上解冻，给个说法。", "请{m}尽快解冻并公开说明原因。", "钱是我的，凭什么不让取？"),
        ),
    ),
    _Incident(
        "星河游戏", "topup_trap", 95.0, 5, "成都", (98, 6480), ("refund",),
        ("{game}停服前还在卖礼包，充值不退", "{m}突然停服，未消耗充值只给代金券",
         "{game}停服，要求退还充值{amt}元"),
        (
            ("", "玩了三年的", "作为一个老玩家，", "{date}突然看到公告，"),
            ("{game}宣布下个月停服，停服前一周还在推648礼包，我刚充了{amt}元。",
             "{game}要停服了，公告前几天还在搞充值返利活动，我充了{amt}元，钻石都没来得及用。",
             "{game}停服公告发出来之前一天我充了{amt}元，现在说未消耗的只能换成其他游戏的代金券。"),
            ("这不是明摆着最后割一波韭菜吗？", "代金券只能在他们家其他游戏用，我根本不玩。",
             "客服说按公告处理，不接受退款。", "群里的玩家都在说要集体投诉。"),
            ("要求按原路退还未消耗的充值。", "要求退钱，不要代金券。", "请{m}给老玩家一个交代。"),
        ),
    ),
    _Incident(
        "启明英语", "refund_refused", 160.0, 5, "杭州", (3800, 28000), ("refund", "explanation"),
        ("{m}{city}校区突然关门，学费不退", "{m}跑路，剩余课时费{amt}元不退",
         "{m}关店停课，要求退还学费"),
        (
            ("", "家长们看过来，", "{date}接到老师电话，", "{date}去上课发现"),
            ("{m}{city}的校区突然关门了，孩子还有{k}节课没上，当初一次性交了{amt}元。",
             "{m}{city}校区门口贴了个“停业整顿”，我还剩{amt}元的课时费没用完。",
             "{m}在{city}的店说关就关，前台电话停机，我交的{amt}元学费打了水漂。"),
            ("更气人的是当初是用培训贷付的，贷款现在还在每月扣。", "老师说工资都发不出来了。",
             "总部电话打不通，只有一个AI在回复。", "我们已经有几十个家长在群里了。"),
            ("要求退还剩余学费。", "要求{m}出具退费方案，并停止贷款扣款。", "希望相关部门介入。"),
        ),
    ),
)

_PROXY_MERCHANT = "金桔消费金融"
_PROXY_TEMPLATE = (
    "本人{name}，因疫情期间失业收入中断，导致无力偿还在{m}的借款{amt}元。现{m}存在以下违规行为："
    "一、违规收取高额服务费、担保费，综合年化利率超过24%；二、暴力催收，骚扰本人家人。现要求{m}"
    "停息挂账、减免全部违规利息和服务费、退还砍头息，并出具书面协商还款方案，否则本人将向金融监管"
    "部门、人民银行投诉并向法院起诉。委托联系人电话：{proxy_phone}。借款合同编号：{loan}。"
)


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What a complaint will be, decided before any text is written."""

    profile: _Profile
    scenario: str
    state: str
    consumer: int
    incident: _Incident | None = None
    proxy: bool = False


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _round_like_people(rng: random.Random, value: float) -> float:
    """Real amounts are often whole yuan, sometimes x.9, sometimes exact cents."""
    r = rng.random()
    if value > 500 and r < 0.5:
        return float(round(value, -1 if value < 5000 else -2))
    if r < 0.75:
        return float(round(value))
    if r < 0.85:
        return float(int(value)) + 0.9
    return round(value, 2)


def _amount(rng: random.Random, scenario: str, prof: _Profile) -> Decimal:
    """An amount typical of the scenario; data leaks and unreachable service are often zero."""
    industry = prof.industry
    if scenario == "data_leak" or (scenario in ("no_human_service", "credit_report_error", "other")
                                   and rng.random() < 0.5):
        return _money(0)
    if scenario == "auto_renewal":
        monthly = rng.choice((15, 19.9, 25, 30, 12, 9.9, 68, 198, 238, 258))
        return _money(monthly * rng.choice((1, 1, 2, 3, 4, 6, 12)))
    if scenario == "topup_trap" and industry == "games":
        return _money(rng.choice((68, 128, 198, 328, 648, 648, 1296, 1944, 3240, 6480)))
    ranges: dict[str, tuple[float, float]] = {
        "unauthorized_transaction": (120, 48000), "account_frozen": (200, 20000),
        "impersonation_fraud": (1500, 80000), "topup_trap": (500, 12000),
        "minor_spending": (300, 36000), "abusive_collection": (1000, 30000),
        "credit_report_error": (2000, 20000), "no_human_service": (20, 2000),
        "refund_refused": (40, 9000), "product_quality": (60, 12000),
        "false_advertising": (30, 20000), "delivery": (20, 4000), "hidden_fees": (50, 6000),
        "other": (10, 1000),
    }
    lo, hi = ranges[scenario]
    if industry in ("appliances", "education"):
        lo, hi = max(lo, 800), max(hi, 15000)
    if industry == "local_services" and scenario != "topup_trap":
        lo, hi = 20, min(hi, 800)
    if prof.max_amount:
        hi = min(hi, prof.max_amount)
        lo = min(lo, hi / 5)
    return _money(_round_like_people(rng, _log_uniform(rng, lo, hi)))


def _facts(rng: random.Random, prof: _Profile, amount: Decimal, days_ago: float) -> dict[str, str]:
    """Concrete details for one complaint: every placeholder any template may use."""
    waited = rng.randint(3, 45)  # days between the incident and the complaint
    incident_day = ANCHOR_DATE - timedelta(days=int(days_ago) + waited)
    catalogue = [p for p in _ECOM_PRODUCTS if (p[0] in prof.products if prof.products
                                                else p[0] not in _FRESH)]
    product, defects = rng.choice(catalogue)
    appliance, adefects = rng.choice(_APPLIANCES)
    fee = rng.choice((9.9, 19, 29, 39, 50, 88, 99, 120, 150, 199, 260, 300))
    amt = _amount_text(amount)
    return {
        "m": prof.name,
        "app": prof.app,
        "hotline": prof.hotline,
        "game": prof.game or "游戏",
        "amt": amt,
        "date": _cn_date(incident_day, rng),
        "date2": _cn_date(incident_day + timedelta(days=rng.randint(1, min(5, waited))), rng),
        "time": f"{rng.randint(0, 4)}:{rng.randint(0, 59):02d}",
        "k": str(rng.randint(2, 9)),
        "many": str(rng.randint(12, 90)),
        "penalty": str(rng.choice((20, 30, 40, 50))),
        "repair": str(rng.choice((380, 460, 680, 850, 1200))),
        "days": str(waited),
        "order": rng.choice(("", "", "DD", "E")) + _digits(rng, rng.choice((16, 18, 19))),
        "txn": "42000" + _digits(rng, 23),
        "card": _digits(rng, 4),
        "role": _digits(rng, rng.choice((8, 9, 10))),
        "loan": rng.choice(("XF", "JJ", "LD", "HT")) + str(incident_day.year) + _digits(rng, 10),
        "shady": rng.choice(_SHADY),
        "city": rng.choice(_CITIES),
        "product": product,
        "defect": rng.choice(defects),
        "appliance": appliance,
        "adefect": rng.choice(adefects),
        "course": rng.choice(_COURSES.get(prof.name, _DEFAULT_COURSES)),
        "hotel": rng.choice(_HOTELS),
        "kid": str(rng.randint(7, 15)),
        "pct": rng.choice(("0.6", "1", "1.5", "2", "5")),
        "bonus": str(rng.choice((200, 500, 800, 1000, 2000))),
        "apr": str(rng.choice((36, 48, 60, 86, 120))),
        "price": str(rng.choice((59, 79, 99, 129, 169))),
        "fee": _amount_text(_money(fee)),
        "fee2": str(rng.choice((200, 380, 600, 980))),
        "comp": str(rng.choice((10, 20, 30, 50, 88, 100))),
        "cs": str(rng.randint(1000, 99999)),
        "fraudphone": _phone(rng),
    }


def _fill(template: str, facts: dict[str, str]) -> str:
    return template.format_map(facts)


def _usable(pool: Sequence[str], industry: str, facts: dict[str, str]) -> list[tuple[int, str]]:
    """(position, text) of the templates of ``pool`` that fit the merchant and the amount.

    See the tag convention above _HAPPENED. When nothing is at stake (amount 0) templates
    quoting the amount are skipped — nobody writes "这0元是我半个月的工资".
    """
    out: list[tuple[int, str]] = []
    for i, template in enumerate(pool):
        tags, sep, text = template.partition("|")
        if not sep:
            out.append((i, template))
        elif industry in tags.split() or facts["m"] in tags.split():
            out.append((i, text))
    if facts["amt"] == "0":
        out = [(i, t) for i, t in out if "{amt}" not in t] or out
    return out


def _fitting(pool: Sequence[str], industry: str, facts: dict[str, str]) -> list[str]:
    return [text for _, text in _usable(pool, industry, facts)]


def _roughen(rng: random.Random, text: str) -> str:
    """Add the slips real posts have: 帐/账, 再/在, run-on commas, doubled punctuation."""
    edits: list[Callable[[str], str]] = [
        lambda s: s.replace("账", "帐"),
        lambda s: s.replace("在", "再", 1),
        lambda s: s.replace("已经", "以经", 1),
        lambda s: s.replace("什么", "啥").replace("怎么", "咋"),
        lambda s: s.replace("！", "！！！").replace("？", "？？"),
        lambda s: s[:-1].replace("。", "，") + s[-1:],
        lambda s: s.replace("。", "。。。", 1),
        lambda s: s.replace("，", " ", 2),
        lambda s: s.rstrip("。"),
    ]
    for edit in rng.sample(edits, rng.randint(1, 2)):
        text = edit(text)
    return text


def _pick_demands(rng: random.Random, scenario: str) -> tuple[str, ...]:
    chosen = list(_PRIMARY_DEMANDS[scenario])
    if len(chosen) > 1 and rng.random() < 0.25:
        chosen = chosen[:1]
    for extra in ("compensation", "apology", "explanation"):
        if extra not in chosen and rng.random() < 0.12:
            chosen.append(extra)
    if scenario == "minor_spending" and rng.random() < 0.3:
        chosen.append("explanation")
    return tuple(dict.fromkeys(c for c in DEMANDS if c in chosen))


def _fit(parts: list[str], required: set[int], rng: random.Random, facts: dict[str, str]) -> str:
    """Join parts, dropping optional ones (from the end) until the text fits the length limit."""
    parts = [p for p in parts if p is not None]
    idx = list(range(len(parts)))
    text = "".join(parts)
    while len(text) > NARRATIVE_MAX:
        droppable = [i for i in idx if i not in required and parts[i]]
        if not droppable:
            break
        parts[droppable[-1]] = ""
        text = "".join(parts)
    if len(text) > NARRATIVE_MAX:
        cut = text[:NARRATIVE_MAX]
        text = cut[: max(cut.rfind("。"), NARRATIVE_MAX - 20) + 1]
    while len(text) < NARRATIVE_MIN:
        text += _fill(rng.choice(_fitting(_FEELINGS, "", facts) + ["请平台督促处理。"]), facts)
    return text[:NARRATIVE_MAX]


def _narrative(rng: random.Random, plan: _Plan, facts: dict[str, str],
               demands: Sequence[str], consumer: DemoConsumer) -> tuple[str, tuple[str, ...]]:
    """Compose one narrative: a one-liner (~1/5), a medium post or a long story with a timeline.

    Returns the text and the headlines specific to the story told (may be empty).
    """
    scen = plan.scenario
    industry = plan.profile.industry
    style = rng.random()
    amount = Decimal(facts["amt"])
    feelings_pool = [
        f for f in _fitting(_FEELINGS, industry, facts)
        # "half a month's wages" is only believable for mid-sized sums, "this little money" small
        if ("半个月" not in f or 800 <= amount <= 8000) and ("这点钱" not in f or amount <= 3000)
    ]
    demand_text = "".join(
        _fill(rng.choice(_fitting(_DEMAND_TEXT[d], industry, facts)), facts) for d in demands
    )
    specific: tuple[str, ...] = ()
    if style < 0.18:
        parts = [_fill(rng.choice(_fitting(_SHORT[scen], industry, facts)), facts)]
        if rng.random() < 0.3:
            parts.append(_fill(rng.choice(feelings_pool), facts))
        text = _fit(parts, {0}, rng, facts)
    else:
        long = style > 0.75
        usable = _usable(_HAPPENED[scen], industry, facts)
        rng.shuffle(usable)
        specific = _HAPPENED_TITLES[scen][usable[0][0]]
        happened = [text for _, text in usable]
        cs = _fitting(_CS_DID[scen], industry, facts) + list(_CS_GENERIC)
        rng.shuffle(cs)
        parts = [_fill(rng.choice(_OPENINGS), facts)]
        if long or rng.random() < 0.25:
            parts.append(_fill(rng.choice(_fitting(_BACKGROUND, industry, facts)), facts))
        required = {len(parts)}
        parts.append(_fill(happened[0], facts))
        if rng.random() < 0.8:
            parts.append(_fill(cs[0], facts))
        if long:
            parts.append(_fill(cs[1], facts))
            parts.extend(_fill(f, facts) for f in rng.sample(_FOLLOW_UPS, rng.randint(1, 4)))
            if rng.random() < 0.4:
                parts.append(
                    f"\n时间线：\n{facts['date']} 发现问题\n{facts['date2']} 第一次联系客服\n"
                    f"之后又催了{facts['k']}次，至今没有结果。\n"
                )
        if rng.random() < (0.7 if long else 0.35):
            parts.append(_fill(rng.choice(_fitting(_EVIDENCE, industry, facts)), facts))
        if rng.random() < (0.9 if long else 0.5):
            feelings = rng.sample(feelings_pool, 2 if long else 1)
            parts.extend(_fill(f, facts) for f in feelings)
        required.add(len(parts))
        parts.append(demand_text)
        text = _fit(parts, required, rng, facts)
    # A handful of posts leak personal data the way real ones do (the platform must mask it).
    if rng.random() < 0.06:
        leak = rng.choice((
            f"我的电话{consumer.phone}，有人管的话请联系我。",
            f"本人{consumer.name}，手机{consumer.phone}。",
            f"订单号{facts['order']}，联系电话{consumer.phone}。",
        ))
        if len(text) + len(leak) <= NARRATIVE_MAX:
            text += leak
    if rng.random() < 0.15:
        text = _roughen(rng, text)
        if len(text) < NARRATIVE_MIN:
            text += _fill(rng.choice(_DEMAND_TEXT["explanation"]), facts)
    return text, specific


def _title(rng: random.Random, pool: Sequence[str], facts: dict[str, str]) -> str:
    """A headline from ``pool``, decorated the way posters do, within the length bounds."""
    for _ in range(30):
        base = _fill(rng.choice(pool), facts)
        pre, post = rng.choice(_TITLE_DECOR)
        if "要求" in base and "要求" in post:
            pre, post = "", ""
        title = pre + base + post
        if TITLE_MIN <= len(title) <= TITLE_MAX:
            return title
        if TITLE_MIN <= len(base) <= TITLE_MAX:
            return base
    return (facts["m"] + "的问题一直没有解决")[:TITLE_MAX]


def _messages(rng: random.Random, plan: _Plan, facts: dict[str, str],
              demands: Sequence[str], days_ago: float) -> tuple[DemoMessage, ...]:
    """The conversation that walks the lifecycle to ``plan.state``.

    The sequence mirrors the state machine in ``tousu.core.lifecycle`` (accept → forward →
    reply → confirm/dispute → close; dispute → reopen → reply; withdraw from any open state)
    so a loader can replay it action by action. Committed merchants answer within 24 h;
    others take from half a day to a week. Everything is squeezed into the time that has
    passed since submission, so no message lies in the future.
    """
    state = plan.state
    prof = plan.profile
    out: list[tuple[str, str, float]] = []
    t = 0.0

    def add(author: str, body: str, gap: tuple[float, float]) -> None:
        nonlocal t
        t += rng.uniform(*gap)
        out.append((author, _fill(body, facts), t))

    if state == "submitted":
        if rng.random() < 0.35:
            add("consumer", rng.choice(_C_NUDGE), (0.2, 10))
    elif state == "rejected":
        add("platform", "很抱歉，您的投诉未通过审核：{reason}", (0.5, 24))
    elif state == "withdrawn" and rng.random() < 0.25:
        add("consumer", rng.choice(_C_WITHDRAW), (0.5, 20))  # withdrawn before review
    else:
        emergency = plan.scenario in ("unauthorized_transaction", "impersonation_fraud")
        add("platform", _P_EMERGENCY if emergency else rng.choice(_P_ACCEPTED), (0.2, 18))
        stage = {"accepted": 0, "with_merchant": 1, "merchant_replied": 2, "resolved": 3,
                 "unresolved": 3, "closed": 3, "withdrawn": rng.randint(0, 2)}[state]
        if stage >= 1:
            forwarded = _P_FORWARDED_COMMITTED if prof.committed else rng.choice(_P_FORWARDED)
            add("platform", forwarded, (0.3, 6))
            if not prof.committed and rng.random() < 0.35:
                add("consumer", rng.choice(_C_NUDGE), (24, 72))
                add("platform", rng.choice(_P_REMINDER), (1, 24))
        if stage >= 2:
            reply_gap = (1.0, 22.0) if prof.committed else (10.0, 160.0)
            add("merchant", rng.choice(_M_FIRST), reply_gap)
            if rng.random() < 0.3:
                add("merchant", rng.choice(_M_ASK_INFO), (0.5, 12))
                if stage >= 3 or rng.random() < 0.5:
                    add("consumer", rng.choice(_C_INFO), (1, 30))
        if stage >= 3:
            if state == "resolved":
                good = True
            elif state == "unresolved":
                good = False
            else:
                good = rng.random() < (0.85 if prof.committed else 0.6)
            if good and rng.random() < 0.2:
                # A first answer the consumer disputes, mediation sends it back, then a fix.
                refusal = _M_REFUSE.get(plan.scenario, _M_REFUSE_GENERIC)
                add("merchant", rng.choice(refusal), (4, 48))
                add("consumer", rng.choice(_C_DISPUTE), (1, 48))
                add("platform", rng.choice(_P_MEDIATE), (2, 36))
            if good:
                resolving = [d for d in demands if d in _M_RESOLVE] or ["_default"]
                how = rng.choice(resolving)
                add("merchant", rng.choice(_M_RESOLVE[how]), (4, 96))
                confirm = _C_CONFIRM + (_C_CONFIRM_REFUND if how == "refund" else ())
                add("consumer", rng.choice(confirm), (1, 72))
                if state == "closed":
                    add("platform", rng.choice(_P_CLOSE_OK), (0.5, 48))
            else:
                add("merchant", rng.choice(_M_REFUSE.get(plan.scenario, _M_REFUSE_GENERIC)),
                    (4, 96))
                add("consumer", rng.choice(_C_DISPUTE), (1, 72))
                if state == "closed":
                    add("platform", rng.choice(_P_CLOSE_DISPUTE), (24, 240))
        if state == "withdrawn":
            add("consumer", rng.choice(_C_WITHDRAW), (1, 72))
    if state == "withdrawn":
        add("platform", _P_WITHDRAWN, (0.01, 0.5))
    horizon = days_ago * 24 * 0.95
    if out and out[-1][2] > horizon:
        factor = horizon / out[-1][2]
        out = [(a, b, h * factor) for a, b, h in out]
    result: list[DemoMessage] = []
    last = 0.0
    for author, body, hours in out:
        h = max(round(hours, 2), round(last + 0.01, 2))
        result.append(DemoMessage(author=author, body=body, after_hours=h))
        last = h
    return tuple(result)


def _consumers(rng: random.Random, n: int) -> tuple[DemoConsumer, ...]:
    names: list[str] = []
    phones: list[str] = []
    out: list[DemoConsumer] = []
    while len(out) < n:
        given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(_SURNAMES) + given
        phone = _phone(rng)
        if name in names or phone in phones:
            continue
        names.append(name)
        phones.append(phone)
        email = None
        if rng.random() < 0.45:
            local = rng.choice(_PINYIN) + rng.choice(_PINYIN) + str(rng.randint(1, 9999))
            email = f"{local}@{rng.choice(_EMAIL_DOMAINS)}"
        out.append(DemoConsumer(name=name, phone=phone, email=email))
    return tuple(out)


def _plans(rng: random.Random, n: int, n_consumers: int) -> list[_Plan]:
    """Decide merchant, scenario, state and consumer for every complaint."""
    profiles = {p.name: p for p in _PROFILES}
    # A few consumers complain a lot; most once or twice (Zipf-like).
    consumer_weights = [1.0 / (i + 1) ** 0.6 for i in range(n_consumers)]

    def consumer() -> int:
        return rng.choices(range(n_consumers), weights=consumer_weights)[0]

    plans: list[_Plan] = []
    special = n >= 60
    if special:
        for inc in _INCIDENTS:
            members = rng.sample(range(n_consumers), inc.size)
            for c in members:
                state = rng.choice(("with_merchant", "merchant_replied", "unresolved", "resolved",
                                    "closed"))
                plans.append(_Plan(profiles[inc.merchant], inc.scenario, state, c, incident=inc))
        for c in rng.sample(range(n_consumers), 4):
            plans.append(_Plan(profiles[_PROXY_MERCHANT], "hidden_fees",
                               rng.choice(("submitted", "accepted")), c, proxy=True))
        plans = plans[:n]
    fixed = len(plans)
    remaining = n - fixed
    merchant_order: list[_Profile] = []
    if remaining >= len(_PROFILES):
        merchant_order = list(_PROFILES)  # every merchant appears at least once
        rng.shuffle(merchant_order)
    while len(merchant_order) < remaining:
        merchant_order.append(rng.choices(_PROFILES, weights=[p.weight for p in _PROFILES])[0])
    for prof in merchant_order:
        affinity = _INDUSTRY_SCENARIOS[prof.industry]
        if prof.scenarios:
            affinity = {s: a for s, a in affinity.items() if s in prof.scenarios}
        scen = _weighted(rng, {s: a * _SCENARIO_WEIGHT[s] for s, a in affinity.items()})
        plans.append(_Plan(prof, scen, _weighted(rng, _STATE_WEIGHT), consumer()))
    # Make sure every state and scenario is represented, overwriting ordinary complaints,
    # so that every screen and filter of the demo has something to show.
    if remaining >= 100:
        ordinary = list(range(fixed, len(plans)))
        rng.shuffle(ordinary)
        for state in FINAL_STATES:
            if state not in [p.state for p in plans]:
                plans[ordinary.pop()].state = state
        for scen in SCENARIOS:
            counts = {s: 0 for s in SCENARIOS}
            for p in plans:
                counts[p.scenario] += 1
            if counts[scen]:
                continue
            for i in ordinary:
                p = plans[i]
                fits = scen in _INDUSTRY_SCENARIOS[p.profile.industry] and (
                    not p.profile.scenarios or scen in p.profile.scenarios)
                if fits and counts[p.scenario] > 2:
                    p.scenario = scen
                    break
    return plans


def _render(rng: random.Random, plan: _Plan, consumers: Sequence[DemoConsumer],
            proxy_phone: str) -> DemoComplaint:
    prof = plan.profile
    inc = plan.incident
    if inc is not None:
        days_ago = inc.days_ago + rng.uniform(0, 2.5)
        amount = _money(_round_like_people(rng, _log_uniform(rng, *inc.amount_range)))
    elif plan.proxy:
        days_ago = rng.uniform(*_STATE_AGE[plan.state])
        amount = _money(rng.choice((3000, 5000, 8000, 10000, 12000, 20000)) + rng.randint(0, 99))
    else:
        lo, hi = _STATE_AGE[plan.state]
        days_ago = _log_uniform(rng, lo, hi) if hi / lo > 20 else rng.uniform(lo, hi)
        amount = _amount(rng, plan.scenario, prof)
    days_ago = round(days_ago, 3)
    facts = _facts(rng, prof, amount, days_ago)
    if inc is not None:
        # one incident: the same day and the same place for everybody, however they tell it
        facts["date"] = _cn_date(ANCHOR_DATE - timedelta(days=int(inc.days_ago) + 1), rng)
        facts["city"] = inc.city
    consumer = consumers[plan.consumer]
    if inc is not None:
        demands = inc.demands
        narrative = "".join(_fill(rng.choice(options), facts) for options in inc.parts)
        title = _title(rng, inc.titles, facts)
    elif plan.proxy:
        demands = ("refund", "stop_collection", "explanation")
        narrative = _PROXY_TEMPLATE.format_map({**facts, "name": consumer.name,
                                                "proxy_phone": proxy_phone})
        title = rng.choice(("关于{m}违规收费及暴力催收的投诉", "投诉{m}违规收费，要求停息挂账",
                            "{m}违规收取高额费用，要求协商还款")).format_map(facts)
    else:
        demands = _pick_demands(rng, plan.scenario)
        narrative, specific = _narrative(rng, plan, facts, demands, consumer)
        generic = _fitting(_TITLES[plan.scenario], prof.industry, facts)
        specific = tuple(t for t in specific if facts["amt"] != "0" or "{amt}" not in t)
        title = _title(rng, specific if specific and rng.random() < 0.65 else generic, facts)
    reason = rng.choice(_REJECT_REASONS) if plan.state == "rejected" else None
    facts["reason"] = reason or ""
    messages = _messages(rng, plan, facts, demands, days_ago)
    if prof.committed:
        public = False
    elif plan.state in ("submitted", "rejected"):
        public = False  # not yet reviewed, or refused: nothing to show
    else:
        public = rng.random() < 0.95
    if plan.proxy:
        channel = "web"  # bulk proxy filings come in through the web form
    elif inc is not None:
        channel = rng.choice(("app", "web"))
    else:
        channel = _weighted(rng, _CHANNEL_WEIGHT)
    return DemoComplaint(
        merchant=prof.name, consumer_index=plan.consumer, title=title, narrative=narrative,
        amount=amount, demands=tuple(demands), channel=channel, scenario_hint=plan.scenario,
        final_state=plan.state, reject_reason=reason, days_ago=days_ago, messages=messages,
        public=public,
    )


def generate(seed: int = 2026, complaints: int = 300) -> DemoDataset:
    """Build the demo data set; the same ``seed`` always yields exactly the same data.

    All randomness flows from one ``random.Random(seed)`` and nothing iterates over sets, so
    the output does not depend on hash randomisation, the clock or the platform.
    """
    if complaints < 0:
        raise ValueError("complaints must be >= 0")
    rng = random.Random(seed)
    consumers = _consumers(rng, 120)
    proxy_phone = _phone(rng)
    plans = _plans(rng, complaints, len(consumers))
    rendered = [_render(rng, plan, consumers, proxy_phone) for plan in plans]
    # Oldest first, the order a loader would insert them in.
    rendered.sort(key=lambda c: -c.days_ago)
    return DemoDataset(
        merchants=tuple(p.public() for p in _PROFILES),
        consumers=consumers,
        complaints=tuple(rendered),
    )
