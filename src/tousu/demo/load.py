"""Load the generated demo corpus through the same services real traffic uses.

Going through :mod:`tousu.complaints.services` (not bulk inserts) means the demo's
timelines, deadlines and states are exactly what the product itself would produce.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tousu.accounts.models import User
from tousu.complaints import services
from tousu.core.roles import Role
from tousu.demo.corpus import DemoComplaint, DemoDataset, generate
from tousu.merchants.models import Merchant

DEMO_PASSWORD = "tousu-demo-2026"

#: The paths through the lifecycle that end in each final state.
PATHS: dict[str, tuple[str, ...]] = {
    "submitted": (),
    "accepted": ("accept",),
    "rejected": ("reject",),
    "with_merchant": ("accept", "forward"),
    "merchant_replied": ("accept", "forward", "reply"),
    "resolved": ("accept", "forward", "reply", "confirm"),
    "unresolved": ("accept", "forward", "reply", "dispute"),
    "closed": ("accept", "forward", "reply", "confirm", "close"),
    "withdrawn": ("accept", "withdraw"),
}


@dataclass(frozen=True)
class DemoAccounts:
    admin: str
    moderator: str
    mediator: str
    regulator: str
    merchant_agent: str
    consumer: str
    password: str


def _user(username: str, role: Role, password_hash: str, **extra) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": role.value, "password": password_hash, **extra},
    )
    return user


def load(seed: int = 2026, complaints: int = 300, now: datetime | None = None) -> DemoAccounts:
    """Create demo merchants, people and complaints; returns the logins to print."""
    now = now or timezone.now()
    data: DemoDataset = generate(seed=seed, complaints=complaints)
    # One hash for every demo login: hashing hundreds of passwords would take a minute.
    pw = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        admin = _user("admin", Role.ADMIN, pw, is_staff=True, is_superuser=True)
        moderator = _user("moderator", Role.MODERATOR, pw, is_staff=True)
        _user("mediator", Role.MEDIATOR, pw)
        _user("regulator", Role.REGULATOR, pw)
        merchants: dict[str, Merchant] = {}
        agents: dict[str, User] = {}
        for i, m in enumerate(data.merchants, start=1):
            merchant, _ = Merchant.objects.get_or_create(
                name=m.name, defaults={"industry": m.industry, "description": m.description},
            )
            agent = _user(f"agent{i:02d}", Role.MERCHANT_AGENT, pw, merchant=merchant)
            if m.committed and merchant.commitment_signed_at is None:
                merchant.commitment_signed_at = now - timedelta(days=420)
                merchant.commitment_signed_by = agent
                merchant.save()
            merchants[m.name] = merchant
            agents[m.name] = agent
        consumers = [
            _user(f"consumer{i:03d}", Role.CONSUMER, pw, first_name=c.name, email=c.email or "")
            for i, c in enumerate(data.consumers, start=1)
        ]
        for n, item in enumerate(data.complaints):
            _load_one(item, n, merchants[item.merchant], agents[item.merchant],
                      consumers[item.consumer_index], moderator, admin, now)
    _staff_the_emergency_lane(data, merchants, consumers, moderator, now)
    _rate_finished(now)
    _call_back(moderator, now)
    return DemoAccounts(
        admin="admin", moderator="moderator", mediator="mediator", regulator="regulator",
        merchant_agent="agent01", consumer="consumer001", password=DEMO_PASSWORD,
    )


def _rate_finished(now: datetime) -> None:
    """Most consumers rate a finished complaint: resolved ones well, unresolved ones badly,
    with some spread, so merchant pages and rankings have satisfaction figures."""
    from tousu.complaints.models import Complaint

    finished = (Complaint.objects.filter(state__in=["resolved", "unresolved", "closed"],
                                         rating__isnull=True, consumer__user__isnull=False)
                .select_related("consumer__user").order_by("id"))
    for c in finished:
        if c.pk % 5 == 0:
            continue  # one in five never rates
        score = (5 - c.pk % 2 - (c.pk % 7 == 0)) if c.resolved_at else (1 + c.pk % 3)
        at = (c.resolved_at or c.closed_at or c.updated_at) + timedelta(hours=2)
        services.rate(c, user=c.consumer.user, score=score, now=min(at, now))


def _call_back(agent: User, now: datetime) -> None:
    """The callback team has worked through older callbacks: most reached at the first or
    second try, some never; the last two days' are still due, for the queue to show."""
    from tousu.callbacks import services as callbacks
    from tousu.callbacks.models import Callback

    for cb in Callback.objects.filter(status="pending", due_at__lt=now - timedelta(days=2)):
        at = cb.due_at
        for attempt in range(1 + cb.pk % 3):
            reached = attempt == cb.pk % 3 and cb.pk % 7 != 0
            cb = callbacks.record_call(
                cb, agent, reached=reached, resolved=cb.reason == "resolved" or None,
                satisfaction=(4 + cb.pk % 2 if cb.reason == "resolved" else 2 + cb.pk % 2)
                if reached else None, notes="已电话回访" if reached else "无人接听", now=at)
            if cb.status != "pending":
                break
            at = cb.due_at


def _load_one(
    item: DemoComplaint, n: int, merchant: Merchant, agent: User, consumer: User,
    moderator: User, admin: User, now: datetime,
) -> None:
    start = now - timedelta(days=item.days_ago)
    complaint, _ = services.submit(
        services.NewComplaint(
            merchant_id=merchant.pk, title=item.title, narrative=item.narrative,
            amount=item.amount, demands=item.demands,
            channel="web" if item.channel == "import" else item.channel,
            visibility="public" if item.public else "private", submitted_at=start,
        ),
        # The demo replays each complaint's recorded path, so the funnel must not move it.
        user=consumer, idempotency_key=f"demo-{n}", now=start, auto_route=False,
    )
    if complaint.state != "submitted":
        return  # loaded before
    if complaint.emergency and item.final_state != "submitted":
        # A person took the emergency after a wait that varies around the 10-minute target.
        from tousu.complaints import sla

        sla.take(complaint, moderator, start + timedelta(minutes=2 + (n * 7) % 19))
    merchant_says = [m for m in item.messages if m.author == "merchant"]
    consumer_says = [m for m in item.messages if m.author == "consumer"]
    platform_says = [m for m in item.messages if m.author == "platform"]
    reply = merchant_says[0] if merchant_says else None
    reply_at = start + timedelta(hours=reply.after_hours if reply else 20)
    answer = consumer_says[-1] if consumer_says else None

    def at(hours: float) -> datetime:
        return min(start + timedelta(hours=hours), now)

    who = {"accept": moderator, "reject": moderator, "forward": moderator, "close": moderator,
           "reply": agent, "confirm": consumer, "dispute": consumer, "withdraw": consumer}
    when = {"accept": at(0.5), "reject": at(1), "forward": at(1), "reply": min(reply_at, now),
            "confirm": at(answer.after_hours if answer else 30),
            "dispute": at(answer.after_hours if answer else 30),
            "withdraw": at(answer.after_hours if answer else 6)}
    when["close"] = min(when["confirm"] + timedelta(days=2), now)
    reasons = {
        "reject": item.reject_reason or "投诉内容不属于平台受理范围",
        "reply": reply.body if reply else "您好，已收到您的投诉，我们正在核实处理。",
        "dispute": answer.body if answer else "商家的处理方案我不接受。",
        "withdraw": answer.body if answer else "问题已私下解决，撤回投诉。",
    }
    # Transitions and the rest of the conversation, replayed in time order.
    used = {id(reply), id(answer)}
    steps: list[tuple[datetime, int, str, object]] = [
        (when[action], 0, "transition", action) for action in PATHS[item.final_state]
    ]
    steps += [
        (at(m.after_hours), 1, "message", m)
        for m in (*merchant_says, *consumer_says, *platform_says)
        if id(m) not in used
    ]
    state = "submitted"
    for moment, _, kind, payload in sorted(steps, key=lambda s: (s[0], s[1])):
        if kind == "transition":
            state = services.transition(
                complaint.pk, user=who[payload], action=payload,
                reason=reasons.get(payload, ""), now=moment,
            ).state
            continue
        if state in ("rejected", "withdrawn", "closed"):
            continue
        if payload.author == "merchant" and state in ("submitted", "accepted"):
            continue  # the merchant has not been told yet
        author = {"merchant": agent, "consumer": consumer, "platform": moderator}[payload.author]
        complaint.refresh_from_db()
        services.add_message(complaint, user=author, body=payload.body, now=moment)


def _staff_the_emergency_lane(
    data: DemoDataset, merchants: dict[str, Merchant], consumers: list[User], moderator: User,
    now: datetime,
) -> None:
    """Past emergencies were taken by a person; a few fresh ones are waiting right now.

    Waits of past emergencies vary (most within the 10-minute target, some not), so the
    time-to-human report has something true to say; the fresh ones show the live queue.
    """
    from tousu.complaints import sla
    from tousu.complaints.models import Complaint

    for c in Complaint.objects.filter(emergency=True, human_at__isnull=True):
        waited = timedelta(minutes=2 + (c.pk * 7) % 19)
        sla.take(c, moderator, min(c.submitted_at + waited, now))
    fresh = [item for item in data.complaints
             if item.scenario_hint in ("unauthorized_transaction", "impersonation_fraud")][:4]
    for minutes, item in zip((3, 7, 12, 26), fresh, strict=False):
        at = now - timedelta(minutes=minutes)
        services.submit(
            services.NewComplaint(
                merchant_id=merchants[item.merchant].pk, title=item.title,
                narrative=item.narrative, amount=item.amount, demands=item.demands,
                channel="app", submitted_at=at),
            user=consumers[(item.consumer_index + 1) % len(consumers)],
            idempotency_key=f"demo-fresh-{minutes}", now=at, auto_route=False,
        )


def demo_casefile(moderator_username: str = "moderator") -> str | None:
    """Generate one police case file from the live queue, as staff would; returns its path."""
    from tousu.complaints import sla
    from tousu.complaints.models import Complaint

    candidate = (Complaint.objects.filter(emergency=True, human_at__isnull=True,
                                          scenario__in=sla.CASEFILE_SCENARIOS)
                 .select_related("merchant", "consumer").order_by("submitted_at").first())
    if candidate is None:
        return None
    data, digest, name = sla.build_casefile(candidate, User.objects.get(
        username=moderator_username))
    return f"{sla.save_casefile(data, name)} (sha256 {digest[:16]}…)"
