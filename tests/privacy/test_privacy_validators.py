"""Checksum validators: the precision of the whole detector rests on these."""

from __future__ import annotations

import pytest

from tousu.privacy.validators import (
    id_card_check_digit,
    is_valid_bank_card,
    is_valid_id15,
    is_valid_id18,
    is_valid_mobile,
    luhn_check_digit,
    luhn_ok,
)


def test_gb11643_reference_example() -> None:
    # The worked example from GB 11643-1999 itself.
    assert id_card_check_digit("11010519491231002") == "X"
    assert is_valid_id18("11010519491231002X")
    assert is_valid_id18("11010519491231002x")  # lower-case x is typed often


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002Y",  # not a check character
        "110105194912310021",  # wrong check digit
        "99010519491231002X",  # no such province code
        "110105194913310029",  # month 13
        "110105219001010010",  # birth year in the future / impossible century
        "11010519491231002",  # 17 chars
    ],
)
def test_id18_rejects(value: str) -> None:
    assert not is_valid_id18(value)


def test_id15_needs_region_and_date() -> None:
    assert is_valid_id15("110105491231002")
    assert not is_valid_id15("110105491331002")  # month 13
    assert not is_valid_id15("990105491231002")  # bad region
    assert not is_valid_id15("11010549123100")  # 14 digits


def test_luhn() -> None:
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")
    assert luhn_ok("4111111111111111")
    assert luhn_check_digit("622202100012345678") + "" in "0123456789"
    assert luhn_ok("622202100012345678" + luhn_check_digit("622202100012345678"))


def test_bank_card_prefix_length_and_luhn() -> None:
    body = "622202100012345678"
    good = body + luhn_check_digit(body)
    assert is_valid_bank_card(good)
    assert not is_valid_bank_card(good[:-1] + str((int(good[-1]) + 1) % 10))
    # A date-prefixed order number is rejected by the issuer prefix even if Luhn passes.
    order = "202403151234567"
    assert not is_valid_bank_card(order + luhn_check_digit(order))
    assert not is_valid_bank_card("4111111111111")  # 13 digits: too short for our scope
    assert not is_valid_bank_card("6" * 16)


def test_mobile_segments() -> None:
    assert is_valid_mobile("13812345678")
    assert is_valid_mobile("19912345678")
    assert not is_valid_mobile("12345678901")  # 123 is not allocated
    assert not is_valid_mobile("10086000000")
    assert not is_valid_mobile("1381234567")
