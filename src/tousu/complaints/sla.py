"""Deadlines kept and proven (M5) and the 7×24 emergency lane (M3), on the database.

The rules are in :mod:`tousu.core.escalation`, :mod:`tousu.core.calendar` and
:mod:`tousu.core.timing`; this module feeds them rows and writes what they decide.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.complaints.models import (
    Complaint,
    Escalation,
    Event,
    EventKind,
    UnreachableLoss,
)
from tousu.core.calendar import BusinessCalendar
from tousu.core.casefile import CaseFile, EvidenceItem, TimelineEntry, transaction_references
from tousu.core.escalation import AUDIENCE, Facts, Step, next_check, plan
from tousu.core.lifecycle import OPEN_STATES
from tousu.core.timing import Summary, summarize
from tousu.core.vocab import INDUSTRIES

_OPEN = [s.value for s in OPEN_STATES]
_RESOLVED = {"resolved"}
#: Scenarios whose emergencies get a police case file (fraud and theft).
CASEFILE_SCENARIOS = {"unauthorized_transaction", "impersonation_fraud", "account_takeover"}


def calendar() -> BusinessCalendar | None:
    if not settings.TOUSU_BUSINESS_CALENDAR:
        return None
    return BusinessCalendar.from_config(settings.TIME_ZONE, settings.TOUSU_HOLIDAYS,
                                        settings.TOUSU_WORKDAYS)


def emergency_target() -> timedelta:
    return timedelta(minutes=settings.TOUSU_EMERGENCY_TARGET_MINUTES)


def facts_of(c: Complaint, done: frozenset[Step]) -> Facts:
    return Facts(
        response_due_at=c.response_due_at, resolution_due_at=c.resolution_due_at,
        responded_at=c.first_response_at, resolved=c.state in _RESOLVED,
        emergency=c.emergency, emergency_due_at=c.emergency_due_at, human_at=c.human_at,
        done=done,
    )


@dataclass(frozen=True)
class SweepReport:
    examined: int
    escalated: int
    paged: int


def sweep(
    now: datetime | None = None, *, chunk: int = 2000, max_examined: int = 50_000
) -> SweepReport:
    """Record every deadline step due now, once, and page whoever it is for.

    The due set is read through the ``next_check_at`` index, earliest first, and each
    examined complaint's ``next_check_at`` moves past ``now`` (or to NULL once nothing more
    can fall due), so a sweep costs what is due, not what is open. A backlog is worked off
    ``max_examined`` complaints per sweep, keeping every job short (well inside a worker's
    lease); the next sweep goes on. Safe to run concurrently: a step is unique per
    complaint, and only steps actually inserted get a timeline event and are counted.
    """
    now = now or timezone.now()
    examined = escalated = 0
    while examined < max_examined:
        batch = list(
            Complaint.objects.filter(next_check_at__lte=now)
            .order_by("next_check_at", "pk")
            .only("pk", "merchant_id", "state", "response_due_at", "resolution_due_at",
                  "first_response_at", "emergency", "emergency_due_at", "human_at")[:chunk]
        )
        if not batch:
            break
        examined += len(batch)
        escalated += _sweep_batch(batch, now)
    paged = deliver_pages(now)
    return SweepReport(examined, escalated, paged)


def next_check_of(c: Complaint) -> datetime | None:
    """When the sweep must next look at ``c``, given the steps already recorded for it
    (after its deadlines changed outside the sweep, e.g. staff marking an emergency)."""
    return next_check(facts_of(c, frozenset(_recorded([c.pk])[c.pk])))


def _recorded(ids: list[int]) -> dict[int, set[Step]]:
    done: dict[int, set[Step]] = defaultdict(set)
    for cid, step in Escalation.objects.filter(complaint_id__in=ids).values_list(
        "complaint_id", "step"
    ):
        done[cid].add(Step(step))
    return done


def _sweep_batch(batch: list[Complaint], now: datetime) -> int:
    ids = [c.pk for c in batch]
    done = _recorded(ids)
    planned: list[tuple[Complaint, Step]] = []
    moves: dict[int, datetime | None] = {}
    for c in batch:
        recorded = frozenset(done[c.pk])
        if c.state not in _OPEN:
            moves[c.pk] = None  # ended: nothing can fall due any more
            continue
        steps = plan(facts_of(c, recorded), now)
        planned.extend((c, step) for step in steps)
        moment = next_check(facts_of(c, recorded | set(steps)))
        # Always past now, so the due set shrinks with every batch.
        moves[c.pk] = moment if moment is None or moment > now else now + timedelta(seconds=1)
    with transaction.atomic():
        if planned:
            # Lock the complaints (in id order, so two sweeps cannot deadlock): on PostgreSQL
            # a concurrent sweep planning the same steps now waits for this one to commit,
            # then its re-read below sees them. SQLite serialises writers anyway.
            list(Complaint.objects.select_for_update()
                 .filter(pk__in=sorted({c.pk for c, _ in planned})).order_by("pk")
                 .values_list("pk", flat=True))
        # Re-read inside the write transaction: another sweep may have just recorded some.
        already = _recorded([c.pk for c, _ in planned]) if planned else {}
        fresh = [(c, step) for c, step in planned if step not in already.get(c.pk, ())]
        Escalation.objects.bulk_create(
            [Escalation(complaint_id=c.pk, merchant_id=c.merchant_id, step=step.value,
                        audience=AUDIENCE[step], created_at=now) for c, step in fresh],
            ignore_conflicts=True,
        )
        Event.objects.bulk_create(
            [Event(complaint_id=c.pk, kind=EventKind.ESCALATED, action=step.value,
                   actor_role="system", created_at=now,
                   data={"step": step.value, "audience": AUDIENCE[step]}) for c, step in fresh]
        )
        # A breach makes its own warning moot: that page is not sent.
        for warning, breach in _SUPERSEDES:
            breached = [c.pk for c, step in fresh if step is breach]
            if breached:
                Escalation.objects.filter(complaint_id__in=breached, step=warning,
                                          notified_at__isnull=True).update(notified_at=now)
        by_moment: dict[datetime | None, list[int]] = defaultdict(list)
        for cid, moment in moves.items():
            by_moment[moment].append(cid)
        for moment, group in by_moment.items():
            Complaint.objects.filter(pk__in=group).update(next_check_at=moment)
    return len(fresh)


_SUPERSEDES = ((Step.RESPONSE_WARNING, Step.RESPONSE_BREACH),
               (Step.RESOLUTION_WARNING, Step.RESOLUTION_BREACH))

#: Pages go out most urgent first: a missed emergency before anything else.
_PAGE_ORDER = [Step.EMERGENCY_BREACH, Step.RESPONSE_BREACH, Step.RESOLUTION_BREACH, Step.EXPERT,
               Step.RESPONSE_WARNING, Step.RESOLUTION_WARNING]


def deliver_pages(now: datetime, limit: int = 2000) -> int:
    """Page for recorded steps not yet delivered, most urgent first (retried next sweep).

    (A warning made moot by its breach was marked when the breach was recorded.) Each
    urgency tier is read through the (step, notified_at) index, so the cost is
    the pages sent, not the size of an undelivered backlog.
    """
    from tousu.complaints.notify import page, recipients

    # Who is paged depends only on merchant and audience: look it up once per run.
    to: dict[tuple[int, str], list[str]] = {}
    sent = attempted = 0
    for step in _PAGE_ORDER:
        if attempted >= limit:
            break
        pending = list(Escalation.objects.filter(step=step.value, notified_at__isnull=True)
                       .select_related("complaint", "complaint__merchant")
                       .order_by("pk")[: limit - attempted])
        attempted += len(pending)
        for escalation in pending:
            key = (escalation.complaint.merchant_id, escalation.audience)
            if key not in to:
                to[key] = recipients(escalation.complaint, escalation.audience)
            if page(escalation.complaint, escalation.step, escalation.audience, to=to[key]):
                Escalation.objects.filter(pk=escalation.pk).update(notified_at=now)
                sent += 1
    return sent


def take(complaint: Complaint, user: User, now: datetime | None = None) -> bool:
    """A person takes an emergency; the first one stops the time-to-human clock."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Complaint.objects.filter(pk=complaint.pk, human_at__isnull=True).update(
            human_at=now, human_by=user)
        if not updated:
            return False
        Event.objects.create(complaint=complaint, kind=EventKind.TAKEN, actor=user,
                             actor_role=user.effective_role.value, created_at=now)
        audit.record(user, "emergency.take", "complaint", complaint.pk,
                     {"waited_seconds": int((now - complaint.submitted_at).total_seconds())})
    complaint.human_at, complaint.human_by = now, user
    return True


def queue(now: datetime | None = None) -> list[dict]:
    """The 7×24 emergency queue: untaken emergencies, oldest first, with elapsed time."""
    now = now or timezone.now()
    rows = (Complaint.objects.filter(emergency=True, human_at__isnull=True, state__in=_OPEN)
            .select_related("merchant").order_by("submitted_at"))
    return [{
        "id": c.pk, "ref": c.ref, "title": c.title, "merchant": c.merchant.name,
        "scenario": c.scenario, "amount": c.amount, "submitted_at": c.submitted_at,
        "due_at": c.emergency_due_at,
        "elapsed_seconds": int((now - c.submitted_at).total_seconds()),
        "breached": bool(c.emergency_due_at and now > c.emergency_due_at),
        "reasons": c.emergency_reasons,
    } for c in rows]


def _summary_dict(s: Summary) -> dict:
    def sec(value: timedelta | None) -> int | None:
        return None if value is None else int(value.total_seconds())

    return {"count": s.count, "p50_seconds": sec(s.p50), "p90_seconds": sec(s.p90),
            "max_seconds": sec(s.max), "within_target_rate": s.within_target_rate}


def time_to_human_report() -> dict:
    """Time to first human for every taken emergency: overall and per merchant."""
    target = emergency_target()
    rows = (Complaint.objects.filter(emergency=True, human_at__isnull=False)
            .values_list("merchant__name", "submitted_at", "human_at"))
    overall: list[timedelta] = []
    per: dict[str, list[timedelta]] = defaultdict(list)
    for merchant, submitted, human in rows:
        overall.append(human - submitted)
        per[merchant].append(human - submitted)
    waiting = Complaint.objects.filter(emergency=True, human_at__isnull=True,
                                       state__in=_OPEN).count()
    return {
        "target_seconds": int(target.total_seconds()),
        "overall": _summary_dict(summarize(overall, target)),
        "waiting_now": waiting,
        "per_merchant": {m: _summary_dict(summarize(w, target)) for m, w in sorted(per.items())},
    }


class LossRefused(ValueError):
    pass


def record_loss(complaint: Complaint, user: User, amount: Decimal, note: str) -> UnreachableLoss:
    """Staff record what the consumer lost while no human was reachable in time."""
    breached = complaint.emergency and complaint.emergency_due_at is not None and (
        (complaint.human_at or timezone.now()) > complaint.emergency_due_at)
    if not breached:
        raise LossRefused("losses are recorded only for emergencies that missed their "
                          "time-to-human target")
    with transaction.atomic():
        loss = UnreachableLoss.objects.create(complaint=complaint, merchant=complaint.merchant,
                                              amount=amount, note=note, recorded_by=user)
        Event.objects.create(complaint=complaint, kind=EventKind.LOSS, actor=user,
                             actor_role=user.effective_role.value, data={"amount": str(amount)})
        audit.record(user, "emergency.loss", "complaint", complaint.pk, {"amount": str(amount)})
    return loss


def merchant_record(merchant_id: int) -> dict:
    """The merchant's breach ledger, losses while unreachable and emergency handling."""
    ledger = dict(Escalation.objects.filter(merchant_id=merchant_id)
                  .values_list("step").annotate(n=Count("id")).order_by())
    losses = UnreachableLoss.objects.filter(merchant_id=merchant_id).aggregate(
        n=Count("id"), total=Sum("amount"))
    return {
        # A count over the merchant index; no join, so a big merchant's page stays fast.
        "complaints": Complaint.objects.filter(merchant_id=merchant_id).count(),
        "breaches": {
            "response": ledger.get(Step.RESPONSE_BREACH, 0),
            "resolution": ledger.get(Step.RESOLUTION_BREACH, 0),
            "expert": ledger.get(Step.EXPERT, 0),
            "emergency": ledger.get(Step.EMERGENCY_BREACH, 0),
        },
        "losses_while_unreachable": {"count": losses["n"], "total": losses["total"] or Decimal(0)},
    }


def build_casefile(complaint: Complaint, user: User) -> tuple[bytes, str, str]:
    """The police case package (zip), its SHA-256 and file name; the hash is audited."""
    if not (complaint.emergency and complaint.scenario in CASEFILE_SCENARIOS):
        raise LossRefused("case files are for fraud and theft emergencies")
    consumer = complaint.consumer
    timeline = [
        TimelineEntry(e.created_at, e.action or e.get_kind_display(), e.actor_role or "system")
        for e in complaint.events.all()
    ]
    now = timezone.now()
    case = CaseFile(
        ref=complaint.ref, generated_at=now, generated_by=audit.actor_label(user),
        complainant_name=consumer.name, complainant_phone=consumer.phone,
        merchant=complaint.merchant.name,
        merchant_industry=INDUSTRIES[complaint.merchant.industry].zh,
        scenario=complaint.scenario, amount=complaint.amount, title=complaint.title_original,
        narrative=complaint.narrative, emergency_reasons=list(complaint.emergency_reasons),
        transaction_refs=transaction_references(
            f"{complaint.title_original}\n{complaint.narrative}"),
        timeline=timeline,
        evidence=[EvidenceItem(e.name, e.sha256, e.size, e.mime)
                  for e in complaint.evidence.all()],
    )
    data, digest = case.package()
    name = f"case-{complaint.ref}-{now:%Y%m%d%H%M%S}.zip"
    with transaction.atomic():
        Event.objects.create(complaint=complaint, kind=EventKind.CASEFILE, actor=user,
                             actor_role=user.effective_role.value, data={"sha256": digest,
                                                                         "file": name})
        audit.record(user, "emergency.casefile", "complaint", complaint.pk,
                     {"sha256": digest, "file": name})
    return data, digest, name


def save_casefile(data: bytes, name: str) -> Path:
    folder = Path(settings.DATA_DIR) / "casefiles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path

