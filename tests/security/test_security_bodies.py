"""Malformed and oversized request bodies.

Every one is answered with a clear 4xx in the API's single error shape
(``{"error": {"code", "message", "fields"?}}``) — never a 5xx — and nothing is written.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

DEPTH = 10_000


def _error_shape(response, *statuses: int) -> dict:
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert set(body["error"]) <= {"code", "message", "fields"}
    return body["error"]


@pytest.fixture
def send(people, merchants, complaint_body):
    """POST raw bytes to an API path as alice; returns the response (never raises)."""
    from tousu.accounts.models import ApiToken

    _, token = ApiToken.issue(people["consumer"])
    client = Client(raise_request_exception=False)

    def post(raw: bytes | str, path: str = "/api/complaints",
             content_type: str = "application/json", **extra):
        data = raw.encode() if isinstance(raw, str) else raw
        return client.generic("POST", path, data, content_type=content_type,
                              HTTP_AUTHORIZATION=f"Bearer {token}", **extra)

    return post


@pytest.fixture
def nothing_written(db):
    from tousu.complaints.models import Complaint, Event, Message

    def counts():
        return (Complaint.objects.count(), Message.objects.count(), Event.objects.count())

    before = counts()
    yield
    assert counts() == before, "a refused request wrote something"


def _body(complaint_body, **changes) -> str:
    return json.dumps({**complaint_body, **changes}, ensure_ascii=False)


# --- Syntax ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw,code", [
    ("", None),  # an empty body is read as {}: 422 naming the missing fields
    ("{", "malformed_json"),
    ('{"merchant_id": 1, "title": "退货', "malformed_json"),
    ("{'title': 'single quotes'}", "malformed_json"),
    ('{"a": 1,}', "malformed_json"),
    ("null", "malformed_json"),
    ("[]", "malformed_json"),
    ("123", "malformed_json"),
    ('"a string"', "malformed_json"),
    ("\ufeff{}", "malformed_json"),
    ('{"amount": NaN}', None),
    ('{"amount": Infinity}', None),
])
def test_syntax_errors(raw, code, send, nothing_written):
    error = _error_shape(send(raw), 400, 422)
    if code:
        assert error["code"] == code


def test_truncated_real_body(send, complaint_body, nothing_written):
    raw = _body(complaint_body)
    for cut in (1, 5, len(raw) // 2, len(raw) - 1):
        _error_shape(send(raw[:cut]), 400)


@pytest.mark.parametrize("raw", [
    "[" * DEPTH + "]" * DEPTH,
    '{"a":' * DEPTH + "1" + "}" * DEPTH,
    '{"demands": ' + "[" * DEPTH + "]" * DEPTH + "}",
    '{"title": ' + '{"x":' * DEPTH + "1" + "}" * DEPTH + "}",
])
def test_deeply_nested_json(raw, send, nothing_written):
    _error_shape(send(raw), 400, 422)


def test_huge_number_literals(send, complaint_body, nothing_written):
    for literal in ("9" * 5000, "1e999999", "-" + "9" * 4400, "1" + "0" * 4400 + ".5"):
        raw = _body(complaint_body).replace('"299.00"', literal)
        _error_shape(send(raw), 400, 422)


# --- Types and limits -----------------------------------------------------------------------


@pytest.mark.parametrize("changes", [
    {"title": 123},
    {"title": {"$ne": ""}},
    {"title": ["a", "b"]},
    {"title": None},
    {"narrative": False},
    {"merchant_id": "abc"},
    {"merchant_id": [1]},
    {"merchant_id": {"id": 1}},
    {"merchant_id": 1.5},
    {"merchant_id": -1},
    {"merchant_id": 0},
    {"amount": {}},
    {"amount": "abc"},
    {"amount": "-1"},
    {"amount": "1.234"},
    {"demands": "refund"},
    {"demands": [1]},
    {"demands": ["refund; DROP TABLE x"]},
    {"consent": "maybe"},
    {"consent": None},
    {"consent": False},
    {"channel": "import"},
    {"visibility": "everyone"},
    {"narative": "typo"},
    {"__proto__": {"admin": True}},
])
def test_wrong_types_and_unknown_fields(changes, send, complaint_body, nothing_written):
    _error_shape(send(_body(complaint_body, **changes)), 400, 422)


@pytest.mark.parametrize("changes", [
    {"title": "长" * 121},
    {"title": "x" * 50_000},
    {"narrative": "x" * 20_001},
    {"consumer_name": "名" * 101},
    {"consumer_email": "a" * 250 + "@x.cn"},
    {"title": "   "},
    {"narrative": "\n\t " * 10},
])
def test_strings_beyond_limits(changes, send, complaint_body, nothing_written):
    error = _error_shape(send(_body(complaint_body, **changes)), 422)
    assert error["code"] == "invalid_fields" and error["fields"]


def test_message_body_beyond_limit(send, api, filed):
    from tousu.complaints.models import Message

    before = Message.objects.count()
    path = f"/api/complaints/{filed['id']}/messages"
    _error_shape(send(json.dumps({"body": "x" * 5001}), path=path), 422)
    _error_shape(send(json.dumps({"body": ""}), path=path), 422)
    _error_shape(send(json.dumps({"body": ["x"]}), path=path), 422)
    assert Message.objects.count() == before


def test_body_over_the_json_limit(send, complaint_body, settings, nothing_written):
    raw = _body(complaint_body, narrative="x" * (settings.TOUSU_MAX_JSON_BYTES + 1))
    assert _error_shape(send(raw), 413)["code"] == "body_too_large"
    settings.TOUSU_MAX_JSON_BYTES = 200
    assert _error_shape(send(_body(complaint_body)), 413)["code"] == "body_too_large"


@pytest.mark.parametrize("length,status", [("abc", 400), ("99999999999999999999999", 413),
                                           ("1e6", 400)])
def test_lying_content_length(length, status, send, complaint_body, nothing_written):
    _error_shape(send(_body(complaint_body), CONTENT_LENGTH=length), status)


def test_oversized_web_form_is_refused(people, filed):
    from tousu.complaints.models import Message

    client = Client(raise_request_exception=False)
    client.force_login(people["consumer"])
    before = Message.objects.count()
    response = client.post(f"/c/{filed['id']}/message", {"body": "x" * (300 * 1024)})
    assert response.status_code in (400, 413)  # Django's RequestDataTooBig
    assert Message.objects.count() == before


# --- Encodings and media types ---------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    b'{"title": "\xff\xfe"}',
    b'{"title": "\xc0\xaf\xc0\xaf"}',  # overlong "/"
    b'{"title": "\xed\xa0\x80abcd"}',  # a UTF-16 surrogate encoded as UTF-8 (CESU-8)
    b'{"title": "\xe9\x80"}',  # cut multi-byte character
    '{"title": "退货不退款"}'.encode("gbk"),
    '{"title": "退货不退款"}'.encode("utf-16"),
    '{"title": "退货不退款"}'.encode("utf-32-le"),
])
def test_invalid_utf8(raw, send, nothing_written):
    assert _error_shape(send(raw), 400)["code"] in ("bad_encoding", "malformed_json")


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-16",
                                          "application/json; charset=gbk",
                                          "application/json; charset=latin-1"])
def test_declared_non_utf8_charset(content_type, send, complaint_body, nothing_written):
    raw = _body(complaint_body).encode("utf-8")
    assert _error_shape(send(raw, content_type=content_type), 400)["code"] == "bad_encoding"


@pytest.mark.parametrize("content_type", [
    "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz", "application/octet-stream",
    "application/javascript", "image/png",
])
def test_wrong_content_type(content_type, send, complaint_body, nothing_written):
    error = _error_shape(send(_body(complaint_body), content_type=content_type), 415)
    assert error["code"] == "unsupported_media_type"


def test_lone_surrogate_escape(send, complaint_body, nothing_written):
    raw = _body(complaint_body).replace("退货后一直不退款", "退货\\ud800不退款了")
    _error_shape(send(raw), 422)


def test_nul_bytes_in_strings(send, complaint_body):
    """BUG: "\\u0000" inside a JSON string is accepted (201) and stored. PostgreSQL cannot
    store NUL in text (the insert fails -> 500 there); Django's own forms refuse it
    (ProhibitNullCharactersValidator), the API does not. Fix: refuse NUL (and the other C0
    controls except \\t \\n \\r) in every ``str`` field of ``StrictSchema`` in
    src/tousu/api/schemas.py (one ``field_validator("*", mode="after")`` or an annotated
    str type), which covers every JSON input of the API at once."""
    from django.db import transaction

    _savepoint = getattr(transaction, "savepoint_create", None) or transaction.savepoint
    problems = []
    for field, value in [("title", "退货\u0000不退款啊"),
                         ("narrative", "10月3日买的耳机\u0000退货了很久都没退款"),
                         ("consumer_name", "张\u0000三")]:
        # In a savepoint: on PostgreSQL the failed insert aborts the test's transaction.
        sid = _savepoint()
        try:
            response = send(_body(complaint_body, **{field: value}))
        finally:
            transaction.savepoint_rollback(sid)
        if response.status_code not in (400, 422):
            problems.append(f"{field}: {response.status_code}")
    assert not problems, problems
