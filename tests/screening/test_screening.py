"""Integrity screening inside the platform: templated agency complaints are flagged with
their reasons, a real collective complaint is grouped and not flagged, review limits the
agency account, and nothing is ever dropped."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from tousu.accounts.models import User
from tousu.collectives.models import Suggestion
from tousu.collectives.services import match_on_arrival
from tousu.complaints import services
from tousu.complaints.models import Complaint
from tousu.core.roles import Role
from tousu.screening import services as screening
from tousu.screening.models import Flag

AGENT_PHONE = "13800138000"


def consumer(n: int) -> User:
    return User.objects.create_user(f"c{n:03d}", password="x", role=Role.CONSUMER.value)


def file_and_screen(user: User, merchant, title: str, narrative: str, amount="199",
                    demands=("refund",)) -> Complaint:
    complaint, _ = services.submit(services.NewComplaint(
        merchant_id=merchant.pk, title=title, narrative=narrative, amount=amount,
        demands=list(demands)), user=user, auto_route=False)
    match_on_arrival(complaint.pk)  # what the intake job does first
    screening.screen(complaint.pk)
    return complaint


def test_templated_complaints_sharing_an_agent_phone_are_flagged(merchants):
    shop, _ = merchants
    rng = random.Random(3)
    filed = []
    for n in range(20):
        amount = rng.choice([99, 199, 299, 399])
        filed.append(file_and_screen(
            consumer(n), shop, f"要求易购商城全额退款{amount}元",
            f"本人于2026年{rng.randint(1, 9)}月在易购商城购买商品{amount}元，商家存在虚假宣传，"
            f"要求全额退款并三倍赔偿。如有疑问请联系受托人电话{AGENT_PHONE}，"
            "本人已委托代为处理投诉事宜。", amount=str(amount),
            demands=("refund", "compensation")))
    flags = Flag.objects.filter(complaint__in=filed)
    assert flags.count() >= 18, f"only {flags.count()} of 20 flagged"
    codes = {r["code"] for f in flags for r in f.reasons}
    assert {"shared_contact", "template"} <= codes
    text = " ".join(r["zh"] for f in flags for r in f.reasons)
    assert "不同投诉人" in text
    # Flag, never drop: every complaint is still there, in its normal state.
    assert Complaint.objects.filter(pk__in=[c.pk for c in filed], state="submitted").count() == 20


OUTAGE = [
    "昨晚速付钱包系统故障，我付款显示失败但钱已经扣了{a}元，到现在也没退回来。",
    "速付钱包昨天晚上崩了，转账{a}块钱提示失败，余额却少了，客服一直打不通。",
    "昨晚八点左右用速付钱包付款，页面卡住后报错，银行卡被扣款{a}元，订单却没有成功。",
    "速付钱包昨晚故障期间我交了{a}元话费，话费没到账钱也没退，希望尽快处理。",
    "昨天晚上速付钱包支付失败，但是扣了我{a}元，重复扣款两次，要求退还。",
]


def test_a_real_outage_is_grouped_and_not_flagged(merchants):
    _, wallet = merchants
    rng = random.Random(5)
    filed = []
    for n in range(20):
        text = rng.choice(OUTAGE).format(a=rng.choice([35, 50, 88, 120, 260]))
        phone = f"139{rng.randrange(10**8):08d}"
        filed.append(file_and_screen(consumer(100 + n), wallet, "速付钱包故障扣款未退",
                                     f"{text}我的电话{phone}。", amount="88"))
    assert Suggestion.objects.filter(merchant=wallet).exists()
    assert not Flag.objects.filter(complaint__in=filed).exists()


def test_review_clears_or_limits_the_account(merchants, people, api, complaint_body):
    shop, _ = merchants
    c = file_and_screen(people["consumer"], shop, "代理维权", "代理维权，全额退费包办")
    flag = Flag.objects.create(complaint=c, score=0.9, reasons=[{"code": "template", "zh": "x",
                                                                  "en": "x"}])
    staff = Client()
    staff.force_login(people["moderator"])
    assert "代理维权" in staff.get("/staff/integrity").content.decode()
    staff.post(f"/staff/integrity/{flag.pk}", {"decision": "confirm", "note": "同一受托人"})
    flag.refresh_from_db()
    people["consumer"].refresh_from_db()
    assert flag.status == "confirmed" and people["consumer"].limited_at is not None
    with pytest.raises(screening.ReviewError):
        screening.review(flag, people["moderator"], confirm=False)
    # The limited account may still complain, once a day, and a person checks each one.
    owner = api("consumer")
    first = owner.post("/api/complaints", {**complaint_body, "title": "又一件投诉"})
    assert first.status_code == 429 and first.json()["error"]["code"] == "rate_limited"
    Complaint.objects.filter(submitted_by=people["consumer"]).update(
        submitted_at=c.submitted_at.replace(year=2020))
    later = owner.post("/api/complaints", {**complaint_body, "title": "第二天的投诉"})
    assert later.status_code == 201
    made = Complaint.objects.get(pk=later.json()["id"])
    assert made.state == "submitted" and any("受限" in r for r in made.route_reasons)
    assert staff.get("/staff/integrity").status_code == 200
    agent = Client()
    agent.force_login(people["agent"])
    assert agent.get("/staff/integrity").status_code == 403


def test_clearing_leaves_the_consumer_untouched(merchants, people):
    shop, _ = merchants
    c = file_and_screen(people["consumer"], shop, "耳机退款", "耳机退货后一直没有退款")
    flag = Flag.objects.create(complaint=c, score=0.7, reasons=[])
    screening.review(flag, people["moderator"], confirm=False, note="本人购买记录属实")
    people["consumer"].refresh_from_db()
    assert people["consumer"].limited_at is None and flag.status == "cleared"
