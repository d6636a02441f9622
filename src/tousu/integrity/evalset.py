"""A labelled, generated set of genuine and proxy-agency complaints for the integrity check.

See ``docs/integrity-eval.md`` for the construction and why the hard cases exist. In short:
genuine individual complaints and genuine collective waves are told in consumers' own words
(the narrative model of :mod:`tousu.collective.evalset`); agency campaigns fill one template
with each "client's" name, amount, date and product and share an agent's phone or device; a
few campaigns vary their wording, some use agency phrases. Around them sit the genuine cases
that look a little like agencies: one consumer with three orders, families on one phone and
one home connection, a 维权群 pasting its shared draft, consumers who write 委托 once or claim
退一赔三 on a small purchase. Everything flows from one ``random.Random(seed)``.

It is a *generated* set: it shows that the signals separate the patterns they were designed
for and do not fire on the look-alikes listed above; it cannot show how often real agencies
behave otherwise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tousu.collective.evalset import KINDS, Kind, _cn_date, _member_text, merchant_name

from .contacts import contact_key, contacts_from_text
from .signals import Submission

BASE = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
SPAN_DAYS = 150
#: The evaluation's stand-in for the server secret used to key contacts.
SECRET = "integrity-eval"

GENUINE_GROUPS = ("individual", "collective", "office", "copy_paste_group", "multi_order",
                  "family", "delegated", "legal_punitive")
AGENCY_GROUPS = ("agency_template_contact", "agency_template_source", "agency_varied_contact",
                 "agency_phrase", "agency_text_only", "agency_small")


@dataclass(frozen=True)
class AgencyKind:
    """An agency's line of business: a complaint skeleton with alternatives per sentence."""

    code: str
    amount: tuple[int, int]
    items: tuple[str, ...]
    titles: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    demands: tuple[str, ...]


AGENCY_KINDS: dict[str, AgencyKind] = {k.code: k for k in (
    AgencyKind(
        "surrender", (8000, 80000), ("年金险", "重疾险", "增额终身寿险", "万能险", "分红型两全险"),
        ("{m}销售误导，要求全额退还保费", "关于{m}保险销售误导的投诉", "{m}业务员欺诈销售要求全额退保",
         "要求{m}全额退保"),
        (("本人{name}，于{date}经{m}业务员推销购买了{item}，至今累计缴纳保费{amt}元。",
          "{date}，{m}的业务员上门推销{item}，本人{name}先后缴纳保费共计{amt}元。",
          "投诉人{name}在{date}通过{m}投保{item}一份，已交保费{amt}元。"),
         ("业务员在销售过程中隐瞒保单现金价值和退保损失，夸大收益，承诺随时可以全额退还，存在严重销售误导。",
          "销售人员故意夸大产品收益，把保险说成存款理财，对退保损失只字不提，属于欺诈销售。",
          "当时业务员称该产品与银行存款一样保本保息，随时可取，从未告知退保会有损失。"),
         ("投保时本人未亲笔签名，也没有进行双录，回访电话是业务员代为接听的。",
          "投保单上的签名不是本人所签，回访时业务员在旁边教我怎么回答。",
          "合同条款从未向本人解释，签字页是业务员让我直接签的。"),
         ("根据《保险法》第十六条、第一百三十一条，上述行为严重侵害了本人的合法权益。",
          "上述行为违反了《保险法》及监管部门关于销售行为可回溯的规定。",
          "{m}的行为违反了《消费者权益保护法》第八条、第二十条，侵犯了本人的知情权。"),
         ("现要求{m}全额退还已缴保费{amt}元，否则本人将向金融监管部门投诉并保留诉讼权利。",
          "要求{m}在七个工作日内全额退还全部保费，逾期将向国家金融监督管理总局举报。",
          "请{m}依法解除合同并全额退还保费，否则本人将通过司法途径解决。")),
        ("full_refund", "compensation")),
    AgencyKind(
        "debt", (3000, 60000), ("信用贷", "消费贷", "分期借款", "现金贷"),
        ("关于{m}违规收费及暴力催收的投诉", "{m}暴力催收，要求停息挂账", "要求{m}减免违规利息并协商还款",
         "{m}砍头息及违规收费投诉"),
        (("本人{name}，{date}在{m}申请{item}{amt}元，因疫情期间失业收入中断，目前无力按期还款。",
          "本人{name}于{date}在{m}借款{amt}元，后因生意失败、家人生病，暂时无力偿还。",
          "借款人{name}，在{m}有一笔{item}，本金{amt}元，因收入骤降已经逾期。"),
         ("{m}存在违规收取高额服务费、担保费的行为，综合年化利率超过百分之二十四。",
          "该借款除利息外还被收取了会员费、担保费等各种费用，实际年化利率远超法定上限。",
          "{m}在放款时直接扣除砍头息，并捆绑销售保险，综合成本超过百分之三十六。"),
         ("逾期后{m}委托的催收人员频繁拨打本人及家人、同事电话，言语威胁侮辱。",
          "催收人员每天几十个电话轰炸本人通讯录里的亲友，严重影响本人的生活和工作。",
          "{m}的催收方式极其恶劣，向本人通讯录联系人群发短信，泄露本人隐私。"),
         ("现要求{m}停息挂账，减免全部违规利息和费用，退还砍头息，并出具书面协商还款方案。",
          "要求{m}立即停止暴力催收，减免罚息违约金，同意本人本金分六十期偿还。",
          "请{m}停止计息，只还本金，并给出书面的个性化分期方案。"),
         ("否则本人将向金融监管部门、中国人民银行投诉并向法院起诉。借款合同编号：{loan}。",
          "如不处理，本人将向金融监管部门、互金协会、人民银行同步投诉。合同编号{loan}。",
          "望{m}重视，否则本人将通过法律途径维护自身权益。")),
        ("waive_interest", "refund_fees", "stop_collection", "installment_plan")),
    AgencyKind(
        "food", (19, 398), ("进口奶粉", "燕窝礼盒", "有机大米", "野生蜂蜜", "保健酒", "坚果礼包", "阿胶糕"),
        ("{m}销售不合格食品要求十倍赔偿", "{m}售卖标签不合格食品", "关于{m}销售违法食品的投诉举报"),
        (("本人于{date}在{m}购买{item}共计{amt}元。", "{date}本人在{m}下单购买了{item}，支付{amt}元。",
          "本人{name}在{m}购买的{item}，订单金额{amt}元。"),
         ("经查该商品标签未标注生产许可证编号，配料表不全。", "收货后发现该商品为进口食品却没有中文标签。",
          "该商品外包装标注的生产日期与保质期模糊不清，且无生产许可证编号。"),
         ("违反《食品安全法》第六十七条规定，属于不符合食品安全标准的食品。",
          "依据《食品安全法》第九十七条，进口预包装食品应当有中文标签，该商品属于不合格食品。",
          "该商品违反《食品安全法》相关规定，属于不符合食品安全标准的食品。"),
         ("依据《食品安全法》第一百四十八条，要求{m}退还货款并支付价款十倍的赔偿金。",
          "根据《食品安全法》第一百四十八条第二款，要求退一赔十，不足一千元的按一千元赔偿。",
          "现要求{m}退款并支付十倍赔偿金。"),
         ("否则将向市场监管部门举报并提起诉讼。", "如不处理将向12315举报并向法院起诉。", "请于三日内答复。")),
        ("refund", "tenfold", "compensation", "report_to_regulator")),
    AgencyKind(
        "education", (3000, 30000), ("考研保过班", "职业资格证培训", "少儿编程课", "成人学历提升", "IT就业班"),
        ("{m}虚假承诺，要求全额退还培训费", "{m}培训机构拒不退费", "关于{m}诱导培训贷的投诉"),
        (("本人{name}于{date}报名{m}的{item}，缴纳培训费{amt}元。",
          "{date}，本人在{m}课程顾问的推荐下购买了{item}，费用{amt}元。",
          "本人{name}在{m}报读{item}，共支付学费{amt}元。"),
         ("课程顾问承诺包过、包就业，不通过全额退款。", "销售人员承诺学完推荐高薪工作，实际上根本没有推荐。",
          "报名时承诺七天无理由退款，现在却以各种理由拒绝。"),
         ("当时被诱导办理了培训贷，贷款至今每月还在扣款。", "实际授课老师资质不符，课程内容与宣传严重不符。",
          "合同中存在大量霸王条款，退费时要扣除高额违约金。"),
         ("上述行为已构成虚假宣传和合同欺诈，违反《消费者权益保护法》第二十条。",
          "{m}的行为违反了《民法典》关于格式条款的规定。", "该机构涉嫌虚假宣传，严重侵害消费者权益。"),
         ("现要求{m}全额退还培训费{amt}元并解除培训贷。", "要求{m}全额退款，并赔偿本人损失。",
          "请{m}尽快全额退费，否则本人将向教育局及市场监管局投诉。")),
        ("full_refund", "compensation", "cancel_loan")),
    AgencyKind(
        "card", (10000, 120000), ("信用卡", "备用金", "现金分期", "账单分期"),
        ("{m}信用卡逾期要求个性化分期", "{m}拒绝协商还款", "要求{m}停止催收并减免利息"),
        (("本人{name}名下{m}{item}欠款{amt}元，因经营失败收入锐减，已逾期三个月。",
          "本人在{m}的{item}目前欠款{amt}元，因失业无力全额还款。",
          "持卡人{name}，{m}{item}透支{amt}元，因家庭变故暂时无力偿还。"),
         ("本人多次主动联系{m}协商还款，均被拒绝。", "本人有还款意愿，但{m}只同意一次性还清。",
          "本人曾向{m}申请个性化分期，对方一直推诿。"),
         ("根据《商业银行信用卡业务监督管理办法》第七十条，银行可以与持卡人协商达成个性化分期还款协议。",
          "依据监管规定，持卡人确因生活困难无力还款的，发卡机构应与其平等协商。",
          "按照相关规定，{m}应当给予本人最长五年的分期还款。"),
         ("要求{m}停止催收，减免全部违约金和利息，本金分六十期还款。", "要求{m}停息挂账，只还本金，分期五年。",
          "请{m}减免罚息，并同意个性化分期。"),
         ("否则本人将向金融监管部门投诉。", "如不同意将向人民银行及监管部门反映。", "望尽快回复。")),
        ("installment_plan", "waive_interest", "stop_collection")),
    AgencyKind(
        "ad", (59, 499), ("美容仪", "减肥茶", "护肤套装", "净水器滤芯", "儿童学习机"),
        ("{m}虚假宣传要求退一赔三", "{m}商品宣传与实际不符构成欺诈", "关于{m}消费欺诈的投诉"),
        (("{date}本人在{m}购买{item}，支付{amt}元。", "本人{name}于{date}在{m}下单{item}一件，金额{amt}元。",
          "本人在{m}购买的{item}，订单金额{amt}元。"),
         ("商品详情页宣称“{claim}”，收到后发现与宣传严重不符。", "商家宣传“{claim}”，但经核实完全没有依据。",
          "页面标注“{claim}”，属于虚假宣传。"),
         ("违反《广告法》第九条、第二十八条的规定，构成虚假宣传。", "上述行为违反《反不正当竞争法》第八条。",
          "该宣传用语属于《广告法》禁止的绝对化用语。"),
         ("根据《消费者权益保护法》第五十五条，要求{m}退一赔三，赔偿不足五百元的按五百元计算。",
          "依据《消费者权益保护法》第五十五条，要求退还货款并三倍赔偿。", "要求{m}退款并按价款三倍赔偿。"),
         ("请于七日内书面答复，逾期将向市场监督管理局举报。", "否则本人将向市场监管部门举报。", "望尽快处理。")),
        ("refund", "triple", "apology", "public_statement")),
)}

#: The line agencies add when they act openly ({agency}, {agent}, {phone} filled in).
_AGENCY_LINES = (
    "本人已委托{agency}代为投诉，受托人联系电话：{phone}。",
    "本案已授权委托{agency}全权处理，委托代理人电话{phone}，请直接与受托人联系。",
    "委托我方代理维权，联系人：{agent}，电话{phone}。",
)
#: The same without the agent's number (the agency stays behind its clients' accounts).
_AGENCY_LINES_QUIET = (
    "本人已委托{agency}代为投诉，相关材料由受托人统一提交。",
    "本案已全权委托{agency}处理。",
    "此投诉由{agency}代理维权。",
)
_AGENCY_AD = ("{agency}专业维权，不成功不收费。", "")
_AGENCIES = ("安心维权服务中心", "诚信法律咨询工作室", "众维信息咨询有限公司", "保无忧咨询服务部")
_CLAIMS = ("最高级别", "国家级认证", "100%纯天然", "全网最低价", "七天见效", "医院同款")
_SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯于董萧程"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "军", "杰", "婷", "超", "霞", "明",
          "丽", "鹏", "慧", "建国", "秀英", "志强", "桂兰", "海燕", "晓东")
#: Allocated mobile segments (the privacy detector rejects unallocated ones such as 179).
_MOBILE = ("133", "135", "136", "138", "139", "150", "151", "153", "158", "159", "176", "177",
           "180", "181", "186", "187", "188", "189")
_CHANNELS = ("app", "web", "miniprogram", "hotline")
_DEMANDS = (("refund",), ("refund",), ("refund",), ("refund", "compensation"), ("explanation",),
            ("refund", "apology"), ("repair",), ("refund", "compensation", "apology"))
_DELEGATE = (
    "我是替我父亲投诉的，他年纪大了，委托我帮他处理。",
    "这单是我委托朋友帮忙代购的，付款是我自己付的。",
    "我已经委托律师咨询过，律师说商家理亏。",
    "附上我母亲签字的授权委托书，她不会用手机，委托我代为投诉。",
    "当时是委托物业代收的快递。",
)
_LEGAL = ("根据《消费者权益保护法》第五十五条，商家存在欺诈，要求退一赔三。",
          "商家宣传和实物不符，我要求退一赔三，这是法律规定的。",
          "按消法规定应当退一赔三，希望商家按法律办。")
_ASIDES = ("我平时上班很忙，实在没时间一趟趟跑。", "说实话很失望。", "希望平台帮忙督促一下。",
           "已经打了好几次客服电话了。", "聊天记录都截图保存了。")


@dataclass(frozen=True)
class EvalSet:
    """Submissions (ids = positions, in time order) with their truth.

    ``agency`` is the label; ``groups`` names the construction group (see
    :data:`GENUINE_GROUPS`, :data:`AGENCY_GROUPS`); ``batches`` numbers each campaign, wave,
    family or multi-order consumer (-1 for lone complaints).
    """

    subs: tuple[Submission, ...]
    agency: tuple[bool, ...]
    groups: tuple[str, ...]
    batches: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.subs)


class _Builder:
    """Collects rows; ids are assigned at the end, in time order."""

    def __init__(self, rng: random.Random, merchants: int) -> None:
        self.rng = rng
        self.merchants = merchants
        self.rows: list[tuple[dict, bool, str, int]] = []
        self._users = 0
        self._batch = 0

    # -- identities ------------------------------------------------------------------------
    def user(self) -> str:
        self._users += 1
        return f"u{self._users:05d}"

    def batch(self) -> int:
        self._batch += 1
        return self._batch

    def phone(self) -> str:
        r = self.rng
        return r.choice(_MOBILE) + f"{r.randrange(10**8):08d}"

    def device(self) -> str:
        return f"dev:{self.rng.getrandbits(48):012x}"

    def home_ip(self) -> str:
        return f"ip:{self.rng.getrandbits(32):08x}"

    def name(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice(_GIVEN)

    def when(self, start: datetime | None = None, days: float = SPAN_DAYS) -> datetime:
        start = start or BASE
        return start + timedelta(days=self.rng.uniform(0, days), hours=self.rng.uniform(0, 14))

    # -- rows --------------------------------------------------------------------------------
    def add(self, *, complainant: str, merchant: int, text: str, at: datetime, amount: float,
            demands: tuple[str, ...], phone: str, source: str, agency: bool, group: str,
            batch: int = -1) -> None:
        contacts = {contact_key("phone", phone, SECRET), *contacts_from_text(text, SECRET)}
        row = {"complainant": complainant, "merchant_id": merchant, "text": text,
               "submitted_at": at, "amount": Decimal(str(round(amount))), "demands": demands,
               "contacts": tuple(sorted(contacts)), "source": source,
               "channel": self.rng.choice(_CHANNELS)}
        self.rows.append((row, agency, group, batch))

    def genuine_text(self, kind: Kind, merchant: int, at: datetime,
                     amount: float) -> str:
        r = self.rng
        facts = {"m": merchant_name(merchant), "item": r.choice(kind.items),
                 "err": r.choice(kind.errs), "city": r.choice(("上海", "北京", "广州", "重庆"))}
        facts["item"] = facts["item"].format_map(facts)
        return _member_text(r, kind, facts, at, amount)

    def amount(self, kind: Kind) -> float:
        lo, hi = kind.amount
        return float(round(self.rng.uniform(lo, hi))) if hi else 0.0


# ------------------------------------------------------------------------------- genuine


def _individuals(b: _Builder, n: int) -> None:
    r = b.rng
    for _ in range(n):
        kind, merchant, at = r.choice(KINDS), r.randrange(b.merchants), b.when()
        amount, phone = b.amount(kind), b.phone()
        text = b.genuine_text(kind, merchant, at, amount)
        if r.random() < 0.1:  # some consumers write their own number into the text
            text += f"我的电话{phone}。"
        b.add(complainant=b.user(), merchant=merchant, text=text, at=at, amount=amount,
              demands=r.choice(_DEMANDS), phone=phone, source=b.device(), agency=False,
              group="individual")


def _collective(b: _Builder, waves: int, size: tuple[int, int]) -> None:
    """Real incidents: one merchant, one problem, each member in their own words."""
    r = b.rng
    kinds = list(KINDS)
    for w in range(waves):
        kind = kinds[w % len(kinds)] if w < len(kinds) else r.choice(kinds)
        merchant, start, batch = r.randrange(b.merchants), b.when(days=SPAN_DAYS - 20), b.batch()
        facts = {"m": merchant_name(merchant), "item": r.choice(kind.items),
                 "err": r.choice(kind.errs), "city": r.choice(("深圳", "成都", "杭州", "武汉"))}
        facts["item"] = facts["item"].format_map(facts)
        for _ in range(r.randint(*size)):
            at = start + timedelta(days=r.expovariate(1 / 3.0), hours=r.uniform(0, 12))
            amount = b.amount(kind)
            b.add(complainant=b.user(), merchant=merchant,
                  text=_member_text(r, kind, facts, at, amount), at=at, amount=amount,
                  demands=r.choice(_DEMANDS), phone=b.phone(), source=b.device(), agency=False,
                  group="collective", batch=batch)


def _office(b: _Builder, offices: int, size: tuple[int, int]) -> None:
    """Colleagues behind one office IP, all hit by one incident, filing the same morning."""
    r = b.rng
    for _ in range(offices):
        kind = r.choice(KINDS)
        merchant, start, batch = r.randrange(b.merchants), b.when(days=SPAN_DAYS - 5), b.batch()
        facts = {"m": merchant_name(merchant), "item": r.choice(kind.items),
                 "err": r.choice(kind.errs), "city": r.choice(("深圳", "成都", "杭州", "武汉"))}
        facts["item"] = facts["item"].format_map(facts)
        ip = b.home_ip()
        for _ in range(r.randint(*size)):
            at = start + timedelta(hours=r.uniform(0, 6))
            amount = b.amount(kind)
            b.add(complainant=b.user(), merchant=merchant,
                  text=_member_text(r, kind, facts, at, amount), at=at, amount=amount,
                  demands=r.choice(_DEMANDS), phone=b.phone(), source=ip, agency=False,
                  group="office", batch=batch)


def _copy_paste(b: _Builder, groups: int, size: tuple[int, int]) -> None:
    """A 维权群 shares one draft; members paste it with their own name and amount."""
    r = b.rng
    for _ in range(groups):
        kind = r.choice(KINDS)
        merchant, start, batch = r.randrange(b.merchants), b.when(days=SPAN_DAYS - 20), b.batch()
        draft = b.genuine_text(kind, merchant, start, 12345)
        title, body = draft.split("\n", 1)
        for _ in range(r.randint(*size)):
            at = start + timedelta(days=r.expovariate(1 / 2.0), hours=r.uniform(0, 12))
            amount = b.amount(kind) or 1.0
            text = (title + "\n" + f"本人{b.name()}，" + body.replace("12345", str(int(amount)))
                    + (r.choice(_ASIDES) if r.random() < 0.5 else ""))
            b.add(complainant=b.user(), merchant=merchant, text=text, at=at, amount=amount,
                  demands=("refund",), phone=b.phone(), source=b.device(), agency=False,
                  group="copy_paste_group", batch=batch)


def _multi_order(b: _Builder, consumers: int) -> None:
    """One consumer, three complaints about three different orders within a few weeks."""
    r = b.rng
    for _ in range(consumers):
        who, phone, source, batch = b.user(), b.phone(), b.device(), b.batch()
        start = b.when(days=SPAN_DAYS - 25)
        home = r.randrange(b.merchants)
        for kind in r.sample(KINDS, 3):
            merchant = home if r.random() < 0.5 else r.randrange(b.merchants)
            at = b.when(start, 21)
            amount = b.amount(kind)
            b.add(complainant=who, merchant=merchant,
                  text=b.genuine_text(kind, merchant, at, amount), at=at, amount=amount,
                  demands=r.choice(_DEMANDS), phone=phone, source=source, agency=False,
                  group="multi_order", batch=batch)


def _families(b: _Builder, families: int) -> None:
    """Two or three relatives on one phone number and one home connection.

    Half of the families complain about the same thing with one text the first member wrote
    (the others copy it), so their texts are near-identical too.
    """
    r = b.rng
    for _ in range(families):
        phone, ip, batch = b.phone(), b.home_ip(), b.batch()
        start = b.when(days=SPAN_DAYS - 10)
        kind, merchant = r.choice(KINDS), r.randrange(b.merchants)
        shared = r.random() < 0.5
        text0 = b.genuine_text(kind, merchant, start, b.amount(kind))
        for _ in range(r.randint(2, 3)):
            at = b.when(start, 4)
            if shared:
                amount = b.amount(kind)
                text = text0 + (r.choice(_ASIDES) if r.random() < 0.5 else "")
            else:
                kind2 = r.choice(KINDS)
                merchant = r.randrange(b.merchants)
                amount = b.amount(kind2)
                text = b.genuine_text(kind2, merchant, at, amount)
            b.add(complainant=b.user(), merchant=merchant, text=text, at=at, amount=amount,
                  demands=r.choice(_DEMANDS), phone=phone, source=ip, agency=False,
                  group="family", batch=batch)


def _delegated(b: _Builder, n: int) -> None:
    """Ordinary consumers who write 委托 (or even 代为投诉) once."""
    r = b.rng
    for _ in range(n):
        kind, merchant, at = r.choice(KINDS), r.randrange(b.merchants), b.when()
        amount = b.amount(kind)
        title, body = b.genuine_text(kind, merchant, at, amount).split("\n", 1)
        text = title + "\n" + r.choice(_DELEGATE) + body
        b.add(complainant=b.user(), merchant=merchant, text=text, at=at, amount=amount,
              demands=r.choice(_DEMANDS), phone=b.phone(), source=b.device(), agency=False,
              group="delegated")


def _legal_punitive(b: _Builder, n: int) -> None:
    """Consumers claiming 退一赔三 — their legal right — on small purchases."""
    r = b.rng
    kinds = [k for k in KINDS if k.code in ("defect", "nodelivery")]
    for _ in range(n):
        kind, merchant, at = r.choice(kinds), r.randrange(b.merchants), b.when()
        amount = float(r.randint(29, 450))
        text = b.genuine_text(kind, merchant, at, amount) + r.choice(_LEGAL)
        b.add(complainant=b.user(), merchant=merchant, text=text, at=at, amount=amount,
              demands=("refund", "punitive"), phone=b.phone(), source=b.device(), agency=False,
              group="legal_punitive")


# -------------------------------------------------------------------------------- agency


@dataclass(frozen=True)
class Campaign:
    """One agency campaign: how many clients, at how many merchants, and how it operates.

    ``contact``: ``account`` (the agent's phone as account phone or written in the text),
    ``text`` (only written in an agency line), ``none`` (clients' own phones only).
    ``source``: ``agent`` (one device, filing in daily batches), ``few`` (two or three agent
    devices), ``clients`` (each client files from their own device).
    """

    group: str
    kind: str
    size: tuple[int, int]
    merchants: int
    vary: bool = False
    contact: str = "account"
    source: str = "clients"
    phrase: bool = False


CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign("agency_template_contact", "surrender", (18, 30), 5),
    Campaign("agency_template_contact", "debt", (20, 32), 6),
    Campaign("agency_template_contact", "food", (12, 20), 4),
    Campaign("agency_template_contact", "surrender", (12, 18), 1),
    Campaign("agency_template_source", "education", (15, 24), 1, contact="none", source="agent"),
    Campaign("agency_template_source", "card", (12, 18), 3, contact="none", source="agent"),
    Campaign("agency_template_source", "ad", (15, 25), 5, contact="none", source="agent"),
    Campaign("agency_varied_contact", "debt", (10, 16), 4, vary=True),
    Campaign("agency_varied_contact", "surrender", (8, 14), 3, vary=True),
    Campaign("agency_varied_contact", "card", (8, 12), 1, vary=True),
    Campaign("agency_phrase", "debt", (12, 18), 5, contact="text", source="few", phrase=True),
    Campaign("agency_phrase", "surrender", (10, 14), 2, vary=True, contact="text",
             phrase=True),
    Campaign("agency_text_only", "education", (10, 16), 1, contact="none", phrase=True),
    Campaign("agency_text_only", "food", (10, 16), 1, contact="none"),
    Campaign("agency_text_only", "debt", (10, 16), 4, contact="none"),
    Campaign("agency_small", "food", (4, 5), 2),
    Campaign("agency_small", "education", (3, 3), 1),
    Campaign("agency_small", "ad", (5, 5), 2, vary=True),
)


def _agency(b: _Builder, camp: Campaign) -> None:
    r = b.rng
    kind = AGENCY_KINDS[camp.kind]
    agent_phone, agency, agent = b.phone(), r.choice(_AGENCIES), b.name()
    devices = [b.device() for _ in range(r.randint(2, 3) if camp.source == "few" else 1)]
    targets = r.sample(range(b.merchants), camp.merchants)
    start, batch = b.when(days=SPAN_DAYS - 20), b.batch()
    fixed = [r.randrange(len(p)) for p in kind.parts]
    title_i = r.randrange(len(kind.titles))
    line_i = r.randrange(len(_AGENCY_LINES))
    per_day = r.randint(4, 8)
    size = r.randint(*camp.size)
    for i in range(size):
        if camp.source == "agent":  # the agent files a batch a day, within office hours
            at = start + timedelta(days=i // per_day, hours=r.uniform(0, 9))
        else:
            at = b.when(start, 14)
        merchant = targets[i % len(targets)]
        facts = {"m": merchant_name(merchant), "name": b.name(), "date": _cn_date(at, r),
                 "amt": str(r.randint(*kind.amount)), "item": r.choice(kind.items),
                 "loan": str(r.randrange(10**11, 10**12)), "claim": r.choice(_CLAIMS),
                 "agency": agency, "agent": agent, "phone": agent_phone}
        if camp.vary:  # the agent rewrites: another phrasing per sentence, middle shuffled
            parts = [r.choice(p) for p in kind.parts]
            middle = parts[1:-1]
            r.shuffle(middle)
            if r.random() < 0.4:
                middle.pop(r.randrange(len(middle)))
            parts = [parts[0], *middle, parts[-1]]
            title = r.choice(kind.titles)
        else:
            parts = [p[j] for p, j in zip(kind.parts, fixed, strict=True)]
            title = kind.titles[title_i]
        body = "".join(parts)
        if camp.phrase:
            lines = _AGENCY_LINES if camp.contact != "none" else _AGENCY_LINES_QUIET
            body += r.choice(lines) if camp.vary else lines[line_i]
            body += r.choice(_AGENCY_AD)
        phone = b.phone()
        if camp.contact == "account":
            if r.random() < 0.6:
                phone = agent_phone
            else:
                body += "联系电话：{phone}。"
        text = (title + "\n" + body).format_map(facts)
        demands = kind.demands if not camp.vary else tuple(
            d for d in kind.demands if r.random() < 0.8) or kind.demands[:1]
        source = r.choice(devices) if camp.source != "clients" else b.device()
        b.add(complainant=b.user(), merchant=merchant, text=text, at=at,
              amount=float(facts["amt"]), demands=demands, phone=phone, source=source,
              agency=True, group=camp.group, batch=batch)


# ------------------------------------------------------------------------------- assemble


def generate(seed: int = 0, merchants: int = 60, individuals: int = 1500, waves: int = 10,
             wave_size: tuple[int, int] = (10, 40), scale: int = 1) -> EvalSet:
    """Build the labelled set; ``scale`` repeats every group that many times (for timing)."""
    rng = random.Random(seed)
    b = _Builder(rng, merchants * scale)
    for _ in range(scale):
        _individuals(b, individuals)
        _collective(b, waves, wave_size)
        _office(b, 3, (5, 9))
        _copy_paste(b, 2, (8, 14))
        _multi_order(b, 15)
        _families(b, 20)
        _delegated(b, 20)
        _legal_punitive(b, 25)
        for camp in CAMPAIGNS:
            _agency(b, camp)
    order = sorted(range(len(b.rows)), key=lambda i: (b.rows[i][0]["submitted_at"], i))
    subs = tuple(Submission(id=n, **b.rows[i][0]) for n, i in enumerate(order))
    return EvalSet(subs, tuple(b.rows[i][1] for i in order), tuple(b.rows[i][2] for i in order),
                   tuple(b.rows[i][3] for i in order))
