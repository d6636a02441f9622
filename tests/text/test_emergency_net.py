"""The emergency net: what it catches that nobody wrote a pattern for, and that it stays exact.

The strongest claim the net makes is generalisation to an author it never read, so one test
retrains it without the third sealed holdout and scores the seven emergencies the lexicon
missed when that holdout was first evaluated (``eval/README.md``).
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from tousu.text import RoutingPolicy, analyze, load_catalog
from tousu.text.chargrams import CharGrams
from tousu.text.emergency_net import (
    EVAL_DIR,
    RELABELLED,
    TRAINING_SETS,
    EmergencyNet,
    net_for,
    shipped_examples,
)
from tousu.text.normalize import normalize
from tousu.text.training import LabelledText, catalog_examples

HOLDOUT3 = "zh_emergency_holdout3.jsonl"
#: Rows of holdout 3 whose emergencies the lexicon missed at its one evaluation (bff5766):
#: a tech-support caller in a relative's PC, a child spending now (English and Chinese), a
#: buyer demanding one more payment, a card used while it sits on the desk, 14 charges
#: overnight, a paycheck stuck in a closed account.
LEXICON_MISSES = (12, 21, 26, 66, 103, 104, 139)
NET_OFF = RoutingPolicy(emergency_net_threshold=None)


@pytest.fixture(scope="module")
def net() -> EmergencyNet:
    return net_for(load_catalog())


def test_the_net_catches_emergencies_from_an_author_it_never_read():
    catalog = load_catalog()
    others = [s for s in TRAINING_SETS if s != HOLDOUT3]
    net = EmergencyNet([*shipped_examples(others), *catalog_examples(catalog)])
    rows = shipped_examples([HOLDOUT3])
    assert all(rows[i].emergency for i in LEXICON_MISSES)
    p = net.probabilities([r.text for r in rows])
    threshold = RoutingPolicy().emergency_net_threshold
    caught = [i for i in LEXICON_MISSES if p[i] >= threshold]
    assert len(caught) >= 6, f"net caught only {caught} of the lexicon's misses"
    # ... without turning that author's hard non-emergencies into emergencies.
    negatives = [j for j, r in enumerate(rows) if not r.emergency]
    false_alarms = [j for j in negatives if p[j] >= threshold]
    assert len(false_alarms) <= 0.1 * len(negatives), false_alarms


def test_fast_probability_equals_scikit_learn(net):
    texts = [
        "银行卡被盗刷了三笔，我人在家卡在身上",
        "my card was charged 3 times at a store I have never been to, right now",
        "快递三天没到，急！",
        "信用kard被人刷了 dao shua 了2000",
        "",
        "a",
        "，",
    ]
    reference = net.probabilities(texts)
    fast = np.array([net.probability(normalize(t)) for t in texts])
    np.testing.assert_allclose(fast, reference, rtol=0, atol=1e-12)


def test_char_grams_weigh_exactly_as_scikit_learn():
    docs = [normalize(r.text) for r in shipped_examples(["zh_emergency_fresh.jsonl"])]
    docs += ["abc abc", "ab", "信用卡 card 被刷", "a", ""]
    ours = CharGrams(min_df=2).fit(docs)
    theirs = TfidfVectorizer(
        analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2, lowercase=False
    ).fit(docs)

    def decode(code: int) -> str:
        chars = []
        while code:
            chars.append(chr(code & 0x1FFFFF))
            code >>= 21
        return "".join(reversed(chars))

    names = [decode(int(c)) for c in ours.vocabulary]
    assert sorted(names) == sorted(theirs.vocabulary_)
    matrix = theirs.transform(docs)
    feature_names = theirs.get_feature_names_out()
    for i, doc in enumerate(docs):
        idx, val = ours.row(doc)
        mine = {names[j]: v for j, v in zip(idx, val, strict=True)}
        row = matrix.getrow(i)
        expected = {feature_names[j]: v for j, v in zip(row.indices, row.data, strict=True)}
        assert mine.keys() == expected.keys(), doc
        for name, value in expected.items():
            assert mine[name] == pytest.approx(value, abs=1e-12)


def test_the_net_gives_staff_its_reason_and_can_be_turned_off(net):
    text = "my grandmother is on the phone right now with someone from Amazon security who wants gift cards"
    assert net.probability(normalize(text)) >= RoutingPolicy().emergency_net_threshold
    on = analyze(text)
    assert on.emergency and on.route == "emergency"
    assert any("emergency model: p=" in r for r in on.emergency_reasons)
    off = analyze(text, policy=NET_OFF)
    assert not any("emergency model: p=" in r for r in off.emergency_reasons)


@pytest.mark.parametrize(
    "text",
    [
        "快递三天没到，急急急！客服也不回",
        "上个月被骗的钱警察已经帮我追回来了，谢谢平台",
        "I got a text saying my package is held, I didn't click it and deleted it",
        "会员到期自动续费了30元，我知道是续费，就是想问怎么关掉",
    ],
)
def test_ordinary_complaints_are_not_emergencies_for_the_net(net, text):
    assert net.probability(normalize(text)) < RoutingPolicy().emergency_net_threshold


def test_the_net_needs_both_classes():
    with pytest.raises(ValueError, match="both"):
        EmergencyNet([LabelledText("被盗刷", "unauthorized_transaction", True)] * 3)


def test_every_training_set_is_shipped_and_labelled():
    for name in TRAINING_SETS:
        rows = shipped_examples([name])
        assert rows, name
        assert {r.emergency for r in rows} == {True, False}, name


def test_evaluate_warns_that_a_training_set_is_in_sample(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tousu.text",
            "evaluate",
            str(EVAL_DIR / "zh_emergency_fresh.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TOUSU_DATA_DIR": str(tmp_path)},
    )
    assert "in-sample" in out.stdout
    assert "emergency recall" in out.stdout


def test_relabelled_rows_are_harsh_collection_of_a_real_debt():
    """The net must not learn that collecting a real overdue debt is an emergency."""
    for (name, number), emergency in RELABELLED.items():
        raw = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()[number - 1]
        assert '"emergency": true' in raw and emergency is False
        assert "逾期" in raw or "不还钱" in raw, raw
    trained = {r.text: r.emergency for r in shipped_examples(["zh_emergency_holdout2.jsonl"])}
    as_written = shipped_examples(["zh_emergency_holdout2.jsonl"], relabel=False)
    changed = [r.text for r in as_written if trained[r.text] != r.emergency]
    assert len(changed) == len(RELABELLED)


def test_a_net_trained_with_staff_judgments_travels_in_the_model_file(tmp_path):
    from tousu.text import build_default_model
    from tousu.text.emergency_net import build_net
    from tousu.text.model import ScenarioModel

    watch = "孩子的电话手表被人远程绑定了，对方能看到孩子的位置"
    shipped = build_net(load_catalog())
    judged = build_net(load_catalog(), staff=[(watch, True)])
    doc = normalize(watch)
    assert shipped.probability(doc) < 0.6 <= judged.probability(doc)
    model = build_default_model()
    model.emergency_net = judged
    loaded = ScenarioModel.load(model.save(tmp_path / "m.joblib"))
    assert loaded.emergency_net.probability(doc) == pytest.approx(judged.probability(doc))
    assert analyze(watch, model=loaded).emergency is True
    assert analyze(watch, model=build_default_model()).emergency is False


def test_weights_must_match_the_records():
    records = [LabelledText("卡被盗刷了", "x", True), LabelledText("快递慢", "y", False)]
    with pytest.raises(ValueError, match="one weight per record"):
        EmergencyNet(records, [1.0])
