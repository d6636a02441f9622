"""What happens to a message typed into the assistant, and how a person takes over.

The rules the issue sets are kept here, not in the views: an emergency-looking message
never gets a bot reply (it goes straight to the human queue, flagged emergency), and
asking for a person always works, from any state, in one step.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tousu.accounts.models import User
from tousu.audit import log as audit
from tousu.chat.models import Conversation, Turn
from tousu.core.timing import Summary, summarize

MAX_MESSAGE_CHARS = 2000


class ChatError(ValueError):
    """A message the assistant cannot take, with the reason to show the user."""


def start(*, user: User | None, session_key: str, lang: str) -> Conversation:
    return Conversation.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        session_key=session_key, lang=lang,
    )


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ChatError("请输入您的问题。")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ChatError(f"消息过长：最多 {MAX_MESSAGE_CHARS} 字，请分几次发送。")
    return text


def say(conversation: Conversation, text: str, *, user: User | None = None,
        now: datetime | None = None) -> list[Turn]:
    """Record the consumer's message and whatever follows it; returns the new turns.

    While a person is (or is about to be) on the conversation the bot stays quiet, so
    the consumer never gets a canned answer after asking for a human.
    """
    from tousu.assist import respond

    text = _clean(text)
    now = now or timezone.now()
    author = user if user is not None and user.is_authenticated else None
    if conversation.status in (Conversation.Status.WAITING, Conversation.Status.WITH_HUMAN):
        return [Turn.objects.create(conversation=conversation, side=Turn.Side.USER,
                                    author=author, body=text, created_at=now)]
    answer = respond(text, lang=conversation.lang if conversation.lang == "en" else None)
    with transaction.atomic():
        turns = [Turn.objects.create(conversation=conversation, side=Turn.Side.USER,
                                     author=author, body=text, created_at=now)]
        if answer.kind == "emergency":
            turns.append(_hand_off(conversation, Conversation.Reason.EMERGENCY, now,
                                   reasons=list(answer.emergency_reasons)))
        elif answer.action == "talk_to_human":
            # Typing "转人工" is the same as pressing the button: no bot answer about it.
            turns.append(_hand_off(conversation, Conversation.Reason.ASKED, now))
        else:
            data = {k: v for k, v in asdict(answer).items() if k != "text"}
            turns.append(Turn.objects.create(conversation=conversation, side=Turn.Side.BOT,
                                             body=answer.text, data=data, created_at=now))
    return turns


def _hand_off(conversation: Conversation, reason: str, now: datetime,
              reasons: list[str] | None = None) -> Turn:
    conversation.status = Conversation.Status.WAITING
    conversation.handoff_reason = reason
    conversation.handoff_at = now
    if reason == Conversation.Reason.EMERGENCY:
        conversation.emergency = True
        conversation.emergency_reasons = reasons or []
    conversation.save(update_fields=["status", "handoff_reason", "handoff_at", "emergency",
                                     "emergency_reasons"])
    audit.record(conversation.user, "chat.handoff", "conversation", conversation.pk,
                 {"reason": reason})
    if reason == Conversation.Reason.EMERGENCY:
        body = ("检测到可能涉及资金或账户安全的紧急情况，已直接为您转接 7×24 人工专员，"
                "请勿关闭页面。如资金正在被转走，请同时拨打银行客服电话冻结账户并报警（110）。")
    else:
        body = "已为您转接人工客服，请稍候，接通后会在这里回复您。"
    return Turn.objects.create(conversation=conversation, side=Turn.Side.SYSTEM, body=body,
                               data={"handoff": reason}, created_at=now)


def request_human(conversation: Conversation, *, now: datetime | None = None) -> Turn | None:
    """转人工: always accepted; asking twice does not lose the place in the queue."""
    if conversation.status in (Conversation.Status.WAITING, Conversation.Status.WITH_HUMAN):
        return None
    now = now or timezone.now()
    with transaction.atomic():
        if conversation.status == Conversation.Status.CLOSED:
            conversation.human_at = None
            conversation.human_by = None
            conversation.closed_at = None
            conversation.save(update_fields=["human_at", "human_by", "closed_at"])
        return _hand_off(conversation, Conversation.Reason.ASKED, now)


def take(conversation_id: int, staff: User, *, now: datetime | None = None) -> Conversation:
    """A staff member takes a waiting conversation; the first taker's time is kept."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        if conversation.status == Conversation.Status.WAITING:
            conversation.status = Conversation.Status.WITH_HUMAN
            conversation.human_at = now
            conversation.human_by = staff
            conversation.save(update_fields=["status", "human_at", "human_by"])
            Turn.objects.create(conversation=conversation, side=Turn.Side.SYSTEM,
                                body="人工客服已接入。", data={"taken_by": staff.pk},
                                created_at=now)
            audit.record(staff, "chat.take", "conversation", conversation.pk,
                         {"seconds_to_human": conversation.seconds_to_human})
    return conversation


def staff_reply(conversation: Conversation, staff: User, text: str,
                *, now: datetime | None = None) -> Turn:
    text = _clean(text)
    now = now or timezone.now()
    if conversation.status == Conversation.Status.WAITING:
        conversation = take(conversation.pk, staff, now=now)
    return Turn.objects.create(conversation=conversation, side=Turn.Side.STAFF, author=staff,
                               body=text, created_at=now)


def close(conversation: Conversation, staff: User, *, resolved: bool = True,
          now: datetime | None = None) -> None:
    """End the person's part; an unresolved chat is followed up by a phone callback (M7)."""
    now = now or timezone.now()
    if not resolved:
        from tousu.callbacks.services import after_unresolved_chat

        after_unresolved_chat(conversation, now)
    conversation.status = Conversation.Status.CLOSED
    conversation.closed_at = now
    conversation.save(update_fields=["status", "closed_at"])
    Turn.objects.create(conversation=conversation, side=Turn.Side.SYSTEM,
                        body="人工服务已结束。如还有问题，可继续提问或再次转人工。",
                        data={"closed_by": staff.pk}, created_at=now)


def human_queue(*, emergency: bool | None = None) -> QuerySet[Conversation]:
    """Conversations waiting for or with a person, emergencies first, oldest first."""
    qs = Conversation.objects.filter(
        status__in=[Conversation.Status.WAITING, Conversation.Status.WITH_HUMAN]
    ).select_related("user", "human_by")
    if emergency is not None:
        qs = qs.filter(emergency=emergency)
    return qs.order_by("-emergency", "handoff_at")


def time_to_human_report() -> dict[str, Summary]:
    """From asking for a person to a person taking over, emergencies apart.

    Emergencies are held to the 7×24 target (``TOUSU_EMERGENCY_TARGET_MINUTES``); other
    requests to the chat target (``TOUSU_CHAT_TARGET_MINUTES``).
    """
    rows = Conversation.objects.filter(human_at__isnull=False, handoff_at__isnull=False)
    targets = {
        "emergency": (True, timedelta(minutes=settings.TOUSU_EMERGENCY_TARGET_MINUTES)),
        "asked": (False, timedelta(minutes=settings.TOUSU_CHAT_TARGET_MINUTES)),
    }
    return {
        label: summarize(
            (h - a for a, h in rows.filter(emergency=flag).values_list("handoff_at", "human_at")),
            target,
        )
        for label, (flag, target) in targets.items()
    }
