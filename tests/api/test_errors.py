"""Bad input gets a precise 4xx with a JSON body, and nothing is written."""

from __future__ import annotations

import pytest

from tousu.complaints.models import Complaint


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


def test_malformed_json(api):
    response = api("consumer").post("/api/complaints", raw=b'{"title": "x",')
    assert response.status_code == 400
    err = error_of(response)
    assert err["code"] == "malformed_json" and "line 1 column" in err["message"]


def test_invalid_utf8(api, complaint_body):
    raw = b'{"title": "\xff\xfe bad", "narrative": "x"}'
    response = api("consumer").post("/api/complaints", raw=raw)
    assert response.status_code == 400
    err = error_of(response)
    assert err["code"] == "bad_encoding" and "0xff" in err["message"]


def test_declared_non_utf8_charset(api, complaint_body):
    import json

    # A str body: the test client encodes it in the declared charset (GBK) itself.
    raw = json.dumps(complaint_body, ensure_ascii=False)
    response = api("consumer").post("/api/complaints", raw=raw,
                                    content_type="application/json; charset=gbk")
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_encoding"


def test_json_array_is_not_an_object(api):
    response = api("consumer").post("/api/complaints", raw=b"[1, 2]")
    assert response.status_code == 400
    assert "must be an object" in error_of(response)["message"]


def test_wrong_content_type(api, complaint_body):
    response = api("consumer").post("/api/complaints", raw=b"title=x", content_type="text/plain")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_wrong_types_name_each_field(api, complaint_body):
    body = {**complaint_body, "amount": "lots", "merchant_id": "abc", "demands": ["fly"]}
    response = api("consumer").post("/api/complaints", body)
    assert response.status_code == 422
    err = error_of(response)
    assert err["code"] == "invalid_fields"
    fields = {f["field"].split(".")[0] for f in err["fields"]}
    assert {"amount", "merchant_id", "demands"} <= fields


def test_missing_fields(api):
    response = api("consumer").post("/api/complaints", {"title": "只有标题而已"})
    assert response.status_code == 422
    fields = {f["field"] for f in error_of(response)["fields"]}
    assert {"merchant_id", "narrative", "consent"} <= fields


def test_unknown_field_is_refused_not_ignored(api, complaint_body):
    response = api("consumer").post("/api/complaints", {**complaint_body, "narative": "typo"})
    assert response.status_code == 422
    assert any(f["field"] == "narative" for f in error_of(response)["fields"])


def test_negative_amount(api, complaint_body):
    response = api("consumer").post("/api/complaints", {**complaint_body, "amount": "-5"})
    assert response.status_code == 422


def test_oversized_body(api, complaint_body, settings):
    body = {**complaint_body, "narrative": "长" * 200_000}
    response = api("consumer").post("/api/complaints", body)
    assert response.status_code == 413
    err = error_of(response)
    assert err["code"] == "body_too_large" and str(settings.TOUSU_MAX_JSON_BYTES) in err["message"]


def test_unknown_merchant(api, complaint_body):
    response = api("consumer").post("/api/complaints", {**complaint_body, "merchant_id": 99999})
    assert response.status_code == 422
    err = error_of(response)
    assert err["code"] == "unknown_merchant" and "99999" in err["message"]


def test_bad_idempotency_key(api, complaint_body):
    response = api("consumer").post("/api/complaints", complaint_body,
                                    headers={"Idempotency-Key": "has space"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_idempotency_key"


def test_illegal_transition(api, filed):
    response = api("moderator").post(f"/api/complaints/{filed['id']}/transitions",
                                     {"action": "close"})
    assert response.status_code == 409
    err = error_of(response)
    assert err["code"] == "illegal_transition" and "accept" in err["message"]


def test_transition_forbidden_for_role(api, filed):
    response = api("consumer").post(f"/api/complaints/{filed['id']}/transitions",
                                    {"action": "accept"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "transition_forbidden"


def test_reason_required(api, filed):
    response = api("moderator").post(f"/api/complaints/{filed['id']}/transitions",
                                     {"action": "reject", "reason": " "})
    assert response.status_code == 422
    assert error_of(response)["code"] == "reason_required"


def test_unknown_action(api, filed):
    response = api("moderator").post(f"/api/complaints/{filed['id']}/transitions",
                                     {"action": "explode"})
    assert response.status_code == 422


def test_not_authenticated(api, complaint_body):
    response = api(None).post("/api/complaints", complaint_body)
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_bad_token(api, complaint_body):
    client = api(None)
    client.token = "tsu_abc_def"
    assert client.post("/api/complaints", complaint_body).status_code == 401


def test_forbidden_role(api, complaint_body):
    response = api("regulator").post("/api/complaints", complaint_body)
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_someone_elses_complaint_is_not_found(api, filed):
    response = api("other_consumer").get(f"/api/complaints/{filed['id']}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("page", ["0", "abc"])
def test_bad_query_parameters(api, page):
    response = api("moderator").get("/api/complaints", page=page)
    assert response.status_code == 422


def test_nothing_was_written_by_any_of_the_above(api, complaint_body):
    client = api("consumer")
    client.post("/api/complaints", raw=b"{")
    client.post("/api/complaints", {**complaint_body, "merchant_id": 0})
    client.post("/api/complaints", {**complaint_body, "narrative": "x" * 300_000})
    assert Complaint.objects.count() == 0


def test_session_login_requires_csrf_but_anonymous_gets_401(people, complaint_body):
    from django.test import Client

    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/api/complaints", complaint_body, content_type="application/json")
    assert response.status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["consumer"])
    forged = browser.post("/api/complaints", complaint_body, content_type="application/json")
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"
    browser.get("/admin/login/")  # any page that sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    ok = browser.post("/api/complaints", complaint_body, content_type="application/json",
                      HTTP_X_CSRFTOKEN=token)
    assert ok.status_code == 201
