"""The generated integrity evaluation set and ``tousu integrity-eval`` (no database)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tousu.integrity.cli import integrity_eval_main, report, run
from tousu.integrity.evalset import AGENCY_GROUPS, GENUINE_GROUPS, generate


@pytest.fixture(scope="module")
def default_run():
    s = generate()
    return s, report(s, run(s))


def _misses(rep: dict) -> str:
    rows = rep["false_positives"] + rep["false_negatives"]
    return "\n".join(f"#{m['id']} {m['group']} batch {m['batch']} score {m['score']} "
                     f"{m['reasons']}" for m in rows)


def test_precision_and_recall_on_the_default_seed(default_run):
    s, rep = default_run
    assert rep["precision"] >= 0.9, "false positives:\n" + _misses(rep)
    assert rep["recall"] >= 0.85, "misses:\n" + _misses(rep)
    c = rep["confusion"]
    assert c["tp"] + c["fp"] + c["fn"] + c["tn"] == len(s)


def test_genuine_look_alikes_are_not_flagged(default_run):
    _, rep = default_run
    groups = rep["groups"]
    # A real collective, colleagues behind one office IP, a 维权群 pasting its draft,
    # families on one phone, one consumer's several orders: none of them is an agency.
    for g in ("collective", "office", "copy_paste_group", "family", "multi_order",
              "delegated", "legal_punitive"):
        assert groups[g]["rate"] <= 0.02, (g, groups[g], _misses(rep))
    assert groups["collective"]["flagged"] == 0
    assert groups["individual"]["rate"] <= 0.005


def test_every_agency_group_is_mostly_caught(default_run):
    _, rep = default_run
    for g in AGENCY_GROUPS:
        floor = 0.5 if g == "agency_small" else 0.9   # 3-client campaigns are below every bar
        assert rep["groups"][g]["rate"] >= floor, (g, rep["groups"][g], _misses(rep))


def test_the_set_has_every_group_and_plausible_sizes():
    s = generate(seed=3)
    counts = Counter(s.groups)
    assert set(counts) == set(GENUINE_GROUPS) | set(AGENCY_GROUPS)
    assert 150 <= sum(s.agency) <= 320 and len(s) > 1900
    assert all(a == (g in AGENCY_GROUPS) for a, g in zip(s.agency, s.groups, strict=True))
    assert [x.id for x in s.subs] == list(range(len(s)))
    assert all(a.submitted_at <= b.submitted_at
               for a, b in zip(s.subs, s.subs[1:], strict=False))
    waves = Counter(b for b, g in zip(s.batches, s.groups, strict=True) if g == "collective")
    assert all(10 <= n <= 40 for n in waves.values())


def test_generation_and_evaluation_are_deterministic():
    a, b = generate(seed=5), generate(seed=5)
    assert a == b
    assert generate(seed=6) != a
    ra, rb = report(a, run(a)), report(b, run(b))
    for r in (ra, rb):
        r.pop("seconds"), r.pop("per_submission_ms")
    assert ra == rb


def test_cli_prints_json_and_text(capsys):
    assert integrity_eval_main(["--json", "--min-precision", "0.9", "--min-recall", "0.85"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert {"precision", "recall", "f1", "groups", "signals", "confusion"} <= set(rep)
    assert rep["seed"] == 0
    assert integrity_eval_main(["--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "genuine collective" in out and "shared_contact" in out
