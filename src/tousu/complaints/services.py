"""Use cases on complaints: the only code that writes complaint records.

The API, the importer and the demo loader all call these functions, so a complaint is
created, moved and annotated the same way whichever door it came through, and always
inside one transaction with its timeline event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.complaints import sla
from tousu.complaints.analysis import (
    analysis_text,
    analyze_complaint,
    prefilled_request,
    scenario,
)
from tousu.complaints.models import (
    Complaint,
    Consumer,
    Event,
    EventKind,
    Evidence,
    Message,
    Rating,
    side_of,
)
from tousu.core.access import Actor, Perm, Subject, authorize, scope_of
from tousu.core.deadlines import due_times, policy_for
from tousu.core.escalation import next_check
from tousu.core.evidence import check_file, safe_name
from tousu.core.lifecycle import FINAL_STATES, Action, State, plan_transition
from tousu.core.roles import STAFF_ROLES, Role
from tousu.core.vocab import Visibility
from tousu.merchants.models import Merchant
from tousu.privacy import blind_index
from tousu.secure.exposure import mask
from tousu.secure.keys import index_key
from tousu.text import Analysis


class ServiceError(Exception):
    """A refusal the caller can show as is; ``code`` is stable, ``status`` an HTTP hint."""

    status = 400

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        if status is not None:
            self.status = status


@dataclass(frozen=True)
class NewComplaint:
    merchant_id: int
    title: str
    narrative: str
    amount: Decimal = Decimal("0")
    demands: Sequence[str] = ()
    channel: str = "web"
    visibility: str | None = None  # None: the merchant's commitment decides
    consent: bool = True
    consumer_name: str = ""
    consumer_phone: str = ""
    consumer_email: str = ""
    submitted_at: datetime | None = None  # imports keep the original time
    extra: dict = field(default_factory=dict)
    # Keyed hash of the client's address (tousu.secure.client); not part of the request's
    # identity, so a retry from another network is still the same request.
    source: str = ""

    def fingerprint(self) -> str:
        """Hash of what was asked, to tell a true retry from a reused key."""
        data = asdict(self)
        data.pop("source")
        data["amount"] = str(Decimal(data["amount"]).quantize(Decimal("0.01")))
        data["demands"] = sorted(data["demands"])
        data["submitted_at"] = data["submitted_at"].isoformat() if data["submitted_at"] else None
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def _consumer_for(user: User | None, data: NewComplaint) -> tuple[Consumer | None, tuple[str, ...]]:
    """The complainant, read before the write transaction, and their known values.

    A consumer with an account who has no consumer record yet gets ``None`` here, and
    the record is made inside the transaction; hotline notes and imports always make a
    new one (the complainant has no account). The known values are what
    :func:`known_personal_values` would give for the record either way.
    """
    if user is not None and user.effective_role is Role.CONSUMER:
        consumer = Consumer.objects.filter(user=user).first()
        if consumer is not None:
            consumer.user = user  # known_personal_values reads it; spare the query
            return consumer, known_personal_values(consumer)
        name, email = user.get_full_name() or user.username, user.email or ""
        return None, (name, "", email, user.get_full_name(), user.first_name, user.last_name)
    return None, (data.consumer_name, data.consumer_phone, data.consumer_email)


def _new_consumer(user: User | None, data: NewComplaint) -> Consumer:
    """Inside the write transaction: the record :func:`_consumer_for` did not find."""
    if user is not None and user.effective_role is Role.CONSUMER:
        consumer, _ = Consumer.objects.get_or_create(
            user=user, defaults={"name": user.get_full_name() or user.username,
                                 "email": user.email or ""},
        )
        return consumer
    # Staff filing a hotline note, or an import: the complainant has no account.
    return Consumer.objects.create(
        name=data.consumer_name, phone=data.consumer_phone, email=data.consumer_email,
        phone_index=blind_index(data.consumer_phone, index_key(), kind="phone")
        if data.consumer_phone else "",
    )


def known_personal_values(consumer: Consumer) -> tuple[str, ...]:
    """The complainant's own identifiers, masked wherever they appear in their texts."""
    user = consumer.user
    names = (user.get_full_name(), user.first_name, user.last_name) if user else ()
    return (consumer.name, consumer.phone, consumer.email, *names)


def _replay(scope: str, key: str, fingerprint: str) -> Complaint | None:
    found = (
        Complaint.objects.filter(idempotency_scope=scope, idempotency_key=key)
        .values_list("pk", "request_fingerprint").first()
    )
    if found is None:
        return None
    if found[1] != fingerprint:
        raise ServiceError(
            "idempotency_key_reused",
            "this Idempotency-Key was already used for a different complaint; "
            "use a new key for a new complaint",
            status=422,
        )
    return Complaint.objects.select_related("merchant", "consumer").get(pk=found[0])


#: The funnel's automated path: the platform accepts and forwards, as a moderator would.
_AUTOMATED_ACTIONS = (Action.ACCEPT, Action.FORWARD)


def submit(
    data: NewComplaint,
    *,
    user: User | None,
    idempotency_key: str | None = None,
    idempotency_scope: str | None = None,
    now: datetime | None = None,
    auto_route: bool | None = None,
    analysis: Analysis | None = None,
) -> tuple[Complaint, bool]:
    """File a complaint; returns ``(complaint, created)``.

    With an idempotency key, a retry of the same request returns the complaint the first
    attempt created (``created`` False) even when both attempts race. ``auto_route``
    overrides ``TOUSU_AUTO_PATH`` (whether confident common cases go straight to the
    merchant with a pre-filled request); ``analysis`` is given by batch callers that
    analysed many complaints at once.

    Everything that can be worked out beforehand (analysis, masking, deadlines, the
    automated path's transitions and request) is, so the write transaction — which on
    SQLite every writer waits for — holds only the inserts.
    """
    if user is not None:
        authorize(user.as_actor(), Perm.SUBMIT)
    scope = idempotency_scope or (f"user:{user.pk}" if user is not None else "system")
    fingerprint = data.fingerprint()
    if idempotency_key:
        existing = _replay(scope, idempotency_key, fingerprint)
        if existing is not None:
            return existing, False  # a retry is answered even at the rate limit
    if user is not None:
        _check_limit(user, now or timezone.now())
    try:
        merchant = Merchant.objects.get(pk=data.merchant_id, is_active=True)
    except Merchant.DoesNotExist:
        raise ServiceError(
            "unknown_merchant", f"merchant {data.merchant_id} does not exist", status=422
        ) from None
    if not data.consent:
        raise ServiceError(
            "consent_required",
            "the complainant must consent to the processing of their personal data",
            status=422,
        )
    submitted_at = data.submitted_at or now or timezone.now()
    # Typed and routed before anything is written: an emergency is known the moment the
    # complaint exists, never in a later batch.
    if analysis is None:
        analysis = analyze_complaint(data.title, data.narrative, merchant.industry, data.amount)
    playbook = scenario(analysis.scenario)
    policy = policy_for(
        committed=merchant.committed,
        default_response_hours=settings.TOUSU_DEFAULT_RESPONSE_HOURS,
        default_resolution_days=settings.TOUSU_DEFAULT_RESOLUTION_DAYS,
        scenario_resolution_days=playbook.default_deadline_days if playbook else None,
    )
    # Emergencies run 7×24; other deadlines may count working time only.
    due = due_times(submitted_at, policy, None if analysis.emergency else sla.calendar())
    emergency_due_at = submitted_at + sla.emergency_target() if analysis.emergency else None
    visibility = data.visibility or (
        Visibility.PRIVATE if merchant.committed else Visibility.PUBLIC
    )
    consumer, known = _consumer_for(user, data)
    demands = list(dict.fromkeys(data.demands))
    complaint = Complaint(
        consumer=consumer,
        merchant=merchant,
        title=mask(data.title, known)[:200],
        title_original=data.title,
        narrative=data.narrative,
        narrative_masked=mask(data.narrative, known),
        amount=data.amount,
        demands=demands,
        channel=data.channel,
        visibility=visibility,
        idempotency_scope=scope,
        idempotency_key=idempotency_key or None,
        request_fingerprint=fingerprint,
        source_hash=data.source,
        submitted_by=user,
        consent_at=submitted_at,
        submitted_at=submitted_at,
        response_due_at=due.response_due_at,
        resolution_due_at=due.resolution_due_at,
        deadline_source=due.source,
        scenario=analysis.scenario,
        scenario_confidence=round(analysis.confidence, 4),
        scenario_source="model",
        scenario_top_k=[[code, round(p, 4)] for code, p in analysis.top_k],
        route=analysis.route,
        route_reasons=list(analysis.route_reasons),
        emergency=analysis.emergency,
        emergency_reasons=list(analysis.emergency_reasons),
        emergency_due_at=emergency_due_at,
    )
    complaint.next_check_at = next_check(sla.facts_of(complaint, frozenset()))
    events = [
        Event(
            complaint=complaint,
            kind=EventKind.IMPORTED if data.channel == "import" else EventKind.CREATED,
            to_state=complaint.state,
            actor=user,
            actor_role=user.effective_role.value if user else "",
            created_at=submitted_at,
        ),
        Event(
            complaint=complaint, kind=EventKind.ANALYZED, actor_role="system",
            note="；".join(analysis.route_reasons),
            data={"scenario": analysis.scenario, "confidence": round(analysis.confidence, 4),
                  "route": analysis.route, "emergency": analysis.emergency,
                  "emergency_reasons": list(analysis.emergency_reasons)},
            created_at=submitted_at,
        ),
    ]
    entries = [audit.Pending(user, "complaint.create", "complaint", None,
                             {"ref": complaint.ref, "channel": complaint.channel,
                              "route": analysis.route})]
    if user is not None and user.limited_at is not None:
        # The verification step for a confirmed agency account: a person checks each one.
        auto_route = False
        complaint.route_reasons = [*complaint.route_reasons,
                                   "账号因代理投诉受限：需人工核实后再转商家"]
    request_body = ""
    if analysis.route == "auto" and (
        settings.TOUSU_AUTO_PATH if auto_route is None else auto_route
    ):
        # The funnel's automated path, planned here and written with the complaint: it is
        # created already forwarded, with the same timeline and audit trail as if the two
        # transitions had been applied one after the other.
        request_body = _plan_automated_path(complaint, merchant, submitted_at, events, entries)
    try:
        with transaction.atomic():
            if complaint.consumer_id is None:
                complaint.consumer = _new_consumer(user, data)
            complaint.save(force_insert=True)
            for event in events:
                event.complaint = complaint  # sets complaint_id, now that it has one
            Event.objects.bulk_create(events)
            audit.record_many([e._replace(object_id=complaint.pk) for e in entries])
            if request_body:
                Message.objects.create(complaint=complaint, side="platform", body=request_body,
                                       created_at=submitted_at)
            # Collective matching and screening run in the job runner, off the request path.
            # The job is a row in this same database, written in this transaction: a crash
            # can lose neither the complaint without its job nor the job without it, and a
            # worker sees the job only once the complaint is committed.
            _enqueue_collective(complaint.pk)
            if complaint.emergency:
                # Paged by the job runner; the sweep pages again if nobody has taken it by
                # emergency_due_at.
                _enqueue_page(complaint.pk)
    except IntegrityError:
        # Two attempts with one key raced; the other one won. Answer as a retry would.
        if idempotency_key:
            existing = _replay(scope, idempotency_key, fingerprint)
            if existing is not None:
                return existing, False
        raise
    return complaint, True


def _check_limit(user: User, now: datetime) -> None:
    """Consumers file at most TOUSU_SUBMIT_PER_HOUR complaints an hour; an account confirmed
    as an agency at most TOUSU_LIMITED_PER_DAY a day. Staff filing hotline notes are exempt."""
    if user.effective_role is Role.CONSUMER:
        hour = Complaint.objects.filter(submitted_by=user,
                                        submitted_at__gte=now - timedelta(hours=1)).count()
        if hour >= settings.TOUSU_SUBMIT_PER_HOUR:
            raise ServiceError(
                "rate_limited",
                f"at most {settings.TOUSU_SUBMIT_PER_HOUR} complaints an hour per account; "
                "try again later",
                status=429,
            )
    if user.limited_at is None:
        return
    recent = Complaint.objects.filter(submitted_by=user,
                                      submitted_at__gte=now - timedelta(days=1)).count()
    if recent >= settings.TOUSU_LIMITED_PER_DAY:
        raise ServiceError(
            "rate_limited",
            f"this account is limited to {settings.TOUSU_LIMITED_PER_DAY} complaint(s) a day "
            "after review; try again tomorrow or contact the platform",
            status=429,
        )


def _enqueue_page(complaint_id: int) -> None:
    from tousu.jobs.tasks import page_emergency

    page_emergency.enqueue(complaint_id)


def _enqueue_collective(complaint_id: int) -> None:
    from tousu.jobs.tasks import after_intake

    after_intake.enqueue(complaint_id)


def _human_touch(complaint: Complaint, user: User | None, role: Role, now: datetime) -> None:
    """Any platform staff action on an untaken emergency counts as a human taking it."""
    if user is not None and complaint.emergency and complaint.human_at is None \
            and role in STAFF_ROLES:
        sla.take(complaint, user, now)


def subject_of(complaint: Complaint) -> Subject:
    return Subject(consumer_user_id=complaint.consumer.user_id, merchant_id=complaint.merchant_id)


def is_owner(user: User, complaint: Complaint) -> bool:
    return user.pk is not None and complaint.consumer.user_id == user.pk


_STAMPS: dict[State, str] = {
    State.ACCEPTED: "accepted_at",
    State.WITH_MERCHANT: "forwarded_at",
    State.RESOLVED: "resolved_at",
    State.CLOSED: "closed_at",
    State.REJECTED: "closed_at",
    State.WITHDRAWN: "closed_at",
}


def _apply(
    complaint: Complaint,
    action: str,
    *,
    user: User | None,
    role_label: str,
    target: State,
    reason: str,
    now: datetime,
) -> None:
    """Write one planned transition: the new state, its timestamp and its event."""
    source = State(complaint.state)
    complaint.state = target.value
    complaint.state_reason = reason.strip()
    changed = ["state", "state_reason", "updated_at"]
    stamp = _STAMPS.get(target)
    if stamp:
        setattr(complaint, stamp, now)
        changed.append(stamp)
    if target in FINAL_STATES:
        complaint.next_check_at = None  # out of the sweep's due set for good
        changed.append("next_check_at")
    if Action(action) is Action.REPLY:
        Message.objects.create(
            complaint=complaint, author=user, side=side_of(Role(role_label)),
            body=reason.strip(), created_at=now,
        )
        if complaint.first_response_at is None:
            complaint.first_response_at = now
            changed.append("first_response_at")
    complaint.save(update_fields=changed)
    Event.objects.create(
        complaint=complaint, kind=EventKind.TRANSITION, action=Action(action).value,
        from_state=source.value, to_state=target.value, actor=user, actor_role=role_label,
        note=reason.strip(), created_at=now,
    )
    audit.record(user, "complaint.transition", "complaint", complaint.pk,
                 {"action": Action(action).value, "from": source.value, "to": target.value})


def transition(
    complaint_id: int,
    *,
    user: User,
    action: str,
    reason: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Move a complaint along its lifecycle, recording who did it and why.

    The row is re-read under a write lock so two people acting at once cannot both
    move it from the same state.
    """
    now = now or timezone.now()
    with transaction.atomic():
        complaint = (
            # Lock the complaint row only: locking the joined consumer too deadlocked on
            # PostgreSQL with a concurrent submission by the same consumer (it holds the
            # audit lock and, at COMMIT, needs a key-share lock on that consumer row).
            Complaint.objects.select_for_update(of=("self",)).select_related("consumer")
            .get(pk=complaint_id)
        )
        actor = user.as_actor()
        authorize(actor, Perm.TRANSITION, subject_of(complaint))
        target = plan_transition(
            complaint.state, action, actor.role, is_owner=is_owner(user, complaint),
            reason=reason,
        )
        _apply(complaint, action, user=user, role_label=actor.role.value, target=target,
               reason=reason, now=now)
        _human_touch(complaint, user, actor.role, now)
        if target is State.RESOLVED:
            # The callback team calls once the consumer confirmed (M7); scheduled in the same
            # transaction, so a confirmation is never recorded without its callback.
            _schedule_callback("after_resolution", complaint.pk)
    return complaint


def _schedule_callback(rule: str, complaint_id: int, *args) -> None:
    from tousu.callbacks import services as callbacks

    complaint = Complaint.objects.select_related("consumer").get(pk=complaint_id)
    getattr(callbacks, rule)(complaint, *args)


def _plan_automated_path(
    complaint: Complaint, merchant: Merchant, now: datetime, events: list[Event],
    entries: list[audit.Pending],
) -> str:
    """The funnel's automated path: accept, forward, and send the pre-filled request.

    The platform acts here (the lifecycle checks it as a moderator would be checked), and
    the timeline says "system" so staff can tell it from a person's decision. The
    transitions are applied to the unsaved complaint; their events and audit entries are
    appended to ``events`` and ``entries``; the request's text is returned.
    """
    for action in _AUTOMATED_ACTIONS:
        source = State(complaint.state)
        target = plan_transition(source, action, Role.MODERATOR)
        complaint.state = target.value
        complaint.state_reason = ""
        stamp = _STAMPS.get(target)
        if stamp:
            setattr(complaint, stamp, now)
        events.append(Event(
            complaint=complaint, kind=EventKind.TRANSITION, action=action.value,
            from_state=source.value, to_state=target.value, actor=None, actor_role="system",
            note="", created_at=now,
        ))
        entries.append(audit.Pending(None, "complaint.transition", "complaint", None,
                                     {"action": action.value, "from": source.value,
                                      "to": target.value}))
    return prefilled_request(
        scenario_code=complaint.scenario, merchant_name=merchant.name,
        demands=list(complaint.demands), amount=complaint.amount,
    )


def override_scenario(
    complaint: Complaint, *, user: User, code: str, reason: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Staff correct the engine's scenario; the event is kept as training data."""
    authorize(user.as_actor(), Perm.OVERRIDE_SCENARIO, subject_of(complaint))
    found = scenario(code)
    if found is None:
        raise ServiceError("unknown_scenario", f"scenario {code!r} is not in the catalog",
                           status=422)
    now = now or timezone.now()
    with transaction.atomic():
        previous = complaint.scenario
        complaint.scenario = code
        complaint.scenario_source = "staff"
        complaint.scenario_confidence = None
        complaint.save(update_fields=["scenario", "scenario_source", "scenario_confidence",
                                      "updated_at"])
        Event.objects.create(
            complaint=complaint, kind=EventKind.SCENARIO_OVERRIDE, actor=user,
            actor_role=user.effective_role.value, note=reason.strip(),
            data={"from": previous, "to": code}, created_at=now,
        )
        audit.record(user, "complaint.scenario_override", "complaint", complaint.pk,
                     {"from": previous, "to": code})
    return complaint


#: The reason shown to staff and stored on a complaint a person flagged as an emergency.
STAFF_EMERGENCY_REASON = "人工判定为紧急 / marked as an emergency by staff"


def judge_emergency(
    complaint: Complaint, *, user: User, emergency: bool, reason: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Staff say whether the complaint is an emergency: a false alarm, a miss, or a confirmation.

    A false alarm leaves the 7×24 queue for human triage; the person who judged it counts as
    the human who looked at it. A miss joins the queue with a fresh time-to-human target from
    now and pages whoever is on duty. Either way the judgment is an event, and the complaint
    becomes training data for the emergency net (:func:`emergency_training_pairs`).
    """
    actor = user.as_actor()
    authorize(actor, Perm.EMERGENCY, subject_of(complaint))
    now = now or timezone.now()
    note = reason.strip()
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        previous = complaint.emergency
        live = State(complaint.state) not in FINAL_STATES
        if previous and not emergency and live:
            _human_touch(complaint, user, actor.role, now)  # while it is still an emergency
        fields = ["emergency", "emergency_source", "updated_at"]
        complaint.emergency, complaint.emergency_source = emergency, "staff"
        page_now = False
        if previous and not emergency:
            complaint.emergency_due_at = None
            fields.append("emergency_due_at")
            if complaint.route == "emergency":
                complaint.route = "triage"
                complaint.route_reasons = [
                    *complaint.route_reasons,
                    "人工判定非紧急，转人工分诊 / staff: not an emergency, to triage",
                ]
                fields += ["route", "route_reasons"]
        elif emergency and not previous:
            complaint.emergency_reasons = [*complaint.emergency_reasons, STAFF_EMERGENCY_REASON]
            fields.append("emergency_reasons")
            if live:
                complaint.route = "emergency"
                complaint.route_reasons = [
                    *complaint.route_reasons,
                    "紧急：人工判定，7×24 人工处理 / emergency: marked by staff",
                ]
                complaint.emergency_due_at = now + sla.emergency_target()
                fields += ["route", "route_reasons", "emergency_due_at"]
                page_now = complaint.human_at is None
        if "emergency_due_at" in fields:
            complaint.next_check_at = sla.next_check_of(complaint)
            fields.append("next_check_at")
        complaint.save(update_fields=fields)
        Event.objects.create(
            complaint=complaint, kind=EventKind.EMERGENCY_JUDGED, actor=user,
            actor_role=user.effective_role.value, note=note,
            data={"from": previous, "to": emergency}, created_at=now,
        )
        audit.record(user, "complaint.emergency_judged", "complaint", complaint.pk,
                     {"from": previous, "to": emergency})
        if page_now:
            _enqueue_page(complaint.pk)
    return complaint


def _staff_labels(source_field: str, label_field: str) -> list[tuple[str, Any]]:
    """(text as the engine reads it, label) for every complaint whose ``label_field`` a person
    set (``source_field`` is "staff"); a later judgment overwrote an earlier one."""
    rows = (
        Complaint.objects.filter(**{source_field: "staff"})
        .values_list("title_original", "narrative", label_field)
    )
    return [(analysis_text(title, narrative), label) for title, narrative, label in rows]


def emergency_training_pairs() -> list[tuple[str, bool]]:
    """(text, emergency) for every complaint whose emergency flag a person set."""
    return [(text, bool(flag)) for text, flag in _staff_labels("emergency_source", "emergency")]


def override_training_pairs() -> list[tuple[str, str]]:
    """(text, scenario) for every complaint whose scenario staff set, latest word wins."""
    return _staff_labels("scenario_source", "scenario")


def _open_for_writing(complaint: Complaint) -> None:
    if State(complaint.state) in FINAL_STATES:
        raise ServiceError(
            "complaint_final",
            f"the complaint is {complaint.state}; nothing more can be added to it",
            status=409,
        )


def add_message(
    complaint: Complaint, *, user: User, body: str, now: datetime | None = None
) -> Message:
    actor = user.as_actor()
    authorize(actor, Perm.MESSAGE, subject_of(complaint))
    _open_for_writing(complaint)
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            complaint=complaint, author=user, side=side_of(actor.role), body=body.strip(),
            created_at=now,
        )
        if actor.role is Role.MERCHANT_AGENT and complaint.first_response_at is None:
            Complaint.objects.filter(pk=complaint.pk, first_response_at__isnull=True).update(
                first_response_at=now
            )
        Event.objects.create(
            complaint=complaint, kind=EventKind.MESSAGE, actor=user,
            actor_role=actor.role.value, created_at=now,
        )
        _human_touch(complaint, user, actor.role, now)
    return message


def add_evidence(
    complaint: Complaint, *, user: User, stream: IO[bytes], name: str, size: int
) -> Evidence:
    """Store one evidence file after checking its real type and size.

    The file is hashed while it is copied so the recorded digest is of exactly the bytes
    kept; if anything fails, neither the row nor the file remains.
    """
    actor = user.as_actor()
    authorize(actor, Perm.UPLOAD_EVIDENCE, subject_of(complaint))
    _open_for_writing(complaint)
    if complaint.evidence.count() >= settings.TOUSU_MAX_EVIDENCE_FILES:
        raise ServiceError(
            "too_many_files",
            f"a complaint holds at most {settings.TOUSU_MAX_EVIDENCE_FILES} evidence files",
            status=422,
        )
    head = stream.read(64)
    stream.seek(0)
    kind = check_file(head, size, max_bytes=settings.TOUSU_MAX_EVIDENCE_BYTES)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    display = safe_name(name, kind)
    evidence = Evidence(
        complaint=complaint, name=display, mime=kind.mime, size=size,
        sha256=digest.hexdigest(), uploaded_by=user,
    )
    with transaction.atomic():
        evidence.file.save(f"upload.{kind.extension}", File(stream), save=False)
        try:
            evidence.save()
            Event.objects.create(
                complaint=complaint, kind=EventKind.EVIDENCE, actor=user,
                actor_role=actor.role.value, note=display,
            )
        except Exception:
            evidence.file.delete(save=False)
            raise
    return evidence


#: States in which the consumer has had the merchant's answer and may judge it.
RATABLE_STATES = frozenset({State.RESOLVED, State.UNRESOLVED, State.CLOSED})


def rate(complaint: Complaint, *, user: User, score: int, comment: str = "",
         now: datetime | None = None) -> Rating:
    """The complainant rates the outcome once; merchants' statistics are built on it."""
    if not is_owner(user, complaint):
        raise ServiceError("forbidden", "only the complainant can rate this complaint",
                           status=403)
    if State(complaint.state) not in RATABLE_STATES:
        raise ServiceError(
            "not_ratable",
            f"the complaint is {complaint.state}; it can be rated once the merchant's answer "
            "has been confirmed or disputed",
            status=409,
        )
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ServiceError("invalid_score", "score must be a whole number from 1 to 5",
                           status=422)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(complaint=complaint, score=score,
                                           comment=comment.strip()[:2000], created_at=now)
            Event.objects.create(complaint=complaint, kind=EventKind.RATED, actor=user,
                                 actor_role=user.effective_role.value, data={"score": score},
                                 created_at=now)
            audit.record(user, "complaint.rate", "complaint", complaint.pk, {"score": score})
            _schedule_callback("after_rating", complaint.pk, score)
    except IntegrityError:
        raise ServiceError("already_rated", "this complaint has already been rated",
                           status=409) from None
    return rating


def visible_complaints(actor: Actor):
    """The complaints a list shows this actor; mirrors :func:`tousu.core.access.scope_of`."""
    qs = Complaint.objects.select_related("merchant", "consumer")
    scope = scope_of(actor)
    if scope == "all":
        return qs
    if scope == "own":
        return qs.filter(consumer__user_id=actor.user_id)
    if scope == "merchant":
        return qs.filter(merchant_id=actor.merchant_id)
    return qs.none()
