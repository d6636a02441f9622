"""The automated path's confidence threshold is measured per model, not assumed."""

from __future__ import annotations

import math

import pytest

from tousu.text import RoutingPolicy, ScenarioModel, analyze, load_catalog, read_labelled
from tousu.text.auto_threshold import DEFAULT_THRESHOLD, AutoThreshold, choose_threshold
from tousu.text.cli import CFPB_MAPPING, cfpb_path, describe_auto_path, train_main
from tousu.text.data import load_mapping, split_holdout
from tousu.text.training import map_labels, train

CFPB = cfpb_path()
needs_cfpb = pytest.mark.skipif(not CFPB.is_file(), reason=f"CFPB sample not at {CFPB}")


def test_the_lowest_threshold_that_meets_the_target_is_chosen():
    # 40 confident right answers, then 20 at 0.6 of which 10 wrong, then 20 wrong at 0.5.
    confidence = [0.9] * 40 + [0.6] * 20 + [0.5] * 20
    correct = [True] * 40 + [True, False] * 10 + [False] * 20
    chosen = choose_threshold(confidence, correct, [True] * 80, 0.8, min_support=10)
    # At 0.6: 50/60 = 0.833 >= 0.8; at 0.5: 50/80 = 0.625. So 0.6, automating 60 of 80.
    assert chosen.reached and chosen.threshold == 0.6
    assert chosen.accuracy == pytest.approx(50 / 60) and chosen.share == pytest.approx(0.75)
    strict = choose_threshold(confidence, correct, [True] * 80, 0.9, min_support=10)
    assert strict.threshold == 0.9 and strict.support == 40


def test_ineligible_predictions_do_not_count_and_the_floor_holds():
    confidence = [0.95] * 30 + [0.3] * 30
    correct = [True] * 60
    eligible = [True] * 30 + [False] * 30
    chosen = choose_threshold(confidence, correct, eligible, 0.9, min_support=10)
    assert chosen.threshold == 0.95 and chosen.share == pytest.approx(0.5)
    # Right answers below the floor never pull the threshold under it.
    low = choose_threshold([0.3] * 60, correct, [True] * 60, 0.9, min_support=10)
    assert not low.reached and low.threshold >= DEFAULT_THRESHOLD


def test_an_unreachable_target_automates_nothing():
    confidence = [0.9, 0.8, 0.7] * 20
    chosen = choose_threshold(confidence, [False, True, True] * 20, [True] * 60, 0.95)
    assert not chosen.reached
    assert chosen.threshold > max(confidence)  # no prediction clears it
    assert "no confidence threshold reaches" in chosen.describe()


def test_too_few_automated_predictions_cannot_set_a_threshold():
    chosen = choose_threshold([0.99] * 5 + [0.2] * 50, [True] * 55, [True] * 55, 0.9)
    assert not chosen.reached  # 5 right answers are not evidence (MIN_SUPPORT is 20)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        choose_threshold([0.5], [True, False], [True], 0.9)
    with pytest.raises(ValueError):
        choose_threshold([], [], [], 0.9)


@pytest.fixture(scope="module")
def cfpb_parts():
    mapping = load_mapping(CFPB_MAPPING)
    raw = read_labelled(CFPB, mapping=mapping)
    train_part, test_part = split_holdout(raw, 0.2, seed=315)
    catalog = load_catalog()
    return (
        map_labels(train_part, mapping.labels, catalog),
        map_labels(test_part, mapping.labels, catalog),
    )


@needs_cfpb
def test_the_cli_stores_a_measured_threshold_that_analyze_uses(tmp_path, capsys, cfpb_parts):
    out = tmp_path / "cfpb.joblib"
    args = [str(CFPB), "--mapping", str(CFPB_MAPPING), "--holdout", "0.2"]
    assert train_main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    model = ScenarioModel.load(out)
    measured = model.meta["auto_path"]
    assert measured["reached"] and measured["accuracy"] >= 0.9 and measured["target"] == 0.9
    threshold = model.meta["confidence_threshold"]
    assert DEFAULT_THRESHOLD <= threshold <= 1.0
    assert AutoThreshold(**measured).describe() in printed

    # A held-out complaint the model types with a confidence between the default and the
    # measured threshold: triage under the model's threshold, automated under an explicit
    # 0.45 (the operator's setting wins).
    _, held_out = cfpb_parts
    middle = None
    for record in held_out:
        result = analyze(record.text, model=model)
        scenario = load_catalog().get(result.scenario)
        if (
            DEFAULT_THRESHOLD <= result.confidence < threshold
            and scenario.auto_path
            and not result.emergency
        ):
            middle = (record.text, result)
            break
    assert middle is not None, "no held-out complaint between the two thresholds"
    text, result = middle
    assert result.route == "triage"
    assert any(f"{threshold:.2f}" in reason for reason in result.route_reasons)
    explicit = analyze(text, model=model, policy=RoutingPolicy(confidence_threshold=0.45))
    assert explicit.route == "auto"


@needs_cfpb
def test_auto_path_accuracy_improves_on_held_out_complaints(cfpb_parts):
    """The point of measuring: what goes down the automated path is typed right more often."""
    train_part, held_out = cfpb_parts
    from tousu.text.model import ENGLISH_PROFILE, ModelConfig

    model = train(
        train_part, config=ModelConfig(**ENGLISH_PROFILE), include_catalog=False,
        auto_accuracy=0.9,
    )

    def auto_accuracy(policy: RoutingPolicy | None) -> tuple[float, int]:
        results = [(r.label, analyze(r.text, model=model, policy=policy)) for r in held_out]
        auto = [label == a.scenario for label, a in results if a.route == "auto"]
        return (sum(auto) / len(auto) if auto else math.nan), len(auto)

    measured, n_measured = auto_accuracy(None)
    default, n_default = auto_accuracy(RoutingPolicy(confidence_threshold=DEFAULT_THRESHOLD))
    assert n_measured < n_default  # fewer complaints automated ...
    assert measured > default  # ... and those typed right more often


def test_a_model_without_labelled_data_keeps_the_default_threshold():
    model = train(auto_accuracy=0.9)  # catalog examples only: nothing to measure on
    assert "confidence_threshold" not in model.meta
    assert describe_auto_path(model.meta).startswith("automated path: default")
    vague = analyze("东西不太好", model=model)
    assert vague.route == "triage"
    assert f"低于阈值 {DEFAULT_THRESHOLD:.2f}" in " ".join(vague.route_reasons)
