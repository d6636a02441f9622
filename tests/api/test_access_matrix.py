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

MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/complaints"): row(401, 201, 201, 403, 403, 201, 201, 403, 201),
    ("GET", "/complaints"): row(401, 200, 200, 200, 200, 200, 200, 403, 200),
    ("GET", "/complaints/{complaint_id}"): READ,
    # "accept" is the platform's to take; others are stopped by access or by the lifecycle.
    ("POST", "/complaints/{complaint_id}/transitions"): row(
        401, 403, 404, 403, 404, 200, 200, 403, 200),
    ("POST", "/complaints/{complaint_id}/scenario"): row(
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
    ("POST", "/me/erasure"): row(401, 200, 200, 403, 403, 403, 403, 403, 403),
    ("POST", "/consumers/{consumer_id}/erasure"): row(
        401, 403, 403, 403, 403, 403, 403, 403, 200),
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
    url = "/api" + path.format(complaint_id=filed["id"], evidence_id=evidence["id"],
                               merchant_id=shop.pk, consumer_id=consumer_id)
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
            "/complaints/{complaint_id}/scenario": {"scenario": "false_advertising"},
            "/me/erasure": {"confirm": True},
            "/complaints/{complaint_id}/take": None,
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
