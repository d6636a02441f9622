"""``tousu demo`` data: every state present, timelines consistent, demo logins work."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tousu.complaints.models import Complaint, Event
from tousu.core.lifecycle import State
from tousu.demo.load import DEMO_PASSWORD, load


@pytest.fixture
def demo(db):
    return load(seed=7, complaints=120)


def test_demo_has_every_state_and_consistent_timelines(demo):
    states = set(Complaint.objects.values_list("state", flat=True))
    assert states == {s.value for s in State}
    now = timezone.now()
    for c in Complaint.objects.all():
        events = list(c.events.all())
        assert events[0].kind == "created"
        moves = [e for e in events if e.kind in ("created", "transition")]
        assert moves[-1].to_state == c.state  # the timeline ends where the complaint is
        assert all(a.to_state == b.from_state for a, b in zip(moves, moves[1:], strict=False))
        times = [e.created_at for e in events]
        assert times == sorted(times) and times[-1] <= now
        if c.state in ("merchant_replied", "resolved", "closed"):
            assert c.first_response_at is not None
    assert Event.objects.filter(kind="transition").count() > 200


def test_committed_merchants_complaints_are_private(demo):
    private = Complaint.objects.filter(merchant__commitment_signed_at__isnull=False)
    assert private.exists()
    assert set(private.values_list("visibility", flat=True)) == {"private"}
    assert set(private.values_list("deadline_source", flat=True)) == {"commitment"}


def test_demo_logins_see_what_their_role_allows(demo):
    def token(username: str) -> str:
        r = Client().post("/api/auth/token", {"username": username, "password": DEMO_PASSWORD},
                          content_type="application/json")
        assert r.status_code == 201, r.content
        return r.json()["token"]

    consumer = Client(HTTP_AUTHORIZATION="Bearer " + token(demo.consumer))
    mine = consumer.get("/api/complaints").json()
    assert mine["count"] >= 1
    agent = Client(HTTP_AUTHORIZATION="Bearer " + token(demo.merchant_agent))
    theirs = agent.get("/api/complaints", {"page_size": 200}).json()["results"]
    assert theirs and len({c["merchant"]["id"] for c in theirs}) == 1
    regulator = Client(HTTP_AUTHORIZATION="Bearer " + token(demo.regulator))
    assert regulator.get("/api/stats").json()["total"] == Complaint.objects.count()


def test_demo_command_loads_once(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", "--complaints", "30", stdout=out)
    call_command("demo", "--no-serve", stdout=out)
    assert "loaded 30 demo complaints" in out.getvalue()
    assert "already loaded" in out.getvalue()
    # 30 from the corpus plus 4 fresh emergencies waiting in the 7×24 queue.
    assert Complaint.objects.count() == 34
    from tousu.complaints import sla

    waiting = sla.queue()
    assert len(waiting) == 4 and all(w["elapsed_seconds"] < 30 * 60 for w in waiting)
    assert "police case file generated" in out.getvalue()
