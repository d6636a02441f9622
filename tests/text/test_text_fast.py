"""The fast single-text path gives the pipeline's numbers; analyze equals analyze_many."""

import numpy as np
import pytest

from tousu.text import (
    LabelledText,
    ModelConfig,
    ScenarioModel,
    analyze,
    analyze_many,
    build_default_model,
    train,
)
from tousu.text.model import ENGLISH_PROFILE
from tousu.text.normalize import normalize

TEXTS = [
    "银行卡昨晚被盗刷了三笔，卡在我身上",
    "视频会员自动续费扣了我一年的钱，要求退款",
    "孩子在直播间打赏了主播两万元",
    "快递显示签收了但我没收到",
    "There are unauthorized charges on my debit card, I did not make them",
    "the debt collector keeps calling about a debt i already paid off",
    "asdf qwer zxcv 12345",
    "",
    "ＱＱ号被盗了！！ 密码被改",
]


@pytest.mark.parametrize("classifier", ["lr", "svm+cnb"])
def test_fast_scorer_matches_the_pipeline(classifier):
    model = build_default_model(config=ModelConfig(classifier=classifier))
    docs = [normalize(t) for t in TEXTS]
    expected = model.pipeline.predict_proba(docs)
    got = np.vstack([model.proba_one(d) for d in docs])
    assert np.allclose(got, expected, atol=1e-5)


ENGLISH = [
    LabelledText("the collector called me at work about a debt", "debt_collection"),
    LabelledText("collection agency keeps calling about an old debt", "debt_collection"),
    LabelledText("my credit report shows an account that is not mine", "credit_report_error"),
    LabelledText("the bureau refuses to fix the error on my credit report", "credit_report_error"),
    LabelledText("my mortgage servicer lost my loan modification papers", "loan_dispute"),
    LabelledText("the lender added fees to my car loan without telling me", "loan_dispute"),
] * 4


@pytest.mark.parametrize("ensemble", [False, True])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_fast_calibrated_svm_head_matches_the_pipeline(ensemble, n_classes):
    # The English profile's calibrated LinearSVC is replayed by hand, not by scikit-learn.
    labels = sorted({r.label for r in ENGLISH})[:n_classes]
    config = ModelConfig(**{**ENGLISH_PROFILE, "calibration_folds": 3})
    config = ModelConfig(**{**config.__dict__, "calibration_ensemble": ensemble})
    model = train([r for r in ENGLISH if r.label in labels], config=config, include_catalog=False)
    assert model.scorer.calibrated is not None
    docs = [normalize(t) for t in TEXTS]
    expected = model.pipeline.predict_proba(docs)
    got = np.vstack([model.proba_one(d) for d in docs])
    assert np.allclose(got, expected, atol=1e-6)


def test_single_call_equals_batch(tmp_path):
    model = ScenarioModel.load(build_default_model().save(tmp_path / "m.joblib"))
    industries = ["bank", None, "games", "ecommerce", "bank", None, None, None, "games"]
    amounts = [3000, None, 20000, 50, 100, None, None, None, 80000]
    batch = analyze_many(TEXTS, industries, amounts, model=model)
    single = [
        analyze(t, i, a, model=model) for t, i, a in zip(TEXTS, industries, amounts, strict=True)
    ]
    assert batch == single


def test_english_only_training_without_catalog_works():
    records = [
        LabelledText("the collector called me at work about a debt", "debt_collection"),
        LabelledText("collection agency keeps calling about an old debt", "debt_collection"),
        LabelledText("my credit report shows an account that is not mine", "credit_report_error"),
        LabelledText(
            "the bureau refuses to fix the error on my credit report", "credit_report_error"
        ),
    ] * 3
    model = train(records, config=ModelConfig(**ENGLISH_PROFILE), include_catalog=False)
    assert set(model.classes) == {"debt_collection", "credit_report_error"}
    assert analyze("wrong account on my credit report", model=model).scenario == (
        "credit_report_error"
    )
