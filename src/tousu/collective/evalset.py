"""Labelled complaint sets with known collective incidents, for tuning and evaluation.

See ``docs/collective-eval.md`` for the construction. In short: an *incident* is one
problem (kind) at one merchant on one date with its own specifics (the product, the error
message, the city); each member tells it in their own words — a random alternative per
narrative part, optional parts dropped, middle parts shuffled, personal asides, their own
word choice, typos, their own amount and date. Around the incidents sit the hard distractors
(same merchant other problem, same problem other merchant, same problem same merchant months
later, proxy-agent templates filed at many merchants) and background singletons, Chinese and
real CFPB narratives. Everything flows from one ``random.Random(seed)``: same seed, same set.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from .model import Doc

CFPB_RELATIVE = Path("..") / "shared" / "data" / "cfpb-sample" / "train.json"
BASE = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
SPAN_DAYS = 240


def cfpb_path() -> Path:
    """The CFPB sample next to the repository (``../shared/data`` from the repo root)."""
    return (Path(__file__).resolve().parents[3] / CFPB_RELATIVE).resolve()


@lru_cache(maxsize=1)
def _cfpb() -> tuple[str, ...]:
    try:
        rows = json.loads(cfpb_path().read_text(encoding="utf-8"))
    except OSError:
        return ()
    out = []
    for row in rows:
        text = str(row.get("input", ""))
        text = text.removeprefix("Narrative:").split("\nProduct:")[0].strip()
        if len(text) > 40:
            out.append(text)
    return tuple(out)


_PREFIX = ("易购", "速付", "星河", "启明", "金桔", "飞途", "云帆", "蓝鲸", "橙子", "悦享", "极光",
           "青禾", "海盐", "米粒", "北辰", "乐途", "知更", "木棉", "银杏", "白鹭")
_SUFFIX = ("商城", "钱包", "游戏", "教育", "消费金融", "商旅", "健身", "宽带", "外卖", "直播",
           "电器", "租车", "保险", "银行", "出行")


#: Characters that tell merchants apart beyond the first 300 names (``[易购][华信][商城]``).
_MARKS = "华信达通联创恒泰鑫源安康宏盛嘉禾瑞丰博远新航优品佳和天合中科"


def merchant_name(i: int) -> str:
    """A readable merchant name, unique per merchant id ``i``.

    The first 300 ids are prefix + suffix (``易购商城``); later ids insert marks (``易购华信商城``).
    Marks are letters, not digits, because :func:`.fingerprint.clean` strips digits: with a
    numeric tail, thousands of merchants would share one name as far as the engine can see,
    which no real merchant population does.
    """
    return merchant_brand(i) + _SUFFIX[(i // len(_PREFIX)) % len(_SUFFIX)]


def merchant_brand(i: int) -> str:
    """The brand part of :func:`merchant_name` (``易购``, ``易购华``), without the trade."""
    rest = i // (len(_PREFIX) * len(_SUFFIX))
    mark = ""
    while rest:
        rest, r = divmod(rest - 1, len(_MARKS))
        mark = _MARKS[r] + mark
    return _PREFIX[i % len(_PREFIX)] + mark


@dataclass(frozen=True)
class Kind:
    """A kind of problem: scenario, titles, narrative parts (alternatives) and specifics."""

    code: str
    scenario: str
    amount: tuple[float, float]
    titles: tuple[str, ...]
    opening: tuple[str, ...]
    core: tuple[tuple[str, ...], ...]   # middle parts, shuffled per member, some optional
    closing: tuple[str, ...]
    items: tuple[str, ...]
    errs: tuple[str, ...]


KINDS: tuple[Kind, ...] = (
    Kind("frozen", "account_frozen", (300, 9000),
         ("{m}大面积冻结账户，余额无法提现", "{m}账户突然被限制提现", "{m}批量冻结用户求说法",
          "又一个被{m}冻结的"),
         ("", "我也是被冻结的，", "看到好多人跟我一样，", "{date}早上打开{item}准备提现，",
          "{date}中午开始，"),
         (("账户被限制提现，提示“{err}”，里面有{amt}元。", "余额{amt}元提不出来，页面显示“{err}”。",
           "账户突然被冻结，里面还有{amt}元，提示{err}。", "{amt}元余额被冻结，转账提现付款全用不了。"),
          ("客服电话一直占线。", "在线客服只会复制粘贴请耐心等待。", "让做人脸识别加上传流水，传了也没用。"),
          ("维权群里已经有两百多人了，都是同一天被冻的。", "我就是正常收发工资，哪来的异常交易？",
           "网上一搜全是一样被冻结的。")),
         ("要求马上解冻，给个说法。", "请{m}尽快解冻并公开说明原因。", "钱是我的，凭什么不让取？"),
         ("钱包App", "{m}小程序", "商户收款码", "零钱账户"),
         ("账户存在异常交易风险", "因风控原因暂停服务", "账户安全等级不足", "交易环境异常请稍后再试")),
    Kind("shutdown", "topup_trap", (98, 6480),
         ("{item}停服前还在卖礼包，充值不退", "{m}突然停服，未消耗充值只给代金券",
          "{item}停服，要求退还充值"),
         ("", "玩了三年的", "作为一个老玩家，", "{date}突然看到公告，"),
         (("{item}宣布下个月停服，停服前一周还在推{err}，我刚充了{amt}元。",
           "{item}要停服了，公告前几天还在搞{err}，我充了{amt}元钻石都没用。",
           "{item}停服公告发出来前一天我充了{amt}元，现在说未消耗的只能换代金券。"),
          ("这不是明摆着最后割一波韭菜吗？", "代金券只能在他们家其他游戏用，我根本不玩。",
           "客服说按公告处理，不接受退款。"),
          ("群里的玩家都在说要集体投诉。", "公告写得含糊其辞。")),
         ("要求按原路退还未消耗的充值。", "要求退钱，不要代金券。", "请{m}给老玩家一个交代。"),
         ("《星海纪元》", "《剑影江湖》", "《萌宠小镇》", "《机甲风暴》", "《幻想三国》"),
         ("648元限定礼包", "充值返利活动", "周年庆累充活动", "限时皮肤礼包")),
    Kind("closed", "refund_refused", (3800, 28000),
         ("{m}{city}校区突然关门，学费不退", "{m}跑路，剩余课时费不退", "{m}关店停课要求退学费"),
         ("", "家长们看过来，", "{date}接到老师电话，", "{date}去上课发现"),
         (("{m}{city}{item}突然关门了，孩子还有{k}节课没上，当初一次性交了{amt}元。",
           "{m}{city}{item}门口贴了个{err}，我还剩{amt}元的课时费没用完。",
           "{m}在{city}的{item}说关就关，前台电话停机，我交的{amt}元打了水漂。"),
          ("当初是用培训贷付的，贷款现在还在每月扣。", "老师说工资都发不出来了。",
           "总部电话打不通，只有一个AI在回复。"),
          ("我们已经有几十个家长在群里了。", "销售当初拍胸脯保证随时可退。")),
         ("要求退还剩余学费。", "要求{m}出具退费方案，并停止贷款扣款。", "希望相关部门介入。"),
         ("万达校区", "高新校区", "东站店", "滨江中心", "大学城校区"),
         ("停业整顿通知", "内部装修暂停营业", "系统升级暂停上课", "搬迁公告")),
    Kind("nodelivery", "delivery_logistics", (59, 4999),
         ("{m}大促买的{item}一直不发货", "{m}预售{item}超时不发货还不让退", "{item}拖了一个月不发货"),
         ("", "{date}在{m}下单，", "双十一在{m}抢的", "{date}付了定金，"),
         (("{item}到现在都没发货，订单一直显示{err}。", "买的{item}一个月了还是{err}，花了{amt}元。",
           "付了{amt}元买{item}，页面一直是{err}，物流信息一条都没有。"),
          ("申请退款被拒绝，说预售商品不支持。", "客服说仓库爆仓让再等等。", "问了好几次只说已催促。"),
          ("评论区全是没收到货的。", "超级话题里几百人都在等。")),
         ("要求立即发货或者全额退款。", "要求{m}按规定赔付并退款。", "不发货就退钱。"),
         ("扫地机器人X9", "折叠屏手机Fold5", "羽绒服联名款", "儿童安全座椅", "空气炸锅Pro"),
         ("待发货", "仓库处理中", "已出库待揽收", "商家备货中")),
    Kind("defect", "product_quality", (199, 8999),
         ("{m}卖的{item}批量出问题", "{item}用了不到一个月就坏", "{item}质量问题{m}拒绝退换"),
         ("", "{date}在{m}买了{item}，", "去年底入手的", "在{m}旗舰店买的"),
         (("{item}用了不到一个月就{err}，花了{amt}元。", "刚过七天{item}就开始{err}。",
           "{item}{err}，售后说是人为损坏不保修。"),
          ("网上一查好多人都是一样的问题，明显是批次质量问题。", "寄回检测半个月没有结果。",
           "客服只让重启恢复出厂设置。"),
          ("同小区有三个人买的都坏了。", "官方论坛里都是同样的投诉帖。")),
         ("要求{m}召回并全额退款。", "要求退货退款，承担运费。", "请给个合理的解决方案。"),
         ("扫地机器人X9", "电热水器E60", "蓝牙耳机AirFree", "智能门锁S3", "电动牙刷T2"),
         ("充不进电", "自动关机", "屏幕闪烁", "漏水", "异响发热")),
    Kind("renewal", "auto_renewal", (15, 588),
         ("{m}{item}偷偷自动续费", "没开通却被{m}扣了会员费", "{m}自动续费不提醒"),
         ("", "{date}收到扣款短信，", "查银行流水才发现", "今天才发现"),
         (("{m}的{item}在我不知情的情况下自动续费，扣了{amt}元。", "被{m}{item}扣了{amt}元，我从来没开过自动续费。",
           "{item}到期后直接扣款{amt}元，没有任何提醒。"),
          ("关闭入口藏得特别深，找了半天。", "客服说开通时默认勾选了{err}。", "退订后第二个月又扣了。"),
          ("黑猫上搜了一下几千条一样的。", "身边好几个朋友都被扣了。")),
         ("要求退还扣款并关闭续费。", "要求{m}退款并整改默认勾选。", "请把钱退给我。"),
         ("超级会员", "视频VIP年卡", "免密支付套餐", "健身月卡", "云存储空间"),
         ("连续包月协议", "免密支付授权", "自动续费服务条款", "会员升级套餐")),
    Kind("fees", "hidden_fees", (1000, 50000),
         ("{m}借款被强制收取{item}", "{m}搭售{item}不告知", "借款砍头息要求退还"),
         ("", "{date}在{m}借了一笔钱，", "前段时间急用钱，", "在{m}App上借款，"),
         (("借了{amt}元，到手少了一截，说是扣了{item}。", "还款计划里多了一项{item}，每期都扣。",
           "借款{amt}元，额外收了{item}，借款时根本没提示。"),
          ("算下来年化超过了{err}。", "客服说是自愿购买的，我从来没有勾选。", "提前还款也不退。"),
          ("网上好多借款人都被收了这笔钱。", "合同里写得密密麻麻根本看不清。")),
         ("要求退还{item}。", "要求{m}退还违规收取的费用。", "请监管部门查处。"),
         ("会员服务费", "担保服务费", "保险费", "信用评估费"),
         ("百分之三十六", "法定上限", "百分之二十四", "宣传利率三倍")),
    Kind("leak", "data_leak", (0, 0),
         ("在{m}下单后接到诈骗电话", "{m}泄露用户信息", "{m}订单信息被泄露"),
         ("", "{date}在{m}下单后，", "前几天刚在{m}买了东西，", "最近"),
         (("第二天就接到自称{m}客服的电话，准确说出了我的{item}。",
           "骗子打电话过来，能说出我在{m}买的{item}和收货地址。", "有人冒充{m}客服说我的{item}要{err}。"),
          ("差点被骗转账。", "对方让下载会议软件共享屏幕。", "我妈已经被骗走了一笔钱。"),
          ("群里好多人都接到了一模一样的电话。", "明显是{m}内部信息泄露了。")),
         ("要求{m}查明泄露原因并公开说明。", "要求赔偿并加强信息保护。", "请{m}给个交代。"),
         ("订单号和商品", "姓名电话住址", "购买记录", "快递单号"),
         ("理赔退款", "取消会员", "质量问题退款", "账户升级")),
    Kind("outage", "no_human_service", (50, 1500),
         ("{m}{city}大面积断网好几天", "{m}宽带断网无人处理", "{m}{city}停网要求赔偿"),
         ("", "{date}晚上开始，", "从{date}起，", "我们小区"),
         (("{m}在{city}{item}的宽带全断了，{err}。", "家里{m}宽带已经断了三天，{city}{item}都这样。",
           "{city}{item}一片用{m}的都上不了网，报修说{err}。"),
          ("人工客服根本打不进去，全是机器人。", "在家办公和孩子网课全耽误了。", "报修单被直接关闭。"),
          ("业主群里几十户都断了。", "问了邻居都是同一天断的。")),
         ("要求尽快恢复并按天减免费用。", "要求{m}赔偿断网损失。", "请给个修复时间。"),
         ("阳光花园", "翠湖小区", "软件园", "锦绣家园", "滨河新村"),
         ("光缆被挖断了在抢修", "设备故障正在排查", "线路升级", "机房停电")),
    Kind("flight", "refund_refused", (600, 7800),
         ("{m}航班取消退票收手续费", "{m}{item}取消只给改签", "{m}拒绝全额退票"),
         ("", "{date}订了{m}的机票，", "通过{m}买的", "本来{date}要出发的，"),
         (("{item}航班被取消，{m}退票还要扣手续费，票价{amt}元。", "{item}因为{err}取消，{m}只同意改签。",
           "订的{item}被取消了，申请退款被扣了{amt}元中的一半。"),
          ("航司说可以全退，是{m}自己收的。", "客服说按平台规则处理。", "打了十几次客服电话都没人管。"),
          ("同航班好多乘客都遇到了。", "机场里一堆人在排队理论。")),
         ("要求全额退票。", "要求{m}退还手续费。", "请按规定免费退票。"),
         ("MU5139", "CZ3101", "HU7602", "3U8888", "ZH9521"),
         ("航空公司计划调整", "天气原因", "机械故障", "航路管制")),
)

_ASIDES = ("我是上班族平时工作很忙。", "这笔钱对我们家来说不是小数目。", "已经向12315反映过了。",
           "真是太失望了，以前一直很信任这个品牌。", "老人不会用手机，都是我帮着弄的。",
           "我已经保存了聊天记录和截图。", "希望平台能帮帮我们。", "说实话很气愤。",
           "我还是学生，钱是攒了很久的。", "之前在别的地方投诉过没有回音。")
_EVIDENCE = ("附件是订单截图。", "有付款凭证。", "聊天记录都截图了。", "")

_PROXY_TEMPLATES = (
    ("关于{m}违规收费及暴力催收的投诉",
     "本人{name}，因疫情期间失业收入中断，导致无力偿还在{m}的借款{amt}元。现{m}存在以下违规"
     "行为：一、违规收取高额服务费、担保费，综合年化利率超过24%；二、暴力催收，骚扰本人家人。现要"
     "求{m}停息挂账、减免全部违规利息和服务费、退还砍头息，并出具书面协商还款方案，否则本人将向金融"
     "监管部门、人民银行投诉并向法院起诉。委托联系人电话：{phone}。借款合同编号：{loan}。"),
    ("{m}销售不合格食品要求十倍赔偿",
     "本人于{date}在{m}购买的{item}共计{amt}元，经查该商品标签未标注生产许可证编号、配料表不全，"
     "违反《食品安全法》第六十七条规定，属于不符合食品安全标准的食品。依据《食品安全法》第一百"
     "四十八条，要求{m}退还货款并支付价款十倍的赔偿金，否则将向市场监管部门举报并提起诉讼。"
     "联系电话：{phone}。"),
    ("{m}虚假宣传要求退一赔三",
     "{date}本人在{m}购买{item}，商品详情页宣称“{claim}”，实际收到后发现与宣传严重不符，构成"
     "虚假宣传和消费欺诈。根据《消费者权益保护法》第五十五条，要求{m}退一赔三，赔偿金额{amt}元，"
     "并在七日内书面答复，逾期未答复将向市场监督管理局投诉举报。代理人联系方式：{phone}。"),
)
_PROXY_ITEMS = ("进口奶粉", "燕窝礼盒", "有机大米", "蜂蜜", "保健酒", "坚果礼包")
_CLAIMS = ("最高级别", "国家级认证", "100%纯天然", "全网最低价", "治愈率99%")
_NAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "军", "杰", "婷", "超", "霞")


@dataclass(frozen=True)
class EvalSet:
    """Documents with their true group label (same label = same collective incident)."""

    docs: tuple[Doc, ...]
    labels: tuple[int, ...]
    roles: tuple[str, ...]   # incident | recurrence | proxy | singleton | background

    def __len__(self) -> int:
        return len(self.docs)


def _cn_date(d: datetime, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.6:
        return f"{d.month}月{d.day}日"
    if r < 0.9:
        return f"{d.month}月{d.day}号"
    return f"{d.year}年{d.month}月{d.day}日"


def _typos(rng: random.Random, s: str) -> str:
    """Slips real posts have: 帐/账, 再/在, 以经, doubled or missing punctuation."""
    edits = (
        lambda t: t.replace("账", "帐"),
        lambda t: t.replace("在", "再", 1),
        lambda t: t.replace("已经", "以经", 1),
        lambda t: t.replace("什么", "啥").replace("怎么", "咋"),
        lambda t: t.replace("？", "？？").replace("！", "！！！"),
        lambda t: t.replace("。", "，"),
        lambda t: t.replace("，", " ", 2),
        lambda t: t.replace("的", "得", 1),
    )
    for edit in rng.sample(edits, rng.randint(0, 3)):
        s = edit(s)
    return s


#: Kinds whose item is the merchant's own product or service, named with its brand
#: (易购扫地机器人X9, 易购超级会员), as consumers name it; see :func:`merchant_brand`.
_BRANDED = frozenset({"frozen", "shutdown", "nodelivery", "defect", "renewal", "fees"})

#: Word choice that varies from one consumer to the next: (pattern, alternatives). Each
#: member rewords each pattern present with probability :data:`_REWORD` (all occurrences,
#: one choice: a person's vocabulary is consistent within one text). Patterns are guarded
#: so no compound word is broken (到现在, 人工客服, 才发现).
_WORDING: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(p), alts) for p, alts in (
        ("要求", ("希望", "请求", "强烈要求")),
        ("(?<!人工)客服(?!人员)", ("客服人员", "售后", "人工客服")),
        ("一直", ("始终", "总是")),
        ("突然", ("忽然", "莫名其妙地")),
        ("根本", ("压根", "完全")),
        ("退款", ("退钱", "退费")),
        ("已经", ("早就", "都已经")),
        ("(?<!到)现在", ("如今", "目前")),
        ("好多", ("很多", "不少")),
        ("没有", ("并没有", "没")),
        ("马上", ("立刻", "尽快")),
        ("质量", ("品质",)),
        ("一样", ("相同", "同样")),
        ("给个说法", ("给个解释", "给一个交代")),
        ("打不通", ("打不进", "没人接")),
        ("(?<!才)发现", ("看到", "注意到")),
        ("投诉", ("反映", "申诉")),
        ("截图", ("截屏",)),
        ("孩子", ("小孩", "娃")),
        ("扣了", ("扣掉了", "划走了")),
        ("公告", ("通知",)),
    ))
_REWORD = 0.5


def _own_words(rng: random.Random, s: str) -> str:
    """One consumer's word choice (see :data:`_WORDING`).

    Why: with only the narrative alternatives of :data:`KINDS`, two strangers at different
    merchants who pick the same alternatives write near-identical text. At 40 merchants that
    is rare; at a million complaints it happened for thousands of them, which real people
    telling their own story do not do (a near-identical text at another merchant is what a
    copied template looks like).
    """
    for pattern, alternatives in _WORDING:
        if pattern.search(s) and rng.random() < _REWORD:
            s = pattern.sub(rng.choice(alternatives), s)
    return s


def _story(rng: random.Random, kind: Kind, merchant: int, cities: Sequence[str]) -> dict[str, str]:
    """The specifics one story shares among its tellers: merchant, item, error, city."""
    item = rng.choice(kind.items)
    if kind.code in _BRANDED and "{m}" not in item:
        item = merchant_brand(merchant) + item
    facts = {"m": merchant_name(merchant), "item": item, "err": rng.choice(kind.errs),
             "city": rng.choice(cities)}
    facts["item"] = facts["item"].format_map(facts)
    return facts


def _fmt(template: str, facts: dict[str, str]) -> str:
    return template.format_map(facts)


def _member_text(rng: random.Random, kind: Kind, facts: dict[str, str], at: datetime,
                 amount: float) -> str:
    facts = {**facts, "amt": str(int(amount)) if amount else "", "date": _cn_date(at, rng),
             "k": str(rng.randint(8, 60))}
    opening = _fmt(rng.choice(kind.opening), facts)
    core = [_fmt(rng.choice(p), facts) for p in kind.core]
    # The first core part carries the incident; the others are optional colour.
    first, rest = core[0], [c for c in core[1:] if rng.random() < 0.7]
    rng.shuffle(rest)
    parts = [first, *rest]
    if rng.random() < 0.4:
        parts.insert(rng.randint(0, len(parts)), rng.choice(_ASIDES))
    if rng.random() < 0.3:
        parts.append(rng.choice(_EVIDENCE))
    body = opening + "".join(parts) + _fmt(rng.choice(kind.closing), facts)
    title = _fmt(rng.choice(kind.titles), facts)
    return _typos(rng, title) + "\n" + _typos(rng, body)


def _scenario(rng: random.Random, kind: Kind) -> str:
    r = rng.random()
    if r < 0.8:
        return kind.scenario
    if r < 0.9:
        return ""
    return rng.choice(KINDS).scenario  # the classifier got it wrong


def generate(seed: int = 0, merchants: int = 40, incidents: int = 30, singletons: int = 400,
             proxies: int = 30, background: int = 300, recurrences: int = 4,
             size: tuple[int, int] = (3, 14), cfpb_part: tuple[int, int] = (0, 1)) -> EvalSet:
    """Build one labelled set.

    ``cfpb_part=(i, n)`` uses every n-th CFPB narrative starting at i, so a validation and a
    test set can draw disjoint background text. Labels: every incident has one label shared by
    its members; every other document has a label of its own.
    """
    rng = random.Random(seed)
    docs: list[Doc] = []
    labels: list[int] = []
    roles: list[str] = []
    busy: dict[tuple[int, str], list[datetime]] = {}  # (merchant, kind) -> incident dates
    next_label = 0

    def add(merchant: int, text: str, scenario: str, amount: float, at: datetime,
            label: int, role: str) -> None:
        docs.append(Doc(len(docs), merchant, text, scenario, float(amount), at))
        labels.append(label)
        roles.append(role)

    def incident(merchant: int, kind: Kind, start: datetime, n: int, role: str) -> None:
        nonlocal next_label
        facts = _story(rng, kind, merchant, ("深圳", "成都", "杭州", "武汉", "西安", "南京"))
        lo, hi = kind.amount
        for _ in range(n):
            at = start + timedelta(days=rng.expovariate(1 / 3.0), hours=rng.uniform(0, 12))
            amount = round(rng.uniform(lo, hi), -1 if hi > 1000 else 0) if hi else 0.0
            add(merchant, _own_words(rng, _member_text(rng, kind, facts, at, amount)),
                _scenario(rng, kind), amount, at, next_label, role)
        busy.setdefault((merchant, kind.code), []).append(start)
        next_label += 1

    for _ in range(incidents):
        merchant, kind = rng.randrange(merchants), rng.choice(KINDS)
        start = BASE + timedelta(days=rng.uniform(0, SPAN_DAYS - 20))
        if any(abs((start - d).days) < 75 for d in busy.get((merchant, kind.code), [])):
            continue
        incident(merchant, kind, start, rng.randint(*size), "incident")
        # Hard distractor: the same problem at the same merchant, months later.
        if recurrences > 0 and rng.random() < 0.3:
            recurrences -= 1
            incident(merchant, kind, start + timedelta(days=rng.uniform(75, 120)),
                     rng.randint(*size), "recurrence")
    # Singletons: every kind at many merchants (same problem, other merchant; same merchant,
    # other problem), but never the same problem at the same merchant inside an incident's
    # window — that would *be* the incident.
    for _ in range(singletons):
        merchant, kind = rng.randrange(merchants), rng.choice(KINDS)
        at = BASE + timedelta(days=rng.uniform(0, SPAN_DAYS))
        if any(abs((at - d).days) < 60 for d in busy.get((merchant, kind.code), [])):
            continue
        busy.setdefault((merchant, kind.code), []).append(at)
        facts = _story(rng, kind, merchant, ("上海", "北京", "广州"))
        lo, hi = kind.amount
        amount = round(rng.uniform(lo, hi)) if hi else 0.0
        add(merchant, _own_words(rng, _member_text(rng, kind, facts, at, amount)),
            _scenario(rng, kind), amount, at, next_label, "singleton")
        next_label += 1
    # Proxy agencies: one template each, filed for different "consumers" at many merchants,
    # often two or three at the same merchant within days.
    per_agency = max(1, proxies // len(_PROXY_TEMPLATES))
    for a, (title, body) in enumerate(_PROXY_TEMPLATES):
        phone = "1" + "".join(rng.choice("3589") for _ in range(1)) + str(rng.randrange(10**9))
        start = BASE + timedelta(days=rng.uniform(0, SPAN_DAYS - 30))
        targets = rng.sample(range(merchants), min(merchants, max(2, per_agency // 2)))
        for i in range(per_agency):
            merchant = targets[i % len(targets)]
            at = start + timedelta(days=rng.uniform(0, 10))
            facts = {"m": merchant_name(merchant), "phone": phone,
                     "name": rng.choice(_NAMES) + rng.choice(_GIVEN),
                     "amt": str(rng.choice((3000, 5000, 8000, 12000)) + rng.randrange(100)),
                     "loan": str(rng.randrange(10**11)), "date": _cn_date(at, rng),
                     "item": rng.choice(_PROXY_ITEMS), "claim": rng.choice(_CLAIMS)}
            add(merchant, _fmt(title, facts) + "\n" + _fmt(body, facts),
                ("hidden_fees", "product_quality", "false_advertising")[a],
                float(facts["amt"]), at, next_label, "proxy")
            next_label += 1
    corpus = _cfpb()[cfpb_part[0] :: cfpb_part[1]]
    for text in rng.sample(corpus, min(background, len(corpus))):
        at = BASE + timedelta(days=rng.uniform(0, SPAN_DAYS))
        add(rng.randrange(merchants), text[:600], "", round(rng.uniform(20, 5000)), at,
            next_label, "background")
        next_label += 1
    # Shuffle into arrival-ish order but keep ids = positions.
    order = sorted(range(len(docs)), key=lambda i: docs[i].at)
    out = [Doc(n, docs[i].merchant_id, docs[i].text, docs[i].scenario, docs[i].amount,
               docs[i].at) for n, i in enumerate(order)]
    return EvalSet(tuple(out), tuple(labels[i] for i in order), tuple(roles[i] for i in order))


def validation_set(seed: int = 11) -> EvalSet:
    """The part thresholds are tuned on (even CFPB narratives)."""
    return generate(seed=seed, cfpb_part=(0, 2))


def test_set(seed: int = 12) -> EvalSet:
    """The held-out part figures are reported on (odd CFPB narratives, another seed)."""
    return generate(seed=seed, cfpb_part=(1, 2))


def big(n: int, seed: int = 7, merchants: int | None = None) -> Sequence[Doc]:
    """About ``n`` complaints across many merchants, for the bench (no CFPB: it has 700)."""
    merchants = merchants or max(40, n // 100)
    share = n / 1000
    s = generate(seed=seed, merchants=merchants, incidents=int(60 * share),
                 singletons=int(560 * share), proxies=int(30 * share), background=0,
                 recurrences=int(4 * share))
    return s.docs
