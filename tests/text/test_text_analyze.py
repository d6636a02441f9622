"""What users rely on: emergencies reach a human, unclear texts reach triage, routes explain."""

from decimal import Decimal

import pytest

from tousu.text import ROUTES, analyze, analyze_many, build_default_model


@pytest.fixture(scope="module")
def model():
    return build_default_model()


def test_obvious_unauthorized_transaction_is_an_emergency(model):
    result = analyze(
        "我的银行卡昨晚被盗刷了三笔共八千元，卡一直在我身上，现在还在扣款！",
        merchant_industry="bank",
        model=model,
    )
    assert result.scenario == "unauthorized_transaction"
    assert result.emergency
    assert result.route == "emergency"
    assert result.emergency_reasons and result.route_reasons


def test_impersonated_customer_service_asking_for_code_is_an_emergency(model):
    result = analyze("有人自称平台客服说要给我退款，让我开屏幕共享并把验证码告诉他", model=model)
    assert result.emergency and result.route == "emergency"


def test_english_fraud_is_an_emergency(model):
    result = analyze(
        "There are unauthorized charges on my debit card, I did not make them", model=model
    )
    assert result.emergency and result.route == "emergency"


def test_garbage_text_goes_to_triage_not_a_guess(model):
    result = analyze("asdf qwer zxcv 12345", model=model)
    assert result.route == "triage"
    assert not result.emergency
    assert any("置信度" in r or "triage" in r for r in result.route_reasons)


def test_confident_common_scenario_takes_the_automated_path(model):
    result = analyze("视频会员到期自动续费扣了我一年的钱，续费前没有提醒，要求退款", model=model)
    assert result.scenario == "auto_renewal"
    assert result.route == "auto"


def test_high_amount_goes_to_an_expert(model):
    result = analyze(
        "视频会员到期自动续费扣了我一年的钱，续费前没有提醒，要求退款",
        amount=Decimal("80000"),
        model=model,
    )
    assert result.route == "expert"
    assert any("金额" in r for r in result.route_reasons)


def test_minor_spending_in_games_is_recognised(model):
    result = analyze("我儿子十岁，偷偷用我的手机在游戏里充值了三千多", "games", model=model)
    assert result.scenario == "minor_spending"


def test_batch_matches_single_calls_and_validates_industry(model):
    texts = ["孩子在直播间打赏了主播两万元", "快递显示签收了但我没收到"]
    batch = analyze_many(texts, model=model)
    assert [a.scenario for a in batch] == [analyze(t, model=model).scenario for t in texts]
    assert all(a.route in ROUTES and len(a.top_k) == 3 for a in batch)
    with pytest.raises(ValueError, match="industry"):
        analyze("退款", merchant_industry="casino", model=model)
