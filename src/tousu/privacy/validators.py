"""Checksum and plausibility validators for Chinese personal identifiers.

Regexes alone flag every 18-digit order number as an ID card and every 16-digit
transaction id as a bank card. These validators are what keeps precision high: a
candidate is only reported when its check digit (GB 11643-1999 for 身份证, Luhn for
bank cards) and its embedded structure (region code, birth date, issuer prefix) agree.
"""

from __future__ import annotations

import datetime as _dt

__all__ = [
    "PROVINCE_CODES",
    "id_card_check_digit",
    "is_valid_bank_card",
    "is_valid_id15",
    "is_valid_id18",
    "is_valid_mobile",
    "luhn_check_digit",
    "luhn_ok",
]

#: First two digits of a 身份证 (GB/T 2260 province-level codes; 71 台湾, 81/82 港澳,
#: 83 for residence permits of Taiwan residents). Anything else is not an ID number.
_PROVINCES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83"
)
PROVINCE_CODES: frozenset[str] = frozenset(_PROVINCES.split())

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

#: Mainland mobile number segments (first three digits) in use by the carriers and MVNOs.
#: Using the allocation table instead of ``1[3-9]\d`` keeps 11-digit ids like 12x/10x out.
_MOBILE_PREFIXES: frozenset[str] = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + [f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in range(9)]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)]
)

#: Leading digits of card numbers issued to consumers in China: UnionPay (62, and the
#: pre-UnionPay domestic 9xxx ranges such as 9558/95599), Visa (4), Mastercard (51-55,
#: 2221-2720), Amex (34/37), JCB (35). Order and transaction ids usually start with a
#: year ("20…") and are rejected here before Luhn gets a chance to accept one by luck.
_CARD_PREFIXES: tuple[str, ...] = (
    "62", "60", "4", "51", "52", "53", "54", "55", "34", "37", "35", "95", "81", "2221", "2222", "2223", "2224", "2225", "2226", "2227", "2228",
    "2229", "223", "224", "225", "226", "227", "228", "229", "23", "24", "25", "26",
    "270", "271", "2720",
)  # fmt: skip


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        d = _dt.date(year, month, day)
    except ValueError:
        return False
    return _dt.date(1900, 1, 1) <= d <= _dt.date.today()


def id_card_check_digit(first17: str) -> str:
    """Return the GB 11643-1999 check character ('0'-'9' or 'X') for 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id18(value: str) -> bool:
    """True for an 18-character 身份证 number with valid region, birth date and check digit."""
    v = value.upper()
    if len(v) != 18 or not v[:17].isascii() or not v[:17].isdigit():
        return False
    if v[:2] not in PROVINCE_CODES:
        return False
    if not _valid_date(int(v[6:10]), int(v[10:12]), int(v[12:14])):
        return False
    return id_card_check_digit(v[:17]) == v[17]


def is_valid_id15(value: str) -> bool:
    """True for a legacy 15-digit 身份证 (issued before 1999): region + 19YYMMDD birth date.

    The 15-digit format has no check digit, so the region code and date are all we
    can verify; callers should treat it as weaker evidence than an 18-digit match.
    """
    if len(value) != 15 or not value.isascii() or not value.isdigit():
        return False
    if value[:2] not in PROVINCE_CODES:
        return False
    return _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check over an ASCII digit string."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = ord(c) - 48
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """Check digit that makes ``payload + digit`` pass Luhn (used by the test-set generator)."""
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d
    raise AssertionError("unreachable")  # pragma: no cover


def is_valid_bank_card(digits: str) -> bool:
    """16-19 digits, a consumer-card issuer prefix and length, and a passing Luhn check."""
    if not 16 <= len(digits) <= 19 or not digits.isascii() or not digits.isdigit():
        return False
    if not digits.startswith(_CARD_PREFIXES):
        return False
    if digits[0] in "245" and len(digits) != 16:
        return False  # Visa/Mastercard numbers issued in China are 16 digits
    if len(set(digits)) == 1:
        return False
    return luhn_ok(digits)


def is_valid_mobile(digits: str) -> bool:
    """11-digit mainland mobile number in an allocated 1xx segment."""
    return (
        len(digits) == 11
        and digits.isascii()
        and digits.isdigit()
        and digits[:3] in _MOBILE_PREFIXES
    )
