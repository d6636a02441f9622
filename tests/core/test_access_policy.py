from __future__ import annotations

import pytest

from tousu.core.access import Actor, Denied, Perm, Subject, authorize
from tousu.core.roles import Role

MINE = Subject(consumer_user_id=1, merchant_id=10)


def test_consumer_sees_only_own() -> None:
    authorize(Actor(Role.CONSUMER, 1), Perm.READ, MINE)
    with pytest.raises(Denied) as exc:
        authorize(Actor(Role.CONSUMER, 2), Perm.READ, MINE)
    assert exc.value.hide  # answered as 404: no confirmation the complaint exists


def test_agent_sees_only_its_merchant() -> None:
    authorize(Actor(Role.MERCHANT_AGENT, 5, merchant_id=10), Perm.READ, MINE)
    with pytest.raises(Denied):
        authorize(Actor(Role.MERCHANT_AGENT, 6, merchant_id=11), Perm.READ, MINE)
    with pytest.raises(Denied):  # an agent with no merchant sees nothing
        authorize(Actor(Role.MERCHANT_AGENT, 7, merchant_id=None), Perm.READ, MINE)


@pytest.mark.parametrize("perm", [Perm.LIST, Perm.READ, Perm.MESSAGE, Perm.SUBMIT])
def test_regulator_gets_aggregates_only(perm: Perm) -> None:
    with pytest.raises(Denied) as exc:
        authorize(Actor(Role.REGULATOR, 9), perm, MINE)
    assert not exc.value.hide
    authorize(Actor(Role.REGULATOR, 9), Perm.STATS)


def test_merchant_commitment_only_for_own_merchant() -> None:
    authorize(Actor(Role.MERCHANT_AGENT, 5, merchant_id=10), Perm.MERCHANT_COMMIT,
              Subject(merchant_id=10))
    with pytest.raises(Denied):
        authorize(Actor(Role.MERCHANT_AGENT, 5, merchant_id=10), Perm.MERCHANT_COMMIT,
                  Subject(merchant_id=11))
    with pytest.raises(Denied):
        authorize(Actor(Role.MODERATOR, 1), Perm.MERCHANT_COMMIT, Subject(merchant_id=10))
