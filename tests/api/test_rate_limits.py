"""Rate limits: complaints per consumer per hour, and failed sign-ins per account and place."""

from __future__ import annotations

from django.test import Client


def test_consumers_file_at_most_the_hourly_limit(api, complaint_body, settings):
    settings.TOUSU_SUBMIT_PER_HOUR = 3
    owner = api("consumer")
    made = [owner.post("/api/complaints", {**complaint_body, "title": f"退款问题第{i}件"},
                       headers={"Idempotency-Key": f"k{i}"}) for i in range(3)]
    assert [r.status_code for r in made] == [201, 201, 201]
    over = owner.post("/api/complaints", {**complaint_body, "title": "退款问题第四件"})
    assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limited"
    # A retry of an accepted request is still answered (nothing is lost to the limit).
    retry = owner.post("/api/complaints", {**complaint_body, "title": "退款问题第0件"},
                       headers={"Idempotency-Key": "k0"})
    assert retry.status_code == 200 and retry.json()["id"] == made[0].json()["id"]
    # Staff filing hotline notes are not consumers and are not limited.
    staff = api("moderator")
    body = {**complaint_body, "channel": "hotline", "consumer_name": "热线来电"}
    assert all(staff.post("/api/complaints", {**body, "title": f"热线来电投诉{i}"}).status_code == 201
               for i in range(4))


def test_password_guessing_is_slowed_for_the_api(api, people, settings):
    settings.TOUSU_LOGIN_MAX_FAILURES = 3
    anon = api(None)
    wrong = [anon.post("/api/auth/token", {"username": "alice", "password": "guess"})
             for _ in range(3)]
    assert [r.status_code for r in wrong] == [401, 401, 401]
    locked = anon.post("/api/auth/token", {"username": "alice", "password": "pw-alice"})
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "too_many_attempts"
    # Another account from the same place is not locked out by alice's failures.
    assert anon.post("/api/auth/token", {"username": "bob",
                                         "password": "pw-bob"}).status_code == 201


def test_password_guessing_is_slowed_on_the_sign_in_page(people, settings):
    settings.TOUSU_LOGIN_MAX_FAILURES = 2
    browser = Client()
    for _ in range(2):
        assert browser.post("/accounts/login/", {"username": "alice",
                                                 "password": "x"}).status_code == 200
    locked = browser.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in browser.session


def test_a_success_clears_the_count(people, settings):
    settings.TOUSU_LOGIN_MAX_FAILURES = 2
    browser = Client()
    browser.post("/accounts/login/", {"username": "alice", "password": "x"})
    assert browser.post("/accounts/login/", {"username": "alice",
                                             "password": "pw-alice"}).status_code == 302
    browser.logout()
    browser.post("/accounts/login/", {"username": "alice", "password": "x"})
    assert browser.post("/accounts/login/", {"username": "alice",
                                             "password": "pw-alice"}).status_code == 302
