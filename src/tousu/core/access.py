"""Who may do what: the one place tousu's access rules live.

The web layer describes the person asking (:class:`Actor`) and the complaint concerned
(:class:`Subject`) and asks :func:`authorize`; it never decides on its own. Regulators see
aggregates only, merchant agents only their own merchant's complaints, consumers only
their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tousu.core.roles import STAFF_ROLES, Role


class Perm(StrEnum):
    SUBMIT = "complaint.submit"
    LIST = "complaint.list"
    READ = "complaint.read"
    TRANSITION = "complaint.transition"  # the lifecycle table then says which actions
    MESSAGE = "complaint.message"
    UPLOAD_EVIDENCE = "complaint.upload_evidence"
    READ_EVIDENCE = "complaint.read_evidence"
    STATS = "stats.read"
    MERCHANT_COMMIT = "merchant.commit"
    IMPORT = "complaint.import"
    OVERRIDE_SCENARIO = "complaint.override_scenario"
    ERASE_ANY = "consumer.erase_any"
    EMERGENCY = "emergency.handle"  # the 7×24 queue, taking cases, case files, losses
    COLLECTIVE_MANAGE = "collective.manage"  # suggestions, members, merge/split, plans
    COLLECTIVE_UPDATE = "collective.update"  # one update to every member (merchant or staff)
    COLLECTIVE_READ = "collective.read"


_ALL = frozenset(Role)
_CASE_WORKERS = frozenset({Role.CONSUMER, Role.MERCHANT_AGENT}) | STAFF_ROLES

#: Role-level rules. Object-level rules (whose complaint) are in :func:`authorize`.
POLICY: dict[Perm, frozenset[Role]] = {
    Perm.SUBMIT: frozenset({Role.CONSUMER}) | STAFF_ROLES,  # staff file hotline notes
    Perm.LIST: _CASE_WORKERS,
    Perm.READ: _CASE_WORKERS,
    Perm.TRANSITION: _CASE_WORKERS,
    Perm.MESSAGE: _CASE_WORKERS,
    Perm.UPLOAD_EVIDENCE: _CASE_WORKERS,
    Perm.READ_EVIDENCE: _CASE_WORKERS,
    Perm.STATS: frozenset({Role.REGULATOR}) | STAFF_ROLES,
    Perm.MERCHANT_COMMIT: frozenset({Role.MERCHANT_AGENT, Role.ADMIN}),
    Perm.IMPORT: frozenset({Role.MODERATOR, Role.ADMIN}),
    Perm.OVERRIDE_SCENARIO: STAFF_ROLES,
    Perm.ERASE_ANY: frozenset({Role.ADMIN}),
    Perm.EMERGENCY: STAFF_ROLES,
    Perm.COLLECTIVE_MANAGE: STAFF_ROLES,
    Perm.COLLECTIVE_UPDATE: frozenset({Role.MERCHANT_AGENT}) | STAFF_ROLES,
    Perm.COLLECTIVE_READ: _CASE_WORKERS,
}

#: Permissions that concern one complaint, so ownership must be checked.
OBJECT_PERMS = frozenset(
    {Perm.READ, Perm.TRANSITION, Perm.MESSAGE, Perm.UPLOAD_EVIDENCE, Perm.READ_EVIDENCE,
     Perm.OVERRIDE_SCENARIO}
)


@dataclass(frozen=True)
class Actor:
    role: Role
    user_id: int | None
    merchant_id: int | None = None  # set for merchant agents


@dataclass(frozen=True)
class Subject:
    """The facts about a complaint (or merchant) that access depends on."""

    consumer_user_id: int | None = None
    merchant_id: int | None = None


class Denied(Exception):
    """Access refused; ``hide`` means answer 404 so the object's existence is not leaked."""

    def __init__(self, message: str, *, hide: bool = False) -> None:
        super().__init__(message)
        self.hide = hide


def scope_of(actor: Actor) -> str:
    """Which complaints a list shows: 'all', 'own' (consumer), 'merchant', or 'none'."""
    if actor.role in STAFF_ROLES:
        return "all"
    if actor.role is Role.CONSUMER:
        return "own"
    if actor.role is Role.MERCHANT_AGENT:
        return "merchant"
    return "none"


def authorize(actor: Actor, perm: Perm, subject: Subject | None = None) -> None:
    """Raise :class:`Denied` unless ``actor`` may use ``perm`` on ``subject``."""
    if actor.role not in POLICY[perm]:
        raise Denied(f"the {actor.role.value} role may not use {perm.value}")
    if perm in (Perm.COLLECTIVE_UPDATE, Perm.COLLECTIVE_READ) and subject is not None \
            and actor.role is Role.MERCHANT_AGENT:
        if subject.merchant_id != actor.merchant_id:
            raise Denied("collective case not found", hide=True)
        return
    if perm is Perm.MERCHANT_COMMIT and actor.role is Role.MERCHANT_AGENT:
        if subject is None or subject.merchant_id != actor.merchant_id:
            raise Denied("a merchant agent may only act for its own merchant")
        return
    if perm not in OBJECT_PERMS:
        return
    if subject is None:
        raise ValueError(f"{perm.value} needs the complaint it concerns")
    scope = scope_of(actor)
    if scope == "all":
        return
    if scope == "own" and actor.user_id is not None and subject.consumer_user_id == actor.user_id:
        return
    if (
        scope == "merchant"
        and actor.merchant_id is not None
        and subject.merchant_id == actor.merchant_id
    ):
        return
    # Someone else's complaint: say "not found" rather than confirm it exists.
    raise Denied("complaint not found", hide=True)
