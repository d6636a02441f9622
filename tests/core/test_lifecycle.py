"""Every (state, action, role) combination of the lifecycle, checked against the table."""

from __future__ import annotations

import itertools

import pytest

from tousu.core.lifecycle import (
    FINAL_STATES,
    Action,
    IllegalTransition,
    ReasonRequired,
    State,
    TransitionForbidden,
    actions_for,
    plan_transition,
)
from tousu.core.roles import Role

# The lifecycle the product promises, written out by hand (not derived from the code).
LEGAL: dict[tuple[State, Action], State] = {
    (State.SUBMITTED, Action.ACCEPT): State.ACCEPTED,
    (State.SUBMITTED, Action.REJECT): State.REJECTED,
    (State.ACCEPTED, Action.FORWARD): State.WITH_MERCHANT,
    (State.WITH_MERCHANT, Action.REPLY): State.MERCHANT_REPLIED,
    (State.MERCHANT_REPLIED, Action.CONFIRM): State.RESOLVED,
    (State.MERCHANT_REPLIED, Action.DISPUTE): State.UNRESOLVED,
    (State.UNRESOLVED, Action.REOPEN): State.WITH_MERCHANT,
    (State.RESOLVED, Action.CLOSE): State.CLOSED,
    (State.UNRESOLVED, Action.CLOSE): State.CLOSED,
}
for s in (State.SUBMITTED, State.ACCEPTED, State.WITH_MERCHANT, State.MERCHANT_REPLIED,
          State.RESOLVED, State.UNRESOLVED):
    LEGAL[(s, Action.WITHDRAW)] = State.WITHDRAWN

WHO = {
    Action.ACCEPT: {Role.MODERATOR, Role.MEDIATOR, Role.ADMIN},
    Action.REJECT: {Role.MODERATOR, Role.MEDIATOR, Role.ADMIN},
    Action.FORWARD: {Role.MODERATOR, Role.MEDIATOR, Role.ADMIN},
    Action.REPLY: {Role.MERCHANT_AGENT, Role.MODERATOR, Role.MEDIATOR, Role.ADMIN},
    Action.CONFIRM: {Role.CONSUMER},
    Action.DISPUTE: {Role.CONSUMER},
    Action.REOPEN: {Role.MODERATOR, Role.MEDIATOR, Role.ADMIN},
    Action.CLOSE: {Role.MODERATOR, Role.MEDIATOR, Role.ADMIN},
    Action.WITHDRAW: {Role.CONSUMER},
}
NEEDS_REASON = {Action.REJECT, Action.DISPUTE, Action.REPLY}


@pytest.mark.parametrize("state,action,role", list(itertools.product(State, Action, Role)))
def test_every_combination(state: State, action: Action, role: Role) -> None:
    expected = LEGAL.get((state, action))
    if expected is None:
        with pytest.raises(IllegalTransition):
            plan_transition(state, action, role, is_owner=True, reason="因为")
        return
    if role not in WHO[action]:
        with pytest.raises(TransitionForbidden):
            plan_transition(state, action, role, is_owner=True, reason="因为")
        return
    assert plan_transition(state, action, role, is_owner=True, reason="因为") is expected
    if action in NEEDS_REASON:
        with pytest.raises(ReasonRequired):
            plan_transition(state, action, role, is_owner=True, reason="   ")


@pytest.mark.parametrize("action", [Action.CONFIRM, Action.DISPUTE, Action.WITHDRAW])
def test_only_the_complainant_decides_for_themselves(action: Action) -> None:
    source = next(s for (s, a) in LEGAL if a is action)
    with pytest.raises(TransitionForbidden):
        plan_transition(source, action, Role.CONSUMER, is_owner=False, reason="x")


def test_final_states_have_no_way_out() -> None:
    for state in FINAL_STATES:
        for role in Role:
            assert actions_for(state, role, is_owner=True) == []


def test_error_names_the_possible_actions() -> None:
    with pytest.raises(IllegalTransition, match="possible actions: .*accept"):
        plan_transition("submitted", "close", "moderator")
    with pytest.raises(IllegalTransition, match="unknown action 'explode'"):
        plan_transition("submitted", "explode", "moderator")


def test_buttons_offered_match_the_table() -> None:
    assert actions_for(State.MERCHANT_REPLIED, Role.CONSUMER, is_owner=True) == [
        Action.CONFIRM, Action.DISPUTE, Action.WITHDRAW,
    ]
    assert actions_for(State.MERCHANT_REPLIED, Role.CONSUMER, is_owner=False) == []
    assert actions_for(State.WITH_MERCHANT, Role.MERCHANT_AGENT) == [Action.REPLY]
