"""Submitting complaints: creation, idempotency, deadlines and visibility."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from tousu.complaints.models import Complaint, Event
from tousu.text import load_catalog


def test_submit_creates_complaint_with_timeline_and_deadlines(api, complaint_body):
    before = timezone.now()
    response = api("consumer").post("/api/complaints", complaint_body)
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "submitted" and body["state_label"] == "已提交"
    assert body["ref"].startswith("TS")
    assert body["merchant"]["name"] == "易购商城"
    assert body["amount"] == "299.00" or float(body["amount"]) == 299.0
    assert body["visibility"] == "public"  # the shop has not signed the commitment
    due = datetime.fromisoformat(body["response_due_at"])
    assert timedelta(hours=71) < due - before <= timedelta(hours=72, seconds=5)
    # A scenario's own deadline applies when it is tighter than the platform's 15 days.
    days = min(load_catalog().get(body["scenario"]).default_deadline_days, 15)
    assert body["deadline_source"] == ("scenario" if days < 15 else "platform_default")
    resolution_due = datetime.fromisoformat(body["resolution_due_at"])
    assert resolution_due - datetime.fromisoformat(body["submitted_at"]) == timedelta(days=days)
    events = Event.objects.filter(complaint_id=body["id"])
    assert [(e.kind, e.to_state, e.actor and e.actor.username) for e in events] == [
        ("created", "submitted", "alice"), ("analyzed", "", None)]


def test_same_idempotency_key_returns_the_same_complaint(api, complaint_body):
    client = api("consumer")
    first = client.post("/api/complaints", complaint_body, headers={"Idempotency-Key": "k-1"})
    again = client.post("/api/complaints", complaint_body, headers={"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Complaint.objects.count() == 1


def test_idempotency_key_reused_for_different_complaint_is_refused(api, complaint_body):
    client = api("consumer")
    client.post("/api/complaints", complaint_body, headers={"Idempotency-Key": "k-2"})
    changed = {**complaint_body, "amount": "1.00"}
    response = client.post("/api/complaints", changed, headers={"Idempotency-Key": "k-2"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Complaint.objects.count() == 1


def test_idempotency_keys_are_per_user(api, complaint_body):
    a = api("consumer").post("/api/complaints", complaint_body, headers={"Idempotency-Key": "x"})
    b = api("other_consumer").post("/api/complaints", complaint_body,
                                   headers={"Idempotency-Key": "x"})
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]


def test_without_key_each_submission_is_new(api, complaint_body):
    client = api("consumer")
    client.post("/api/complaints", complaint_body)
    client.post("/api/complaints", complaint_body)
    assert Complaint.objects.count() == 2


def test_committed_merchant_gets_24h_7d_and_private_by_default(api, complaint_body, merchants,
                                                                people):
    shop, _ = merchants
    signed = api("agent").post(f"/api/merchants/{shop.pk}/commitment")
    assert signed.status_code == 200 and signed.json()["committed"] is True
    body = api("consumer").post("/api/complaints", complaint_body).json()
    submitted = datetime.fromisoformat(body["submitted_at"])
    assert datetime.fromisoformat(body["response_due_at"]) - submitted == timedelta(hours=24)
    assert datetime.fromisoformat(body["resolution_due_at"]) - submitted == timedelta(days=7)
    assert body["deadline_source"] == "commitment"
    assert body["visibility"] == "private"
    explicit = api("consumer").post("/api/complaints", {**complaint_body, "visibility": "public"})
    assert explicit.json()["visibility"] == "public"


def test_consent_is_required(api, complaint_body):
    response = api("consumer").post("/api/complaints", {**complaint_body, "consent": False})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "consent_required"
    assert Complaint.objects.count() == 0


def test_staff_files_hotline_note_for_consumer_without_account(api, complaint_body):
    body = {**complaint_body, "channel": "hotline", "consumer_name": "王芳",
            "consumer_phone": "13800138000"}
    response = api("moderator").post("/api/complaints", body)
    assert response.status_code == 201
    c = Complaint.objects.get(pk=response.json()["id"])
    assert (c.channel, c.consumer.name, c.consumer.user) == ("hotline", "王芳", None)
