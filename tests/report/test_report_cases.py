"""Warning cases: chosen by the published score, and edited by staff as a JSON draft."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tousu.report import (
    WarningCandidate,
    WarningCase,
    WarningRule,
    WarningsFileError,
    load_warnings,
    save_warnings,
    select_warnings,
)


def candidate(ref: str, merchant: str = "某商家", *, amount: str = "1000", emergency=False,
              collective_size=1, overdue_days=0.0, unresolved=False, public=True
              ) -> WarningCandidate:
    return WarningCandidate(
        ref=ref, merchant=merchant, industry_zh="电商平台", scenario_zh="退款难",
        title=f"{merchant}退款难", summary="消费者李**多次联系未果。", amount=Decimal(amount),
        emergency=emergency, collective_size=collective_size, overdue_days=overdue_days,
        unresolved=unresolved, public=public,
    )


def test_only_public_complaints_are_eligible():
    private = candidate("TS-1", amount="9999999", emergency=True, public=False)
    public = candidate("TS-2", amount="10")
    chosen = select_warnings([private, public], WarningRule())
    assert [c.ref for c in chosen] == ["TS-2"]


def test_at_most_two_per_merchant():
    big = [candidate(f"BIG-{i}", "大商家", amount="500000", emergency=True) for i in range(5)]
    small = [candidate(f"S-{i}", f"小商家{i}", amount="100") for i in range(3)]
    chosen = select_warnings(big + small, WarningRule(), n=10)
    assert sum(c.merchant == "大商家" for c in chosen) == 2
    assert len(chosen) == 5


def test_max_per_merchant_is_configurable():
    cands = [candidate(f"A-{i}", "甲") for i in range(4)]
    assert len(select_warnings(cands, WarningRule(max_per_merchant=3))) == 3


def test_n_limits_the_list():
    cands = [candidate(f"TS-{i}", f"商家{i}") for i in range(30)]
    assert len(select_warnings(cands, WarningRule())) == 10
    assert len(select_warnings(cands, WarningRule(), n=3)) == 3


def test_order_is_score_then_amount_then_ref():
    cands = [
        candidate("C", "丙", amount="100"),
        candidate("A", "甲", amount="100", emergency=True),  # +3 beats a bigger amount
        candidate("B", "乙", amount="5000"),
        # same score as "A" by construction: ties are broken by amount, then ref
        candidate("E", "戊", amount="100", emergency=True),
        candidate("D", "丁", amount="100", emergency=True),
    ]
    chosen = select_warnings(cands, WarningRule())
    assert [c.ref for c in chosen] == ["A", "D", "E", "B", "C"]
    assert [c.score for c in chosen] == sorted((c.score for c in chosen), reverse=True)


def test_ties_on_score_go_to_the_larger_amount():
    # amount_weight 0: only the flags count, so both score the same.
    rule = WarningRule(amount_weight=0)
    chosen = select_warnings([candidate("X", "甲", amount="10", unresolved=True),
                              candidate("Y", "乙", amount="900", unresolved=True)], rule)
    assert chosen[0].score == chosen[1].score
    assert [c.ref for c in chosen] == ["Y", "X"]


def test_score_weights_each_fact():
    rule = WarningRule()
    base = rule.score(candidate("B", amount="0"))
    assert base == 0
    assert rule.score(candidate("E", amount="0", emergency=True)) == pytest.approx(3.0)
    assert rule.score(candidate("C", amount="0", collective_size=8)) == pytest.approx(4.5)
    assert rule.score(candidate("O", amount="0", overdue_days=90)) == pytest.approx(3.0)  # cap
    assert rule.score(candidate("U", amount="0", unresolved=True)) == pytest.approx(2.0)
    # log-scaled: 100x the money is +2 points, not 100x the score
    assert rule.score(candidate("M1", amount="99")) == pytest.approx(2.0)
    assert rule.score(candidate("M2", amount="9999")) == pytest.approx(4.0)


def test_reason_and_rule_text_follow_the_weights():
    rule = WarningRule(emergency_weight=5, max_per_merchant=1)
    case = select_warnings([candidate("R", emergency=True, collective_size=12)], rule)[0]
    assert "紧急投诉" in case.reason and "集体投诉 12 人" in case.reason
    text = rule.describe_zh()
    assert "+ 5（紧急投诉）" in text
    assert "同一商家最多入选 1 件" in text
    assert "仅投诉人同意公开" in text


def test_duplicate_refs_count_once():
    chosen = select_warnings([candidate("D", "甲"), candidate("D", "乙")], WarningRule())
    assert len(chosen) == 1


def test_rule_rejects_negative_weights():
    with pytest.raises(ValueError, match="emergency_weight"):
        WarningRule(emergency_weight=-1)


def sample_cases() -> list[WarningCase]:
    cands = [candidate(f"TS-{i}", f"商家{i}", amount=f"{1000 * i}.50") for i in range(1, 4)]
    return select_warnings(cands, WarningRule())


def test_save_and_load_round_trip(tmp_path):
    cases = sample_cases()
    path = save_warnings(tmp_path / "draft.json", cases)
    text = path.read_text(encoding="utf-8")
    assert "商家1" in text  # Chinese left readable for staff
    assert '"amount": "3000.50"' in text  # cents kept exactly
    assert load_warnings(path) == cases


def test_load_accepts_a_bare_list(tmp_path):
    path = save_warnings(tmp_path / "draft.json", sample_cases())
    items = json.loads(path.read_text(encoding="utf-8"))["cases"]
    items[0]["amount"] = 12.5  # staff may type a plain number
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    loaded = load_warnings(path)
    assert loaded[0].amount == Decimal("12.5")


def write_draft(tmp_path, mutate) -> object:
    path = save_warnings(tmp_path / "draft.json", sample_cases())
    raw = json.loads(path.read_text(encoding="utf-8"))
    mutate(raw)
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda raw: raw["cases"][1].pop("merchant"), r"case 1: missing field 'merchant'"),
        (lambda raw: raw["cases"][2].update(amount="一千"), r"case 2: field 'amount'"),
        (lambda raw: raw["cases"][2].update(amount=None), r"case 2: field 'amount'"),
        (lambda raw: raw["cases"][0].update(amount="-5"), r"case 0: field 'amount'.*>= 0"),
        (lambda raw: raw["cases"][0].update(score="high"), r"case 0: field 'score'"),
        (lambda raw: raw["cases"][0].update(title=""), r"case 0: field 'title' must not be empty"),
        (lambda raw: raw["cases"][1].update(summary=3), r"case 1: field 'summary' must be a str"),
        (lambda raw: raw["cases"][0].update(titel="x"), r"case 0: unknown field 'titel'"),
        (lambda raw: raw["cases"][2].update(ref=raw["cases"][0]["ref"]),
         r"case 2: ref .* duplicates case 0"),
        (lambda raw: raw.update(cases={"a": 1}), r"'cases' must be a list"),
        (lambda raw: raw.pop("cases"), r"missing top-level field 'cases'"),
        (lambda raw: raw.update(version=99), r"unsupported version 99"),
        (lambda raw: raw["cases"].append("not a case"), r"case 3: must be an object"),
    ],
)
def test_load_rejects_malformed_drafts(tmp_path, mutate, message):
    path = write_draft(tmp_path, mutate)
    with pytest.raises(WarningsFileError, match=message):
        load_warnings(path)


def test_load_rejects_broken_json_with_position(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text('{"version": 1, "cases": [\n  {"ref": "TS-1",}\n]}', encoding="utf-8")
    with pytest.raises(WarningsFileError, match=r"not valid JSON at line 2"):
        load_warnings(path)
