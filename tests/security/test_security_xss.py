"""Stored and reflected XSS: attacker-controlled text in every field a user fills in is
rendered back on every page that shows it, and must come out escaped.

Each payload is written into the complaint's title and narrative, a consumer message, the
merchant's reply, the consumer's dispute reason, the rating comment, an evidence file name,
a collective case title and update, a callback note, assistant chat messages (consumer and
staff), a merchant's name and description, and the signup form's username. Then every page
that shows them is rendered as the role that may see it; none may contain the payload as
markup, and each must show it escaped (so the check is not vacuous).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}}{% debug %}${7*7}"
TEXTAREA = "</textarea><script>alert(2)</script>"
PAYLOADS = [SCRIPT, IMG, JS_URL, TEMPLATE, TEXTAREA]

#: Markup that would run if a payload were emitted unescaped.
_RAW = ["<script>alert(", "<img src=x", "onerror=alert(1)>", "</textarea><script>"]
_JS_ATTR = re.compile(r"""(?:href|src|action|formaction|data)\s*=\s*["']?\s*javascript:""", re.I)


def assert_inert(html: str, payload: str, *, where: str, shown: bool = True) -> None:
    for raw in _RAW:
        assert raw not in html, f"{where}: unescaped {raw!r} in the page"
    assert not _JS_ATTR.search(html), f"{where}: a javascript: URL in an attribute"
    if shown:
        assert escape(payload) in html, f"{where}: the payload is not shown at all"
    if payload == TEMPLATE and shown:
        assert "{{7*7}}" in html and ">49<" not in html, f"{where}: template syntax evaluated"


def _browser(people, who: str | None) -> Client:
    client = Client()
    if who:
        client.force_login(people[who])
    return client


@pytest.fixture
def staged(request, people, merchants, api):
    """Everything a user can type, filled with one payload; returns the ids to visit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tousu.callbacks.services import manual
    from tousu.chat.models import Conversation
    from tousu.collectives.models import CollectiveCase, Membership, Suggestion
    from tousu.complaints import services
    from tousu.complaints.models import Complaint
    from tousu.merchants.models import Merchant

    payload = request.param
    shop, _ = merchants
    evil = Merchant.objects.create(name="商户" + payload, industry="ecommerce",
                                   description="简介" + payload)
    consumer, agent = api("consumer"), api("agent")
    body = {"merchant_id": shop.pk, "title": ("标题" + payload)[:120],
            "narrative": "经过：" + payload + "，商家签收半个月一直不退款。", "amount": "10",
            "demands": ["refund"], "consent": True, "visibility": "public"}
    cid = consumer.post("/api/complaints", body).json()["id"]
    # A second one against the oddly named merchant, left waiting in triage.
    second = consumer.post("/api/complaints", {**body, "merchant_id": evil.pk}).json()["id"]
    for action in ("accept", "forward"):
        services.transition(cid, user=people["moderator"], action=action)
    assert consumer.post(f"/api/complaints/{cid}/messages",
                         {"body": "留言" + payload}).status_code == 201
    assert agent.post(f"/api/complaints/{cid}/transitions",
                      {"action": "reply", "reason": "答复" + payload}).status_code == 200
    assert consumer.post(f"/api/complaints/{cid}/transitions",
                         {"action": "dispute", "reason": "异议" + payload}).status_code == 200
    assert consumer.post(f"/api/complaints/{cid}/rating",
                         {"score": 2, "comment": "评价" + payload}).status_code == 201
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    browser = _browser(people, "consumer")
    browser.post(f"/c/{cid}/evidence",
                 {"evidence": SimpleUploadedFile(payload + ".png", png, "image/png")})

    case = CollectiveCase.objects.create(merchant=shop, title="集体" + payload)
    Membership.objects.create(case=case, complaint_id=cid)
    _browser(people, "agent").post(f"/m/collective/{case.pk}/update", {"body": "进展" + payload})
    suggestion = Suggestion.objects.create(merchant=shop, evidence={"count": 1})
    suggestion.complaints.add(Complaint.objects.get(pk=second))
    confirmed = Suggestion.objects.create(merchant=shop, evidence={"count": 1})
    _browser(people, "moderator").post(f"/staff/collective/{confirmed.pk}/decide",
                                       {"decision": "confirm", "title": "新案" + payload})

    callback, _ = manual(Complaint.objects.get(pk=cid), people["moderator"],
                         note="备注" + payload)
    _browser(people, "moderator").post(f"/staff/callbacks/{callback.pk}",
                                       {"reached": "no", "notes": "通话" + payload})

    browser.post("/assistant/say", {"text": "请问" + payload})
    browser.post("/assistant/human")
    conversation = Conversation.objects.get(user=people["consumer"])
    staff = _browser(people, "moderator")
    staff.post(f"/staff/chats/{conversation.pk}", {"do": "take"})
    staff.post(f"/staff/chats/{conversation.pk}", {"do": "reply", "body": "客服" + payload})

    return {"payload": payload, "id": cid, "second": second,
            "ref": Complaint.objects.get(pk=cid).ref, "merchant": evil.pk,
            "callback": callback.pk, "conversation": conversation.pk, "browser": browser}


PAGES = [
    ("consumer", "/me/c/{id}"),
    ("consumer", "/me/"),
    ("agent", "/m/c/{id}"),
    ("agent", "/m/"),
    ("agent", "/m/collective"),
    ("moderator", "/staff/c/{id}"),
    ("moderator", "/staff/"),
    ("moderator", "/staff/collective"),
    ("moderator", "/staff/callbacks/{callback}"),
    ("moderator", "/staff/chats/{conversation}"),
    (None, "/public/c/{ref}"),
    (None, "/public/complaints"),
    (None, "/public/merchants/{merchant}"),
]


@pytest.mark.parametrize("staged", PAYLOADS, indirect=True, ids=range(len(PAYLOADS)))
def test_stored_payloads_are_escaped_on_every_page(staged, people, api):
    payload = staged["payload"]
    browsers = {who: _browser(people, who) for who in {w for w, _ in PAGES}}
    for who, pattern in PAGES:
        url = pattern.format(**staged)
        response = browsers[who].get(url)
        assert response.status_code == 200, f"{who} {url}: {response.status_code}"
        assert_inert(response.content.decode(), payload, where=f"{who} {url}")
    # The assistant's log in the consumer's own browser: their words and the agent's reply.
    log = staged["browser"].get("/assistant/log").content.decode()
    assert_inert(log, payload, where="/assistant/log")
    assert escape("客服" + payload) in log and escape("请问" + payload) in log

    # The JSON API gives the same text back as data, unchanged.
    consumer = api("consumer")
    complaint = consumer.get(f"/api/complaints/{staged['id']}")
    assert complaint["Content-Type"].startswith("application/json")
    assert payload in complaint.json()["narrative"]
    bodies = [m["body"] for m in consumer.get(f"/api/complaints/{staged['id']}/messages").json()]
    assert "留言" + payload in bodies and "答复" + payload in bodies


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_reflected_payloads_are_escaped(payload, people, merchants):
    from tousu.merchants.models import Merchant

    shop, _ = merchants
    Merchant.objects.create(name="商户" + payload, industry="ecommerce")
    anonymous = Client()
    checks = [
        ("/public/complaints", {"q": payload, "industry": payload, "page": payload}, True),
        ("/merchants/options", {"q": "商户", "merchant": payload}, True),
        ("/public/rankings", {"period": payload, "by": payload, "industry": payload}, False),
        (f"/public/merchants/{shop.pk}", {"period": payload}, False),
        ("/accounts/login/", {"next": payload}, False),
    ]
    for url, params, shown in checks:
        response = anonymous.get(url, params)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert_inert(response.content.decode(), payload, where=url, shown=shown)
    missing = anonymous.get("/public/c/" + payload.replace("/", "_"))
    assert missing.status_code == 404
    assert_inert(missing.content.decode(), payload, where="404 page", shown=False)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_signup_username_is_refused_and_escaped(payload, db):
    from tousu.accounts.models import User

    response = Client().post("/accounts/signup/", {
        "username": payload, "password1": "a-Long-pass-9876", "password2": "a-Long-pass-9876"})
    html = response.content.decode()
    if response.status_code == 302:  # accepted: the name must come back escaped
        assert_inert(Client().get("/public/complaints").content.decode(), payload, where="/",
                     shown=False)
    else:
        assert response.status_code == 200
        assert_inert(html, payload, where="signup form", shown=any(c in payload for c in "<\""))
        assert not User.objects.filter(username=payload).exists()
