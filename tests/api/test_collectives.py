"""Collective complaints: detected on arrival, confirmed by a moderator, answered once,
settled with one plan applied to every member who accepts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tousu.accounts.models import User
from tousu.collectives.models import CollectiveCase, Suggestion
from tousu.collectives.services import match_on_arrival
from tousu.complaints import services
from tousu.core.roles import Role

# Near-identical accounts of one incident: what members of a 集体投诉 post, each with their
# own amount, date wording and a few words changed.
INCIDENT = [
    ("速付钱包批量冻结账户，余额提不出来",
     "11月18日上午速付钱包突然把我的账户冻结了，余额2300元提不出来，客服说系统风控，让等通知，"
     "一直没有解冻时间，我没有任何违规操作，要求马上解冻。"),
    ("速付钱包批量冻结账户，余额提不出",
     "11月18日上午速付钱包突然把我账户冻结了，余额1800元提不出来，客服说是系统风控，让等通知，"
     "一直没有解冻时间，本人没有任何违规操作，要求尽快解冻。"),
    ("速付钱包冻结账户，余额提不出来！",
     "18号上午速付钱包突然把我的账户冻结了，余额950元提不出来，客服说系统风控，叫我等通知，"
     "一直没给解冻时间，我没有任何违规操作，要求马上解冻！"),
]


@pytest.fixture
def consumers(db):
    return [User.objects.create_user(f"member{i}", password="x", role=Role.CONSUMER.value)
            for i in range(4)]


def file(user, merchant, title, narrative, minutes=0):
    at = timezone.now() - timedelta(minutes=minutes)
    complaint, _ = services.submit(services.NewComplaint(
        merchant_id=merchant.pk, title=title, narrative=narrative, amount=Decimal("1000")),
        user=user, now=at, auto_route=False)
    return complaint


def file_incident(consumers, merchant):
    complaints = [file(consumers[i], merchant, *INCIDENT[i], minutes=30 - i) for i in range(3)]
    suggestion = None
    for c in complaints:
        suggestion = match_on_arrival(c.pk) or suggestion
    return complaints, suggestion


def test_three_alike_complaints_form_a_suggestion_with_evidence(consumers, merchants):
    _, wallet = merchants
    complaints, suggestion = file_incident(consumers, wallet)
    assert suggestion is not None and suggestion.status == "pending"
    assert set(suggestion.complaints.values_list("pk", flat=True)) == {c.pk for c in complaints}
    evidence = suggestion.evidence
    assert evidence["count"] == 3 and evidence["shared_phrases"]
    assert any("冻结" in p or "风控" in p for p in evidence["shared_phrases"])


def test_same_text_at_two_merchants_is_not_a_group(consumers, merchants):
    shop, wallet = merchants
    file(consumers[0], wallet, *INCIDENT[0])
    other = file(consumers[1], shop, *INCIDENT[0])
    assert match_on_arrival(other.pk) is None
    assert not Suggestion.objects.exists()


def test_an_unrelated_complaint_at_the_same_merchant_stays_out(consumers, merchants):
    _, wallet = merchants
    file_incident(consumers, wallet)
    odd = file(consumers[3], wallet, "自动续费扣了我会员费",
               "我没有开通过速付钱包的会员，每个月被自动扣费15元，要求退款并取消自动续费。")
    assert match_on_arrival(odd.pk) is None


def test_confirm_then_one_update_reaches_every_member(api, consumers, merchants, people):
    _, wallet = merchants
    complaints, suggestion = file_incident(consumers, wallet)
    moderator = api("moderator")
    assert api("other_agent").post(f"/api/collective/suggestions/{suggestion.pk}/confirm",
                                   {"title": "速付钱包批量冻结事件"}).status_code == 403
    case = moderator.post(f"/api/collective/suggestions/{suggestion.pk}/confirm",
                          {"title": "速付钱包批量冻结事件", "summary": "11月18日批量风控"}).json()
    assert len(case["members"]) == 3
    agent = api("other_agent")  # the wallet's agent
    done = agent.post(f"/api/collective/cases/{case['id']}/updates",
                      {"body": "经排查为风控规则误判，已于今日分批解冻，预计24小时内完成。"})
    assert done.status_code == 200 and done.json()["delivered_to"] == 3
    for c in complaints:
        bodies = [m.body for m in c.messages.all()]
        assert any("风控规则误判" in b for b in bodies)
        assert c.events.filter(kind="collective", action="update").exists()
        c.refresh_from_db()
        assert c.first_response_at is not None  # the merchant has answered each of them
    assert api("agent").post(f"/api/collective/cases/{case['id']}/updates",
                             {"body": "x"}).status_code == 404  # another merchant's agent


def test_one_plan_applied_to_those_who_accept(api, consumers, merchants):
    from django.test import Client
    from tests.conftest import Api

    from tousu.accounts.models import ApiToken

    _, wallet = merchants
    complaints, suggestion = file_incident(consumers, wallet)
    moderator = api("moderator")
    case = moderator.post(f"/api/collective/suggestions/{suggestion.pk}/confirm",
                          {"title": "速付钱包批量冻结事件"}).json()
    plan = moderator.post(f"/api/collective/cases/{case['id']}/plan",
                          {"amount": "50.00", "rule": "另补偿冻结期间利息",
                           "root_cause": "风控规则上线前未灰度"}).json()
    assert plan["status"] == "plan_offered" and plan["root_cause"]

    def member(i: int) -> Api:
        return Api(Client(), ApiToken.issue(consumers[i])[1])

    seen = member(0).get(f"/api/collective/cases/{case['id']}").json()
    assert [m["complaint_id"] for m in seen["members"]] == [complaints[0].pk]  # only their own
    assert member(0).post(f"/api/collective/cases/{case['id']}/acceptance",
                          {"accept": True}).json()["acceptance"] == "accepted"
    member(1).post(f"/api/collective/cases/{case['id']}/acceptance", {"accept": True})
    member(2).post(f"/api/collective/cases/{case['id']}/acceptance", {"accept": False})
    assert member(3).get(f"/api/collective/cases/{case['id']}").status_code == 404
    result = moderator.post(f"/api/collective/cases/{case['id']}/plan/apply").json()
    assert result == {"applied": 2, "not_accepted": 1}
    statuses = {m["complaint_id"]: m["compensation_status"]
                for m in moderator.get(f"/api/collective/cases/{case['id']}").json()["members"]}
    assert statuses == {complaints[0].pk: "applied", complaints[1].pk: "applied",
                        complaints[2].pk: "none"}


def test_merge_split_and_membership_changes(api, consumers, merchants):
    _, wallet = merchants
    complaints, suggestion = file_incident(consumers, wallet)
    moderator = api("moderator")
    case = moderator.post(f"/api/collective/suggestions/{suggestion.pk}/confirm",
                          {"title": "速付钱包批量冻结事件"}).json()
    split = moderator.post(f"/api/collective/cases/{case['id']}/split",
                           {"complaint_ids": [complaints[2].pk], "title": "另一批冻结"}).json()
    assert [m["complaint_id"] for m in split["members"]] == [complaints[2].pk]
    merged = moderator.post(f"/api/collective/cases/{case['id']}/merge",
                            {"other_case_id": split["id"]}).json()
    assert len(merged["members"]) == 3
    assert CollectiveCase.objects.get(pk=split["id"]).status == "closed"
    removed = moderator.delete(f"/api/collective/cases/{case['id']}/members/{complaints[1].pk}")
    assert len(removed.json()["members"]) == 2
    kinds = [e["kind"] for e in removed.json()["timeline"]]
    assert kinds[:1] == ["confirmed"] and "merged" in kinds and "member_removed" in kinds


def test_rejected_group_is_not_suggested_again(api, consumers, merchants):
    _, wallet = merchants
    complaints, suggestion = file_incident(consumers, wallet)
    api("moderator").post(f"/api/collective/suggestions/{suggestion.pk}/reject",
                          {"reason": "不同批次"})
    assert match_on_arrival(complaints[0].pk) is None
    assert Suggestion.objects.filter(status="pending").count() == 0
