"""The collective-complaint engine (framework-free; plain pytest, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tousu.collective import (
    Config,
    Doc,
    Fingerprint,
    IncrementalIndex,
    cluster,
    cluster_detail,
    fingerprint,
    pair_score,
    shared_phrases,
    similarity_signals,
)
from tousu.collective.cli import collective_eval_main
from tousu.collective.evalset import _PROXY_TEMPLATES, generate, merchant_name
from tousu.collective.metrics import evaluate

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)

NEAR = (
    "速付钱包账户突然被冻结\n3月1日早上打开钱包App准备提现，账户被限制提现，提示“账户存在异常交易"
    "风险”，里面有2300元。客服电话一直占线。要求马上解冻，给个说法。",
    "速付钱包账户突然被冻结了\n3月1号早上打开钱包App准备提现，帐户被限制提现，提示账户存在异常交易"
    "风险，里面有860元。客服电话一直占线！！要求马上解冻给个说法",
    "速付钱包账户突然被冻结\n3月2日早上打开钱包App准备提现，账户被限制提现，提示“账户存在异常交易"
    "风险”，里面有12000元。客服电话一直占线，我就是正常收发工资。要求马上解冻，给个说法。",
)


def docs_for(texts, merchants, scenario="account_frozen", start_id=1):
    return [Doc(start_id + i, m, t, scenario, 1000.0 + i, T0 + timedelta(hours=5 * i))
            for i, (t, m) in enumerate(zip(texts, merchants, strict=True))]


def test_three_near_identical_complaints_at_one_merchant_form_a_group():
    docs = docs_for(NEAR, [7, 7, 7])
    groups = cluster(docs)
    assert [g.ids for g in groups] == [(1, 2, 3)]
    assert groups[0].merchant_id == 7
    assert groups[0].start == T0 and groups[0].end == T0 + timedelta(hours=10)
    assert pair_score(docs[0], docs[1]).same_incident


def test_same_text_against_two_merchants_is_not_grouped():
    docs = docs_for([NEAR[0], NEAR[0], NEAR[1], NEAR[1]], [7, 8, 7, 8])
    assert cluster(docs) == []
    assert not pair_score(docs[0], docs[1]).same_incident
    assert "different merchants" in pair_score(docs[0], docs[1]).reasons


def test_outside_window_is_not_same_incident():
    a, b = docs_for(NEAR[:2], [7, 7])
    late = Doc(b.id, b.merchant_id, b.text, b.scenario, b.amount, a.at + timedelta(days=45))
    assert not pair_score(a, late).same_incident
    assert pair_score(a, late, config=Config(window_days=60)).same_incident


def test_proxy_templates_across_merchants_are_not_grouped():
    title, body = _PROXY_TEMPLATES[0]
    texts, merchants = [], []
    for i, m in enumerate([3, 3, 3, 4, 4, 5, 5, 5]):
        f = {"m": merchant_name(m), "name": "王" + "伟芳娜敏静磊强洋"[i], "amt": str(5000 + i),
             "phone": "13912345678", "loan": str(10**10 + i)}
        texts.append(title.format_map(f) + "\n" + body.format_map(f))
        merchants.append(m)
    docs = docs_for(texts, merchants, scenario="hidden_fees")
    result = cluster_detail(docs)
    assert result.groups == []
    assert sorted(result.templates) == [d.id for d in docs]
    index = IncrementalIndex()
    assert all(index.add(d) == [] or d.merchant_id == 3 for d in docs)
    assert index.templates == {d.id for d in docs}
    assert index.groups() == []
    signals = similarity_signals(docs[0], docs[3])
    assert signals["near_identical"] and signals["shared_phones"] == ["13912345678"]
    assert not signals["same_merchant"] and signals["longest_shared_phrase"] >= 10


def test_shared_phrases_are_in_every_member_and_have_no_phone_numbers():
    texts = [t + "联系电话13812345678" for t in NEAR]
    phrases = shared_phrases(texts, k=5)
    assert phrases
    for p in phrases:
        assert all(p in t for t in texts), p
        assert not any(ch.isdigit() for ch in p)
    assert len(set(phrases)) == len(phrases)
    assert not any(a != b and a in b for a in phrases for b in phrases)


def test_fingerprint_bytes_round_trip():
    fp = fingerprint(NEAR[0])
    data = fp.to_bytes()
    assert isinstance(data, bytes) and len(data) == 513
    assert Fingerprint.from_bytes(data) == fp
    assert Fingerprint.from_bytes(data).band_keys() == fp.band_keys()


def test_digits_and_punctuation_do_not_change_the_fingerprint():
    assert fingerprint("账户被冻结，余额2300元！") == fingerprint("账户被冻结 余额８６０元")


def test_band_keys_of_near_duplicates_overlap_and_unrelated_do_not():
    a, b = fingerprint(NEAR[0]), fingerprint(NEAR[1])
    keys = a.band_keys()
    assert all(isinstance(k, str) and len(k) <= 16 for k in keys)
    assert set(keys) & set(b.band_keys())
    other = fingerprint("健身房突然关门跑路，会员卡里还有三千多没用完，教练也联系不上了。")
    assert not set(keys) & set(other.band_keys())


def test_incremental_index_matches_on_arrival():
    index = IncrementalIndex()
    d = docs_for(NEAR, [7, 7, 7])
    assert index.add(d[0]) == []
    first = index.add(d[1])
    assert [m.other_id for m in first] == [1] and first[0].score.same_incident
    assert {m.other_id for m in index.add(d[2])} == {1, 2}
    assert [g.ids for g in index.groups()] == [(1, 2, 3)]


def test_eval_on_small_generated_set_meets_a_sane_f1():
    s = generate(seed=5, merchants=15, incidents=10, singletons=80, proxies=12, background=40)
    again = generate(seed=5, merchants=15, incidents=10, singletons=80, proxies=12, background=40)
    assert s == again  # deterministic by seed
    scores = evaluate([g.ids for g in cluster(s.docs, evidence=False)], s.labels)
    assert scores.f1 >= 0.85 and scores.purity >= 0.9


def test_eval_cli_runs(capsys):
    assert collective_eval_main(["--no-tune", "--incidents", "8", "--merchants", "12"]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "incremental" in out
