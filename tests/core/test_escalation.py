from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tousu.core.escalation import Facts, Step, plan

T0 = datetime(2026, 3, 15, 9, tzinfo=UTC)


def facts(**kw) -> Facts:
    base = dict(response_due_at=T0 + timedelta(hours=24), resolution_due_at=T0 + timedelta(days=7),
                responded_at=None, resolved=False, emergency=False, emergency_due_at=None,
                human_at=None, done=frozenset())
    return Facts(**{**base, **kw})


def test_nothing_owed_early():
    assert plan(facts(), T0 + timedelta(hours=1)) == []


def test_warning_then_breach_once():
    f = facts()
    assert plan(f, T0 + timedelta(hours=21)) == [Step.RESPONSE_WARNING]
    after = T0 + timedelta(hours=25)
    assert plan(f, after) == [Step.RESPONSE_WARNING, Step.RESPONSE_BREACH]
    recorded = facts(done=frozenset({Step.RESPONSE_WARNING, Step.RESPONSE_BREACH}))
    assert plan(recorded, after) == []  # a second sweep escalates nothing more


def test_answered_in_time_is_never_escalated():
    f = facts(responded_at=T0 + timedelta(hours=2))
    assert plan(f, T0 + timedelta(hours=30)) == []


def test_resolution_breach_then_expert():
    f = facts(responded_at=T0, done=frozenset())
    late = T0 + timedelta(days=10)
    assert plan(f, late) == [Step.RESOLUTION_WARNING, Step.RESOLUTION_BREACH, Step.EXPERT]
    assert plan(facts(responded_at=T0, resolved=True), late) == []


def test_emergency_breach_until_a_human_takes_it():
    f = facts(emergency=True, emergency_due_at=T0 + timedelta(minutes=10))
    assert Step.EMERGENCY_BREACH not in plan(f, T0 + timedelta(minutes=9))
    assert Step.EMERGENCY_BREACH in plan(f, T0 + timedelta(minutes=11))
    taken = facts(emergency=True, emergency_due_at=T0 + timedelta(minutes=10),
                  human_at=T0 + timedelta(minutes=5))
    assert Step.EMERGENCY_BREACH not in plan(taken, T0 + timedelta(hours=1))


def test_next_check_is_never_late():
    from tousu.core.escalation import next_check

    f = facts()
    first = next_check(f)
    assert first == T0 + timedelta(hours=20)  # the response warning
    warned = facts(done=frozenset({Step.RESPONSE_WARNING}))
    assert next_check(warned) == T0 + timedelta(hours=24)
    answered = facts(responded_at=T0, done=frozenset({Step.RESPONSE_WARNING}))
    assert next_check(answered) == T0 + timedelta(days=7, hours=-4)
    everything = frozenset(Step)
    assert next_check(facts(done=everything)) is None
    # Whatever plan() would return later, next_check() is at or before it.
    for hours in range(0, 24 * 10, 3):
        now = T0 + timedelta(hours=hours)
        if plan(f, now):
            assert first <= now
            break
