"""The demo corpus must look like a real complaint site and stay internally consistent.

Plain pytest, no Django: the generator is standard library only, and these tests guard the
properties the demo (and everything demonstrated with it) relies on — determinism, coverage
of every state/industry/scenario, conversations that match the lifecycle, realistic variety.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from tousu.demo.corpus import (
    CHANNELS,
    DEMANDS,
    FINAL_STATES,
    INDUSTRIES,
    NARRATIVE_MAX,
    NARRATIVE_MIN,
    SCENARIOS,
    TITLE_MAX,
    TITLE_MIN,
    DemoDataset,
    generate,
)

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")

#: Scenarios each industry may produce (the brief's examples plus close relatives).
ALLOWED = {
    "ecommerce": {"refund_refused", "product_quality", "false_advertising", "delivery",
                  "no_human_service", "data_leak", "hidden_fees", "auto_renewal",
                  "impersonation_fraud", "other"},
    "bank": {"unauthorized_transaction", "hidden_fees", "abusive_collection",
             "credit_report_error", "account_frozen", "no_human_service", "data_leak", "other"},
    "payment": {"unauthorized_transaction", "account_frozen", "impersonation_fraud",
                "auto_renewal", "no_human_service", "hidden_fees", "data_leak", "other"},
    "consumer_finance": {"abusive_collection", "credit_report_error", "hidden_fees", "data_leak",
                         "impersonation_fraud", "no_human_service", "other"},
    "games": {"minor_spending", "topup_trap", "account_frozen", "refund_refused",
              "false_advertising", "no_human_service", "other"},
}


@pytest.fixture(scope="module")
def ds() -> DemoDataset:
    return generate()


def test_same_seed_same_dataset_and_different_seed_differs() -> None:
    assert generate(7, 150) == generate(7, 150)
    a, b = generate(7, 150), generate(8, 150)
    assert [c.narrative for c in a.complaints] != [c.narrative for c in b.complaints]


def test_counts(ds: DemoDataset) -> None:
    assert 20 <= len(ds.merchants) <= 30
    assert 100 <= len(ds.consumers) <= 140
    assert len(ds.complaints) == 300
    assert len(generate(3, 50).complaints) == 50
    assert generate(3, 0).complaints == ()


@pytest.mark.parametrize("n", [1, 9, 30, 59, 60, 100])
def test_small_datasets_respect_all_bounds(n: int) -> None:
    data = generate(11, n)
    assert len(data.complaints) == n
    for c in data.complaints:
        assert TITLE_MIN <= len(c.title) <= TITLE_MAX
        assert NARRATIVE_MIN <= len(c.narrative) <= NARRATIVE_MAX


def test_merchants_cover_industries_and_commitment(ds: DemoDataset) -> None:
    industries = Counter(m.industry for m in ds.merchants)
    assert set(industries) == set(INDUSTRIES)
    for big in ("ecommerce", "payment", "consumer_finance", "games", "bank"):
        assert industries[big] >= 3, big
    committed = sum(m.committed for m in ds.merchants) / len(ds.merchants)
    assert 0.25 <= committed <= 0.45
    assert len({m.name for m in ds.merchants}) == len(ds.merchants)
    real = ("淘宝", "天猫", "京东", "拼多多", "支付宝", "微信支付", "美团", "携程", "腾讯", "网易", "招商")
    for m in ds.merchants:
        assert m.description and not any(r in m.name for r in real)
    # every merchant, hence every industry, actually has complaints
    assert {c.merchant for c in ds.complaints} == {m.name for m in ds.merchants}


def test_every_state_present_with_plausible_distribution(ds: DemoDataset) -> None:
    states = Counter(c.final_state for c in ds.complaints)
    assert set(states) == set(FINAL_STATES)
    many = states["closed"] + states["resolved"] + states["with_merchant"]
    few = states["rejected"] + states["withdrawn"]
    assert many > 0.4 * len(ds.complaints)
    assert few < 0.2 * len(ds.complaints)


def test_scenarios_are_pareto_like_and_fit_industries(ds: DemoDataset) -> None:
    scen = Counter(c.scenario_hint for c in ds.complaints)
    assert set(scen) == set(SCENARIOS)
    top10 = sum(n for _, n in scen.most_common(10)) / len(ds.complaints)
    assert 0.7 <= top10 <= 0.95
    industry = {m.name: m.industry for m in ds.merchants}
    for c in ds.complaints:
        allowed = ALLOWED.get(industry[c.merchant])
        if allowed is not None:
            assert c.scenario_hint in allowed, (c.merchant, c.scenario_hint)


def test_field_values(ds: DemoDataset) -> None:
    names = {m.name for m in ds.merchants}
    for c in ds.complaints:
        assert c.merchant in names
        assert 0 <= c.consumer_index < len(ds.consumers)
        assert c.channel in CHANNELS
        assert c.scenario_hint in SCENARIOS
        assert c.demands and set(c.demands) <= set(DEMANDS)
        assert len(set(c.demands)) == len(c.demands)
        assert 0 <= c.days_ago <= 400
        assert isinstance(c.amount, Decimal)
        assert Decimal(0) <= c.amount <= Decimal(100000)
        assert c.amount.as_tuple().exponent == -2
        assert "{" not in c.narrative + c.title and "}" not in c.narrative + c.title
        if c.final_state == "rejected":
            assert c.reject_reason
        else:
            assert c.reject_reason is None
    assert any(c.amount == 0 for c in ds.complaints)
    assert any(c.amount >= 10000 for c in ds.complaints)


def test_consumers_look_real_but_are_unique(ds: DemoDataset) -> None:
    phones = [p.phone for p in ds.consumers]
    assert len(set(phones)) == len(phones)
    assert len({p.name for p in ds.consumers}) == len(ds.consumers)
    for person in ds.consumers:
        assert re.fullmatch(r"1[3-9]\d{9}", person.phone)
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", person.name)
        assert person.email is None or re.fullmatch(r"[a-z0-9]+@[a-z.]*example\.[a-z]+",
                                                    person.email)
    assert any(p.email for p in ds.consumers) and any(p.email is None for p in ds.consumers)


def test_lengths_within_bounds_and_varied(ds: DemoDataset) -> None:
    titles = [len(c.title) for c in ds.complaints]
    narratives = [len(c.narrative) for c in ds.complaints]
    assert min(titles) >= TITLE_MIN and max(titles) <= TITLE_MAX
    assert min(narratives) >= NARRATIVE_MIN and max(narratives) <= NARRATIVE_MAX
    assert sum(n < 80 for n in narratives) >= 20  # one-liners
    assert sum(n > 250 for n in narratives) >= 20  # long stories


def test_low_duplication(ds: DemoDataset) -> None:
    narratives = [c.narrative for c in ds.complaints]
    assert len(set(narratives)) >= 0.9 * len(narratives)
    titles = [c.title for c in ds.complaints]
    assert len(set(titles)) >= 0.6 * len(titles)
    # No sentence dominates the corpus: the commonest opening 12 characters stay rare.
    openings = Counter(n[:12] for n in narratives)
    assert openings.most_common(1)[0][1] <= 0.07 * len(narratives)


def test_committed_merchants_are_private(ds: DemoDataset) -> None:
    committed = {m.name for m in ds.merchants if m.committed}
    others = [c for c in ds.complaints if c.merchant not in committed]
    assert all(not c.public for c in ds.complaints if c.merchant in committed)
    assert sum(c.public for c in others) >= 0.7 * len(others)


def test_messages_consistent_with_states(ds: DemoDataset) -> None:
    for c in ds.complaints:
        msgs = c.messages
        authors = [m.author for m in msgs]
        hours = [m.after_hours for m in msgs]
        assert set(authors) <= {"consumer", "merchant", "platform"}
        assert all(m.body for m in msgs)
        assert hours == sorted(hours) and len(set(hours)) == len(hours)
        assert all(0 < h <= c.days_ago * 24 for h in hours), c
        state = c.final_state
        if state in ("submitted", "accepted", "rejected", "with_merchant"):
            assert "merchant" not in authors, c
        if state in ("merchant_replied", "resolved", "unresolved", "closed"):
            assert "merchant" in authors, c
        if state in ("resolved", "unresolved"):
            # ends with the consumer's confirmation / dispute of a merchant answer
            assert authors[-1] == "consumer"
            assert "merchant" in authors[:-1]
        if state == "closed":
            assert authors[-1] == "platform"
            assert "consumer" in authors[authors.index("merchant"):]
        if state == "rejected":
            assert authors == ["platform"] and c.reject_reason in msgs[0].body
        if state == "withdrawn":
            assert authors[-1] == "platform" and "consumer" in authors
        if state in ("accepted", "with_merchant", "merchant_replied"):
            assert authors[0] == "platform"


def test_collective_incidents_present(ds: DemoDataset) -> None:
    """Several consumers, one merchant, one scenario, a few days: the M6 detector's food."""
    by_problem: dict[tuple[str, str], list] = defaultdict(list)
    for c in ds.complaints:
        by_problem[(c.merchant, c.scenario_hint)].append(c)
    collective = []
    for items in by_problem.values():
        items.sort(key=lambda c: c.days_ago)
        for i, first in enumerate(items):
            window = [c for c in items[i:] if c.days_ago - first.days_ago <= 3]
            if len({c.consumer_index for c in window}) >= 4:
                collective.append(window)
                break
    assert len(collective) >= 2
    for group in collective:
        texts = [c.narrative for c in group]
        assert len(set(texts)) == len(texts)  # each in their own words


def test_some_posts_leak_personal_data(ds: DemoDataset) -> None:
    leaking = [c for c in ds.complaints if PHONE.search(c.narrative)]
    assert 3 <= len(leaking) <= 0.15 * len(ds.complaints)
    # and a batch of templated proxy complaints shares one contact number (M8)
    shared = Counter(p for c in ds.complaints for p in set(PHONE.findall(c.narrative)))
    assert shared.most_common(1)[0][1] >= 3
