"""Detection and masking per kind, hard negatives, offsets and stability."""

from __future__ import annotations

import pytest

from tousu.privacy import Kind, detect, redact
from tousu.privacy.detect import normalize_width
from tousu.privacy.validators import id_card_check_digit, luhn_check_digit, luhn_ok

ID18 = "11010519491231002X"
CARD19 = "622202100012345678" + luhn_check_digit("622202100012345678")
CARD16 = "436742123456789" + luhn_check_digit("436742123456789")


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(s.kind, s.original) for s in detect(text)]


# ------------------------------------------------------------------ positives + masks
@pytest.mark.parametrize(
    ("text", "original", "masked"),
    [
        ("手机13812345678请回电", "13812345678", "138****5678"),
        ("电话 138 1234 5678。", "138 1234 5678", "138****5678"),
        ("电话138-1234-5678", "138-1234-5678", "138****5678"),
        ("call +86 138 1234 5678 now", "+86 138 1234 5678", "+86 138****5678"),
        ("联系0086 13812345678", "0086 13812345678", "+86 138****5678"),
        ("联系(+86)13812345678", "(+86)13812345678", "138****5678"),
        ("全角１３８１２３４５６７８号码", "１３８１２３４５６７８", "138****5678"),
    ],
)
def test_phone(text: str, original: str, masked: str) -> None:
    (span,) = detect(text)
    assert span.kind is Kind.PHONE
    assert span.original == original
    assert text[span.start : span.end] == original
    assert span.masked.endswith(masked)


@pytest.mark.parametrize(
    ("text", "original", "masked"),
    [
        ("座机010-62345678", "010-62345678", "010-****5678"),
        ("座机(0755)88889999", "(0755)88889999", "0755-****9999"),
        ("座机（021）6288 1234", "（021）6288 1234", "021-****1234"),
        ("座机0571-8802-3456", "0571-8802-3456", "0571-****3456"),
    ],
)
def test_landline(text: str, original: str, masked: str) -> None:
    (span,) = detect(text)
    assert (span.kind, span.original, span.masked) == (Kind.LANDLINE, original, masked)


def test_id_card_forms_and_mask() -> None:
    for text, original in [
        (f"身份证号{ID18}，", ID18),
        (f"身份证号{ID18.lower()}。", ID18.lower()),
        ("证件 110105 19491231 002X 已上传", "110105 19491231 002X"),
        (f"号码{normalize_width(ID18).translate({ord(c): ord(c) + 0xFEE0 for c in ID18})}", None),
        ("老身份证110105491231002", "110105491231002"),
    ]:
        (span,) = detect(text)
        assert span.kind is Kind.ID_CARD
        if original is not None:
            assert span.original == original
    assert redact(f"身份证{ID18}").text == "身份证110***********002X"


def test_bank_card_forms_and_mask() -> None:
    spaced = " ".join(CARD19[i : i + 4] for i in range(0, 19, 4))
    for text, original in [
        (f"卡号{CARD19}", CARD19),
        (f"卡号 {spaced} 被盗刷", spaced),
        (f"card {CARD16} charged", CARD16),
        (f"卡号{'-'.join(CARD16[i : i + 4] for i in range(0, 16, 4))}", None),
    ]:
        (span,) = detect(text)
        assert span.kind is Kind.BANK_CARD
        if original is not None:
            assert span.original == original
    masked = redact(f"卡号{CARD19}").text
    assert masked == f"卡号6222***********{CARD19[-4:]}"


def test_card_followed_by_amount_is_still_found() -> None:
    card = "622202100012345" + luhn_check_digit("622202100012345")
    spaced = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    amount = next(a for a in ("100", "200", "300") if not luhn_ok(card + a))
    spans = detect(f"卡号 {spaced} {amount} 元")
    assert [(s.kind, s.original) for s in spans] == [(Kind.BANK_CARD, spaced)]
    # If "card + amount" also passes Luhn the text is genuinely ambiguous; the longer
    # reading wins, which masks more rather than less.


def test_email_ip_plate() -> None:
    r = redact("邮箱 zhangwei88@163.com，IP 183.14.29.77 和 240e:3b7:3270:e1d0::1，车牌粤B·12345")
    assert [s.kind for s in r.spans] == [Kind.EMAIL, Kind.IP, Kind.IP, Kind.PLATE]
    assert "z***@163.com" in r.text
    assert "183.14.*.*" in r.text
    assert "240e:3b7:*" in r.text
    assert "粤B·***45" in r.text
    assert kinds("新能源车京AD12345违停") == [(Kind.PLATE, "京AD12345")]
    assert kinds("车牌沪A 8K123") == [(Kind.PLATE, "沪A 8K123")]


def test_address_keeps_admin_levels() -> None:
    text = "家住北京市朝阳区望京西路8号望京花园3栋2单元1802室，电话13812345678"
    r = redact(text)
    addr = [s for s in r.spans if s.kind is Kind.ADDRESS]
    assert [a.original for a in addr] == ["北京市朝阳区望京西路8号望京花园3栋2单元1802室"]
    assert addr[0].masked == "北京市朝阳区****"
    assert kinds("寄到广东省深圳市南山区科技园南路12号")[0] == (
        Kind.ADDRESS,
        "广东省深圳市南山区科技园南路12号",
    )
    # no administrative prefix: a named road with a house number is still an address
    assert kinds("住在中山路11号")[0] == (Kind.ADDRESS, "中山路11号")
    assert redact("住在中山路11号").text == "住在****"


@pytest.mark.parametrize(
    ("text", "name", "masked"),
    [
        ("我叫张伟，手机坏了", "张伟", "张*"),
        ("本人欧阳娜娜投诉", "欧阳娜娜", "欧阳**"),
        ("客服李娜说退款需要7天", "李娜", "李*"),
        ("联系人：王建国，电话", "王建国", "王**"),
        ("请联系张明先生", "张明", "张*"),
        ("My name is John Smith, thanks", "John Smith", "J*** S****"),
    ],
)
def test_names(text: str, name: str, masked: str) -> None:
    spans = [s for s in detect(text) if s.kind is Kind.NAME]
    assert [(s.original, s.masked) for s in spans] == [(name, masked)]


# ------------------------------------------------------------------ hard negatives
@pytest.mark.parametrize(
    "text",
    [
        "订单号2024031512345678，金额¥1380.00",
        "交易单号4200001234202403151234567890",
        "支付宝交易号2024031522001412345678901234",
        "时间2024-03-15 14:30:22，时间戳1710489600123",
        "客服热线400-820-8820，拨打95588或12315",
        "版本v3.2.1，分辨率1920x1080，金额12,345.67元",
        "号码12345678901不是手机",
        "快递单号SF1403456789012",
        "王者荣耀充值，高德地图导航，李宁专卖店",
        "我是黄金会员，王先生说周末处理",
        "我们小区3栋的电梯坏了",
        "在深圳工作，北京时间晚上，广东省消费者委员会",
        "投诉编号3201150000123456",
        "积分兑换码8812-3345-6677-9901",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert detect(text) == []


def test_invalid_checksums_not_flagged() -> None:
    bad_id = ID18[:-1] + "1"
    bad_card = CARD19[:-1] + str((int(CARD19[-1]) + 1) % 10)
    assert detect(f"身份证{bad_id}") == []
    assert detect(f"记录{bad_card}") == []
    spaced = " ".join(bad_card[i : i + 4] for i in range(0, 19, 4))
    assert detect(f"参考号 {spaced}") == []  # no partial landline/phone inside it


def test_order_number_passing_luhn_is_vetoed_by_context() -> None:
    body = "622202100012345678"
    lucky = body + luhn_check_digit(body)
    assert detect(f"订单号{lucky}") == []
    assert kinds(f"订单号123，卡号{lucky}") == [(Kind.BANK_CARD, lucky)]


def test_id_with_wrong_check_is_not_a_card_either() -> None:
    body = "41010519760106775"
    wrong = body + ("0" if id_card_check_digit(body) != "0" else "1")
    assert detect(f"系统显示{wrong}") == []


# ------------------------------------------------------------------ API properties
def test_spans_are_sorted_non_overlapping_and_index_the_original() -> None:
    text = f"我叫张伟，手机１３８１２３４５６７８，身份证{ID18}，卡{CARD19}，邮箱a@b.cn"
    spans = detect(text)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    for s in spans:
        assert text[s.start : s.end] == s.original


def test_masking_is_stable_within_a_text() -> None:
    r = redact("手机13812345678，再说一遍：138 1234 5678；还是13812345678")
    assert {s.masked for s in r.spans} == {"138****5678"}
    assert r.text.count("138****5678") == 3


def test_key_tags_disambiguate_and_are_stable() -> None:
    text = "手机13812345678，另一个13800005678，第一个再写一次138-1234-5678"
    r = redact(text, key="complaint-42-secret")
    a, b, c = (s.masked for s in r.spans)
    assert a.startswith("138****5678[") and b.startswith("138****5678[")
    assert a != b  # same plain mask, different values -> different tags
    assert a == c  # same value, different formatting -> same tag
    other = redact(text, key="complaint-43-secret")
    assert other.spans[0].masked != a  # tags do not link values across complaints


def test_redact_without_pii_is_identity() -> None:
    text = "商家拒绝退款，客服一直推诿，要求平台介入。"
    r = redact(text)
    assert r.text == text and r.spans == []


def test_kind_is_strenum() -> None:
    assert Kind.PHONE == "phone"
    assert {k.value for k in Kind} == {
        "phone", "landline", "id_card", "bank_card", "email", "ip", "plate", "address", "name",
    }  # fmt: skip
