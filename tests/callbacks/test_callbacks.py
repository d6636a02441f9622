"""Callbacks: every rule schedules exactly one, retries back off inside the consumer's
hours, notes are masked before anyone else reads them, and the figures reach the pages."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tousu.callbacks import services as cb
from tousu.callbacks.models import Callback
from tousu.chat import services as chat
from tousu.complaints import services
from tousu.complaints.models import Complaint


@pytest.fixture
def answered(filed, people):
    for who, action, reason in (("moderator", "accept", ""), ("moderator", "forward", ""),
                                ("agent", "reply", "已退款")):
        services.transition(filed["id"], user=people[who], action=action, reason=reason)
    return Complaint.objects.get(pk=filed["id"])


def test_confirming_schedules_one_callback_the_next_day(answered, people,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(answered.pk, user=people["consumer"], action="confirm")
    (callback,) = Callback.objects.all()
    assert callback.reason == "resolved" and callback.complaint_id == answered.pk
    answered.refresh_from_db()
    assert callback.due_at >= answered.resolved_at + timedelta(hours=24)
    cb.after_resolution(answered)  # the rule firing again (a retried job) adds nothing
    assert Callback.objects.count() == 1


def test_low_ratings_and_only_low_ratings_schedule_one(answered, people,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(answered.pk, user=people["consumer"], action="confirm")
        services.rate(Complaint.objects.get(pk=answered.pk), user=people["consumer"], score=1)
    assert Callback.objects.filter(reason="low_rating").count() == 1
    assert cb.after_rating(answered, 4) is None
    cb.after_rating(answered, 1)
    assert Callback.objects.filter(reason="low_rating").count() == 1


def test_an_unresolved_chat_schedules_one(db, people):
    conversation = chat.start(user=people["consumer"], session_key="", lang="zh")
    chat.request_human(conversation)
    chat.take(conversation.pk, people["moderator"])
    chat.close(conversation, people["moderator"], resolved=False)
    chat.request_human(conversation)
    chat.close(conversation, people["moderator"], resolved=False)
    assert Callback.objects.filter(reason="chat_unresolved").count() == 1
    other = chat.start(user=None, session_key="x", lang="zh")
    chat.close(other, people["moderator"])  # resolved: no callback
    assert Callback.objects.count() == 1


def test_manual_callbacks_one_open_at_a_time(answered, people):
    first, created = cb.manual(answered, people["moderator"], "消费者要求电话说明")
    again, created_again = cb.manual(answered, people["moderator"])
    assert created and not created_again and first.pk == again.pk
    cb.record_call(first, people["moderator"], reached=True, satisfaction=4)
    _, created_third = cb.manual(answered, people["moderator"])
    assert created_third and Callback.objects.filter(reason="manual").count() == 2


def test_unanswered_calls_back_off_inside_the_consumers_hours(answered, people):
    tz = timezone.get_current_timezone()
    callback, _ = cb.manual(answered, people["moderator"])
    t = timezone.localtime(callback.due_at, tz).replace(hour=10, minute=0)
    calls = []
    for _ in range(3):
        callback = cb.record_call(callback, people["moderator"], reached=False, now=t)
        calls.append((t, callback.due_at))
        t = callback.due_at
    gaps = [due - at for at, due in calls]
    assert gaps == [timedelta(hours=2), timedelta(hours=8), timedelta(hours=24)]
    callback = cb.record_call(callback, people["moderator"], reached=False, now=t)
    assert callback.status == "unreachable" and callback.attempts == 4
    with pytest.raises(cb.CallbackError):
        cb.record_call(callback, people["moderator"], reached=True)


def test_retries_respect_a_narrow_evening_window(answered, people, client):
    consumer_client = Client()
    consumer_client.force_login(people["consumer"])
    consumer_client.post("/me/privacy", {"do": "hours", "from": "18", "to": "20"})
    callback, _ = cb.manual(answered, people["moderator"])
    tz = timezone.get_current_timezone()
    assert 18 <= timezone.localtime(callback.due_at, tz).hour < 20
    t = callback.due_at
    for _ in range(3):
        callback = cb.record_call(callback, people["moderator"], reached=False, now=t)
        assert 18 <= timezone.localtime(callback.due_at, tz).hour < 20
        assert callback.due_at > t
        t = callback.due_at


def test_notes_are_masked_before_they_are_stored(answered, people):
    callback, _ = cb.manual(answered, people["moderator"])
    note = "客户电话13812345678，身份证11010519491231002X，已同意退款方案"
    callback = cb.record_call(callback, people["moderator"], reached=True, resolved=True,
                              satisfaction=5, notes=note)
    stored = callback.notes_masked + callback.history.get().notes_masked
    assert "13812345678" not in stored and "11010519491231002X" not in stored
    assert not re.search(r"\d{11}", stored) and "已同意退款方案" in stored


def test_the_consumer_sees_the_agents_number(answered, people):
    from tousu.accounts.models import User

    agent = User.objects.create_user("huifang_zhang", role="moderator", first_name="张三")
    callback, _ = cb.manual(answered, agent)
    cb.record_call(callback, agent, reached=True, satisfaction=4)
    client = Client()
    client.force_login(people["consumer"])
    page = client.get(f"/me/c/{answered.pk}").content.decode()
    assert f"工号{agent.pk:05d}" in page
    assert "huifang_zhang" not in page and "张三" not in page


def test_reach_rate_and_satisfaction_reach_the_merchant_page(answered, people, client):
    from tousu.public.aggregate import refresh

    a, _ = cb.manual(answered, people["moderator"])
    cb.record_call(a, people["moderator"], reached=True, satisfaction=4)
    b, _ = cb.manual(answered, people["moderator"])
    for _ in range(4):
        b = cb.record_call(b, people["moderator"], reached=False)
    f = cb.figures(merchant_id=answered.merchant_id)
    assert (f.finished, f.reached, f.reach_rate, f.satisfaction_mean) == (2, 1, 0.5, 4.0)
    refresh(full=True)
    page = client.get(f"/public/merchants/{answered.merchant_id}").content.decode()
    assert "电话回访触达率" in page and "50%" in page and "4.0 / 5" in page


def test_mentions_import_once_and_refuse_a_bad_file(answered, tmp_path, merchants):
    shop, _ = merchants
    rows = [{"external_id": "wb-1", "platform": "weibo", "merchant": shop.name,
             "text": "易购商城退款拖了一个月，电话13912345678没人理", "complaint_ref": answered.ref},
            {"external_id": "wb-2", "platform": "weibo", "merchant": str(shop.pk),
             "text": "客服态度差", "phone": "13700001111", "name": "李四"}]
    good = tmp_path / "mentions.json"
    good.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    call_command("import-mentions", str(good), stdout=io.StringIO())
    call_command("import-mentions", str(good), stdout=io.StringIO())
    mentions = Callback.objects.filter(reason="social_mention")
    assert mentions.count() == 2
    assert all("13912345678" not in m.context_masked for m in mentions)
    assert mentions.get(source_key="mention:weibo:wb-2").contact_phone == "13700001111"
    bad = tmp_path / "bad.csv"
    bad.write_text("external_id,merchant,text\nwb-3,没有这家店,差评\nwb-4,易购商城,\n",
                   encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import-mentions", str(bad), stdout=io.StringIO())
    assert "row 2: unknown merchant" in str(exc.value) and "row 3: missing text" in str(exc.value)
    assert mentions.count() == 2


def test_the_queue_and_the_outcome_form(answered, people):
    # Due this morning: asked for "now" after the consumer's calling hours, a call is aligned
    # to tomorrow and rightly left out of today's queue, so the test would depend on the hour.
    this_morning = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    callback, _ = cb.manual(answered, people["moderator"], due=this_morning)
    assert timezone.localtime(callback.due_at).date() == this_morning.date()
    staff = Client()
    staff.force_login(people["moderator"])
    assert answered.ref in staff.get("/staff/callbacks").content.decode()
    form = staff.get(f"/staff/callbacks/{callback.pk}").content.decode()
    assert 'data-testid="phone"' in form
    staff.post(f"/staff/callbacks/{callback.pk}", {"reached": "yes", "resolved": "yes",
                                                    "satisfaction": "5", "notes": "满意"})
    callback.refresh_from_db()
    assert callback.status == "done" and callback.satisfaction == 5
    consumer = Client()
    consumer.force_login(people["consumer"])
    assert consumer.get("/staff/callbacks").status_code == 403
