"""The literal gate in front of the catalog patterns never changes which patterns match."""

import json
import re

import pytest

from tousu.text.catalog import load_catalog
from tousu.text.cli import ZH_EVAL, cfpb_path
from tousu.text.data import read_labelled
from tousu.text.features import _HAN, PatternFeatures
from tousu.text.normalize import normalize
from tousu.text.regex_gate import LiteralScan, gate_literals


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        ("frozen|locked|on hold", {"frozen", "locked", "on hold"}),
        ("unauthori[sz]ed (charge|transaction)", {"unauthori"}),
        ("pretend(ed|ing)? to be", {"pretend"}),
        ("(my|our) (child|kid|son)|minor", {"child", "kid", "son", "minor"}),
        ("被(盗|骗)|盗刷", {"盗", "骗", "盗刷"}),  # 被 is in nearly every complaint
        ("(?i)refund", None),  # case-insensitive: the literal may occur in another case
        ("refund|[a-z]+ly", {"refund", "ly"}),
        ("refund|[a-z]+", None),  # a branch that requires no literal at all: no gate
    ],
)
def test_gate_literals(pattern, gate):
    found = gate_literals(re.compile(pattern))
    assert (set(found) if found else None) == gate


def test_literal_scan_finds_every_literal_present_even_overlapping():
    scan = LiteralScan(["盗刷", "被盗", "account", "count", "never"])
    assert scan.present("我的卡被盗刷了") == {"盗刷", "被盗"}
    assert scan.present("my account was emptied") == {"account", "count"}
    assert scan.present("") == set()
    assert LiteralScan([]).present("anything") == set()


def test_gate_gives_the_same_columns_as_the_plain_regexes():
    catalog = load_catalog()
    features = PatternFeatures([(s.code, s.patterns) for s in catalog.scenarios]).fit([])
    texts = [r.text for r in read_labelled(ZH_EVAL)]
    if cfpb_path().is_file():
        texts += [row["input"] for row in json.loads(cfpb_path().read_text())]
    texts += ["Unauthorized charge, I was LOCKED out", "my kid bought a gift card", ""]
    assert any(g is not None for pair in features._gates for g in pair)
    for text in map(normalize, texts):
        han = _HAN.search(text) is not None
        plain = [
            j
            for j, (zh, other) in enumerate(features._matchers)
            if (han and zh is not None and zh.search(text))
            or (other is not None and other.search(text))
        ]
        assert features.columns(text) == plain, text
