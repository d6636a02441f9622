"""Integrity signals on small hand-built cases (framework-free; plain pytest, no database)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np

from tousu.collective import Doc, IncrementalIndex, fingerprint
from tousu.collective.evalset import KINDS, _member_text
from tousu.integrity import (
    Assessment,
    IntegrityIndex,
    Reason,
    Submission,
    agency_phrase,
    assess,
    combine,
    contact_key,
    contacts_from_text,
    disproportion,
)
from tousu.integrity.signals import DEFAULT, _near_identical

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SECRET = "test-secret"
AGENT = contact_key("phone", "13912345678", SECRET)

TEMPLATE = (
    "{m}销售误导，要求全额退还保费\n本人{name}，于{date}经{m}业务员推销购买了{item}，至今累计缴纳保费"
    "{amt}元。业务员在销售过程中隐瞒保单现金价值和退保损失，夸大收益，承诺随时可以全额退还，存在严重"
    "销售误导。投保时本人未亲笔签名，也没有进行双录，回访电话是业务员代为接听的。根据《保险法》第十六条、"
    "第一百三十一条，上述行为严重侵害了本人的合法权益。现要求{m}全额退还已缴保费{amt}元，否则本人将向"
    "金融监管部门投诉并保留诉讼权利。"
)
MERCHANTS = {1: "启明人寿", 2: "北辰保险", 3: "海盐财险"}
NAMES = ("张伟", "王芳", "李娜", "赵敏", "刘静", "陈磊", "杨强", "黄洋", "周艳", "吴军",
         "徐杰", "孙婷", "马超", "朱霞", "胡明", "郭丽", "何鹏", "林慧", "罗建国", "高秀英")
ITEMS = ("年金险", "重疾险", "增额终身寿险", "万能险")

#: Twenty consumers of one broadband outage, each in their own words.
OUTAGE = (
    "蓝鲸宽带翠湖小区断网三天了\n从周一晚上开始家里就上不了网，打客服一直是机器人，报修单也没人接。孩子网课全耽误了，要求尽快恢复并减免这几天的费用。",
    "宽带断了没人管\n我们翠湖小区一整栋楼都断网了，问了物业说是蓝鲸的光缆被挖断了。已经第三天了，人工客服根本打不进去。",
    "蓝鲸宽带停网要求赔偿\n3月2号晚上突然断网，到现在还没恢复。我在家办公，这几天损失很大，希望蓝鲸给个说法，按天赔偿。",
    "报修被直接关闭\n家里宽带连不上，光猫灯一直红。报修之后工单莫名其妙被关闭了，再打电话还是排队，请尽快派人来修。",
    "翠湖小区大面积断网\n业主群里几十户都断了，都是用蓝鲸宽带的。客服只会说正在抢修请耐心等待，连个恢复时间都给不出来。",
    "断网好几天没有任何通知\n蓝鲸事先没有任何通知，突然就断了网。老人在家看电视也看不了。要求退还本月网费。",
    "宽带故障无人处理\n我是翠湖小区5栋的住户，宽带从周一开始就不能用。打了十几次电话都没有人工，在线客服也不回复。",
    "网课受影响\n孩子每天晚上要上网课，家里断网只能用手机流量，一天用掉好几个G。蓝鲸宽带必须承担流量费用。",
    "要求蓝鲸宽带减免费用\n断网已经72小时，这是严重的服务中断。根据合同应该按天减免费用，请蓝鲸主动处理，不要让用户一个个打电话。",
    "光缆被挖断为什么不抢修\n听说是修路挖断了光缆，可是都三天了还没修好。其他运营商的网都好了，只有蓝鲸的还断着。",
    "客服态度敷衍\n打通一次人工客服，对方说已经记录了，让我等通知。等了两天没有任何消息，这种服务太差了。",
    "家里网络中断\n翠湖小区的蓝鲸宽带从3月2日夜里中断，到今天都没恢复。请给出明确的修复时间。",
    "断网影响工作\n我是做自媒体的，每天都要上传视频，断网这几天一条都没发出去。希望蓝鲸能赔偿一部分损失。",
    "蓝鲸宽带网络瘫痪\n整个小区网络瘫痪，投诉无门。营业厅说不归他们管，让打热线，热线又打不进去。",
    "续费了却用不了\n上个月刚续了一年的费用，结果这个月就断网好几天。要求顺延服务期限并解释原因。",
    "能不能给个准信\n到底什么时候能修好？每次问都说快了快了。我们翠湖小区的住户都很着急。",
    "宽带不通要求处理\n家里两台电脑和电视都连不上网，重启路由器也没用，确认是外线问题。请蓝鲸尽快安排维修。",
    "投诉蓝鲸宽带长时间断网\n3月2日起断网，工单号查不到进度，客服电话永远占线。希望平台督促一下。",
    "老人独居联系不上\n我妈一个人住在翠湖小区，平时靠网络电话跟我视频，断网后几天都联系不上，非常担心。",
    "断网期间照常扣费\n断网这几天APP里显示照常计费，要求把这些天的钱退回来，并且以后出现故障要及时通知。",
)


def sub(i: int, text: str, *, who: str | None = None, merchant: int = 1, hours: float = 0,
        amount: str = "1000", demands: tuple[str, ...] = ("refund",),
        contacts: tuple[str, ...] | None = None, source: str | None = None) -> Submission:
    """A submission with its own account, phone and device unless told otherwise."""
    return Submission(
        id=i, complainant=who or f"u{i}", merchant_id=merchant, text=text,
        submitted_at=T0 + timedelta(hours=hours), amount=Decimal(amount), demands=demands,
        contacts=(contact_key("phone", f"1380000{i:04d}", SECRET),) if contacts is None
        else contacts,
        source=f"dev:{i:08x}" if source is None else source, channel="app")


def templated(i: int, merchant: int = 1, **kw) -> Submission:
    """The insurance-surrender template with this client's name, amount, date and product."""
    text = TEMPLATE.format(m=MERCHANTS[merchant], name=NAMES[i % len(NAMES)],
                           date=f"{2019 + i % 5}年{1 + i % 12}月{1 + i % 27}日",
                           item=ITEMS[i % len(ITEMS)], amt=12000 + 977 * i)
    return sub(i, text, merchant=merchant, amount=str(12000 + 977 * i),
               demands=("full_refund", "compensation"), **kw)


def run_in_order(subs: list[Submission]) -> tuple[dict[int, Assessment], dict[int, Assessment]]:
    """What the caller does: assess on arrival, re-assess related ones on every flag."""
    index = IntegrityIndex(window_days=30)
    arrival: dict[int, Assessment] = {}
    final: dict[int, Assessment] = {}
    for s in subs:
        index.add(s)
        arrival[s.id] = final[s.id] = index.assess(s)
        if arrival[s.id].flagged:
            for rid, ra in index.reassess_related(arrival[s.id]).items():
                if ra.flagged:
                    final[rid] = ra
    return arrival, final


def reason(a: Assessment, code: str) -> Reason | None:
    return next((r for r in a.reasons if r.code == code), None)


# ------------------------------------------------------------------------ acceptance cases


def test_twenty_templated_complaints_on_one_agent_phone_are_all_flagged():
    subs = [templated(i, merchant=1 + i % 3, hours=5 * i, contacts=(AGENT,)) for i in range(20)]
    arrival, final = run_in_order(subs)
    # On arrival the first three are unremarkable: one phone on three accounts may be a
    # family, and three near-identical texts are not yet a template. The fourth makes the
    # pattern visible and its related ids bring the first three back for re-assessment.
    assert [i for i in range(20) if not arrival[i].flagged] == [0, 1, 2]
    assert all(final[i].flagged for i in range(20))
    for a in final.values():
        contact = reason(a, "shared_contact")
        template = reason(a, "template")
        assert contact is not None and contact.subject == AGENT and contact.weight >= 0.7
        assert AGENT.split(":")[1][:12] in contact.detail_en
        assert template is not None and template.weight >= 0.7, a.reasons
        assert "近" in template.detail_zh or "几乎相同" in template.detail_zh
        assert "near-identical" in template.detail_en


def test_twenty_genuine_outage_complaints_are_not_flagged():
    subs = [sub(i, t, merchant=7, hours=2 * i, amount=str(100 + i)) for i, t in enumerate(OUTAGE)]
    _, final = run_in_order(subs)
    assert not any(a.flagged for a in final.values())
    assert not any(r.code in ("template", "shared_contact", "burst_source")
                   for a in final.values() for r in a.reasons)


def test_a_collective_the_engine_groups_is_still_not_flagged():
    """Closer wording than above: similar enough to be one collective, yet no template."""
    kind = next(k for k in KINDS if k.code == "outage")
    facts = {"m": "蓝鲸宽带", "item": "翠湖小区", "err": "光缆被挖断了在抢修", "city": "成都"}
    rng = random.Random(3)
    texts = [_member_text(rng, kind, facts, T0 + timedelta(hours=3 * i), 100 + i)
             for i in range(20)]
    subs = [sub(i, t, merchant=7, hours=3 * i, amount=str(100 + i)) for i, t in enumerate(texts)]
    col = IncrementalIndex()
    for s in subs:
        col.add(Doc(s.id, s.merchant_id, s.text, "", float(s.amount), s.submitted_at))
    assert [len(g.ids) for g in col.groups()] == [20]
    _, final = run_in_order(subs)
    assert not any(a.flagged for a in final.values())
    strong = [r for a in final.values() for r in a.reasons if r.weight >= DEFAULT.threshold]
    assert strong == []


def test_family_sharing_one_phone_and_home_ip_is_not_flagged():
    phone = contact_key("phone", "13600001111", SECRET)
    text = OUTAGE[0]
    subs = [sub(i, text, who=f"family{i}", merchant=7, hours=i, contacts=(phone,),
                source="ip:c0a80001") for i in range(3)]
    _, final = run_in_order(subs)
    for a in final.values():
        assert not a.flagged, a
        # Relatives copying one text are one household, not three template authors.
        assert reason(a, "template") is None
    weak = reason(final[2], "shared_contact")
    assert weak is not None and weak.weight < DEFAULT.threshold and "family" in weak.detail_en


def test_agency_phrase_alone_is_not_flagged():
    text = ("本人已委托安心维权服务中心代为投诉，专业维权，不成功不收费，维权成功后收取服务费。"
            "授权委托书见附件，受托人联系电话见后台。要求退款。")
    a = IntegrityIndex().assess(sub(1, text))
    r = reason(a, "agency_phrase")
    assert r is not None and r.weight == DEFAULT.phrase_cap
    assert not a.flagged and a.score < DEFAULT.threshold


# ---------------------------------------------------------------------------- each signal


def clone(i: int, merchant: int, **kw) -> Submission:
    """The template with only the client's name and amount changed (similarity ≥ 0.9)."""
    text = TEMPLATE.format(m="启明人寿", name=NAMES[i % len(NAMES)], date="2021年3月5日",
                           item="年金险", amt=12000 + 977 * i)
    return sub(i, text, merchant=merchant, **kw)


def test_template_counts_distinct_complainants_not_complaints():
    same_person = [clone(i, 1, who="u-one", hours=i) for i in range(6)]
    index = IntegrityIndex()
    for s in same_person:
        index.add(s)
    assert index.template(same_person[-1]) == []
    others = [clone(10 + i, 1 + i % 2, hours=i) for i in range(4)]
    for s in others:
        index.add(s)
    r = index.template(others[-1])
    # four other complainants (u-one once, three from `others`) at two merchants
    assert r and r[0].weight >= DEFAULT.template_cross_weight
    assert "4 other complainants at 2 merchants" in r[0].detail_en
    assert set(r[0].related_ids) >= {10, 11, 12}


def test_template_at_a_single_merchant_needs_company():
    subs = [templated(i, merchant=2, hours=i) for i in range(6)]
    index = IntegrityIndex()
    for s in subs:
        index.add(s)
    r = index.template(subs[-1])[0]
    assert r.weight == DEFAULT.template_single_weight < DEFAULT.threshold
    assert "shared draft" in r.detail_en
    assert not index.assess(subs[-1]).flagged


def test_template_ignores_texts_outside_the_window():
    subs = [templated(i, merchant=1 + i % 2, hours=24 * 40 * i) for i in range(5)]
    index = IntegrityIndex(window_days=30)
    for s in subs:
        index.add(s)
    assert index.template(subs[-1]) == []


def test_shared_contact_thresholds():
    def on_phone(n: int) -> Assessment:
        index = IntegrityIndex()
        subs = [sub(i, OUTAGE[i], hours=30 * i, contacts=(AGENT,)) for i in range(n)]
        for s in subs:
            index.add(s)
        return index.assess(subs[-1])

    assert reason(on_phone(2), "shared_contact") is None
    three = reason(on_phone(3), "shared_contact")
    assert three is not None and three.weight == DEFAULT.contact_weak_weight
    four = on_phone(4)
    strong = reason(four, "shared_contact")
    assert strong is not None and strong.weight == DEFAULT.contact_weight and four.flagged
    assert strong.related_ids == (0, 1, 2)
    assert "4 distinct complainants" in strong.detail_en and "4名不同投诉人" in strong.detail_zh


def test_burst_source_needs_many_complainants_within_a_day():
    def from_device(hours_apart: float, n: int = 5, source: str = "dev:agent") -> Assessment:
        index = IntegrityIndex()
        subs = [sub(i, OUTAGE[i], hours=hours_apart * i, source=source) for i in range(n)]
        for s in subs:
            index.add(s)
        return index.assess(subs[-1])

    burst = from_device(1)
    assert reason(burst, "burst_source").weight >= DEFAULT.burst_weight and burst.flagged
    assert reason(from_device(30), "burst_source") is None       # spread over days
    assert reason(from_device(1, n=3), "burst_source").weight == DEFAULT.burst_weak_weight
    office = from_device(1, n=8, source="ip:0a000001")          # one office / NAT address
    assert reason(office, "burst_source").weight == DEFAULT.burst_weak_weight
    assert not office.flagged


def test_agency_phrase_matching_and_weights():
    assert agency_phrase(sub(1, "宽带断网三天，要求退款。")) == []
    weak = agency_phrase(sub(2, "这单是我委托朋友帮忙代购的，要求退款。"))
    assert weak[0].weight == 0.1
    spaced = agency_phrase(sub(3, "我们是代 理-维 权机构"))
    assert spaced and "代理维权" in spaced[0].subject
    # the longer phrase wins: 授权委托书 is one medium hit, not also a bare 委托
    medium = agency_phrase(sub(4, "附上我母亲签字的授权委托书。"))
    assert medium[0].subject == "授权委托书" and medium[0].weight == 0.25


def test_disproportion_is_weak_and_respects_legal_punitive_damages():
    assert disproportion(sub(1, "要求退一赔三。", amount="2999", demands=("refund", "punitive"))) == []
    small = disproportion(sub(2, "要求退一赔三。", amount="99", demands=("refund", "punitive")))
    assert small[0].weight == 0.15
    food = disproportion(sub(3, "要求支付价款十倍的赔偿金。", amount="39"))
    assert food[0].weight == 0.2
    stacked = disproportion(sub(4, "要求十倍赔偿。", amount="39",
                                demands=("refund", "tenfold", "apology", "public_statement")))
    assert stacked[0].weight == DEFAULT.disproportion_cap < DEFAULT.threshold
    assert "十倍" in stacked[0].detail_zh


def test_combine_is_noisy_or_over_families():
    linked = [Reason("shared_contact", 0.25, "", ""), Reason("burst_source", 0.25, "", "")]
    assert combine(linked).score == 0.25          # one household, one fact
    a = combine([Reason("template", 0.48, "", ""), Reason("burst_source", 0.25, "", "")])
    assert a.flagged and a.score == round(1 - 0.52 * 0.75, 4)
    weak_pair = combine([Reason("agency_phrase", 0.45, "", ""),
                         Reason("disproportion", 0.25, "", "")])
    assert not weak_pair.flagged
    assert combine([Reason("shared_contact", 0.7, "", "")]).flagged


# ------------------------------------------------------------------------------ plumbing


def test_contact_keys_link_account_phone_and_number_in_text():
    assert contact_key("phone", "+86 139-1234-5678", SECRET) == AGENT
    assert contacts_from_text("委托联系人电话：13912345678，订单号 2026030112345", SECRET) == (AGENT,)
    assert contacts_from_text("没有号码的文本", SECRET) == ()


def test_one_shot_assess_matches_the_index():
    subs = [templated(i, merchant=1 + i % 3, hours=i, contacts=(AGENT,)) for i in range(6)]
    index = IntegrityIndex()
    index.extend(subs)
    assert assess(subs[-1], subs) == index.assess(subs[-1])
    assert assess(subs[-1], subs).flagged


def test_prune_forgets_old_submissions():
    index = IntegrityIndex()
    subs = [templated(i, merchant=1 + i % 3, hours=24 * 10 * i, contacts=(AGENT,))
            for i in range(6)]
    for s in subs:
        index.add(s)
    assert index.prune(T0 + timedelta(days=25)) == 3
    assert len(index) == 3 and 0 not in index and 5 in index
    assert reason(index.assess(subs[-1]), "shared_contact").weight == DEFAULT.contact_weak_weight


def test_vectorised_near_identical_is_the_engine_jaccard():
    prints = {i: fingerprint(t) for i, t in enumerate(OUTAGE[:8])}
    prints[99] = fingerprint(templated(1).text)
    prints[98] = fingerprint(templated(2).text)
    fp = fingerprint(templated(3).text)
    for th in (0.1, 0.3, 0.75):
        expect = [i for i in sorted(prints) if fp.jaccard(prints[i]) >= th]
        assert _near_identical(fp, sorted(prints), prints, th) == expect
    assert np.isclose(fp.jaccard(prints[99]), fp.jaccard(prints[98]), atol=0.3)


def test_one_familys_copies_do_not_make_a_stranger_a_template():
    """Three relatives paste one text; a stranger elsewhere happens to write nearly the same.

    Counted per account that would be "three other complainants at two merchants" — a strong
    template. Counted per household it is one other voice, so the stranger stays unflagged.
    """
    phone = contact_key("phone", "13600002222", SECRET)
    family = [clone(i, 3, who=f"fam{i}", hours=i, contacts=(phone,), source="ip:c0a80002")
              for i in range(3)]
    stranger = clone(9, 4, hours=5)
    index = IntegrityIndex()
    for s in (*family, stranger):
        index.add(s)
    r = reason(index.assess(stranger), "template")
    assert r is not None and r.weight == DEFAULT.template_few_weight
    assert "1 other complainant at 2 merchants" in r.detail_en
    assert not index.assess(stranger).flagged
    merged = IntegrityIndex(config=replace(DEFAULT, household_max=0))
    for s in (*family, stranger):
        merged.add(s)
    assert merged.assess(stranger).flagged  # what would happen without households


def test_short_texts_alike_by_chance_are_only_a_weak_template():
    text = "借款砍头息要求退还\n借款5000元，额外收了担保服务费，借款时根本没提示。请监管部门查处。"
    subs = [sub(i, text, merchant=1 + i % 2, hours=i) for i in range(5)]
    index = IntegrityIndex()
    index.extend(subs)
    r = reason(index.assess(subs[-1]), "template")
    assert r is not None and r.weight == DEFAULT.template_few_weight
    assert "short" in r.detail_en and not index.assess(subs[-1]).flagged
