"""The web consoles through Django's test client: forms, access, ratings, language."""

from __future__ import annotations

import pytest
from django.test import Client

from tousu.complaints import services
from tousu.complaints.models import Complaint, Evidence, Rating

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def browser_as(people):
    def make(who: str | None) -> Client:
        client = Client()
        if who:
            client.force_login(people[who])
        return client

    return make


def form(merchant_id: int, **extra) -> dict:
    return {"merchant": merchant_id, "title": "退货后一直不退款",
            "narrative": "10月3日买的耳机退货了，商家签收半个月还没退款。", "amount": "299",
            "demands": ["refund"], "consent": "on", "form_token": "t-1", **extra}


def page_text(response) -> str:
    return response.content.decode()


def test_filing_form_with_evidence_creates_a_typed_complaint(browser_as, merchants, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    shop, _ = merchants
    client = browser_as("consumer")
    response = client.post("/me/new", form(
        shop.pk, evidence=[SimpleUploadedFile("回执.png", PNG, "image/png")]))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/me/c/{complaint.pk}"
    assert complaint.scenario and complaint.consumer.user.username == "alice"
    assert complaint.evidence.get().name == "回执.png"
    detail = page_text(client.get(f"/me/c/{complaint.pk}"))
    assert "回执.png" in detail and 'data-testid="scenario"' in detail


def test_missing_fields_are_named_and_nothing_is_written(browser_as, merchants):
    response = browser_as("consumer").post("/me/new", {"form_token": "t-2"})
    text = page_text(response)
    assert response.status_code == 200
    for message in ("请选择要投诉的商家", "请填写标题", "请描述事情经过", "需要您同意处理个人信息"):
        assert message in text
    assert Complaint.objects.count() == 0


def test_a_bad_evidence_file_rejects_the_whole_form(browser_as, merchants, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    shop, _ = merchants
    bad = SimpleUploadedFile("invoice.png", b"MZ\x90\x00\x03" + b"\x00" * 64,
                             "image/png")  # a Windows program named like a picture
    response = browser_as("consumer").post("/me/new", form(shop.pk, evidence=[
        SimpleUploadedFile("ok.png", PNG, "image/png"), bad]))
    assert response.status_code == 200
    assert "invoice.png" in page_text(response) and "只支持" in page_text(response)
    assert Complaint.objects.count() == 0 and Evidence.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_double_submit_files_once(browser_as, merchants):
    shop, _ = merchants
    client = browser_as("consumer")
    first = client.post("/me/new", form(shop.pk))
    second = client.post("/me/new", form(shop.pk))
    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.fixture
def with_merchant(filed, people):
    for action in ("accept", "forward"):
        services.transition(filed["id"], user=people["moderator"], action=action)
    return Complaint.objects.get(pk=filed["id"])


def test_other_parties_cannot_open_a_complaint(browser_as, with_merchant):
    pk = with_merchant.pk
    assert browser_as("agent").get(f"/m/c/{pk}").status_code == 200
    assert browser_as("other_agent").get(f"/m/c/{pk}").status_code == 404
    assert browser_as("other_consumer").get(f"/me/c/{pk}").status_code == 404
    assert browser_as("regulator").get("/me/").status_code == 403
    assert browser_as("consumer").get("/m/").status_code == 403
    assert browser_as("agent").get("/staff/").status_code == 403
    anonymous = browser_as(None).get(f"/me/c/{pk}")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # The shared action URLs apply the same policy, and a refused reply changes nothing.
    r = browser_as("other_agent").post(f"/c/{pk}/act", {"action": "reply", "reason": "x"})
    assert r.status_code == 404
    with_merchant.refresh_from_db()
    assert with_merchant.state == "with_merchant" and not with_merchant.messages.exists()


def test_merchant_reply_confirm_and_rate(browser_as, with_merchant):
    pk = with_merchant.pk
    agent = browser_as("agent")
    page = page_text(agent.get(f"/m/c/{pk}"))
    assert "经核实，我们的处理方案是" in page  # the playbook's draft, ready to edit
    agent.post(f"/c/{pk}/act", {"action": "reply", "reason": "已退款 299 元。"})
    with_merchant.refresh_from_db()
    assert with_merchant.state == "merchant_replied"
    assert with_merchant.messages.filter(side="merchant").get().body == "已退款 299 元。"

    consumer = browser_as("consumer")
    early = consumer.post(f"/c/{pk}/rate", {"score": "5"}, follow=True)
    assert "can be rated once" in page_text(early) and not Rating.objects.exists()
    consumer.post(f"/c/{pk}/act", {"action": "confirm"})
    with_merchant.refresh_from_db()
    assert with_merchant.state == "resolved"
    bad = consumer.post(f"/c/{pk}/rate", {"score": "9"}, follow=True)
    assert "请选择 1 到 5 星" in page_text(bad) and not Rating.objects.exists()
    consumer.post(f"/c/{pk}/rate", {"score": "4", "comment": "还行"})
    again = consumer.post(f"/c/{pk}/rate", {"score": "1"}, follow=True)
    assert "already been rated" in page_text(again)
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == (4, "还行")
    assert browser_as("other_consumer").post(f"/c/{pk}/rate", {"score": "1"}).status_code == 404


def test_dispute_needs_a_reason(browser_as, with_merchant, people):
    pk = with_merchant.pk
    services.transition(pk, user=people["agent"], action="reply", reason="无法退款")
    r = browser_as("consumer").post(f"/c/{pk}/act", {"action": "dispute", "reason": ""},
                                    follow=True)
    assert "请填写理由" in page_text(r)
    with_merchant.refresh_from_db()
    assert with_merchant.state == "merchant_replied"


def test_queue_is_sorted_by_what_is_due_first(browser_as, api, complaint_body, people):
    from datetime import timedelta

    ids = []
    for i in range(3):
        body = {**complaint_body, "title": f"退货不退款第{i}件"}
        ids.append(api("consumer").post("/api/complaints", body).json()["id"])
        for action in ("accept", "forward"):
            services.transition(ids[-1], user=people["moderator"], action=action)
    base = Complaint.objects.get(pk=ids[0]).response_due_at
    for offset, pk in zip((5, 1, 3), ids, strict=True):
        Complaint.objects.filter(pk=pk).update(response_due_at=base + timedelta(hours=offset))
    text = page_text(browser_as("agent").get("/m/"))
    order = [text.index(f"退货不退款第{i}件") for i in range(3)]
    assert order[1] < order[2] < order[0]


def test_erasure_from_the_portal(browser_as, filed):
    client = browser_as("consumer")
    refused = client.post("/me/privacy", {"confirm": ""}, follow=True)
    assert "请勾选确认" in page_text(refused)
    complaint = Complaint.objects.get(pk=filed["id"])
    assert complaint.personal_data_removed_at is None
    client.post("/me/privacy", {"confirm": "yes"})
    complaint.refresh_from_db()
    assert complaint.personal_data_removed_at is not None
    assert complaint.consumer.erased_at is not None


def test_chinese_unless_english_was_chosen(browser_as):
    client = browser_as("consumer")
    zh = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "我的投诉" in page_text(zh)  # the browser's language does not switch it
    client.post("/i18n/setlang/", {"language": "en", "next": "/me/"})
    en = client.get("/me/")
    assert "My complaints" in page_text(en) and 'lang="en"' in page_text(en)


def test_every_page_reports_its_server_time(browser_as):
    response = browser_as("moderator").get("/staff/")
    assert response.status_code == 200
    assert response["Server-Timing"].startswith("app;dur=")


def test_role_landing_pages(browser_as):
    assert browser_as("consumer").get("/")["Location"] == "/me/"
    assert browser_as("agent").get("/")["Location"] == "/m/"
    assert browser_as("moderator").get("/")["Location"] == "/staff/"
    assert browser_as("regulator").get("/")["Location"] == "/staff/stats"
    assert browser_as(None).get("/").status_code == 200


def test_signup_makes_a_consumer(client, db):
    r = client.post("/accounts/signup/", {"username": "newbie", "password1": "A-long-pass-42",
                                          "password2": "A-long-pass-42"})
    assert r.status_code == 302
    from tousu.accounts.models import User

    assert User.objects.get(username="newbie").role == "consumer"
