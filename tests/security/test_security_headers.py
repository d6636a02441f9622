"""Security headers, cookie flags and CSRF protection of the web forms and the API."""

from __future__ import annotations

import pytest
from django.test import Client

STRICT_REFERRERS = {"no-referrer", "same-origin", "strict-origin",
                    "strict-origin-when-cross-origin", "no-referrer-when-downgrade"}


def _framing_denied(response) -> bool:
    csp = response.get("Content-Security-Policy", "")
    return response.get("X-Frame-Options") == "DENY" or "frame-ancestors 'none'" in csp


def _check_headers(response, where: str) -> None:
    assert _framing_denied(response), f"{where}: can be framed"
    assert response.get("X-Content-Type-Options") == "nosniff", f"{where}: no nosniff"
    policy = {p.strip() for p in response.get("Referrer-Policy", "").split(",")}
    assert policy & STRICT_REFERRERS, f"{where}: Referrer-Policy {policy}"


@pytest.fixture
def browser(people):
    def make(who: str | None, **kwargs) -> Client:
        client = Client(raise_request_exception=False, **kwargs)
        if who:
            client.force_login(people[who])
        return client

    return make


def test_pages_carry_security_headers(browser, filed, merchants):
    shop, _ = merchants
    pages = [
        (None, "/"), (None, "/accounts/login/"), (None, "/accounts/signup/"),
        (None, "/public/complaints"), (None, f"/public/merchants/{shop.pk}"),
        (None, "/public/rankings"), (None, "/assistant"), (None, "/no/such/page"),
        ("consumer", "/me/"), ("consumer", f"/me/c/{filed['id']}"), ("consumer", "/m/"),
        ("moderator", f"/staff/c/{filed['id']}"), ("agent", "/m/"),
    ]
    for who, url in pages:
        response = browser(who).get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        _check_headers(response, f"{who} {url}")
        if response.status_code == 200:
            assert response["Content-Type"].startswith("text/html")


def test_api_responses_carry_security_headers(api, filed):
    anonymous, consumer = api(None), api("consumer")
    responses = {
        "list": consumer.get("/api/complaints"),
        "read": consumer.get(f"/api/complaints/{filed['id']}"),
        "public": anonymous.get("/api/merchants"),
        "401": anonymous.get("/api/complaints"),
        "404": consumer.get("/api/complaints/999999"),
        "422": consumer.post("/api/complaints", {"title": 1}),
        "415": consumer.post("/api/complaints", raw="x", content_type="text/plain"),
        "schema": anonymous.get("/api/openapi.json"),
    }
    for name, response in responses.items():
        _check_headers(response, f"API {name}")
        assert response["Content-Type"].startswith("application/json"), name


def test_session_cookie_flags(people, settings):
    client = Client()
    client.get("/accounts/login/")
    csrf = client.cookies["csrftoken"]
    assert csrf["samesite"].lower() == "lax"
    response = client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"].lower() == "lax"
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_https_settings_flag_cookies_secure(monkeypatch):
    """With TOUSU_HTTPS=1 the cookies are Secure and HSTS is on (settings read afresh)."""
    import importlib

    import tousu.settings as module

    monkeypatch.setenv("TOUSU_HTTPS", "1")
    try:
        fresh = importlib.reload(module)
        assert fresh.SESSION_COOKIE_SECURE and fresh.CSRF_COOKIE_SECURE
        assert fresh.SECURE_HSTS_SECONDS >= 31536000 and fresh.SECURE_SSL_REDIRECT
    finally:
        monkeypatch.delenv("TOUSU_HTTPS")
        importlib.reload(module)


# --- CSRF -----------------------------------------------------------------------------------


@pytest.fixture
def forms(filed, people, merchants):
    """(who, url, data) for state-changing form posts, each of which must need a token."""
    from tousu.callbacks.services import manual
    from tousu.collectives.models import CollectiveCase, Membership
    from tousu.complaints.models import Complaint

    shop, _ = merchants
    complaint = Complaint.objects.get(pk=filed["id"])
    case = CollectiveCase.objects.create(merchant=shop, title="集体投诉")
    Membership.objects.create(case=case, complaint=complaint)
    callback, _ = manual(complaint, people["moderator"])
    cid = filed["id"]
    return [
        (None, "/accounts/login/", {"username": "alice", "password": "pw-alice"}),
        (None, "/accounts/signup/", {"username": "mallory", "password1": "a-Long-pass-9876",
                                     "password2": "a-Long-pass-9876"}),
        (None, "/assistant/say", {"text": "怎么投诉"}),
        (None, "/i18n/setlang/", {"language": "en"}),
        ("consumer", "/accounts/logout/", {}),
        ("consumer", f"/c/{cid}/message", {"body": "伪造的留言"}),
        ("consumer", f"/c/{cid}/act", {"action": "withdraw", "reason": "伪造"}),
        ("consumer", f"/c/{cid}/rate", {"score": "1"}),
        ("consumer", "/me/new", {"merchant": shop.pk, "title": "伪造的投诉标题",
                                 "narrative": "这是一条跨站伪造的投诉内容", "consent": "on"}),
        ("consumer", "/me/privacy", {"confirm": "yes"}),
        ("consumer", "/assistant/human", {}),
        ("agent", f"/m/collective/{case.pk}/update", {"body": "伪造的进展"}),
        ("moderator", f"/c/{cid}/act", {"action": "reject", "reason": "伪造"}),
        ("moderator", f"/staff/c/{cid}/scenario", {"scenario": "false_advertising"}),
        ("moderator", f"/staff/c/{cid}/emergency", {"emergency": "yes"}),
        ("moderator", f"/staff/c/{cid}/callback", {"note": "伪造"}),
        ("moderator", f"/staff/callbacks/{callback.pk}", {"reached": "no"}),
    ]


def test_form_posts_without_a_csrf_token_are_refused(forms, people, filed):
    from tousu.accounts.models import User
    from tousu.complaints.models import Complaint, Event, Message

    before = (Complaint.objects.count(), Message.objects.count(), Event.objects.count(),
              User.objects.count(), Complaint.objects.get(pk=filed["id"]).state)
    for who, url, data in forms:
        client = Client(enforce_csrf_checks=True)
        if who:
            client.force_login(people[who])
        response = client.post(url, data)
        assert response.status_code == 403, f"{who} POST {url}: {response.status_code}"
    after = (Complaint.objects.count(), Message.objects.count(), Event.objects.count(),
             User.objects.count(), Complaint.objects.get(pk=filed["id"]).state)
    assert after == before


def test_form_posts_with_the_token_go_through(people, filed):
    """The control for the test above: the same client with its token is let in."""
    from tousu.complaints.models import Message

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["consumer"])
    client.get(f"/me/c/{filed['id']}")
    token = client.cookies["csrftoken"].value
    response = client.post(f"/c/{filed['id']}/message", {"body": "真的留言",
                                                         "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Message.objects.count() == 1
    wrong = client.post(f"/c/{filed['id']}/message", {"body": "x",
                                                      "csrfmiddlewaretoken": "A" * 64})
    assert wrong.status_code == 403


def test_api_with_a_session_needs_csrf_but_bearer_does_not(people, filed, api,
                                                           complaint_body):
    import json

    from tousu.complaints.models import Message

    session = Client(enforce_csrf_checks=True)
    session.force_login(people["consumer"])
    response = session.post(f"/api/complaints/{filed['id']}/messages",
                            json.dumps({"body": "伪造"}), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    upload = session.post(f"/api/complaints/{filed['id']}/evidence", {})
    assert upload.status_code == 403
    assert Message.objects.count() == 0

    bearer = api("consumer")
    bearer.client = Client(enforce_csrf_checks=True)
    assert bearer.post(f"/api/complaints/{filed['id']}/messages",
                       {"body": "正常"}).status_code == 201


def test_signup_next_is_not_an_open_redirect(db):
    """BUG: /accounts/signup/?next=https://evil.example/ sends the new user to any site
    after signing up: src/tousu/web/views/common.py ``signup`` does
    ``redirect(request.GET.get("next") or "/me/")`` unchecked. Fix: keep ``next`` only if
    ``url_has_allowed_host_and_scheme(next, {request.get_host()}, require_https=...)``
    (as staff.override already does), else "/me/"."""
    for target in ("https://evil.example/phish", "//evil.example/phish",
                   "/\\evil.example", "javascript:alert(1)"):
        client = Client()
        response = client.post("/accounts/signup/?next=" + target, {
            "username": f"user{abs(hash(target)) % 10_000}",
            "password1": "a-Long-pass-9876", "password2": "a-Long-pass-9876"})
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_login_next_is_not_an_open_redirect(people):
    for target in ("https://evil.example/phish", "//evil.example/phish"):
        response = Client().post("/accounts/login/?next=" + target,
                                 {"username": "alice", "password": "pw-alice"})
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]
