"""The substring gate in front of the catalog patterns never changes which patterns match."""

import json
import re

import pytest

from tousu.text.catalog import load_catalog
from tousu.text.cli import ZH_EVAL, cfpb_path
from tousu.text.data import read_labelled
from tousu.text.features import _HAN, PatternFeatures, required_literals
from tousu.text.normalize import normalize


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        ("frozen|locked|on hold", {"frozen", "locked", "on hold"}),
        ("unauthori[sz]ed (charge|transaction)", {"unauthori"}),
        ("pretend(ed|ing)? to be", {"pretend"}),
        ("(my|our) (child|kid|son)|minor", {"child", "kid", "son", "minor"}),
        ("ab|cd", None),  # too short to be worth a test
        ("[a-z]+ fee", {" fee"}),
        ("(?i)refund", None),  # case-insensitive: a substring test would be wrong
        ("refund|[a-z]+ly", None),  # a branch without a 3-character literal: no gate
    ],
)
def test_required_literals(pattern, gate):
    found = required_literals(re.compile(pattern))
    assert (set(found) if found else None) == gate


def test_gate_gives_the_same_columns_as_the_plain_regexes():
    catalog = load_catalog()
    features = PatternFeatures([(s.code, s.patterns) for s in catalog.scenarios]).fit([])
    texts = [r.text for r in read_labelled(ZH_EVAL)]
    if cfpb_path().is_file():
        texts += [row["input"] for row in json.loads(cfpb_path().read_text())]
    texts += ["Unauthorized charge, I was LOCKED out", "my kid bought a gift card", ""]
    assert any(g is not None for g in features._gates)
    for text in map(normalize, texts):
        han = _HAN.search(text) is not None
        plain = [
            j
            for j, (zh, other) in enumerate(features._matchers)
            if (han and zh is not None and zh.search(text))
            or (other is not None and other.search(text))
        ]
        assert features.columns(text) == plain, text
