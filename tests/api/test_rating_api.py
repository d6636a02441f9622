"""Rating through the API: the complainant, once, after the answer is judged."""

from __future__ import annotations

from tousu.complaints import services


def test_rate_once_after_confirming(api, filed, people):
    pk = filed["id"]
    for who, action, reason in (("moderator", "accept", ""), ("moderator", "forward", ""),
                                ("agent", "reply", "已退款")):
        services.transition(pk, user=people[who], action=action, reason=reason)
    owner = api("consumer")
    early = owner.post(f"/api/complaints/{pk}/rating", {"score": 5})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_ratable"
    owner.post(f"/api/complaints/{pk}/transitions", {"action": "confirm"})
    out_of_range = owner.post(f"/api/complaints/{pk}/rating", {"score": 6})
    assert out_of_range.status_code == 422
    ok = owner.post(f"/api/complaints/{pk}/rating", {"score": 3, "comment": "一般"})
    assert ok.status_code == 201 and ok.json()["score"] == 3
    again = owner.post(f"/api/complaints/{pk}/rating", {"score": 5})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    events = owner.get(f"/api/complaints/{pk}/events").json()
    assert [e["kind"] for e in events].count("rated") == 1
