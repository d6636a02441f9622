"""A complaint's whole life through the API, as each party would drive it."""

from __future__ import annotations

from tousu.complaints.models import Complaint


def act(client, cid: int, action: str, reason: str = ""):
    return client.post(f"/api/complaints/{cid}/transitions", {"action": action, "reason": reason})


def test_full_lifecycle_with_timeline(api, filed):
    cid = filed["id"]
    mod, agent, consumer = api("moderator"), api("agent"), api("consumer")
    assert act(mod, cid, "accept").json()["state"] == "accepted"
    assert act(mod, cid, "forward").json()["state"] == "with_merchant"
    assert agent.get(f"/api/complaints/{cid}").json()["allowed_actions"] == ["reply"]
    replied = act(agent, cid, "reply", "已为您办理退款 299 元，预计 1-3 个工作日到账。").json()
    assert replied["state"] == "merchant_replied" and replied["first_response_at"]
    assert consumer.get(f"/api/complaints/{cid}").json()["allowed_actions"] == [
        "confirm", "dispute", "withdraw"]
    resolved = act(consumer, cid, "confirm").json()
    assert resolved["state"] == "resolved" and resolved["resolved_at"]
    closed = act(mod, cid, "close").json()
    assert closed["state"] == "closed" and closed["closed_at"]

    events = consumer.get(f"/api/complaints/{cid}/events").json()
    assert [(e["kind"], e["action"], e["to_state"], e["actor_role"]) for e in events] == [
        ("created", "", "submitted", "consumer"),
        ("analyzed", "", "", "system"),
        ("transition", "accept", "accepted", "moderator"),
        ("transition", "forward", "with_merchant", "moderator"),
        ("transition", "reply", "merchant_replied", "merchant_agent"),
        ("transition", "confirm", "resolved", "consumer"),
        ("transition", "close", "closed", "moderator"),
    ]
    messages = consumer.get(f"/api/complaints/{cid}/messages").json()
    assert [(m["side"], m["body"][:7]) for m in messages] == [("merchant", "已为您办理退款")]
    # Nothing more can be said on a closed complaint.
    late = consumer.post(f"/api/complaints/{cid}/messages", {"body": "谢谢"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "complaint_final"


def test_dispute_then_mediation(api, filed):
    cid = filed["id"]
    mod, agent, consumer = api("moderator"), api("agent"), api("consumer")
    act(mod, cid, "accept")
    act(mod, cid, "forward")
    act(agent, cid, "reply", "经核实，商品已超过退货期限。")
    disputed = act(consumer, cid, "dispute", "我在7天内申请的退货，有截图").json()
    assert disputed["state"] == "unresolved" and disputed["state_reason"].startswith("我在7天内")
    assert act(api("mediator"), cid, "reopen").json()["state"] == "with_merchant"


def test_reject_needs_reason_and_is_final(api, filed):
    cid = filed["id"]
    rejected = act(api("moderator"), cid, "reject", "重复投诉").json()
    assert (rejected["state"], rejected["state_reason"]) == ("rejected", "重复投诉")
    assert rejected["allowed_actions"] == []
    assert act(api("consumer"), cid, "withdraw").status_code == 409


def test_withdraw_by_the_complainant_only(api, filed):
    cid = filed["id"]
    assert act(api("agent"), cid, "withdraw").status_code == 403
    assert act(api("consumer"), cid, "withdraw").json()["state"] == "withdrawn"
    assert Complaint.objects.get(pk=cid).closed_at is not None


def test_merchant_message_counts_as_first_response(api, filed):
    cid = filed["id"]
    act(api("moderator"), cid, "accept")
    act(api("moderator"), cid, "forward")
    posted = api("agent").post(f"/api/complaints/{cid}/messages", {"body": "您好，我们正在核实"})
    assert posted.status_code == 201 and posted.json()["side"] == "merchant"
    assert api("consumer").get(f"/api/complaints/{cid}").json()["first_response_at"]


def test_list_filters_and_pagination(api, complaint_body, merchants):
    _, wallet = merchants
    client = api("consumer")
    for i in range(5):
        client.post("/api/complaints", {**complaint_body, "title": f"退款问题第{i}次"})
    client.post("/api/complaints", {**complaint_body, "merchant_id": wallet.pk,
                                    "title": "钱包被盗刷三千元"})
    mod = api("moderator")
    page = mod.get("/api/complaints", page_size=2, page=2).json()
    assert (page["count"], page["page"], len(page["results"])) == (6, 2, 2)
    assert mod.get("/api/complaints", industry="payment").json()["count"] == 1
    assert mod.get("/api/complaints", merchant_id=wallet.pk).json()["results"][0]["title"] == (
        "钱包被盗刷三千元")
    assert mod.get("/api/complaints", q="第3次").json()["count"] == 1
    assert mod.get("/api/complaints", state="submitted").json()["count"] == 6
    assert mod.get("/api/complaints", state="closed").json()["count"] == 0


def test_openapi_docs_are_served_without_a_cdn(client):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger" in html.lower() and "cdn." not in html and "https://" not in html
    schema = client.get("/api/openapi.json").json()
    assert "/api/complaints" in schema["paths"]


def test_stats_for_regulator(api, filed):
    stats = api("regulator").get("/api/stats").json()
    assert stats["total"] == 1 and stats["by_state"] == {"submitted": 1}
    assert stats["by_industry"] == {"ecommerce": 1}
