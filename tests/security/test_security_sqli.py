"""Injection strings in every filter and search parameter, API and web.

Each answer is a 200 that shows no more rows than the caller may see, or a clear 4xx —
never a 5xx — and every table is still there afterwards. Also: integers too large for the
database, and "digit" strings that are not ASCII digits, in parameters that end up in a
query or a date.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client

INJECTIONS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR "1"="1',
    "1; DROP TABLE complaints_complaint; --",
    "1); DROP TABLE accounts_user; --",
    "%' UNION SELECT id, username, password FROM accounts_user --",
    "1 UNION ALL SELECT NULL,NULL,NULL--",
    "') OR ('a'='a",
    "\\'; SELECT pg_sleep(5); --",
    "1 AND (SELECT COUNT(*) FROM sqlite_master) > 0",
    "%",
    "_",
    "%%%%",
    "*",
    '"',
    "NEAR(退款 商家)",
    "退款' OR '1'='1",
    "１２３",
    "²³⁴⁵",
    "-1",
    "0",
    "9" * 18,
    "x" * 5000,
]


#: Django 6.1 renamed savepoint() to savepoint_create(); 6.0 has only the old name.
_savepoint = getattr(transaction, "savepoint_create", None) or transaction.savepoint


def isolated(call, *args, **kwargs):
    """Run one request in a savepoint that is rolled back, so a database error it causes
    (PostgreSQL aborts the test's transaction) does not fail every request after it."""
    sid = _savepoint()
    try:
        return call(*args, **kwargs)
    finally:
        transaction.savepoint_rollback(sid)


def _server(response) -> str:
    return f"{response.status_code}: {response.content[:300]!r}"


def _fine(response) -> bool:
    """A 200, or a 4xx in the API's one error shape (HTML pages: any 4xx page)."""
    if response.status_code == 200:
        return True
    if 400 <= response.status_code < 500:
        if response["Content-Type"].startswith("application/json"):
            return set(response.json()) == {"error"} and "code" in response.json()["error"]
        return True
    return False


@pytest.fixture
def data(api, complaint_body, people, merchants):
    """alice has one public complaint, bob one private: alice must never see bob's."""
    mine = api("consumer").post("/api/complaints", complaint_body).json()
    theirs = api("other_consumer").post(
        "/api/complaints", {**complaint_body, "title": "别人的私密投诉标题",
                            "visibility": "private"}).json()
    return {"mine": mine, "theirs": theirs}


def _tables_intact(before: int) -> None:
    from tousu.accounts.models import User
    from tousu.complaints.models import Complaint

    tables = set(connection.introspection.table_names())
    assert {"complaints_complaint", "accounts_user", "merchants_merchant"} <= tables
    assert Complaint.objects.count() == before
    assert User.objects.filter(username="alice").exists()


def test_api_complaint_filters(api, data):
    from tousu.complaints.models import Complaint

    before = Complaint.objects.count()
    consumer = api("consumer")
    consumer.client.raise_request_exception = False
    problems = []
    for value in INJECTIONS:
        for name in ("q", "state", "merchant_id", "industry", "page", "page_size", "channel",
                     "scenario", "ordering", "submitted_after", "route", "emergency",
                     "overdue"):
            response = consumer.get("/api/complaints", **{name: value})
            if not _fine(response):
                problems.append(f"{name}={value[:40]!r} -> {_server(response)[:80]}")
            elif response.status_code == 200:
                ids = {c["id"] for c in response.json()["results"]}
                if not ids <= {data["mine"]["id"]} or response.json()["count"] > 1:
                    problems.append(f"{name}={value[:40]!r} leaked {ids}")
    _tables_intact(before)
    assert not problems, "\n".join(problems)


def test_api_public_and_directory_filters(api, data):
    from tousu.complaints.models import Complaint

    before = Complaint.objects.count()
    anonymous = api(None)
    anonymous.client.raise_request_exception = False
    problems = []
    for value in INJECTIONS:
        for path, name in [("/api/public/complaints", "merchant_id"),
                           ("/api/public/complaints", "page"),
                           ("/api/public/complaints", "page_size"),
                           ("/api/merchants", "q"), ("/api/merchants", "industry"),
                           ("/api/merchants", "limit")]:
            response = anonymous.get(path, **{name: value})
            if not _fine(response):
                problems.append(f"{path}?{name}={value[:40]!r} -> {_server(response)[:80]}")
            elif "别人的私密投诉标题" in response.content.decode():
                problems.append(f"{path}?{name}={value[:40]!r} shows a private complaint")
    _tables_intact(before)
    assert not problems, "\n".join(problems)


def test_like_wildcards_are_literal(api, data):
    consumer = api("consumer")
    for wildcard in ("%", "_", "%%", "%_%"):
        page = consumer.get("/api/complaints", q=wildcard).json()
        assert page["count"] == 0, f"q={wildcard!r} matched as a wildcard"
    merchants = api(None).get("/api/merchants", q="%").json()
    assert merchants == []


def test_web_search_and_ranking_parameters(data, people):
    from tousu.complaints.models import Complaint

    before = Complaint.objects.count()
    anonymous = Client(raise_request_exception=False)
    consumer = Client(raise_request_exception=False)
    consumer.force_login(people["consumer"])
    problems = []
    for value in INJECTIONS:
        checks = [
            (anonymous, "/public/complaints", {"q": value}),
            (anonymous, "/public/complaints", {"industry": value}),
            (anonymous, "/public/complaints", {"page": value}),
            (anonymous, "/public/rankings", {"by": value}),
            (anonymous, "/public/rankings", {"industry": value}),
            (anonymous, "/public/rankings", {"page": value}),
            (anonymous, "/merchants/options", {"q": value}),
            (anonymous, "/merchants/options", {"merchant": value}),
            (consumer, "/me/", {"page": value}),
            (consumer, "/me/new", {"merchant": value}),
        ]
        for client, url, params in checks:
            response = client.get(url, params)
            if not _fine(response):
                problems.append(f"{url} {params!r:.60} -> {response.status_code}")
            elif "别人的私密投诉标题" in response.content.decode():
                problems.append(f"{url} {params!r:.60} shows a private complaint")
    _tables_intact(before)
    assert not problems, "\n".join(problems)


def test_web_options_show_only_matching_merchants(merchants):
    html = Client().get("/merchants/options", {"q": "' OR 1=1 --"}).content.decode()
    assert "易购商城" not in html and "速付钱包" not in html


# --- Values the database or the calendar cannot hold -------------------------------------

HUGE = str(2**70)
BIG_IDS = [
    ("/api/complaints", {"merchant_id": HUGE}),
    ("/api/complaints", {"merchant_id": "-" + HUGE}),
    ("/api/public/complaints", {"merchant_id": HUGE}),
    ("/api/merchants/" + HUGE, {}),
    ("/api/complaints/" + HUGE, {}),
    ("/api/merchants/" + HUGE + "/record", {}),
    ("/api/collective/cases/" + HUGE, {}),
]


def test_api_integers_beyond_64_bits_are_not_server_errors(api, data):
    """BUG (SQLite): ``merchant_id`` filters pass Python ints > 2**63-1 to the driver, which
    raises OverflowError -> 500 (GET /api/complaints?merchant_id=2**70 and GET
    /api/public/complaints?merchant_id=2**70). Fix in src/tousu/api/complaints.py
    ``ListFilters`` and src/tousu/api/privacy.py ``PublicFilters``: bound ids, e.g.
    ``Field(None, ge=1, le=2**63 - 1)`` (a shared ``Id`` type in schemas.py would cover
    every id field). Path ids are fine: Django's exact lookup on an IntegerField already
    turns an out-of-range value into "no match"."""
    client = api("moderator")
    client.client.raise_request_exception = False
    problems = []
    for path, params in BIG_IDS:
        response = isolated(client.get, path, **params)
        if not _fine(response):
            problems.append(f"{path} {params} -> {response.status_code}")
    assert not problems, "\n".join(problems)


def test_api_split_with_ids_beyond_64_bits(api, data, merchants):
    """BUG (SQLite): POST /api/collective/cases/{id}/split with ``complaint_ids`` beyond 64
    bits -> OverflowError in ``Membership.objects.filter(complaint_id__in=...).count()``
    (src/tousu/collectives/services.py ``split``) -> 500. Fix: bound the items of
    ``SplitIn.complaint_ids`` in src/tousu/api/collectives.py (``list[Annotated[int,
    Field(ge=1, le=2**63 - 1)]]``)."""
    from tousu.collectives.models import CollectiveCase, Membership

    shop, _ = merchants
    case = CollectiveCase.objects.create(merchant=shop, title="集体投诉")
    Membership.objects.create(case=case, complaint_id=data["mine"]["id"])
    client = api("moderator")
    client.client.raise_request_exception = False
    problems = []
    for ids in ([2**70], [-(2**90)], [data["mine"]["id"], 2**64]):
        response = client.post(f"/api/collective/cases/{case.pk}/split",
                               {"complaint_ids": ids, "title": "拆分出的集体投诉"})
        if not _fine(response):
            problems.append(f"complaint_ids={ids} -> {response.status_code}")
    assert Membership.objects.get().case_id == case.pk
    assert not problems, "\n".join(problems)


PERIODS = ["0000", "9999", "²³⁴⁵", "٠١٢٣", "0001", "1e10", "' OR 1=1 --", "2024' --"]


def test_period_parameter_is_not_a_server_error(merchants, people):
    """BUG: ``?period=0000`` / ``9999`` / ``²³⁴⁵`` (str.isdigit() accepts non-ASCII
    digits) reach ``date(year, 1, 1)`` / ``int()`` in src/tousu/public/figures.py
    ``period()`` -> ValueError -> 500 on anonymous public pages (/public/rankings,
    /public/merchants/{id}, /public/industries/{code}, /public/best) and on /m/feedback and
    /regulator/scorecard; ``٠١٢٣`` / ``0001`` (year 123 / 1) then break
    src/tousu/stats/trends.py ``monthly_series`` ("month must look like YYYY-MM") on the
    merchant page. Fix in ``period()``: accept only ``code.isascii() and code.isdigit()``
    and a sane year range (e.g. 2000..this year + 1), else fall back to the default."""
    shop, _ = merchants
    clients = [(Client(raise_request_exception=False), url) for url in (
        "/public/rankings", f"/public/merchants/{shop.pk}", "/public/industries/ecommerce",
        "/public/best")]
    for who, url in [("agent", "/m/feedback"), ("regulator", "/regulator/scorecard")]:
        client = Client(raise_request_exception=False)
        client.force_login(people[who])
        clients.append((client, url))
    problems = []
    for period in PERIODS:
        for client, url in clients:
            response = client.get(url, {"period": period})
            if not _fine(response):
                problems.append(f"{url}?period={period!r} -> {response.status_code}")
    assert not problems, "\n".join(problems)


def test_scorecard_merchant_parameter_is_not_a_server_error(people, merchants):
    """BUG: /regulator/scorecard?merchant=abc -> ``get_object_or_404(Merchant,
    pk="abc")`` raises ValueError -> 500 (src/tousu/web/views/regulator.py, the
    ``request.GET["merchant"]`` lookup). Fix: parse it as an int first and answer 404 (or
    ignore it) when it is not one."""
    client = Client(raise_request_exception=False)
    client.force_login(people["regulator"])
    problems = []
    for merchant in ("abc", "' OR 1=1 --", "1.5", "1; DROP TABLE x", HUGE):
        response = client.get("/regulator/scorecard", {"merchant": merchant})
        if not _fine(response):
            problems.append(f"merchant={merchant!r} -> {response.status_code}")
    assert not problems, "\n".join(problems)


def test_public_search_with_nul_byte(data):
    """A NUL in the public search (FTS5 reads it as the end of its string, PostgreSQL
    cannot compare it) is refused with a 400 that names the parameter, for anonymous
    visitors too; and the search's own normaliser never passes a control character on."""
    from tousu.public.search import normalise

    client = Client(raise_request_exception=False)
    problems = []
    for q in ("ab\x00cd", "退款\x00", "\x00\x00\x00"):
        response = isolated(client.get, "/public/complaints", {"q": q})
        if response.status_code != 400 or "'q'" not in response.content.decode():
            problems.append(f"q={q!r} -> {response.status_code} {response.content[:80]!r}")
    assert not problems, "\n".join(problems)
    assert normalise("退款\x00  商家\x07拖延") == "退款 商家 拖延"
    assert client.get("/public/complaints", {"q": "退款"}).status_code == 200


def test_nul_in_query_values_is_not_a_server_error(api, data, people):
    """BUG (PostgreSQL): a NUL byte in any value that reaches a text query is a DataError
    ("PostgreSQL text fields cannot contain NUL (0x00) bytes") -> 500:
    GET /api/complaints?q= / channel= / scenario=, GET /api/merchants?q=, GET
    /merchants/options?q=, and the sign-in paths POST /api/auth/token and POST
    /accounts/login/ (the username goes into authenticate() and into the LoginFailure key of
    src/tousu/accounts/throttle.py ``key_for``). SQLite stores NUL, so this passes there.
    Fix: refuse NUL once for every request — e.g. a middleware answering 400 when any
    GET/POST value contains "\\x00" (the API's error shape under /api/) — or strip it in
    ``throttle.key_for``, ``search.normalise`` and the API filter schemas."""
    consumer, anonymous = api("consumer"), api(None)
    consumer.client.raise_request_exception = False
    anonymous.client.raise_request_exception = False
    web = Client(raise_request_exception=False)
    problems = []
    for name in ("q", "channel", "scenario"):
        response = isolated(consumer.get, "/api/complaints", **{name: "a\x00b"})
        if not _fine(response):
            problems.append(f"/api/complaints?{name}=NUL -> {response.status_code}")
    checks = [
        ("/api/merchants?q", isolated(anonymous.get, "/api/merchants", q="a\x00b")),
        ("/merchants/options?q", isolated(web.get, "/merchants/options", {"q": "a\x00b"})),
        ("POST /api/auth/token", isolated(anonymous.post, "/api/auth/token",
                                          {"username": "al\x00ice", "password": "x"})),
        ("POST /accounts/login/", isolated(web.post, "/accounts/login/",
                                           {"username": "al\x00ice", "password": "x"})),
    ]
    for where, response in checks:
        if not _fine(response):
            problems.append(f"{where} with NUL -> {response.status_code}")
    assert not problems, "\n".join(problems)


def test_datetime_filters_at_the_edges(api, data):
    """BUG: on SQLite GET /api/complaints?submitted_after=0001-01-01 (naive, made aware in
    Asia/Shanghai, converted to UTC: year 0) or ...=9999-12-31T23:59:59-05:00 (year 10000
    in UTC) -> OverflowError -> 500; on PostgreSQL any UTC offset beyond ±15:59
    (…T00:00:00+16:26, which pydantic accepts) -> DataError "time zone displacement out of
    range" -> 500. Fix in src/tousu/api/complaints.py ``ListFilters``:
    a validator on submitted_after/submitted_before that converts to UTC (422 on
    OverflowError) and keeps years within e.g. 1970..9998."""
    consumer = api("consumer")
    consumer.client.raise_request_exception = False
    problems = []
    for name in ("submitted_after", "submitted_before"):
        for value in ("0001-01-01", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
                      "9999-12-31T23:59:59", "2024-01-01T00:00:00+16:26",
                      "2024-01-01T00:00:00-23:59", "2024-13-01", "2024-01-01T25:00:00"):
            response = isolated(consumer.get, "/api/complaints", **{name: value})
            if not _fine(response):
                problems.append(f"{name}={value} -> {response.status_code}")
    assert not problems, "\n".join(problems)
