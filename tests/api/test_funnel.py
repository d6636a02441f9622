"""The funnel on intake: typed, routed, emergencies to people, common cases automated,
staff overrides kept and learned from."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tousu.complaints.models import Complaint, Event
from tousu.text import analyze, load_model

THEFT = {
    "title": "银行卡被盗刷",
    "narrative": "刚刚收到短信，我的银行卡在异地被连续盗刷了三笔共8000元，卡一直在我身上，请马上冻结！",
    "amount": "8000", "demands": ["refund"],
}
RENEWAL = {
    "title": "会员自动续费扣了我68元",
    "narrative": "我从来没有同意开通自动续费，上个月又被自动扣费68元，要求退款并取消自动续费",
    "amount": "68", "demands": ["refund", "cancel_subscription"],
}


def file(api, who, merchant, body):
    response = api(who).post("/api/complaints", {"merchant_id": merchant.pk, "consent": True,
                                                 **body})
    assert response.status_code == 201, response.content
    return response.json()


def test_theft_is_an_emergency_for_people_never_automated(api, merchants, settings):
    settings.TOUSU_AUTO_PATH = True
    _, wallet = merchants
    body = file(api, "consumer", wallet, THEFT)
    assert body["emergency"] is True and body["scenario"] == "unauthorized_transaction"
    assert body["state"] == "submitted"  # waits for a person, not the automated path
    staff_view = api("moderator").get(f"/api/complaints/{body['id']}").json()
    assert staff_view["analysis"]["route"] == "emergency"
    assert any("盗刷" in r for r in staff_view["analysis"]["emergency_reasons"])
    queue = api("moderator").get("/api/complaints", route="emergency").json()
    assert [c["id"] for c in queue["results"]] == [body["id"]]


def test_confident_common_case_takes_the_automated_path(api, merchants, settings):
    settings.TOUSU_AUTO_PATH = True
    shop, _ = merchants
    body = file(api, "consumer", shop, RENEWAL)
    assert body["scenario"] == "auto_renewal" and body["state"] == "with_merchant"
    events = Event.objects.filter(complaint_id=body["id"])
    assert [(e.kind, e.action, e.actor_role) for e in events] == [
        ("created", "", "consumer"), ("analyzed", "", "system"),
        ("transition", "accept", "system"), ("transition", "forward", "system"),
    ]
    request = api("agent").get(f"/api/complaints/{body['id']}/messages").json()
    assert len(request) == 1 and request[0]["side"] == "platform"
    text = request[0]["body"]
    assert "自动续费" in text and "法律依据：《" in text and "取消自动续费" in text


def test_automated_path_can_be_switched_off(api, merchants, settings):
    settings.TOUSU_AUTO_PATH = False
    shop, _ = merchants
    assert file(api, "consumer", shop, RENEWAL)["state"] == "submitted"


def test_unclear_text_goes_to_human_triage(api, merchants, settings):
    settings.TOUSU_AUTO_PATH = True
    shop, _ = merchants
    body = file(api, "consumer", shop, {"title": "有问题有问题", "narrative": "啊啊啊啊啊啊啊啊啊啊啊啊"})
    c = Complaint.objects.get(pk=body["id"])
    assert (c.route, c.state) == ("triage", "submitted")
    assert c.route_reasons


def test_only_staff_see_the_engine_s_reasons(api, merchants):
    _, wallet = merchants
    body = file(api, "consumer", wallet, THEFT)
    assert body["analysis"] is None
    assert api("other_agent").get(f"/api/complaints/{body['id']}").json()["analysis"] is None
    assert api("mediator").get(f"/api/complaints/{body['id']}").json()["analysis"]["route"]


def test_staff_override_is_an_event_and_trains_the_next_model(api, merchants, settings):
    shop, _ = merchants
    odd = {"title": "订的蛋糕字写错了", "narrative": "生日蛋糕上的名字写错了一个字，店家说可以补偿一张券。"}
    body = file(api, "consumer", shop, odd)
    text = f"{odd['title']}\n{odd['narrative']}"
    assert analyze(text, model=load_model(settings.TOUSU_TEXT_MODEL)).scenario != "product_quality"
    response = api("moderator").post(f"/api/complaints/{body['id']}/scenario",
                                     {"scenario": "product_quality", "reason": "属于商品瑕疵"})
    assert response.status_code == 200
    assert response.json()["scenario"] == "product_quality"
    assert response.json()["analysis"]["scenario_source"] == "staff"
    event = Event.objects.get(complaint_id=body["id"], kind="scenario_override")
    assert event.data == {"from": body["scenario"], "to": "product_quality"}

    out = io.StringIO()
    call_command("train", stdout=out)
    assert "1 staff overrides" in out.getvalue() and settings.TOUSU_TEXT_MODEL.is_file()
    assert analyze(text, model=load_model(settings.TOUSU_TEXT_MODEL)).scenario == "product_quality"
    # New complaints are typed by the retrained model from now on.
    again = file(api, "other_consumer", shop, odd)
    assert again["scenario"] == "product_quality"


@pytest.mark.parametrize("who,status", [("consumer", 403), ("agent", 403), ("regulator", 403)])
def test_override_is_for_staff_only(api, merchants, who, status):
    shop, _ = merchants
    body = file(api, "consumer", shop, RENEWAL)
    response = api(who).post(f"/api/complaints/{body['id']}/scenario",
                             {"scenario": "product_quality"})
    assert response.status_code == status


def test_unknown_scenario_is_refused(api, merchants):
    shop, _ = merchants
    body = file(api, "consumer", shop, RENEWAL)
    response = api("moderator").post(f"/api/complaints/{body['id']}/scenario",
                                     {"scenario": "alien_abduction"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "unknown_scenario"


def test_catalog_is_public_with_legal_basis(client):
    scenarios = client.get("/api/scenarios").json()
    codes = {s["code"] for s in scenarios}
    assert {"unauthorized_transaction", "auto_renewal", "minor_spending"} <= codes
    for s in scenarios:
        assert s["legal_basis"] and s["mediation_strategy"] and s["standard_resolution"]
    minors = next(s for s in scenarios if s["code"] == "minor_spending")
    assert minors["evidence_checklist"] and minors["refund_path"]


def test_evaluate_command_prints_the_report(capsys):
    from pathlib import Path

    import tousu.text

    zh = Path(tousu.text.__file__).with_name("eval") / "zh_eval.jsonl"
    call_command("evaluate", str(zh))
    out = capsys.readouterr().out
    assert "macro-F1" in out and "emergency recall" in out and "top confusions" in out


def test_automated_path_is_written_as_two_system_transitions(api, merchants, settings):
    """The complaint is stored already forwarded, in one go, with the same trail as if
    the platform had accepted and then forwarded it: stamps, events, audit, request."""
    from tousu.audit.log import verify_chain
    from tousu.audit.models import AuditEntry

    settings.TOUSU_AUTO_PATH = True
    shop, _ = merchants
    body = file(api, "consumer", shop, RENEWAL)
    c = Complaint.objects.get(pk=body["id"])
    assert c.state == "with_merchant" and c.state_reason == ""
    assert c.accepted_at == c.forwarded_at == c.submitted_at
    events = list(Event.objects.filter(complaint=c))
    assert [(e.kind, e.from_state, e.to_state, e.actor_id) for e in events] == [
        ("created", "", "submitted", c.submitted_by_id), ("analyzed", "", "", None),
        ("transition", "submitted", "accepted", None),
        ("transition", "accepted", "with_merchant", None),
    ]
    assert all(e.created_at == c.submitted_at for e in events)
    trail = AuditEntry.objects.filter(object_type="complaint", object_id=str(c.pk))
    assert [(a.actor, a.action, a.detail.get("action")) for a in trail] == [
        (f"consumer:{c.submitted_by_id}", "complaint.create", None),
        ("system", "complaint.transition", "accept"),
        ("system", "complaint.transition", "forward"),
    ]
    assert verify_chain()
    # The merchant carries on from there exactly as after a person's forward.
    agent = api("agent")
    reply = agent.post(f"/api/complaints/{c.pk}/transitions",
                       {"action": "reply", "reason": "已为您退款并取消续费"})
    assert reply.status_code == 200, reply.content
    c.refresh_from_db()
    assert c.state == "merchant_replied" and c.first_response_at is not None
    assert c.title_original == RENEWAL["title"] and c.accepted_at == c.submitted_at
