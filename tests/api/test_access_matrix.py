"""Every role against every API endpoint, on a complaint filed by ``consumer`` against the
shop whose agent is ``agent``. A new endpoint without a row here fails the first test."""

from __future__ import annotations

import pytest

from tousu.api.main import api as ninja_api

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

WHO = ["anonymous", "consumer", "other_consumer", "agent", "other_agent", "moderator",
       "mediator", "regulator", "admin"]


def row(anon, owner, other_c, agent, other_a, mod, med, reg, admin) -> dict[str, int]:
    return dict(zip(WHO, (anon, owner, other_c, agent, other_a, mod, med, reg, admin),
                    strict=True))


READ = row(401, 200, 404, 200, 404, 200, 200, 403, 200)
WRITE = row(401, 201, 404, 201, 404, 201, 201, 403, 201)
PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200, 200)
COMMIT = row(401, 403, 403, 200, 403, 403, 403, 403, 200)
STAFF = row(401, 403, 403, 403, 403, 200, 200, 403, 200)

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/complaints"): row(401, 201, 201, 403, 403, 201, 201, 403, 201),
    ("GET", "/complaints"): row(401, 200, 200, 200, 200, 200, 200, 403, 200),
    ("GET", "/complaints/{complaint_id}"): READ,
    # "accept" is the platform's to take; others are stopped by access or by the lifecycle.
    ("POST", "/complaints/{complaint_id}/transitions"): row(
        401, 403, 404, 403, 404, 200, 200, 403, 200),
    ("POST", "/complaints/{complaint_id}/scenario"): row(
        401, 403, 403, 403, 403, 200, 200, 403, 200),
    ("POST", "/complaints/{complaint_id}/emergency"): row(
        401, 403, 403, 403, 403, 200, 200, 403, 200),
    ("GET", "/scenarios"): PUBLIC,
    ("GET", "/public/complaints"): PUBLIC,
    ("GET", "/emergencies"): row(401, 403, 403, 403, 403, 200, 200, 403, 200),
    ("GET", "/emergencies/report"): row(401, 403, 403, 403, 403, 200, 200, 200, 200),
    # The filed complaint is no emergency: staff pass access and hear why (409).
    ("POST", "/complaints/{complaint_id}/take"): row(401, 403, 403, 403, 403, 409, 409, 403, 409),
    ("POST", "/complaints/{complaint_id}/casefile"): row(
        401, 403, 403, 403, 403, 409, 409, 403, 409),
    ("POST", "/complaints/{complaint_id}/losses"): row(
        401, 403, 403, 403, 403, 409, 409, 403, 409),
    ("GET", "/merchants/{merchant_id}/record"): PUBLIC,
    ("GET", "/collective/suggestions"): STAFF,
    ("POST", "/collective/suggestions/{suggestion_id}/confirm"): STAFF,
    ("POST", "/collective/suggestions/{suggestion_id}/reject"): STAFF,
    ("GET", "/collective/cases"): row(401, 200, 200, 200, 200, 200, 200, 403, 200),
    ("GET", "/collective/cases/{case_id}"): READ,
    ("POST", "/collective/cases/{case_id}/updates"): row(401, 403, 403, 200, 404, 200, 200, 403,
                                                         200),
    ("POST", "/collective/cases/{case_id}/members"): STAFF,
    ("DELETE", "/collective/cases/{case_id}/members/{complaint_id}"): STAFF,
    ("POST", "/collective/cases/{case_id}/merge"): STAFF,
    ("POST", "/collective/cases/{case_id}/split"): STAFF,
    ("POST", "/collective/cases/{case_id}/plan"): STAFF,
    # Only members answer a plan: the agent and staff pass access but are not members.
    ("POST", "/collective/cases/{case_id}/acceptance"): row(401, 200, 404, 403, 404, 403, 403,
                                                            403, 403),
    ("POST", "/collective/cases/{case_id}/plan/apply"): STAFF,
    ("POST", "/me/erasure"): row(401, 200, 200, 403, 403, 403, 403, 403, 403),
    ("POST", "/consumers/{consumer_id}/erasure"): row(
        401, 403, 403, 403, 403, 403, 403, 403, 200),
    # Only the complainant rates, and only once the answer is judged: the filed complaint
    # is still new, so the owner hears 409 and everyone else is refused.
    ("POST", "/complaints/{complaint_id}/rating"): row(401, 409, 404, 403, 404, 403, 403, 403,
                                                       403),
    ("GET", "/complaints/{complaint_id}/messages"): READ,
    ("POST", "/complaints/{complaint_id}/messages"): WRITE,
    ("GET", "/complaints/{complaint_id}/events"): READ,
    ("GET", "/complaints/{complaint_id}/evidence"): READ,
    ("POST", "/complaints/{complaint_id}/evidence"): WRITE,
    ("GET", "/complaints/{complaint_id}/evidence/{evidence_id}/file"): READ,
    ("GET", "/merchants"): PUBLIC,
    ("GET", "/merchants/{merchant_id}"): PUBLIC,
    ("POST", "/merchants/{merchant_id}/commitment"): COMMIT,
    ("DELETE", "/merchants/{merchant_id}/commitment"): COMMIT,
    ("GET", "/stats"): row(401, 403, 403, 403, 403, 200, 200, 200, 200),
    ("POST", "/auth/token"): row(201, 201, 201, 201, 201, 201, 201, 201, 201),
}


def test_matrix_covers_every_endpoint():
    routes = {
        (method, path)
        for _, router in ninja_api._routers
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert routes == set(MATRIX)


CASES = [(m, p, who) for (m, p) in MATRIX for who in WHO]


@pytest.mark.parametrize("method,path,who", CASES)
def test_role_endpoint(method, path, who, api, people, merchants, filed, complaint_body):
    shop, _ = merchants
    owner = api("consumer")
    evidence = owner.upload(f"/api/complaints/{filed['id']}/evidence", "a.png", PNG).json()
    consumer_id = owner.get(f"/api/complaints/{filed['id']}").json()["consumer"]["id"]
    case, other_case, suggestion, spare = _collective_fixture(owner, shop, filed, complaint_body)
    url = "/api" + path.format(complaint_id=filed["id"], evidence_id=evidence["id"],
                               merchant_id=shop.pk, consumer_id=consumer_id, case_id=case.pk,
                               suggestion_id=suggestion.pk)
    client = api(None if who == "anonymous" else who)
    if method == "GET":
        response = client.get(url)
    elif method == "DELETE":
        response = client.delete(url)
    elif path.endswith("/evidence"):
        response = client.upload(url, "b.png", PNG)
    else:
        body = {
            "/complaints": complaint_body,
            "/complaints/{complaint_id}/transitions": {"action": "accept"},
            "/complaints/{complaint_id}/messages": {"body": "请尽快处理"},
            "/complaints/{complaint_id}/rating": {"score": 5},
            "/complaints/{complaint_id}/scenario": {"scenario": "false_advertising"},
            "/complaints/{complaint_id}/emergency": {"emergency": True, "reason": "漏报"},
            "/me/erasure": {"confirm": True},
            "/complaints/{complaint_id}/take": None,
            "/collective/suggestions/{suggestion_id}/confirm": {"title": "同一事件的集体投诉"},
            "/collective/suggestions/{suggestion_id}/reject": {"reason": "不是同一事件"},
            "/collective/cases/{case_id}/updates": {"body": "统一进展：正在核实"},
            "/collective/cases/{case_id}/members": {"complaint_id": spare},
            "/collective/cases/{case_id}/merge": {"other_case_id": other_case.pk},
            "/collective/cases/{case_id}/split": {"complaint_ids": [filed["id"]],
                                                   "title": "拆分出的集体投诉"},
            "/collective/cases/{case_id}/plan": {"amount": "20.00"},
            "/collective/cases/{case_id}/acceptance": {"accept": True},
            "/collective/cases/{case_id}/plan/apply": None,
            "/complaints/{complaint_id}/casefile": None,
            "/complaints/{complaint_id}/losses": {"amount": "100", "note": "等待期间又被转走"},
            "/consumers/{consumer_id}/erasure": {"confirm": True},
            "/merchants/{merchant_id}/commitment": None,
            "/auth/token": {"username": people[who].username if who != "anonymous" else "alice",
                            "password": "pw-" + (people[who].username if who != "anonymous"
                                                 else "alice")},
        }[path]
        response = client.post(url, body)
    assert response.status_code == MATRIX[(method, path)][who], response.content


@pytest.mark.parametrize("who,visible", [
    ("consumer", 1), ("other_consumer", 0), ("agent", 1), ("other_agent", 0), ("moderator", 1),
])
def test_lists_show_only_what_each_may_see(api, filed, who, visible):
    page = api(who).get("/api/complaints").json()
    assert page["count"] == visible
    assert [c["id"] for c in page["results"]] == [filed["id"]] * visible


def test_merchant_agent_does_not_see_consumer_identity(api, filed):
    assert api("agent").get(f"/api/complaints/{filed['id']}").json()["consumer"] is None
    assert api("moderator").get(f"/api/complaints/{filed['id']}").json()["consumer"]["name"]
    assert api("consumer").get(f"/api/complaints/{filed['id']}").json()["consumer"]


def _collective_fixture(owner, shop, filed, complaint_body):
    """A case holding the filed complaint with a plan on offer, a second case to merge, a
    pending suggestion, and a spare complaint to add."""
    from tousu.collectives.models import CollectiveCase, Membership, Suggestion
    from tousu.complaints.models import Complaint

    def another(title: str) -> Complaint:
        body = owner.post("/api/complaints", {**complaint_body, "title": title}).json()
        return Complaint.objects.get(pk=body["id"])

    case = CollectiveCase.objects.create(merchant=shop, title="耳机退款集体投诉",
                                         status="plan_offered", plan_amount=10)
    Membership.objects.create(case=case, complaint_id=filed["id"])
    other_case = CollectiveCase.objects.create(merchant=shop, title="另一起")
    Membership.objects.create(case=other_case, complaint=another("另一起的投诉"))
    suggestion = Suggestion.objects.create(merchant=shop, evidence={"count": 1})
    suggestion.complaints.add(another("建议中的投诉"))
    return case, other_case, suggestion, another("备用投诉").pk
