"""Collective handling: match on arrival, suggest, confirm, answer once, settle together."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.collective import Config, Doc, Fingerprint, fingerprint, pair_score, shared_phrases
from tousu.collectives.models import (
    BandKey,
    CaseEvent,
    CollectiveCase,
    Membership,
    Suggestion,
)
from tousu.collectives.models import (
    Fingerprint as StoredFingerprint,
)
from tousu.complaints.models import Complaint, Event, EventKind, Message, side_of
from tousu.complaints.services import ServiceError

CONFIG = Config()


def _doc(c: Complaint) -> Doc:
    return Doc(id=c.pk, merchant_id=c.merchant_id, text=f"{c.title_original}\n{c.narrative}",
               scenario=c.scenario, amount=float(c.amount), at=c.submitted_at)


def _window() -> timedelta:
    return timedelta(days=CONFIG.window_days)


def index(c: Complaint) -> Fingerprint:
    """Store the complaint's fingerprint and band keys so later arrivals can find it."""
    fp = fingerprint(f"{c.title_original}\n{c.narrative}")
    with transaction.atomic():
        StoredFingerprint.objects.update_or_create(
            complaint=c, defaults={"merchant_id": c.merchant_id, "submitted_at": c.submitted_at,
                                   "minhash": fp.to_bytes()})
        BandKey.objects.filter(complaint=c).delete()
        BandKey.objects.bulk_create([
            BandKey(complaint=c, merchant_id=c.merchant_id, key=k, submitted_at=c.submitted_at)
            for k in set(fp.band_keys())
        ])
    return fp


def match_on_arrival(complaint_id: int) -> Suggestion | None:
    """Index a new complaint and suggest a group (or joining a case) when it belongs to one.

    Candidates share an LSH band key, the merchant and the time window; each is then
    verified by the engine's pair score, so a band collision alone never groups anything.
    """
    c = Complaint.objects.select_related("merchant").get(pk=complaint_id)
    fp = index(c)
    window = _window()
    candidate_ids = set(
        BandKey.objects.filter(merchant_id=c.merchant_id, key__in=set(fp.band_keys()),
                               submitted_at__gte=c.submitted_at - window,
                               submitted_at__lte=c.submitted_at + window)
        .exclude(complaint_id=c.pk).values_list("complaint_id", flat=True)
    )
    if not candidate_ids:
        return None
    stored = {f.complaint_id: Fingerprint.from_bytes(bytes(f.minhash))
              for f in StoredFingerprint.objects.filter(complaint_id__in=candidate_ids)}
    matches = []
    me = _doc(c)
    for other in Complaint.objects.filter(pk__in=candidate_ids):
        score = pair_score(me, _doc(other), fp, stored.get(other.pk))
        if score.same_incident:
            matches.append((other, score))
    if not matches:
        return None
    joined = [m for m, _ in matches if hasattr(m, "membership")]
    case = joined[0].membership.case if joined else None
    members = [c, *(m for m, _ in matches)]
    if case is None and len(members) < CONFIG.min_size:
        return None
    return _suggest(members, c.merchant_id, case, [s for _, s in matches])


def _suggest(members: list[Complaint], merchant_id: int, case: CollectiveCase | None,
             scores: list) -> Suggestion | None:
    ids = {m.pk for m in members}
    # A moderator who rejected this very group is not asked again; nor is a group whose
    # members already share a case.
    for rejected in Suggestion.objects.filter(status=Suggestion.Status.REJECTED,
                                              complaints=members[0]):
        if ids <= set(rejected.complaints.values_list("pk", flat=True)):
            return None
    in_case = Membership.objects.filter(complaint_id__in=ids)
    if case is None and in_case.count() == len(ids):
        return None
    if case is not None and in_case.filter(case=case).count() == len(ids):
        return None
    # Fold into an open suggestion that already holds any of these complaints.
    existing = (Suggestion.objects.filter(status=Suggestion.Status.PENDING, merchant_id=merchant_id,
                                          complaints__in=members).distinct().first())
    suggestion = existing or Suggestion.objects.create(merchant_id=merchant_id, target_case=case)
    suggestion.complaints.add(*members)
    everyone = list(suggestion.complaints.all())
    times = [m.submitted_at for m in everyone]
    suggestion.evidence = {
        "count": len(everyone),
        "start": min(times).isoformat(), "end": max(times).isoformat(),
        "shared_phrases": shared_phrases([f"{m.title_original}\n{m.narrative}" for m in everyone]),
        "best_similarity": round(max((s.text_similarity for s in scores), default=0.0), 3),
        "reasons": sorted({r for s in scores for r in s.reasons})[:8],
    }
    suggestion.save(update_fields=["evidence"])
    return suggestion


def _case_event(case: CollectiveCase, kind: str, user: User | None, note: str = "",
                data: dict | None = None, now: datetime | None = None) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=user,
                             actor_role=user.effective_role.value if user else "system",
                             note=note, data=data or {}, created_at=now or timezone.now())


def _member_event(complaint: Complaint, user: User | None, action: str, note: str = "",
                  data: dict | None = None) -> Event:
    return Event(complaint=complaint, kind=EventKind.COLLECTIVE, action=action, actor=user,
                 actor_role=user.effective_role.value if user else "system", note=note,
                 data=data or {})


def _add_members(case: CollectiveCase, complaints: list[Complaint], user: User | None) -> int:
    added = 0
    for complaint in complaints:
        if complaint.merchant_id != case.merchant_id:
            raise ServiceError("other_merchant", f"{complaint.ref} is against another merchant",
                               status=422)
        try:
            with transaction.atomic():
                Membership.objects.create(case=case, complaint=complaint)
        except IntegrityError:
            continue  # already in a case
        Event.objects.bulk_create([_member_event(complaint, user, "joined",
                                                 data={"case": case.pk, "title": case.title})])
        added += 1
    return added


def confirm(suggestion: Suggestion, user: User, *, title: str, summary: str = "") -> CollectiveCase:
    if suggestion.status != Suggestion.Status.PENDING:
        raise ServiceError("already_decided", "this suggestion was already decided", status=409)
    with transaction.atomic():
        case = suggestion.target_case or CollectiveCase.objects.create(
            merchant_id=suggestion.merchant_id, title=title, summary=summary, created_by=user)
        added = _add_members(case, list(suggestion.complaints.all()), user)
        suggestion.status = Suggestion.Status.CONFIRMED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.target_case = case
        suggestion.save()
        _case_event(case, "confirmed", user, data={"suggestion": suggestion.pk, "added": added})
        audit.record(user, "collective.confirm", "collective_case", case.pk,
                     {"suggestion": suggestion.pk, "members": added})
    return case


def reject(suggestion: Suggestion, user: User, reason: str) -> None:
    if suggestion.status != Suggestion.Status.PENDING:
        raise ServiceError("already_decided", "this suggestion was already decided", status=409)
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.decided_by, suggestion.decided_at = user, timezone.now()
    suggestion.decision_note = reason
    suggestion.save()
    audit.record(user, "collective.reject", "suggestion", suggestion.pk, {})


def add_member(case: CollectiveCase, complaint: Complaint, user: User) -> None:
    with transaction.atomic():
        if not _add_members(case, [complaint], user):
            raise ServiceError("already_member", f"{complaint.ref} is already in a case",
                               status=409)
        _case_event(case, "member_added", user, data={"complaint": complaint.pk})


def remove_member(case: CollectiveCase, complaint: Complaint, user: User) -> None:
    with transaction.atomic():
        deleted, _ = Membership.objects.filter(case=case, complaint=complaint).delete()
        if not deleted:
            raise ServiceError("not_a_member", f"{complaint.ref} is not in this case",
                               status=404)
        Event.objects.bulk_create([_member_event(complaint, user, "left", data={"case": case.pk})])
        _case_event(case, "member_removed", user, data={"complaint": complaint.pk})


def merge(case: CollectiveCase, other: CollectiveCase, user: User) -> CollectiveCase:
    if other.merchant_id != case.merchant_id or other.pk == case.pk:
        raise ServiceError("cannot_merge", "only two cases of the same merchant merge",
                           status=422)
    with transaction.atomic():
        moved = list(Membership.objects.filter(case=other).values_list("complaint_id", flat=True))
        Membership.objects.filter(case=other).update(case=case)
        other.status = CollectiveCase.Status.CLOSED
        other.save(update_fields=["status"])
        _case_event(case, "merged", user, data={"from": other.pk, "complaints": moved})
        _case_event(other, "merged_into", user, data={"into": case.pk})
    return case


def split(case: CollectiveCase, complaint_ids: list[int], user: User, title: str) -> CollectiveCase:
    with transaction.atomic():
        members = Membership.objects.filter(case=case, complaint_id__in=complaint_ids)
        if members.count() != len(set(complaint_ids)) or not complaint_ids:
            raise ServiceError("not_members", "every complaint to split off must be a member",
                               status=422)
        new = CollectiveCase.objects.create(merchant_id=case.merchant_id, title=title,
                                            created_by=user)
        members.update(case=new)
        _case_event(case, "split", user, data={"into": new.pk, "complaints": complaint_ids})
        _case_event(new, "split_from", user, data={"from": case.pk})
    return new


def post_update(case: CollectiveCase, user: User, body: str) -> int:
    """One reply or progress update, delivered to every member's complaint at once."""
    actor = user.as_actor()
    now = timezone.now()
    with transaction.atomic():
        members = list(Complaint.objects.filter(membership__case=case))
        Message.objects.bulk_create([
            Message(complaint=m, author=user, side=side_of(actor.role), body=body,
                    created_at=now) for m in members])
        Event.objects.bulk_create([
            _member_event(m, user, "update", data={"case": case.pk}) for m in members])
        if actor.role.value == "merchant_agent":
            Complaint.objects.filter(pk__in=[m.pk for m in members],
                                     first_response_at__isnull=True).update(first_response_at=now)
        _case_event(case, "update", user, note=body, data={"members": len(members)}, now=now)
    return len(members)


def set_plan(case: CollectiveCase, user: User, *, amount: Decimal | None, rule: str) -> None:
    if amount is None and not rule.strip():
        raise ServiceError("empty_plan", "a plan needs a per-member amount or a rule",
                           status=422)
    with transaction.atomic():
        case.plan_amount, case.plan_rule = amount, rule.strip()
        case.status = CollectiveCase.Status.PLAN_OFFERED
        case.save(update_fields=["plan_amount", "plan_rule", "status"])
        Membership.objects.filter(case=case).update(
            acceptance=Membership.Acceptance.PENDING, compensation_amount=amount)
        text = (f"集体补偿方案：每人 {amount} 元。" if amount is not None else "集体补偿方案：") + rule
        post_update(case, user, text.strip())
        _case_event(case, "plan", user, data={"amount": str(amount) if amount else None,
                                               "rule": rule})


def answer_plan(case: CollectiveCase, user: User, *, accept: bool) -> Membership:
    membership = Membership.objects.filter(case=case, complaint__consumer__user=user).first()
    if membership is None:
        raise ServiceError("not_a_member", "you have no complaint in this case", status=403)
    if case.status != CollectiveCase.Status.PLAN_OFFERED:
        raise ServiceError("no_plan", "there is no plan to answer yet", status=409)
    membership.acceptance = (Membership.Acceptance.ACCEPTED if accept
                             else Membership.Acceptance.DECLINED)
    membership.save(update_fields=["acceptance"])
    Event.objects.bulk_create([_member_event(membership.complaint, user,
                                             "plan_accepted" if accept else "plan_declined")])
    _case_event(case, "acceptance", user, data={"complaint": membership.complaint_id,
                                                "accept": accept})
    return membership


def apply_plan(case: CollectiveCase, user: User) -> dict[str, int]:
    """Apply the plan to every member who accepted it; the others keep their own case."""
    if case.status != CollectiveCase.Status.PLAN_OFFERED:
        raise ServiceError("no_plan", "there is no plan to apply", status=409)
    with transaction.atomic():
        accepted = Membership.objects.filter(case=case, acceptance=Membership.Acceptance.ACCEPTED)
        applied = accepted.update(compensation_status=Membership.Compensation.APPLIED)
        complaints = list(Complaint.objects.filter(membership__in=accepted))
        Event.objects.bulk_create([_member_event(c, user, "plan_applied",
                                                 data={"case": case.pk}) for c in complaints])
        if not Membership.objects.filter(case=case).exclude(
                acceptance=Membership.Acceptance.ACCEPTED).exists():
            case.status = CollectiveCase.Status.SETTLED
            case.save(update_fields=["status"])
        _case_event(case, "plan_applied", user, data={"applied": applied})
        audit.record(user, "collective.apply_plan", "collective_case", case.pk,
                     {"applied": applied})
    pending = Membership.objects.filter(case=case).exclude(
        acceptance=Membership.Acceptance.ACCEPTED).count()
    return {"applied": applied, "not_accepted": pending}
