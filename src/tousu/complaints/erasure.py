"""Removing personal data while keeping complaints for statistics (M9).

Two doors lead here: a consumer's request to erase their data (the right seed 002
names), and the retention policy purging closed complaints after N days. Both keep the
complaint — merchant, scenario, amounts, states, timestamps — so rankings and reports
stay true, and replace every text that could identify a person by its masked form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.complaints.models import Complaint, Consumer, Event, EventKind
from tousu.complaints.services import known_personal_values
from tousu.core.lifecycle import FINAL_STATES
from tousu.secure.exposure import mask


@dataclass(frozen=True)
class ErasureReport:
    complaints: int
    messages: int
    evidence_files: int


def _scrub_complaint(complaint: Complaint, now: datetime) -> tuple[int, int]:
    """Mask every free text of one complaint and delete its evidence files.

    The complainant's own name, phone and email are masked literally as well as by
    detection, since the consumer record still holds them at this point.
    """
    known = known_personal_values(complaint.consumer)
    complaint.title = mask(complaint.title_original, known)[:200]
    complaint.title_original = complaint.title
    complaint.narrative_masked = mask(complaint.narrative, known)
    complaint.narrative = complaint.narrative_masked
    complaint.state_reason = mask(complaint.state_reason, known)
    complaint.personal_data_removed_at = now
    complaint.save()
    messages = 0
    for message in complaint.messages.all():
        masked = mask(message.body, known)
        if masked != message.body:
            message.body = masked
            message.save(update_fields=["body"])
            messages += 1
    for event in complaint.events.exclude(note=""):
        event.note = mask(event.note, known)
        event.save(update_fields=["note"])
    files = 0
    for evidence in complaint.evidence.all():
        evidence.file.delete(save=False)
        evidence.delete()
        files += 1
    return messages, files


def _scrub_consumer(consumer: Consumer, now: datetime) -> None:
    consumer.name = ""
    consumer.phone = ""
    consumer.phone_index = ""
    consumer.email = ""
    consumer.erased_at = now
    consumer.save()
    if consumer.user is not None:
        user = consumer.user
        user.first_name = user.last_name = user.email = ""
        user.save(update_fields=["first_name", "last_name", "email"])


def erase_consumer(consumer: Consumer, *, by: User | None, reason: str = "consumer request",
                   now: datetime | None = None) -> ErasureReport:
    """Erase one consumer's personal data from everything they filed."""
    now = now or timezone.now()
    complaints = messages = files = 0
    with transaction.atomic():
        for complaint in consumer.complaints.select_for_update():
            m, f = _scrub_complaint(complaint, now)
            messages += m
            files += f
            complaints += 1
            Event.objects.create(complaint=complaint, kind=EventKind.ERASED, actor=by,
                                 actor_role=by.effective_role.value if by else "system",
                                 note=reason, created_at=now)
        _scrub_consumer(consumer, now)
        audit.record(by, "consumer.erase", "consumer", consumer.pk,
                     {"complaints": complaints, "evidence_files": files, "reason": reason})
    return ErasureReport(complaints, messages, files)


def purge_expired(days: int, *, now: datetime | None = None, dry_run: bool = False) -> int:
    """Remove personal data from complaints that ended more than ``days`` days ago."""
    now = now or timezone.now()
    due = Complaint.objects.filter(
        state__in=[s.value for s in FINAL_STATES], closed_at__lt=now - timedelta(days=days),
        personal_data_removed_at__isnull=True,
    )
    if dry_run:
        return due.count()
    purged = 0
    for complaint in due.select_related("consumer").iterator(500):
        with transaction.atomic():
            _scrub_complaint(complaint, now)
            Event.objects.create(complaint=complaint, kind=EventKind.ERASED, actor_role="system",
                                 note=f"retention: {days} days after closing", created_at=now)
            consumer = complaint.consumer
            # The person's contact data goes once none of their complaints needs it.
            if not consumer.complaints.filter(personal_data_removed_at__isnull=True).exists():
                _scrub_consumer(consumer, now)
            audit.record(None, "complaint.retention_purge", "complaint", complaint.pk,
                         {"days": days})
        purged += 1
    return purged
