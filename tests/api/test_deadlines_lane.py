"""Deadlines, escalation and the 7×24 emergency lane, with a controllable clock."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tousu.audit.models import AuditEntry
from tousu.complaints import services, sla
from tousu.complaints.models import Complaint, Escalation
from tousu.jobs.tasks import page_emergency, sweep_deadlines

SH = ZoneInfo("Asia/Shanghai")
FRIDAY_23 = datetime(2026, 11, 20, 23, 0, tzinfo=SH)
THEFT = ("银行卡被盗刷", "刚刚收到短信，我的银行卡在异地被连续盗刷了三笔共8000元，卡一直在我身上，"
         "交易单号：4200001234567890，请马上冻结！")
SLOW = ("退货后一直不退款", "10月3日买的耳机退货了，商家签收半个月还没退款，客服一直说在处理。")


@pytest.fixture
def committed_shop(merchants, people):
    shop, _ = merchants
    shop.commitment_signed_at = FRIDAY_23 - timedelta(days=30)
    shop.save()
    people["moderator"].email = "duty@tousu.test"
    people["moderator"].save()
    return shop


def file(user, merchant, text, when):
    title, narrative = text
    complaint, _ = services.submit(
        services.NewComplaint(merchant_id=merchant.pk, title=title, narrative=narrative,
                              amount=Decimal("8000")),
        user=user, now=when, auto_route=False)
    return complaint


def test_friday_night_due_times_7x24(people, committed_shop):
    c = file(people["consumer"], committed_shop, SLOW, FRIDAY_23)
    assert c.response_due_at == FRIDAY_23 + timedelta(hours=24)  # Saturday 23:00
    assert c.resolution_due_at == FRIDAY_23 + timedelta(days=7)


def test_friday_night_due_times_with_business_calendar(people, committed_shop, settings):
    settings.TOUSU_BUSINESS_CALENDAR = True
    c = file(people["consumer"], committed_shop, SLOW, FRIDAY_23)
    assert c.response_due_at.astimezone(SH) == datetime(2026, 11, 23, 23, 0, tzinfo=SH)  # Mon
    assert c.resolution_due_at.astimezone(SH) == datetime(2026, 12, 1, 23, 0, tzinfo=SH)
    # An emergency ignores the calendar: 7×24.
    e = file(people["consumer"], committed_shop, THEFT, FRIDAY_23)
    assert e.emergency and e.response_due_at == FRIDAY_23 + timedelta(hours=24)


def test_missed_response_escalates_exactly_once(people, committed_shop, mailoutbox):
    c = file(people["consumer"], committed_shop, SLOW, FRIDAY_23)
    assert sla.sweep(FRIDAY_23 + timedelta(hours=1)).escalated == 0
    late = FRIDAY_23 + timedelta(hours=25)
    first = sla.sweep(late)
    second = sla.sweep(late + timedelta(minutes=1))
    assert (first.escalated, second.escalated) == (2, 0)
    steps = sorted(Escalation.objects.filter(complaint=c).values_list("step", flat=True))
    assert steps == ["response_breach", "response_warning"]
    assert c.events.filter(kind="escalated").count() == 2
    assert any("回复期限" in m.subject and "duty@tousu.test" in m.to for m in mailoutbox)
    assert sla.merchant_record(committed_shop.pk)["breaches"]["response"] == 1


def test_answer_in_time_means_no_breach(people, committed_shop):
    c = file(people["consumer"], committed_shop, SLOW, FRIDAY_23)
    Complaint.objects.filter(pk=c.pk).update(first_response_at=FRIDAY_23 + timedelta(hours=2))
    sla.sweep(FRIDAY_23 + timedelta(hours=30))
    assert not Escalation.objects.filter(complaint=c, step="response_breach").exists()


def test_emergency_at_3am_is_due_within_the_target(people, committed_shop, api,
                                                   django_capture_on_commit_callbacks):
    three_am = datetime(2026, 11, 22, 3, 0, tzinfo=SH)
    with django_capture_on_commit_callbacks(execute=True):
        c = file(people["consumer"], committed_shop, THEFT, three_am)
    assert c.emergency and c.emergency_due_at == three_am + timedelta(minutes=10)
    # The page was queued for the job runner as the complaint was committed.
    assert DBTaskResult.objects.filter(task_path__endswith="page_emergency").count() == 1
    queue = sla.queue(now=three_am + timedelta(minutes=4))
    assert [(q["ref"], q["elapsed_seconds"], q["breached"]) for q in queue] == [(c.ref, 240,
                                                                                  False)]
    assert sla.sweep(three_am + timedelta(minutes=11)).escalated == 1
    assert Escalation.objects.get(complaint=c).step == "emergency_breach"
    assert sla.queue(now=three_am + timedelta(minutes=12))[0]["breached"] is True


def test_take_records_time_to_human_and_losses_follow(api, people, committed_shop):
    c = file(people["consumer"], committed_shop, THEFT, timezone.now() - timedelta(minutes=25))
    mod = api("moderator")
    assert api("regulator").post(f"/api/complaints/{c.pk}/take").status_code == 403
    taken = mod.post(f"/api/complaints/{c.pk}/take").json()
    assert taken["taken"] is True and 25 * 60 <= taken["waited_seconds"] < 26 * 60
    assert mod.post(f"/api/complaints/{c.pk}/take").json()["taken"] is False
    assert mod.get("/api/emergencies").json() == []
    report = api("regulator").get("/api/emergencies/report").json()
    assert report["overall"]["count"] == 1 and report["overall"]["within_target_rate"] == 0
    assert report["per_merchant"][committed_shop.name]["p50_seconds"] >= 25 * 60
    loss = mod.post(f"/api/complaints/{c.pk}/losses", {"amount": "3000", "note": "等待时又被转走"})
    assert loss.status_code == 201
    record = api(None).get(f"/api/merchants/{committed_shop.pk}/record").json()
    assert record["losses_while_unreachable"] == {"count": 1, "total": "3000.00"} or \
        Decimal(str(record["losses_while_unreachable"]["total"])) == Decimal("3000")


def test_loss_refused_when_target_was_met(api, people, committed_shop):
    c = file(people["consumer"], committed_shop, THEFT, timezone.now())
    api("moderator").post(f"/api/complaints/{c.pk}/take")
    response = api("moderator").post(f"/api/complaints/{c.pk}/losses", {"amount": "10"})
    assert response.status_code == 409


def test_staff_message_counts_as_a_human_taking_it(api, people, committed_shop):
    c = file(people["consumer"], committed_shop, THEFT, timezone.now())
    api("moderator").post(f"/api/complaints/{c.pk}/messages", {"body": "您好，我是平台专员，请立即致电银行冻结。"})
    c.refresh_from_db()
    assert c.human_at is not None and c.human_by == people["moderator"]


def test_police_case_file_is_hashed_into_the_audit_trail(api, people, committed_shop):
    c = file(people["consumer"], committed_shop, THEFT, timezone.now())
    response = api("moderator").post(f"/api/complaints/{c.pk}/casefile")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    digest = response["X-Casefile-SHA256"]
    import hashlib

    assert hashlib.sha256(response.content).hexdigest() == digest
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    page = archive.read("case.html").decode()
    assert "4200001234567890" in page and c.ref in page
    entry = AuditEntry.objects.get(action="emergency.casefile")
    assert entry.detail["sha256"] == digest
    slow = file(people["consumer"], committed_shop, SLOW, timezone.now())
    assert api("moderator").post(f"/api/complaints/{slow.pk}/casefile").status_code == 409


@pytest.mark.django_db(transaction=True)
def test_worker_restart_loses_no_job(people, committed_shop):
    # Jobs queued while no worker runs, and one left RUNNING by a worker that was killed.
    page_job = page_emergency.enqueue(file(people["consumer"], committed_shop, THEFT,
                                           timezone.now()).pk)
    sweep_job = sweep_deadlines.enqueue()
    DBTaskResult.objects.filter(pk=sweep_job.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    assert "requeued 1 job" in out.getvalue()
    statuses = {str(k): v for k, v in DBTaskResult.objects.values_list("id", "status")}
    assert statuses[page_job.id] == "SUCCESSFUL" and statuses[sweep_job.id] == "SUCCESSFUL"


def test_a_step_recorded_by_another_sweep_is_not_counted_or_timelined_twice(people,
                                                                             committed_shop):
    c = file(people["consumer"], committed_shop, SLOW, FRIDAY_23)
    # Another worker recorded the breach a moment ago.
    Escalation.objects.create(complaint=c, merchant=committed_shop, step="response_breach",
                              audience="moderator")
    report = sla.sweep(FRIDAY_23 + timedelta(hours=25))
    assert report.escalated == 1  # only the warning is this sweep's
    assert list(c.events.filter(kind="escalated").values_list("action", flat=True)) == [
        "response_warning"]


def test_ended_complaints_leave_the_due_set_and_backlogs_are_worked_off(people, committed_shop):
    complaints = [file(people["consumer"], committed_shop, SLOW, FRIDAY_23) for _ in range(5)]
    services.transition(complaints[0].pk, user=people["consumer"], action="withdraw")
    complaints[0].refresh_from_db()
    assert complaints[0].next_check_at is None
    late = FRIDAY_23 + timedelta(hours=25)
    first = sla.sweep(late, chunk=2, max_examined=2)
    second = sla.sweep(late, chunk=2, max_examined=10)
    third = sla.sweep(late)
    assert (first.examined, second.examined, third.examined) == (2, 2, 0)
    assert Escalation.objects.filter(step="response_breach").count() == 4


def test_urgent_pages_go_first_and_superseded_warnings_are_not_sent(people, committed_shop,
                                                                   mailoutbox):
    file(people["consumer"], committed_shop, SLOW, FRIDAY_23)
    e = file(people["consumer"], committed_shop, THEFT, FRIDAY_23)
    Complaint.objects.filter(pk=e.pk).update(first_response_at=FRIDAY_23)
    sla.sweep(FRIDAY_23 + timedelta(hours=25))
    subjects = [m.subject for m in mailoutbox]
    assert subjects[0].startswith("【紧急超时】")
    assert not any("即将超过回复期限" in s for s in subjects)  # its breach was paged instead
