"""The rules that schedule callbacks, the outcome of a call, and the figures they feed.

Each rule calls :func:`schedule` with its own ``source_key``; the unique key makes every
rule idempotent, so "each rule creates exactly one callback" holds under retries and races.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.callbacks.models import Attempt, Callback
from tousu.complaints.models import Complaint
from tousu.core.callback_timing import Window, align, next_attempt
from tousu.secure.exposure import mask

#: Ratings at or below this schedule a callback.
LOW_RATING = 2
#: A resolved complaint is called back this long after the consumer confirmed.
AFTER_RESOLUTION = timedelta(days=1)


class CallbackError(ValueError):
    """An outcome the form cannot accept, with the reason to show."""


def _window_of(complaint: Complaint | None) -> Window:
    consumer = complaint.consumer if complaint is not None and complaint.consumer_id else None
    if consumer is None:
        return Window()
    return Window(consumer.callback_from_hour, consumer.callback_to_hour)


def schedule(source_key: str, reason: str, *, due: datetime,
             complaint: Complaint | None = None, merchant_id: int | None = None,
             conversation_id: int | None = None, contact_name: str = "",
             contact_phone: str = "", context: str = "") -> tuple[Callback, bool]:
    """Create the callback for ``source_key`` unless it exists; returns (callback, created)."""
    existing = Callback.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing, False
    window = _window_of(complaint)
    known = (contact_name, contact_phone)
    callback = Callback(
        source_key=source_key, reason=reason, complaint=complaint,
        merchant_id=merchant_id or (complaint.merchant_id if complaint else None),
        conversation_id=conversation_id, contact_name=contact_name,
        contact_phone=contact_phone, context_masked=mask(context, known)[:2000],
        window_start=window.start, window_end=window.end,
        due_at=align(due, window, timezone.get_current_timezone()),
    )
    try:
        with transaction.atomic():
            callback.save()
    except IntegrityError:  # the same rule fired twice at once; the other one won
        return Callback.objects.get(source_key=source_key), False
    audit.record(None, "callback.schedule", "callback", callback.pk,
                 {"reason": reason, "source": source_key})
    return callback, True


# The rules ---------------------------------------------------------------------------------

def after_resolution(complaint: Complaint, now: datetime | None = None) -> tuple[Callback, bool]:
    now = now or timezone.now()
    return schedule(f"resolved:{complaint.pk}", Callback.Reason.RESOLVED,
                    due=(complaint.resolved_at or now) + AFTER_RESOLUTION, complaint=complaint)


def after_rating(complaint: Complaint, score: int, now: datetime | None = None
                 ) -> tuple[Callback, bool] | None:
    if score > LOW_RATING:
        return None
    return schedule(f"rating:{complaint.pk}", Callback.Reason.LOW_RATING,
                    due=now or timezone.now(), complaint=complaint)


def after_unresolved_chat(conversation, now: datetime | None = None) -> tuple[Callback, bool]:
    return schedule(f"chat:{conversation.pk}", Callback.Reason.CHAT_UNRESOLVED,
                    due=now or timezone.now(), conversation_id=conversation.pk)


def manual(complaint: Complaint, user: User, note: str = "", due: datetime | None = None
           ) -> tuple[Callback, bool]:
    """Staff ask for a call; one open manual callback per complaint at a time."""
    open_one = Callback.objects.filter(complaint=complaint, reason=Callback.Reason.MANUAL,
                                       status=Callback.Status.PENDING).first()
    if open_one is not None:
        return open_one, False
    n = Callback.objects.filter(complaint=complaint, reason=Callback.Reason.MANUAL).count()
    return schedule(f"manual:{complaint.pk}:{n + 1}", Callback.Reason.MANUAL,
                    due=due or timezone.now(), complaint=complaint, context=note)


# Calls -------------------------------------------------------------------------------------

def _known(callback: Callback) -> tuple[str, ...]:
    values = [callback.contact_name, callback.contact_phone]
    if callback.complaint_id and callback.complaint.consumer_id:
        from tousu.complaints.services import known_personal_values

        values += known_personal_values(callback.complaint.consumer)
    return tuple(v for v in values if v)


def record_call(callback: Callback, agent: User, *, reached: bool, resolved: bool | None = None,
                satisfaction: int | None = None, notes: str = "",
                now: datetime | None = None) -> Callback:
    """One phone call. Not reached: schedule the next try (backing off) or give up."""
    now = now or timezone.now()
    if callback.status != Callback.Status.PENDING:
        raise CallbackError("这条回访已经结束。")
    if reached and satisfaction is not None and not 1 <= satisfaction <= 5:
        raise CallbackError("满意度请选 1 到 5。")
    masked = mask(notes.strip(), _known(callback))[:4000]
    with transaction.atomic():
        callback = Callback.objects.select_for_update().get(pk=callback.pk)
        callback.attempts += 1
        callback.agent = agent
        Attempt.objects.create(callback=callback, agent=agent, at=now, reached=reached,
                               notes_masked=masked)
        if reached:
            callback.status = Callback.Status.DONE
            callback.reached, callback.resolved = True, resolved
            callback.satisfaction = satisfaction
            callback.notes_masked = masked
            callback.done_at = now
        else:
            nxt = next_attempt(now, callback.attempts,
                               Window(callback.window_start, callback.window_end),
                               timezone.get_current_timezone())
            if nxt is None:
                callback.status, callback.reached, callback.done_at = (
                    Callback.Status.UNREACHABLE, False, now)
            else:
                callback.due_at = nxt
        callback.save()
        audit.record(agent, "callback.call", "callback", callback.pk,
                     {"reached": reached, "attempt": callback.attempts})
    return callback


# Figures -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CallbackFigures:
    finished: int  # done or given up
    reached: int
    satisfaction_mean: float | None
    satisfaction_count: int

    @property
    def reach_rate(self) -> float | None:
        return self.reached / self.finished if self.finished else None


def figures(*, merchant_id: int | None = None, start: datetime | None = None,
            end: datetime | None = None) -> CallbackFigures:
    """Reach rate (reached / finished callbacks) and the satisfaction consumers gave."""
    qs = Callback.objects.filter(status__in=[Callback.Status.DONE, Callback.Status.UNREACHABLE])
    if merchant_id is not None:
        qs = qs.filter(merchant_id=merchant_id)
    if start is not None:
        qs = qs.filter(done_at__gte=start)
    if end is not None:
        qs = qs.filter(done_at__lt=end)
    agg = qs.aggregate(n=Count("id"), reached=Count("id", filter=Q(reached=True)),
                       sat=Avg("satisfaction"), sat_n=Count("satisfaction"))
    return CallbackFigures(agg["n"], agg["reached"], agg["sat"], agg["sat_n"])


def due_today(now: datetime | None = None):
    now = now or timezone.now()
    end = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=0)
    return (Callback.objects.filter(status=Callback.Status.PENDING, due_at__lte=end)
            .select_related("complaint", "complaint__merchant", "merchant", "agent")
            .order_by("due_at", "id"))
