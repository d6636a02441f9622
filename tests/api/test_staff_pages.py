"""The staff emergency queue page: staff only, live timers, take and case file buttons."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from tousu.complaints import services
from tousu.complaints.models import Complaint


def theft(people, merchant, minutes_ago: int) -> Complaint:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    complaint, _ = services.submit(services.NewComplaint(
        merchant_id=merchant.pk, title="银行卡被盗刷",
        narrative="刚刚收到短信，我的银行卡在异地被连续盗刷了三笔共8000元，卡一直在我身上，请马上冻结！",
        amount=Decimal("8000")), user=people["consumer"], now=at, auto_route=False)
    return complaint


def test_queue_page_for_staff_only(people, merchants):
    _, wallet = merchants
    c = theft(people, wallet, 12)
    staff = Client()
    staff.force_login(people["moderator"])
    page = staff.get("/staff/emergencies")
    html = page.content.decode()
    assert page.status_code == 200 and c.ref in html and "接手" in html
    assert 'data-elapsed="7' in html  # 12 minutes = 720 s, counted up in the browser
    assert 'class="late" data-elapsed="7' in html  # past the 10-minute target
    consumer = Client()
    consumer.force_login(people["consumer"])
    assert consumer.get("/staff/emergencies").status_code == 403
    assert Client().get("/staff/emergencies").status_code == 302  # to the login page


def test_take_and_casefile_buttons(people, merchants):
    _, wallet = merchants
    c = theft(people, wallet, 3)
    staff = Client()
    staff.force_login(people["moderator"])
    download = staff.post(f"/staff/emergencies/{c.pk}/casefile")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert staff.post(f"/staff/emergencies/{c.pk}/take").status_code == 302
    c.refresh_from_db()
    assert c.human_by == people["moderator"]
    assert c.ref not in staff.get("/staff/emergencies").content.decode()
