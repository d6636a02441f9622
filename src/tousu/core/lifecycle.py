"""The complaint lifecycle as an explicit state machine.

Every change of state in tousu goes through :func:`plan_transition`, so the rules of who
may move a complaint where live in one table that tests can enumerate exhaustively.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tousu.core.roles import Role


class State(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITH_MERCHANT = "with_merchant"
    MERCHANT_REPLIED = "merchant_replied"
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


STATE_LABELS: dict[State, tuple[str, str]] = {
    State.SUBMITTED: ("已提交", "Submitted"),
    State.ACCEPTED: ("已受理", "Accepted"),
    State.REJECTED: ("不予受理", "Rejected"),
    State.WITH_MERCHANT: ("商家处理中", "With merchant"),
    State.MERCHANT_REPLIED: ("商家已回复", "Merchant replied"),
    State.RESOLVED: ("已解决", "Resolved"),
    State.UNRESOLVED: ("未解决", "Unresolved"),
    State.CLOSED: ("已完结", "Closed"),
    State.WITHDRAWN: ("已撤诉", "Withdrawn"),
}

#: States from which nothing more happens.
FINAL_STATES = frozenset({State.REJECTED, State.CLOSED, State.WITHDRAWN})

#: States in which the merchant owes the consumer something; deadlines run here.
OPEN_STATES = frozenset(State) - FINAL_STATES


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    FORWARD = "forward"
    REPLY = "reply"
    CONFIRM = "confirm"
    DISPUTE = "dispute"
    REOPEN = "reopen"
    CLOSE = "close"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    reason_required: bool = False
    #: Only the consumer who filed the complaint may take it, not any consumer.
    owner_only: bool = False


_PLATFORM = frozenset({Role.MODERATOR, Role.MEDIATOR, Role.ADMIN})

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.ACCEPT, frozenset({State.SUBMITTED}), State.ACCEPTED, _PLATFORM),
        Transition(
            Action.REJECT, frozenset({State.SUBMITTED}), State.REJECTED, _PLATFORM,
            reason_required=True,
        ),
        Transition(Action.FORWARD, frozenset({State.ACCEPTED}), State.WITH_MERCHANT, _PLATFORM),
        # The reply text is the reason: a reply with nothing in it answers nothing.
        Transition(
            Action.REPLY, frozenset({State.WITH_MERCHANT}), State.MERCHANT_REPLIED,
            frozenset({Role.MERCHANT_AGENT}) | _PLATFORM, reason_required=True,
        ),
        Transition(
            Action.CONFIRM, frozenset({State.MERCHANT_REPLIED}), State.RESOLVED,
            frozenset({Role.CONSUMER}), owner_only=True,
        ),
        Transition(
            Action.DISPUTE, frozenset({State.MERCHANT_REPLIED}), State.UNRESOLVED,
            frozenset({Role.CONSUMER}), reason_required=True, owner_only=True,
        ),
        # Mediation: the platform sends an unresolved case back to the merchant.
        Transition(Action.REOPEN, frozenset({State.UNRESOLVED}), State.WITH_MERCHANT, _PLATFORM),
        Transition(
            Action.CLOSE, frozenset({State.RESOLVED, State.UNRESOLVED}), State.CLOSED, _PLATFORM,
        ),
        Transition(
            Action.WITHDRAW, OPEN_STATES, State.WITHDRAWN, frozenset({Role.CONSUMER}),
            owner_only=True,
        ),
    )
}


class TransitionError(Exception):
    """Base for refused transitions; ``code`` is stable for API clients."""

    code = "transition_error"


class IllegalTransition(TransitionError):
    code = "illegal_transition"


class TransitionForbidden(TransitionError):
    code = "transition_forbidden"


class ReasonRequired(TransitionError):
    code = "reason_required"


def plan_transition(
    state: State | str,
    action: Action | str,
    role: Role | str,
    *,
    is_owner: bool = False,
    reason: str = "",
) -> State:
    """Return the state ``action`` leads to, or raise why it may not happen.

    Checks run in the order a user would want to hear them: an unknown or impossible
    action first (nothing anyone could do), then who may do it, then missing details.
    """
    try:
        state = State(state)
    except ValueError:
        raise IllegalTransition(f"unknown state {state!r}") from None
    try:
        action = Action(action)
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise IllegalTransition(f"unknown action {action!r}; known actions: {known}") from None
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        allowed = ", ".join(sorted(a.value for a in allowed_actions(state)))
        raise IllegalTransition(
            f"cannot {action.value} a complaint that is {state.value}"
            + (f"; possible actions: {allowed}" if allowed else "; it is final")
        )
    if Role(role) not in transition.roles or (transition.owner_only and not is_owner):
        raise TransitionForbidden(f"a {Role(role).value} may not {action.value} this complaint")
    if transition.reason_required and not reason.strip():
        raise ReasonRequired(f"{action.value} needs a reason")
    return transition.target


def allowed_actions(state: State | str) -> frozenset[Action]:
    """Every action the state machine permits from ``state``, for anyone."""
    state = State(state)
    return frozenset(a for a, t in TRANSITIONS.items() if state in t.sources)


def actions_for(state: State | str, role: Role | str, *, is_owner: bool = False) -> list[Action]:
    """Actions a given person may take now; the UI offers exactly these buttons."""
    role = Role(role)
    return sorted(
        (
            a
            for a in allowed_actions(state)
            if role in TRANSITIONS[a].roles and (is_owner or not TRANSITIONS[a].owner_only)
        ),
        key=lambda a: list(Action).index(a),
    )
