"""Screen a new complaint against recent ones; review flags; limit confirmed agencies.

The context for one complaint is every complaint of the last ``window_days`` that shares
a contact key, the submission source, or an LSH band key of its text (the collective
engine's, so "similar" means the same thing in both places). The framework-free
:func:`tousu.integrity.assess` decides; when a complaint is flagged, the complaints its
reasons point to are re-assessed too, since the first few of a campaign were filed before
there was anything to compare them with.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.collective import fingerprint
from tousu.collectives.models import BandKey
from tousu.complaints.models import Complaint
from tousu.integrity import DEFAULT, Assessment, Submission, assess, contacts_from_text, window
from tousu.screening.models import ContactKey, Flag
from tousu.secure.keys import index_key


class ReviewError(ValueError):
    pass


def _text(c: Complaint) -> str:
    return f"{c.title_original}\n{c.narrative}"


def _complainant(c: Complaint) -> str:
    if c.consumer_id and c.consumer and c.consumer.user_id:
        return f"user:{c.consumer.user_id}"
    return f"consumer:{c.consumer_id}"


def _contact_keys(c: Complaint) -> tuple[str, ...]:
    keys = set(contacts_from_text(_text(c), index_key()))
    if c.consumer_id and c.consumer.phone_index:
        keys.add(f"phone:{c.consumer.phone_index}")
    return tuple(sorted(keys))


def _submission(c: Complaint, contacts: tuple[str, ...]) -> Submission:
    return Submission(id=c.pk, complainant=_complainant(c), merchant_id=c.merchant_id,
                      text=_text(c), submitted_at=c.submitted_at, amount=c.amount,
                      demands=tuple(c.demands), contacts=contacts,
                      # An address, not a device: offices share one, so it stays a weak signal.
                      source=f"ip:{c.source_hash}" if c.source_hash else "",
                      channel=c.channel)


def _store_contacts(c: Complaint, keys: tuple[str, ...]) -> None:
    ContactKey.objects.bulk_create(
        [ContactKey(complaint=c, key=k, submitted_at=c.submitted_at) for k in keys],
        ignore_conflicts=True)


def _context(c: Complaint, keys: tuple[str, ...]) -> list[Submission]:
    lo, hi = window(c.submitted_at)
    bands = set(fingerprint(_text(c)).band_keys())
    ids = set(ContactKey.objects.filter(key__in=keys, submitted_at__gte=lo, submitted_at__lte=hi)
              .values_list("complaint_id", flat=True)) if keys else set()
    ids |= set(BandKey.objects.filter(merchant_id=c.merchant_id, key__in=bands,
                                      submitted_at__gte=lo, submitted_at__lte=hi)
               .values_list("complaint_id", flat=True))
    if c.source_hash:
        ids |= set(Complaint.objects.filter(source_hash=c.source_hash, submitted_at__gte=lo,
                                            submitted_at__lte=hi).values_list("pk", flat=True))
    ids.discard(c.pk)
    contacts: dict[int, list[str]] = {}
    for cid, key in ContactKey.objects.filter(complaint_id__in=ids).values_list("complaint_id",
                                                                                 "key"):
        contacts.setdefault(cid, []).append(key)
    others = Complaint.objects.filter(pk__in=ids).select_related("consumer")
    return [_submission(o, tuple(sorted(contacts.get(o.pk, ())))) for o in others]


def _reasons_json(a: Assessment) -> list[dict]:
    return [{"code": r.code, "weight": r.weight, "zh": r.detail_zh, "en": r.detail_en,
             "related": list(r.related_ids), "subject": r.subject} for r in a.reasons]


def _record(c: Complaint, a: Assessment) -> Flag | None:
    if not a.flagged:
        return None
    flag, created = Flag.objects.get_or_create(
        complaint=c, defaults={"score": a.score, "reasons": _reasons_json(a)})
    if not created and flag.status == Flag.Status.OPEN:
        flag.score, flag.reasons = a.score, _reasons_json(a)
        flag.save(update_fields=["score", "reasons", "updated_at"])
    if created:
        audit.record(None, "integrity.flag", "complaint", c.pk,
                     {"score": a.score, "codes": list(a.codes)})
    return flag


def screen(complaint_id: int) -> Assessment:
    """Assess one complaint (and re-assess those it links to when it is flagged)."""
    c = Complaint.objects.select_related("consumer").get(pk=complaint_id)
    keys = _contact_keys(c)
    _store_contacts(c, keys)
    me = _submission(c, keys)
    context = _context(c, keys)
    result = assess(me, context, DEFAULT)
    with transaction.atomic():
        _record(c, result)
        if result.flagged:
            by_id = {s.id: s for s in context}
            already = set(Flag.objects.filter(complaint_id__in=result.related_ids)
                          .values_list("complaint_id", flat=True))
            for rid in result.related_ids:
                if rid in already or rid not in by_id:
                    continue
                again = assess(by_id[rid], [me, *context], DEFAULT)
                if again.flagged:
                    _record(Complaint.objects.get(pk=rid), again)
    return result


def review(flag: Flag, reviewer: User, *, confirm: bool, note: str = "",
           now: datetime | None = None) -> Flag:
    """A person decides. Confirming an agency limits the account that filed it."""
    now = now or timezone.now()
    if flag.status != Flag.Status.OPEN:
        raise ReviewError("这条标记已经审核过。")
    with transaction.atomic():
        flag.status = Flag.Status.CONFIRMED if confirm else Flag.Status.CLEARED
        flag.reviewer, flag.reviewed_at, flag.review_note = reviewer, now, note.strip()[:1000]
        flag.save()
        user = flag.complaint.submitted_by
        if confirm and user is not None and user.limited_at is None:
            user.limited_at = now
            user.limited_reason = f"代理投诉（标记 #{flag.pk}）"
            user.save(update_fields=["limited_at", "limited_reason"])
        audit.record(reviewer, "integrity.review", "complaint", flag.complaint_id,
                     {"decision": flag.status, "limited": bool(confirm and user)})
    return flag


def open_flags():
    return (Flag.objects.filter(status=Flag.Status.OPEN)
            .select_related("complaint", "complaint__merchant").order_by("-score", "created_at"))


