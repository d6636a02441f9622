"""Paging people: email through Django's mail backend, and an optional webhook.

A page that could not be delivered stays unmarked, so the next sweep tries again.
"""

from __future__ import annotations

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from tousu.accounts.models import User
from tousu.complaints.models import Complaint
from tousu.core.roles import Role

log = logging.getLogger(__name__)

SUBJECTS = {
    "emergency": "【紧急】资金/账户安全投诉待人工接手",
    "emergency_breach": "【紧急超时】紧急投诉超过人工接手时限",
    "response_warning": "投诉即将超过回复期限",
    "response_breach": "投诉已超过回复期限，已升级平台",
    "resolution_warning": "投诉即将超过解决期限",
    "resolution_breach": "投诉已超过解决期限，已升级平台",
    "expert": "投诉长期未解决，已转调解专家",
}


def recipients(complaint: Complaint, audience: str) -> list[str]:
    if audience == "merchant":
        users = User.objects.filter(role=Role.MERCHANT_AGENT, merchant_id=complaint.merchant_id,
                                    is_active=True)
    else:
        role = Role.MEDIATOR if audience == "mediator" else Role.MODERATOR
        users = User.objects.filter(role=role, is_active=True)
    emails = [u.email for u in users if u.email]
    if audience != "merchant":
        emails += settings.TOUSU_ONDUTY_EMAILS
    return sorted(set(emails))


def page(complaint: Complaint, what: str, audience: str, *, to: list[str] | None = None) -> bool:
    """Send one page; True when every configured channel accepted it."""
    # Only masked text leaves the platform: pages are read on phones and in inboxes.
    body = (f"投诉编号 {complaint.ref}\n商家 {complaint.merchant.name}\n标题 {complaint.title}\n"
            f"回复期限 {complaint.response_due_at}\n解决期限 {complaint.resolution_due_at}\n")
    ok = True
    to = recipients(complaint, audience) if to is None else to
    if to:
        try:
            send_mail(SUBJECTS.get(what, what), body, None, to)
        except Exception:  # noqa: BLE001 - a mail outage must not stop the sweep
            log.exception("mail page for %s failed", complaint.ref)
            ok = False
    if settings.TOUSU_ONDUTY_WEBHOOK and audience != "merchant":
        payload = json.dumps({"event": what, "ref": complaint.ref,
                              "merchant": complaint.merchant.name, "title": complaint.title},
                             ensure_ascii=False).encode()
        request = urllib.request.Request(settings.TOUSU_ONDUTY_WEBHOOK, data=payload,
                                         headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=5).close()
        except OSError:
            log.exception("webhook page for %s failed", complaint.ref)
            ok = False
    return ok
