"""Emergency detection (M3): a lexicon of components combined by rules, the model as a net.

Every miss is a person losing money while the complaint waits in a queue, so the detector
is built for recall. Instead of one regex per phrasing (which only ever learns the phrasings
someone already saw), an emergency is described by *components* that consumers combine
freely, each a small lexicon:

- ``MOVE``  money moving: 扣/刷/转走/划走/取现/消费/借走/提现/买 … ("charged", "withdrew")
- ``NOT_ME`` not authorised by the owner: 不是我/没授权/不认识/陌生/莫名/被人/卡在身上 …
- ``NOW``   happening now: 还在/正在/不停/一笔一笔/连着 … (ongoing, not "每个月")
- ``LOSS``  a balance that vanished: 卡里的钱没了/余额只剩/被清空/不翼而飞
- impersonation of staff, police or couriers (自称/冒充/说是 + 客服/警察/快递 …), requests for
  codes (验证码/短信里的数字 + 报/念/告诉), screen sharing and remote control, "safe
  account" transfers, up-front fees (解冻费/保证金/验资), loan-app scams;
- ``FROZEN`` × ``MONEY``: an account or balance frozen *with money in it* (a game account
  ban without funds is not an emergency);
- account takeover and SIM swap: 账号被盗/被人登录/密码被改/补办手机卡 ….

A rule fires when its components co-occur within :data:`WINDOW` characters (e.g. ``MOVE``
near ``NOT_ME``: "卡里被扣了三千 … 我根本没碰手机"), so the lexicon generalises to
combinations nobody wrote down. Chinese components only run on texts containing Chinese,
English ones only on texts with Latin letters. The catalog's ``emergency_signals`` (editable
by admins) are applied on top, and the model's probability mass on emergency scenarios is
the last net. Lexicon changes were tuned on ``eval/zh_eval.jsonl`` and
``eval/zh_emergency_fresh.jsonl`` only; ``eval/zh_emergency_holdout.jsonl`` is for reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .catalog import Catalog, EmergencySignal
from .features import is_chinese_pattern

#: Two components "co-occur" when their matches are at most this many characters apart.
WINDOW = 40

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[a-z]")

_ACCOUNT = r"账号|账户|帐号|帐户|号|微信|支付宝|qq|邮箱|店铺|apple ?id|钱包|app"
_MONEY_SUBJ = (
    r"钱|余额|存款|资金|积蓄|工资|养老金|退休金|零钱|余额宝|小金库|货款|学费|房租|营业额|生活费"
)
_STAFF = (
    r"客服|工作人员|银行|警察|警官|公安|民警|检察|法院|专员|官方|平台|快递|物流|顺丰|医保|社保|"
    r"税务|领导|老板|客户经理|理赔|售后|运营商|移动|联通|电信|银保监|金融|管理局|中心"
)

# Chinese components -------------------------------------------------------------------
ZH = {
    "move": r"扣(了|款|费|钱|走|掉|光)?|刷(了|走|掉|卡)|被刷|消费|转(走|出|账|帐|掉|了)|划(走|扣|掉|转)"
    r"|取(走|现|款|了)|提现|支付了|付款|支出|借(走|了)|贷(了|出)|下(了)?(好几|几|十几)?单|买(了|的|东西)"
    r"|充值|充了|花(了|掉)|发(了)?红包|交易|汇(款|了|走)",
    "not_me": r"不是(我|本人)|非本人|(我|本人|他|她)(根本|从来|压根|完全|都|也|并|绝对)?(没|没有|未|从未|从没|不曾|不会)"
    r"(有)?(操作|授权|同意|碰|去过|出过|出门|订过|下过|买过|消费过|转过|充过|借过|用过|玩|在那"
    r"|收到过?(任何)?验证码)|(没|没有|未|从未|从没)(有)?(授权|本人操作)"
    r"|不(认识|认得)|没见过|陌生|莫名|莫明|不知情|不知道(是)?(谁|什么时候)|谁(干|弄|操作)的|凭空"
    r"|无缘无故|不翼而飞|被(人|别人|他人|陌生人|骗子)|别人(用|刷|买|借)"
    r"|(卡|手机)(就|一直|还|都)?(在|放在)(我)?(身上|手上|手里|钱包|家|身边|抽屉)|人在(家|医院|上班|睡觉|外地|国内)"
    r"|在睡觉|睡觉的时候",
    "now": r"(还在|正在|不停|不断|一直在)(地|的)?(被)?(扣|转|刷|消费|划|取|借)|一笔一笔|接连|连着(扣|刷|转)"
    r"|连续(扣|刷|转|消费|收到)|又来一条|每隔.{0,4}分钟|几分钟(内|里)",
    "loss": r"(卡里|卡上|账户|帐户|余额|存款|积蓄|零钱|余额宝|工资卡|钱包|里面)(的)?(钱|余额)?"
    r".{0,6}(少了|没了|不见了|被清空|清空|清零|扣光|转空|只剩|不翼而飞|全没|被转走|被划走)",
    "theft": r"盗刷|盗shua|盗用|被盗|盗走|盗号|被人盗|被黑|复制卡|伪卡|连刷",
    "misuse": r"冒用|冒名",
    "odd_place_time": r"异地|境外|国外|外省|外地|半夜|凌晨|深夜|另一个(城市|国家)",
    "link": r"(点|扫|打开|发来|发了|发给我).{0,8}(链接|二维码|网址|网站)",
    "give_info": r"(输入|填|填写|提供|报|告诉).{0,6}(银行卡|卡号|密码|验证码|身份证|信息|资料)",
    "instructed": r"(让我|要我|叫我|指导我|教我|按照?(他|她|对方)的?(说的|指示|指导|要求)?)[^。！!？?]{0,20}"
    r"(转账|转给|转到|转了|转过去|汇款|贷出|开通备用金|刷流水|下载.{0,6}(app|软件|应用))"
    r"|(让我|要我|叫我)(在|去)[^，,。]{0,10}(贷款|借钱|借款)",
    "repeat_demand": r"(又|再|继续|还)(要|让)我(再)?(交|充|转|付)(了)?.{0,6}(费|钱|金|\d)",
    "subscription": r"自动续费|自动扣费|自动续|续费|连续包|会员|订阅|套餐|业务|流量包|彩铃",
    "other_actor": r"催收|担心|害怕|怕被|会被|以免|谨防",
    "minor": r"(?<!没有)(?<!没)(孩子|儿子|女儿|小孩|未成年|娃)",
    "identity": r"身份证?|征信",
    "credit_opened": r"(月付|先用后付|免密|借呗|花呗|白条|金条|网贷|贷款|信用卡).{0,10}"
    r"(不知道|不知情|没开|没有开|没开通|没有开通|从来没开|被开通|没申请|被人开)"
    r"|(没|没有|从没|从来没|未)(有)?(开通|开过|申请|办)(过)?.{0,6}(月付|先用后付|免密|借呗|花呗|白条|金条|网贷)",
    "takeover": rf"({_ACCOUNT}).{{0,6}}(被盗|被黑|被(人|别人|他人)?(登录|登陆|盗|抢|改|顶|挤|接管|控制)"
    rf"|被顶|挤下线|被改绑|被换绑|被解绑)|({_ACCOUNT})在[^，,。]{{1,8}}(登录|登陆)"
    r"|(密码|密保|绑定(的)?(手机|手机号|邮箱|银行卡)|预留手机号|手机号|邮箱|实名|将军令).{0,6}被(人|别人)?"
    r"(改|修改|重置|换|解绑|改绑)"
    r"|(异地|陌生|新|别的|另一台|其他|不明)(的)?(设备|手机|城市|地方)?.{0,4}(登录|登陆)|顶号|挤下线"
    r"|(登录|登陆)了我的",
    "sim_swap": r"(补办|补了|补卡|换卡|过户|冒名).{0,8}(手机卡|sim|电话卡|号码|新卡|号)"
    r"|(手机卡|电话卡|号码|手机号).{0,6}(被|突然)(人)?(补办|过户|失效|停机|转走|换)|手机突然没信号",
    "scam": r"被骗|骗了|诈骗|骗子|骗局|上当|刷单返利",
    "impersonation": rf"(冒充|假冒|假的?|自称|说是|说他是|说她是|说自己是|所谓的?|谎称|声称)[\"“”]?"
    rf"[^，,。！!？?\s]{{0,6}}({_STAFF})",
    "code_request": r"(验证码|动态码|校验码|短信码|六位数|短信(里|上)?的?(数字|码)).{0,12}(给|告诉|报|念|发|填|输入|提供|要走|被要)"
    r"|(要|让|索要|问我要|骗走|套取|要了).{0,8}(验证码|动态码|短信码)",
    "screen_share": r"屏幕共享|共享屏幕|分享屏幕|屏幕分享|开(了)?共享|远程(控制|协助|操作|软件)|会议(软件|app)"
    r"|视频会议|云会议|腾讯会议|zoom|anydesk|teamviewer|向日葵",
    "safe_account": r"(安全|监管|清查|保护|核查|备用|指定|验证)的?(账|帐)户|资金(核查|验证|清查|监管)|验资"
    r"|(解冻|激活|验证|认证)(费|金)|刷流水|流水不够|(注销|关闭|取消).{0,8}(校园贷|学生(贷|账户)|金条|百万(保障|医疗)|贷款)"
    r"|(转|汇)(到|入|给|进).{0,8}(指定|安全|对方|他们|他给|他提供)的?.{0,4}(账户|帐户|卡|账号)",
    "upfront_fee": r"(先|要我|让我|要)(转|交|付|充).{0,8}(保证金|解冻|验证金|激活|手续费|罚款|服务费|验资|会员费|税)"
    r"|(费|金|钱).{0,10}(才|就)(能|给|可以)?(放款|提现|到账)|放款前.{0,6}(交|付|充)",
    "frozen": rf"({_MONEY_SUBJ}|账户|帐户|账号|银行卡|卡|支付宝|微信|财付通|钱包|保证金).{{0,8}}"
    r"(被)?(冻结|冻了|止付|锁定|风控|限制|锁了|暂停|非柜面)|(冻结|风控|止付)",
    "stuck": r"(提不出|取不出|转不出|提现不了|无法提现|不能提现|不让提现|动不了|出不来|不能消费|无法转出|取不了"
    r"|提不了|转不了|拿不出来)",
    "money": rf"\d|[一二两三四五六七八九十百千万]+(块|元|万)|{_MONEY_SUBJ}",
}

# English components -------------------------------------------------------------------
EN = {
    "move": r"\b(charged?|charges|withdr[ae]w\w*|transferr?\w*|spent|took|taken|debited|purchases?"
    r"|bought|buy|buying|sent|drained|paid|payments?|transactions?|used my (card|account))\b",
    "not_me": r"unauthori[sz]ed|not authori[sz]ed|without (my )?(permission|authori[sz]ation|consent|knowledge)"
    r"|(did ?n[o']?t|didnt|never|wasn'?t) (make|authori[sz]e|recogni[sz]e|do|order|buy|me)"
    r"|someone|somebody|stranger|don'?t recogni[sz]e|i'?m at home|another country|never been",
    "theft": r"fraudulent|stolen (card|money|funds)|card (was )?(skimmed|cloned)|identity theft",
    "loss": r"(money|funds|savings|balance)\b.{0,30}\b(gone|drained|disappeared|went down|missing|emptied)"
    r"|account (is )?(empty|drained)",
    "takeover": r"(hacked|compromised|taken over|broken into)|(got|logged|broke) (in|into) my"
    r"|changed (the|my) (email|password|phone)|sim swap",
    "impersonation": r"scam(mer|med)?|phishing|impersonat|pretend(ed|ing)? to be|claim(ed|ing) to be"
    r"|said (they|he|she) (were|was) from",
    "code_request": r"(verification|security|one[- ]time|otp) (code|pin|passcode)",
    "screen_share": r"screen ?shar(e|ing)|remote access|anydesk|teamviewer",
    "frozen": r"\b(frozen|froze|freez\w*|on hold|locked|limited)\b",
    "money": r"\$|\d|dollars|funds|money|balance|savings",
}

_ZH = {name: re.compile(p) for name, p in ZH.items()}
_EN = {name: re.compile(p) for name, p in EN.items()}


@dataclass(frozen=True)
class Rule:
    """One way to recognise an emergency: components that must co-occur."""

    family: str
    components: tuple[str, ...]
    #: Components that cancel the rule when they occur within :data:`WINDOW` of its evidence:
    #: a subscription being charged, a debt collector impersonating a court, a fear of
    #: being scammed are complaints, not emergencies.
    unless: tuple[str, ...] = ()


#: Families: (name_zh, name_en) for the reasons shown to staff.
FAMILIES = {
    "money_leaving": ("资金正在被盗/被转走", "money being stolen or leaving the account now"),
    "account_takeover": ("账号被盗/被他人控制", "account taken over"),
    "fraud_in_progress": ("诈骗进行中/冒充客服", "fraud in progress or impersonated staff"),
    "funds_frozen": ("资金被冻结/无法提现", "funds frozen or withdrawal blocked"),
}

RULES_ZH = (
    Rule("money_leaving", ("theft",)),
    Rule("money_leaving", ("misuse",), unless=("identity",)),
    Rule("money_leaving", ("move", "not_me"), unless=("subscription", "other_actor", "minor")),
    Rule("money_leaving", ("now",), unless=("subscription",)),
    Rule("money_leaving", ("odd_place_time", "move"), unless=("subscription", "minor")),
    Rule("money_leaving", ("loss",)),
    Rule("money_leaving", ("credit_opened",)),
    Rule("account_takeover", ("takeover",)),
    Rule("account_takeover", ("sim_swap",)),
    Rule("fraud_in_progress", ("scam",), unless=("other_actor",)),
    Rule("fraud_in_progress", ("impersonation",), unless=("other_actor",)),
    Rule("fraud_in_progress", ("code_request",)),
    Rule("fraud_in_progress", ("screen_share",)),
    Rule("fraud_in_progress", ("safe_account",)),
    Rule("fraud_in_progress", ("upfront_fee",)),
    Rule("fraud_in_progress", ("repeat_demand",)),
    Rule("fraud_in_progress", ("link", "move")),
    Rule("fraud_in_progress", ("link", "give_info")),
    Rule("fraud_in_progress", ("instructed",)),
    Rule("funds_frozen", ("frozen", "money")),
    Rule("funds_frozen", ("stuck", "money")),
)
RULES_EN = (
    Rule("money_leaving", ("theft",)),
    Rule("money_leaving", ("move", "not_me")),
    Rule("money_leaving", ("loss",)),
    Rule("account_takeover", ("takeover",)),
    Rule("fraud_in_progress", ("impersonation",)),
    Rule("fraud_in_progress", ("code_request",)),
    Rule("fraud_in_progress", ("screen_share",)),
    Rule("funds_frozen", ("frozen", "money")),
)


def _spans(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(text) if m.end() > m.start()]


def _near(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first pair of spans (one from each list) within :data:`WINDOW`, merged."""
    for s1, e1 in a:
        for s2, e2 in b:
            gap = max(s1, s2) - min(e1, e2)
            if gap <= WINDOW:
                return min(s1, s2), max(e1, e2)
    return None


def _apply(
    text: str, rules: tuple[Rule, ...], lexicon: dict[str, re.Pattern[str]]
) -> list[tuple[str, str]]:
    """``(family, evidence)`` for each family with at least one firing rule."""
    cache: dict[str, list[tuple[int, int]]] = {}
    fired: dict[str, str] = {}
    for rule in rules:
        if rule.family in fired:
            continue
        spans = []
        for name in rule.components:
            if name not in cache:
                cache[name] = _spans(lexicon[name], text)
            spans.append(cache[name])
            if not cache[name]:
                break
        else:
            if len(spans) == 1:
                start, end = spans[0][0]
            else:
                hit = _near(spans[0], spans[1])
                if hit is None:
                    continue
                start, end = hit
            if any(
                _near([(start, end)], cache.setdefault(u, _spans(lexicon[u], text)))
                for u in rule.unless
            ):
                continue
            fired[rule.family] = text[start:end]
    return list(fired.items())


def lexicon_signals(text: str) -> list[str]:
    """Reasons from the component lexicon for normalised ``text`` (one per family)."""
    found: dict[str, str] = {}
    if _HAN.search(text):
        found.update(_apply(text, RULES_ZH, _ZH))
    if _LATIN.search(text):
        for family, evidence in _apply(text, RULES_EN, _EN):
            found.setdefault(family, evidence)
    return [
        f"{FAMILIES[family][0]} / {FAMILIES[family][1]}: “{evidence}”"
        for family, evidence in found.items()
    ]


_split: dict[
    int, tuple[EmergencySignal, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]
] = {}


def _signal_patterns(signal: EmergencySignal, has_han: bool) -> tuple[re.Pattern[str], ...]:
    """The signal's patterns worth trying: Chinese-only ones only on texts with Chinese."""
    hit = _split.get(id(signal))
    if hit is None or hit[0] is not signal:
        other = tuple(r for r in signal.compiled if not is_chinese_pattern(r.pattern))
        hit = (signal, signal.compiled, other)
        _split[id(signal)] = hit
    return hit[1] if has_han else hit[2]


def explicit_signals(text: str, catalog: Catalog) -> list[str]:
    """Human-readable reasons for every emergency signal that matches ``text``.

    The component lexicon first, then the catalog's ``emergency_signals`` (admin-editable
    extra patterns) for families the lexicon did not already report. ``text`` must be
    normalised (see :func:`tousu.text.normalize.normalize`).
    """
    reasons = lexicon_signals(text)
    seen = {r.split(" / ", 1)[0] for r in reasons}
    has_han = _HAN.search(text) is not None
    for signal in catalog.emergency_signals:
        if signal.name_zh in seen:
            continue
        for regex in _signal_patterns(signal, has_han):
            match = regex.search(text)
            if match:
                reasons.append(f"{signal.name_zh} / {signal.name_en}: “{match.group(0)}”")
                break
    return reasons


def model_signal(
    probabilities: np.ndarray,
    best: int,
    lookups: Any,
    threshold: float,
    min_confidence: float = 0.15,
) -> str | None:
    """A reason when the emergency scenarios together get at least ``threshold`` probability.

    ``best`` is the index of the top class; ``lookups`` carries ``codes``, ``scenarios``,
    ``emergency_mask`` (which columns are emergency scenarios) and ``other`` (the column of
    the catch-all). The threshold is low (recall first), so it only applies when the model
    recognises the text at all: with a top-1 probability under ``min_confidence`` or a top-1
    of ``other`` the distribution is near-uniform and its emergency mass means nothing.
    """
    if probabilities[best] < min_confidence or best == lookups.other:
        return None
    mask = lookups.emergency_mask
    mass = float(probabilities[mask].sum())
    if mass < threshold or not mask.any():
        return None
    masked = np.where(mask, probabilities, -1.0)
    scenario = lookups.scenarios[lookups.codes[int(masked.argmax())]]
    return (
        f"模型判断为紧急类场景 / model: emergency scenarios p={mass:.2f} "
        f"(最可能 {scenario.name_zh} / {scenario.name_en})"
    )
