"""Every role against every web page, on one complaint filed by ``consumer`` against the
shop whose agent is ``agent``. A page added without a row here fails the first test.

Statuses: 200 shown, 302 sent elsewhere (the login page for anonymous visitors, the
person's own console otherwise), 403 refused, 404 for another party's complaint (its
existence is not confirmed, as in the API), 405 wrong method.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tousu.chat import services as chat

WHO = ["anonymous", "consumer", "other_consumer", "agent", "other_agent", "moderator",
       "mediator", "regulator", "admin"]


def row(*codes: int) -> dict[str, int]:
    return dict(zip(WHO, codes, strict=True))


CONSOLE_STAFF = row(302, 403, 403, 403, 403, 200, 200, 403, 200)
CONSOLE_MERCHANT = row(302, 403, 403, 200, 200, 403, 403, 403, 403)
CONSOLE_CONSUMER = row(302, 200, 200, 403, 403, 403, 403, 403, 403)
PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200, 200)
STATS = row(302, 403, 403, 403, 403, 200, 200, 200, 200)

#: (method, route) -> expected status per person. Routes are the URL patterns.
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", ""): row(200, 302, 302, 302, 302, 302, 302, 302, 302),
    ("GET", "home"): row(302, 302, 302, 302, 302, 302, 302, 302, 302),
    ("GET", "accounts/login/"): row(200, 302, 302, 302, 302, 302, 302, 302, 302),
    ("GET", "accounts/signup/"): PUBLIC,
    ("POST", "accounts/logout/"): row(302, 302, 302, 302, 302, 302, 302, 302, 302),
    ("POST", "c/<int:complaint_id>/message"): row(302, 302, 404, 302, 404, 302, 302, 403, 302),
    ("POST", "c/<int:complaint_id>/evidence"): row(302, 302, 404, 302, 404, 302, 302, 403,
                                                   302),
    ("GET", "c/<int:complaint_id>/evidence/<int:evidence_id>"): row(
        302, 200, 404, 200, 404, 200, 200, 403, 200),
    # "accept" is the platform's: others reach the form but the lifecycle says no (302 back
    # with a message, nothing changed).
    ("POST", "c/<int:complaint_id>/act"): row(302, 302, 404, 302, 404, 302, 302, 403, 302),
    ("POST", "c/<int:complaint_id>/rate"): row(302, 302, 404, 302, 404, 302, 302, 403, 302),
    ("GET", "public/complaints"): PUBLIC,
    ("GET", "public/c/<str:ref>"): PUBLIC,
    ("GET", "public/merchants/<int:merchant_id>"): PUBLIC,
    ("GET", "public/industries/<str:code>"): PUBLIC,
    ("GET", "public/rankings"): PUBLIC,
    ("GET", "public/best"): PUBLIC,
    ("GET", "me/"): CONSOLE_CONSUMER,
    ("GET", "me/new"): row(302, 200, 200, 403, 403, 200, 200, 403, 200),
    ("GET", "me/c/<int:complaint_id>"): row(302, 200, 404, 302, 404, 302, 302, 403, 302),
    ("GET", "me/privacy"): CONSOLE_CONSUMER,
    ("GET", "merchants/options"): PUBLIC,
    ("GET", "assistant"): PUBLIC,
    ("GET", "assistant/log"): PUBLIC,
    ("POST", "assistant/say"): row(302, 302, 302, 302, 302, 302, 302, 302, 302),
    ("POST", "assistant/human"): row(302, 302, 302, 302, 302, 302, 302, 302, 302),
    ("GET", "m/"): CONSOLE_MERCHANT,
    ("GET", "m/c/<int:complaint_id>"): row(302, 403, 403, 200, 404, 403, 403, 403, 403),
    ("GET", "m/collective"): CONSOLE_MERCHANT,
    ("POST", "m/collective/<int:case_id>/update"): row(302, 403, 403, 302, 404, 403, 403, 403,
                                                      403),
    ("GET", "m/stats"): CONSOLE_MERCHANT,
    ("GET", "m/feedback"): CONSOLE_MERCHANT,
    ("GET", "regulator/scorecard"): STATS,
    ("GET", "staff/"): CONSOLE_STAFF,
    ("GET", "staff/c/<int:complaint_id>"): CONSOLE_STAFF,
    ("POST", "staff/c/<int:complaint_id>/scenario"): row(302, 403, 403, 403, 403, 302, 302,
                                                         403, 302),
    ("POST", "staff/c/<int:complaint_id>/emergency"): row(302, 403, 403, 403, 403, 302, 302,
                                                          403, 302),
    ("GET", "staff/emergencies"): CONSOLE_STAFF,
    # The filed complaint is no emergency: staff get a 404 from "take", not a take.
    ("POST", "staff/emergencies/<int:complaint_id>/take"): row(302, 403, 403, 403, 403, 404,
                                                               404, 403, 404),
    ("POST", "staff/emergencies/<int:complaint_id>/casefile"): row(302, 403, 403, 403, 403,
                                                                   409, 409, 403, 409),
    ("GET", "staff/chats"): CONSOLE_STAFF,
    ("GET", "staff/chats/<int:conversation_id>"): CONSOLE_STAFF,
    ("GET", "staff/callbacks"): CONSOLE_STAFF,
    ("GET", "staff/callbacks/<int:callback_id>"): CONSOLE_STAFF,
    ("POST", "staff/c/<int:complaint_id>/callback"): row(302, 403, 403, 403, 403, 302, 302,
                                                         403, 302),
    ("GET", "staff/stats"): STATS,
    ("GET", "staff/integrity"): CONSOLE_STAFF,
    ("POST", "staff/integrity/<int:flag_id>"): row(302, 403, 403, 403, 403, 302, 302, 403,
                                                   302),
    ("GET", "staff/collective"): CONSOLE_STAFF,
    ("POST", "staff/collective/<int:suggestion_id>/decide"): row(302, 403, 403, 403, 403, 302,
                                                                 302, 403, 302),
}


def _routes(resolver=None, prefix: str = "") -> list[str]:
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            text = str(p.pattern)
            if text.startswith(("admin/", "api/", "i18n/")):
                continue  # the admin, the API (its own matrix) and Django's language switch
            out += _routes(p, prefix + text)
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def test_matrix_covers_every_page():
    assert set(_routes()) == {route for _, route in MATRIX}


@pytest.fixture
def world(people, merchants, filed, api):
    from tousu.callbacks.services import manual
    from tousu.collectives.models import CollectiveCase, Membership, Suggestion
    from tousu.complaints.models import Complaint
    from tousu.screening.models import Flag

    shop, _ = merchants
    complaint = Complaint.objects.get(pk=filed["id"])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    evidence = api("consumer").upload(f"/api/complaints/{complaint.pk}/evidence", "a.png", png)
    case = CollectiveCase.objects.create(merchant=shop, title="集体投诉")
    Membership.objects.create(case=case, complaint=complaint)
    suggestion = Suggestion.objects.create(merchant=shop, evidence={"count": 1})
    conversation = chat.start(user=people["consumer"], session_key="", lang="zh")
    callback, _ = manual(complaint, people["moderator"])
    flag = Flag.objects.create(complaint=complaint, score=0.5, reasons=[])
    return {"complaint_id": complaint.pk, "evidence_id": evidence.json()["id"],
            "ref": complaint.ref, "merchant_id": shop.pk, "code": "ecommerce",
            "case_id": case.pk, "suggestion_id": suggestion.pk,
            "conversation_id": conversation.pk, "callback_id": callback.pk,
            "flag_id": flag.pk}


BODIES = {
    "c/<int:complaint_id>/message": {"body": "请尽快处理"},
    "c/<int:complaint_id>/act": {"action": "accept"},
    "c/<int:complaint_id>/rate": {"score": "5"},
    "m/collective/<int:case_id>/update": {"body": "统一进展"},
    "staff/c/<int:complaint_id>/scenario": {"scenario": "false_advertising"},
    "staff/c/<int:complaint_id>/emergency": {"emergency": "yes"},
    "staff/integrity/<int:flag_id>": {"decision": "clear"},
    "staff/collective/<int:suggestion_id>/decide": {"decision": "reject", "reason": "不是"},
    "assistant/say": {"text": "怎么投诉"},
}


def _url(route: str, ids: dict) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), route)


CASES = [(m, r, who) for (m, r) in MATRIX for who in WHO]


@pytest.mark.parametrize("method,route,who", CASES)
def test_role_page(method, route, who, people, world):
    client = Client()
    if who != "anonymous":
        client.force_login(people[who])
    url = _url(route, world)
    response = client.get(url) if method == "GET" else client.post(url, BODIES.get(route, {}))
    assert response.status_code == MATRIX[(method, route)][who], (
        f"{method} {url} as {who}: {response.status_code}")
