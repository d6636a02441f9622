"""Detect and mask personal data in Chinese and English complaint text.

Design notes (why it looks like this):

* **Length-preserving normalisation.** Users type full-width digits (１３８…), full-width
  ``＠`` and odd dashes. We map those 1:1 onto ASCII in a working copy, so every regex
  runs on one alphabet while span offsets still point into the caller's original text.
* **Layers, strongest evidence first.** E-mails and IPs are matched first, then digit
  runs are classified (ID card > bank card > mobile > landline, each checksum- or
  allocation-validated), then plates, addresses and names. Each layer blanks what it
  found in the working copy, so a later, fuzzier layer (an address that runs on into a
  phone number) cannot swallow or split a stronger match.
* **Digit runs, not one regex per kind.** A run of digit groups ("6222 0212 3456 7890
  100") is split at its separators and every contiguous slice of groups is tried
  against the validators. That finds a card followed by an amount, an ID written 6-8-4
  and a phone written 3-4-4 with one piece of code, and rejects what fails checksums.
* **Context vetoes.** A number right after 订单号/流水号/交易单号/order no. is an
  identifier of a transaction, not of a person, even if it happens to pass Luhn.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from . import _gazetteer as gz
from .validators import (
    id_card_check_digit,
    is_valid_bank_card,
    is_valid_id15,
    is_valid_id18,
    is_valid_mobile,
)

__all__ = ["Kind", "Redaction", "Span", "detect", "normalize_width", "redact"]


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated word list (keeps long data lists readable)."""
    return tuple(text.split())


class Kind(StrEnum):
    """Kinds of personal data the detector reports."""

    PHONE = "phone"
    LANDLINE = "landline"
    ID_CARD = "id_card"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    IP = "ip"
    PLATE = "plate"
    ADDRESS = "address"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Span:
    """One detected item: ``text[start:end] == original``; ``masked`` replaces it."""

    start: int
    end: int
    kind: Kind
    original: str
    masked: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """Result of :func:`redact`: the masked text and the spans that were replaced."""

    text: str
    spans: list[Span]


# --------------------------------------------------------------------------- normalise

_WIDTH_MAP: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_MAP.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0x2010: 0x2D,  # hyphen
        0x2011: 0x2D,
        0x2012: 0x2D,
        0x2013: 0x2D,  # en dash
        0x2014: 0x2D,  # em dash
        0x2212: 0x2D,  # minus
        0xFE63: 0x2D,
    }
)


_NEEDS_WIDTH_MAP = re.compile("[" + "".join(re.escape(chr(c)) for c in _WIDTH_MAP) + "]")


def normalize_width(text: str) -> str:
    """Map full-width ASCII, odd spaces and dashes to ASCII, one code point for one.

    Unlike NFKC this never changes the length, so offsets stay valid for the original.
    ``str.translate`` with a dict is slow, so texts that need no mapping skip it.
    """
    if _NEEDS_WIDTH_MAP.search(text) is None:
        return text
    return text.translate(_WIDTH_MAP)


# --------------------------------------------------------------------------- masks

_BLANK = "\x00"


def _stars(n: int) -> str:
    return "*" * max(n, 0)


def mask_phone(digits: str, prefix: str = "") -> str:
    """``13812345678`` -> ``138****5678``: carrier segment and last four stay for staff."""
    return f"{prefix}{digits[:3]}****{digits[-4:]}"


def mask_landline(area: str, number: str) -> str:
    """``010-12345678`` -> ``010-****5678``: the area code says where, not who."""
    return f"{area}-{_stars(len(number) - 4)}{number[-4:]}"


def mask_id_card(value: str) -> str:
    """First 3 and last 4 kept (``110***********1234``), the usual Chinese display form."""
    return f"{value[:3]}{_stars(len(value) - 7)}{value[-4:]}"


def mask_bank_card(digits: str) -> str:
    """Issuer prefix (4) and last 4 kept, so staff can tell 'which card' without the number."""
    return f"{digits[:4]}{_stars(len(digits) - 8)}{digits[-4:]}"


def mask_email(value: str) -> str:
    """``zhangwei@example.com`` -> ``z***@example.com``; the domain tells the provider."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_ip(value: str) -> str:
    """Keep the network part: ``1.2.*.*`` or the first two IPv6 groups."""
    if ":" in value:
        groups = value.split(":")
        return ":".join(groups[:2]) + ":*"
    a, b, _c, _d = value.split(".")
    return f"{a}.{b}.*.*"


def mask_plate(province: str, letter: str, sep: str, tail: str) -> str:
    """``粤B·12345`` -> ``粤B·***45``: the issuing city stays, the vehicle does not."""
    return f"{province}{letter}{sep}{_stars(len(tail) - 2)}{tail[-2:]}"


def mask_address(keep: str) -> str:
    """Keep province/city/district (``keep``) and hide the rest behind a fixed mask.

    The mask has a fixed length so that it does not leak how long the street part was.
    """
    return f"{keep}****"


def mask_name(value: str, surname_len: int) -> str:
    """``张伟`` -> ``张*``, ``欧阳娜娜`` -> ``欧阳**``, ``John Smith`` -> ``J*** S****``."""
    if value.isascii():
        return " ".join(w[:1] + _stars(len(w) - 1) for w in value.split())
    return value[:surname_len] + _stars(len(value) - surname_len)


# --------------------------------------------------------------------------- candidates


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: Kind
    masked: str


class _Work:
    """The normalised working copy plus the list of accepted spans (layers blank them)."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.norm = normalize_width(text)
        self.found: list[_Cand] = []

    def accept(self, cands: Iterable[_Cand]) -> None:
        cands = list(cands)
        if not cands:
            return
        chars = list(self.norm)
        for c in cands:
            self.found.append(c)
            chars[c.start : c.end] = _BLANK * (c.end - c.start)
        self.norm = "".join(chars)


# --------------------------------------------------------------------------- e-mail / IP

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
_IPV4_RE = re.compile(
    r"(?<![0-9.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![0-9]|\.[0-9])"
)
_IPV6_RE = re.compile(
    r"(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])"
)


def _emails(w: _Work) -> list[_Cand]:
    out = []
    for m in _EMAIL_RE.finditer(w.norm):
        out.append(_Cand(m.start(), m.end(), Kind.EMAIL, mask_email(m.group())))
    return out


def _ips(w: _Work) -> list[_Cand]:
    out = []
    for m in _IPV4_RE.finditer(w.norm):
        value = m.group()
        # "1.0.0.1" style version numbers are rare; "0.x" and dotted dates are not IPs.
        if value.startswith("0."):
            continue
        out.append(_Cand(m.start(), m.end(), Kind.IP, mask_ip(value)))
    for m in _IPV6_RE.finditer(w.norm):
        value = m.group()
        if value.count(":") < 2 or ("::" not in value and value.count(":") != 7):
            continue
        if not re.search(r"[0-9A-Fa-f]{3}", value):
            continue  # "12:30:45" style times never reach here, "a::b" noise stops here
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        out.append(_Cand(m.start(), m.end(), Kind.IP, mask_ip(value)))
    return out


# --------------------------------------------------------------------------- digit runs

_RUN_RE = re.compile(r"(?<![0-9A-Za-z])\d+(?:(?: ?- ?| )\d+)*[Xx]?(?![0-9A-Za-z])")
_GROUP_RE = re.compile(r"\d+[Xx]?")

#: Words right before a number that mark it as a transaction/object identifier.
_NEG_CUES = (
    "订单", "单号", "流水", "交易号", "编号", "工单", "运单", "快递", "合同号", "批次", "序列号",
    "序号", "发票", "凭证", "批号", "账单号", "商户号", "终端号", "参考号", "券码", "兑换码",
    "验证码", "金额", "条码", "编码", "型号", "版本", "案号", "ref", "order", "txn", "transaction",
    "tracking", "invoice", "serial", "ticket", "case no", "reference",
)  # fmt: skip
#: Words that say the number belongs to a person (they override a farther negative cue).
_POS_CUES = (
    "手机", "电话", "联系", "致电", "拨打", "来电", "号码", "卡号", "银行卡", "信用卡", "储蓄卡",
    "身份证", "证件", "尾号", "phone", "mobile", "tel", "card", "call",
)  # fmt: skip


def _vetoed(norm: str, start: int) -> bool:
    """True if the closest cue in the 12 chars before ``start`` says 'transaction id'."""
    window = norm[max(0, start - 12) : start].lower()
    neg = max((window.rfind(c) + len(c) for c in _NEG_CUES if c in window), default=-1)
    if neg < 0:
        return False
    pos = max((window.rfind(c) + len(c) for c in _POS_CUES if c in window), default=-1)
    return neg > pos


_AREA3 = frozenset(["010"] + [f"02{d}" for d in range(10)])

# Rank of each numeric interpretation when two overlap: stronger validation wins.
_RANK = {Kind.ID_CARD: 0, Kind.BANK_CARD: 1, Kind.PHONE: 2, Kind.LANDLINE: 3}


def _looks_like_id(digits: str) -> bool:
    """An 18-digit number with an ID's region and birth date is a (mistyped) ID, not a card."""
    return len(digits) == 18 and is_valid_id18(digits[:17] + id_card_check_digit(digits[:17]))


def _card_shaped(groups: list[str]) -> bool:
    """'6222 0212 3456 7890 (123)': written in fours, so it is one number, not several."""
    return len(groups) >= 3 and all(len(g) == 4 for g in groups[:-1]) and len(groups[-1]) <= 4


def _classify(groups: list[str]) -> tuple[Kind, str] | None:
    """Classify the concatenation of digit groups as one numeric kind, or None."""
    digits = "".join(groups)
    n = len(digits)
    has_x = digits[-1] in "Xx"
    if n == 18 and is_valid_id18(digits):
        return Kind.ID_CARD, mask_id_card(digits.upper())
    if has_x:
        return None
    if 16 <= n <= 19 and is_valid_bank_card(digits) and not _looks_like_id(digits):
        return Kind.BANK_CARD, mask_bank_card(digits)
    if n == 11 and is_valid_mobile(digits):
        return Kind.PHONE, mask_phone(digits)
    if n in (13, 15) and digits.startswith(("86", "0086")):
        rest = digits[2:] if n == 13 else digits[4:]
        prefix_ok = len(groups) == 1 or groups[0] in ("86", "0086")
        if len(rest) == 11 and is_valid_mobile(rest) and prefix_ok:
            return Kind.PHONE, mask_phone(rest, "+86 ")
    if n == 15 and is_valid_id15(digits):
        return Kind.ID_CARD, mask_id_card(digits)
    if digits[0] == "0" and 10 <= n <= 12:
        area = digits[:3] if digits[:3] in _AREA3 else digits[:4]
        if area[1] == "0" and area != "010":
            return None
        number = digits[len(area) :]
        if len(groups) > 1 and len(groups[0]) != len(area):
            return None  # "0755 88889999" ok; "07 5588889999" is not how people write it
        if len(number) in (7, 8) and number[0] in "23456789":
            if len(area) == 3 and len(number) != 8:
                return None
            return Kind.LANDLINE, mask_landline(area, number)
    return None


def _numbers(w: _Work) -> list[_Cand]:
    norm = w.norm
    out: list[_Cand] = []
    for m in _RUN_RE.finditer(norm):
        groups = [(g.start(), g.end(), g.group()) for g in _GROUP_RE.finditer(m.group())]
        base = m.start()
        options: list[tuple[int, int, int, Kind, str]] = []
        whole_only = _card_shaped([g[2] for g in groups])
        for i in range(len(groups)):
            if whole_only and i > 0:
                break
            total = 0
            for j in range(i, len(groups)):
                total += len(groups[j][2].rstrip("Xx")) + (groups[j][2][-1:] in "Xx")
                if total > 19:
                    break
                if j < len(groups) - 1 and groups[j][2][-1] in "Xx":
                    break
                if whole_only and j < len(groups) - 2:
                    continue  # whole run, or whole run minus a trailing amount/suffix
                res = _classify([g[2] for g in groups[i : j + 1]])
                if res is None:
                    continue
                kind, masked = res
                s, e = base + groups[i][0], base + groups[j][1]
                options.append((_RANK[kind], -(e - s), s, kind, masked))
        taken: list[tuple[int, int]] = []
        for _rank, neg_len, s, kind, masked in sorted(options):
            e = s - neg_len
            if any(s < te and ts < e for ts, te in taken):
                continue
            if _vetoed(norm, s):
                continue
            taken.append((s, e))
            if kind is Kind.PHONE:
                s = _extend_phone_prefix(norm, s)
            out.append(_Cand(s, e, kind, masked))
    out.extend(_paren_landlines(norm, out))
    return out


_PHONE_PREFIX_RE = re.compile(r"(?:\+86|\(\+?86\)|\+)[ -]?$")


def _extend_phone_prefix(norm: str, start: int) -> int:
    """Include a '+', '+86 ' or '(+86)' written just before the number in the span."""
    m = _PHONE_PREFIX_RE.search(norm, max(0, start - 7), start)
    return m.start() if m else start


_PAREN_LANDLINE_RE = re.compile(r"[(（](0\d{2,3})[)）] ?([2-9]\d{2,3})[ -]?(\d{4})(?![0-9])")


def _paren_landlines(norm: str, already: list[_Cand]) -> list[_Cand]:
    out = []
    for m in _PAREN_LANDLINE_RE.finditer(norm):
        area, number = m.group(1), m.group(2) + m.group(3)
        if len(number) not in (7, 8) or (area in _AREA3) != (len(area) == 3):
            continue
        if any(m.start() < c.end and c.start < m.end() for c in already):
            continue
        out.append(_Cand(m.start(), m.end(), Kind.LANDLINE, mask_landline(area, number)))
    # The bare number after "(010)" may already have been taken as a landline by the run
    # pass only if it stood alone; overlapping run results are dropped by the caller.
    return out


# --------------------------------------------------------------------------- plates

_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_RE = re.compile(
    rf"([{_PLATE_PROVINCES}])([A-HJ-NP-Za-hj-np-z])([·•・.\- ]?)"
    r"([A-HJ-NP-Za-hj-np-z0-9]{5,6})(?:([挂学警港澳])|(?![0-9A-Za-z]))"
)


def _plates(w: _Work) -> list[_Cand]:
    out = []
    for m in _PLATE_RE.finditer(w.norm):
        province, letter, sep, tail = m.group(1), m.group(2).upper(), m.group(3), m.group(4)
        tail = tail.upper()
        if "I" in tail or "O" in tail:
            continue
        if m.group(5):
            if len(tail) != 4 + 1:
                continue
            tail = tail + m.group(5)
        digits = sum(c.isdigit() for c in tail)
        if len(tail) == 6 and not m.group(5):
            # New-energy: D/F + letter-or-digit + 4 digits, or 5 digits + D/F.
            ok = (tail[0] in "DF" and tail[2:].isdigit()) or (
                tail[:5].isdigit() and tail[5] in "DF"
            )
            if not ok:
                continue
        elif digits < 3:
            continue
        out.append(_Cand(m.start(), m.end(), Kind.PLATE, mask_plate(province, letter, sep, tail)))
    return out


# --------------------------------------------------------------------------- addresses

# Characters that cannot be part of a place name; they also mark where one may begin.
_STOP = (
    "我你他她它们的在住是了与及或到从于给把被对为也都就还又很请已要想能说这那哪"
    "个些每各其此该址寄送收位处即而但且如因所以诉找去往至搬叫称称被让使用买卖退款投"
    "，。、；：！？“”‘’（）《》【】,.;:!?()[]\"' \t\n\r" + _BLANK
)
_NAMECH = rf"[^{re.escape(_STOP)}0-9A-Za-z\-#/]"
_CN_NUM = "一二三四五六七八九十百零两"

# "北京路", "中山东路", "江西大街": a place name used as a road name is not an admin level.
_NOT_ROAD = r"(?![东西南北中]?(?:路|街|大道|大街|巷|道|[一二三四五六七八九十]路))"
_PROV_ALT = "|".join(
    f"{short}(?:{'|'.join(sfx)}|{_NOT_ROAD})"
    for short, sfx in sorted(gz.PROVINCES, key=lambda p: -len(p[0]))
)


def _trie_regex(words: Iterable[str]) -> str:
    """Alternation of ``words`` as a prefix trie, longest match first.

    Python's ``re`` tries a flat 300-way alternation branch by branch at every position;
    a trie shares prefixes, which made the address layer several times faster.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + build(trie) + ")"


_CITY_ALT = _trie_regex(gz.CITIES)
_DIST_ALT = _trie_regex(gz.DISTRICTS)

_ADMIN_PAT = rf"""
    (?P<admin>
        (?P<prov>{_PROV_ALT})?
        (?P<city>(?:{_CITY_ALT})(?:市|(?![区县]){_NOT_ROAD})
           |(?(prov){_NAMECH}{{2,4}}?(?:市|自治州|地区|盟)|(?!)))?
        (?P<dist>(?:{_DIST_ALT})区
           |(?(prov){_NAMECH}{{1,5}}?(?:区|县|旗|市)
           |(?(city){_NAMECH}{{1,5}}?(?:区|县|旗|市)|(?!))))?
    )
"""
# Estate names may contain Latin letters ("SOHO现代城"); road names in practice do not.
_ESTATE_CH = rf"(?:{_NAMECH}|[A-Za-z])"
_BLDG_NO = rf"(?:[A-Z]?\d{{1,3}}|[{_CN_NUM}]{{1,3}}|[A-Z])"
_DETAIL_PAT = rf"""
    (?P<detail>
        (?:{_NAMECH}{{1,6}}?(?:镇|乡|街道))?
        (?:{_NAMECH}{{1,8}}?(?:大道|大街|路|街|巷|胡同|道)(?:[东西南北中]?[{_CN_NUM}\d]*段)?
           (?:\d{{1,5}}(?:-\d{{1,4}})?[号弄](?:院)?)?)?
        (?:{_ESTATE_CH}{{2,10}}?
             (?:小区|花园|公寓|大厦|家园|新村|广场|中心|大楼|社区|苑|村|府|城|庭|园|里|湾|座)
             (?=[\d{_CN_NUM}A-Z]|$|[^\u4e00-\u9fff])
          |{_ESTATE_CH}{{2,10}}?(?={_BLDG_NO}(?:号楼|栋|幢|座|单元)))?
        (?:{_BLDG_NO}(?:号楼|栋|幢|座|期|区))*
        (?:(?:\d{{1,3}}|[{_CN_NUM}]{{1,3}})单元)?
        (?:\d{{1,3}}(?:层|楼))?
        (?:\d{{1,5}}(?:室|房|号房|号)|(?<=[元座栋幢楼])\d{{3,4}}(?![0-9]))?
    )
"""
_ADDR_RE = re.compile(_ADMIN_PAT + _DETAIL_PAT, re.VERBOSE)
#: The same street detail without an administrative prefix, for the retry in _addresses.
_DETAIL_ONLY_RE = re.compile(_DETAIL_PAT, re.VERBOSE)

# Where a district-less, city-less address may start: after a stop char or at a boundary.
_ADDR_START_OK = re.compile(rf"[{re.escape(_STOP)}]|[^\u4e00-\u9fff0-9A-Za-z]")
_DETAIL_STRONG = re.compile(
    r"\d+(?:-\d+)?[号弄]|[号栋幢座室房]|单元|(?:小区|花园|公寓|大厦|家园|新村)"
)


# Without an administrative prefix, a street detail must start with a named road (with a
# house number) or a named estate followed by a building; "3栋1802室" alone is too weak.
_NOADMIN_OK = re.compile(
    r"(?:[^\d\s]{1,8}?(?:镇|乡|街道))?"
    r"(?:[^\d\s]{1,8}?(?:大道|大街|路|街|巷|胡同|道)\S*?\d{1,5}(?:-\d{1,4})?[号弄]"
    r"|(?!(?:小区|社区|园区|校区|厂区|宿舍|公司|单位|大楼)[\dA-Z一二三四五六七八九十])"
    r"[^\d\s]{2,10}?(?:[A-Z]?\d{1,3}|[一二三四五六七八九十]{1,3}|[A-Z])(?:号楼|栋|幢|座|单元))"
)


#: Every address we accept contains one of these; texts without any skip the layer.
_ADDR_MARKER = re.compile(r"[号栋幢室房弄]|单元|小区|花园|公寓|大厦|家园|新村")
#: First characters of gazetteer entries: the only places an admin-prefixed address starts.
_GAZ_FIRST = frozenset(
    [p[0][0] for p in gz.PROVINCES] + [c[0] for c in gz.CITIES] + [d[0] for d in gz.DISTRICTS]
)


def _addresses(w: _Work) -> list[_Cand]:
    """Addresses, tried only at plausible starts (a gazetteer name or a clean boundary).

    Trying the big regex at every character was the detector's main cost; anchored
    matches at candidate starts give the same result several times faster.
    """
    norm = w.norm
    if not _ADDR_MARKER.search(norm):
        return []
    out: list[_Cand] = []
    s = 0
    n = len(norm)
    while s < n:
        ch = norm[s]
        clean_start = s == 0 or bool(_ADDR_START_OK.match(norm[s - 1]))
        if not (ch in _GAZ_FIRST or (clean_start and "\u4e00" <= ch <= "\u9fff")):
            s += 1
            continue
        m = _ADDR_RE.match(norm, s)
        e = m.end() if m else s
        if e == s:
            s += 1
            continue
        detail = m.group("detail")
        admin = m.group("admin")
        ok = bool(detail) and bool(_DETAIL_STRONG.search(detail))
        if ok and not admin:
            # No gazetteer anchor: only accept at a clean boundary, and only a named road
            # with a house number or a named estate with a building.
            ok = clean_start and bool(_NOADMIN_OK.match(detail))
        if not ok and admin and clean_start:
            # "中山路11号": the admin reading ("中山" city) failed; retry as a bare street.
            m2 = _DETAIL_ONLY_RE.match(norm, s)
            if m2 and m2.end() > s and _NOADMIN_OK.match(m2.group()):
                e, admin, ok = m2.end(), "", True
        if not ok:
            s += 1
            continue
        out.append(_Cand(s, e, Kind.ADDRESS, mask_address(w.original[s : s + len(admin)])))
        s = e
    return out


# --------------------------------------------------------------------------- names

_SURNAME_ALT = "|".join(gz.COMPOUND_SURNAMES) + "|[" + "".join(sorted(gz.SURNAMES)) + "]"
_NAME_STOP = set(_STOP) | set(
    "今年岁日号说讲称表示告诉问答拒绝没不未再又先后曾将在来去打电话办理"
    "多次总竟居却便以拿带能该发寄收送催骗威胁骂拒要否"
    "帮助联系处理负提供回复核反馈客服经女士姐老师傅之二三四五六七八九十"
)

# Strong cues: what follows is a name with high probability, so any plausible character
# may be a given-name character. Weak cues need given-name characters from the list.
_STRONG_CUES = (
    r"我叫|名叫|叫做|姓名(?:是|为)?[:：]?\s*|名字(?:是|叫)[:：]?\s*|本人(?:姓名)?(?:是)?[:：]?\s*"
    r"|联系人(?:是)?[:：]?\s*|收件人[:：]?\s*|收货人[:：]?\s*|持卡人[:：]?\s*|户名[:：]?\s*"
    r"|开户人[:：]?\s*|借款人[:：]?\s*|申请人[:：]?\s*|投诉人[:：]?\s*|委托人[:：]?\s*"
    r"|当事人[:：]?\s*|被投诉人[:：]?\s*|紧急联系人[:：]?\s*|法定代表人[:：]?\s*"
    r"|[Rr]ecipient:?\s*|[Nn]ame:\s*|[Cc]ontact:\s*"
    r"|抬头[:：]?\s*|签收人[:：]?\s*|寄件人[:：]?\s*|乘客[:：]?\s*|患者[:：]?\s*"
)
_WEAK_CUES = (
    r"我是|客服(?:人员|专员|代表|经理|主管)?|工作人员|业务员|催收员|催收人员|销售(?:人员|经理)?"
    r"|快递员|骑手|店长|经理|主管|律师|专员|员工|同事|朋友|丈夫|妻子|老公|老婆|儿子|女儿|父亲|母亲"
    r"|中介|房东|司机|老板|店员|导购|医生|护士|老师|车主|业主|租客|代理人|担保人"
    r"|姓名|是|由|和|与|跟|给|找|叫|让|向"
)
_TITLES = r"先生|女士|小姐|经理|老师|师傅|律师|医生|主管|总监|警官|同学|阿姨|大爷|专员"

_NAME_AFTER_CUE_RE = re.compile(rf"(?P<cue>{_STRONG_CUES}|{_WEAK_CUES})(?P<sur>{_SURNAME_ALT})")
_NAME_BEFORE_TITLE_RE = re.compile(
    rf"(?P<sur>{_SURNAME_ALT})(?P<given>[\u4e00-\u9fff]{{1,2}})(?={_TITLES})"
)
_STRONG_CUE_RE = re.compile(rf"(?:{_STRONG_CUES})$")
_EN_NAME_RE = re.compile(
    r"(?:\b(?:[Mm]y name is|[Nn]ame:|[Nn]ame is|I am|I'm|[Tt]his is|[Cc]ontact(?: person)?:?"
    r"|[Aa]gent|[Rr]epresentative|[Cc]ardholder:?)[ \t]+"
    r"(?P<full>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}))"
    r"|(?:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+(?P<title>[A-Z][a-z]+(?: [A-Z][a-z]+)?))"
)
_EN_NOT_NAME = frozenset(
    _words(
        """
    The A An I It This That My Your Our Their We They You He She Very So Not Just Still Also
    Writing Calling Here Sorry Unable Trying Going Being Having Told Asked Please Thank Thanks
    Customer Service Support Bank Card Account Sir Madam Dear Hello Hi From To
    """
    )
)


def _given(norm: str, pos: int, strong: bool) -> int:
    """Number of given-name characters (0-2) starting at ``pos``."""
    n = 0
    while n < 2 and pos + n < len(norm):
        ch = norm[pos + n]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in _NAME_STOP:
            break
        if not strong and ch not in gz.GIVEN_NAME_CHARS:
            break
        n += 1
    return n


def _names_rule(w: _Work) -> list[_Cand]:
    norm = w.norm
    out: list[_Cand] = []
    seen: list[tuple[int, int]] = []

    def add(s: int, e: int, surname_len: int) -> None:
        if any(s < te and ts < e for ts, te in seen):
            return
        seen.append((s, e))
        out.append(_Cand(s, e, Kind.NAME, mask_name(w.original[s:e], surname_len)))

    for m in _NAME_AFTER_CUE_RE.finditer(norm):
        strong = bool(_STRONG_CUE_RE.search(m.group("cue")))
        sur = m.group("sur")
        s = m.start("sur")
        n = _given(norm, m.end("sur"), strong)
        if n == 0:
            continue
        if not strong:
            # weak cue: the name must end at a boundary or be followed by a stop/title
            nxt = norm[m.end("sur") + n : m.end("sur") + n + 1]
            if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in _NAME_STOP:
                continue
            # bare-verb cues are the weakest: require a three-character name or a title
            bare = m.group("cue") in ("是", "由", "和", "与", "跟", "给", "找", "叫", "让", "向")
            if bare and n < 2 and not re.match(_TITLES, norm[m.end("sur") + n :]):
                continue
        add(s, m.end("sur") + n, len(sur))
    for m in _NAME_BEFORE_TITLE_RE.finditer(norm):
        s = m.start()
        given = m.group("given")
        if any(ch in _NAME_STOP for ch in given):
            continue  # "王先生" (surname only) is not identifying
        if len(given) == 2 and given[1] not in gz.GIVEN_NAME_CHARS:
            continue
        # A non-stop CJK char right before the surname means we are probably mid-word
        # ("中介王伟经理" is caught by the cue pass; "充值王者…" must not start a name).
        mid_word = s > 0 and "\u4e00" <= norm[s - 1] <= "\u9fff" and norm[s - 1] not in _NAME_STOP
        if mid_word and not any(norm.endswith(c, 0, s) for c in ("客服", "联系", "工作人员")):
            continue
        add(s, m.end(), len(m.group("sur")))
    for m in _EN_NAME_RE.finditer(norm):
        group = "full" if m.group("full") else "title"
        words = m.group(group).split()
        while words and words[-1] in _EN_NOT_NAME:
            words.pop()
        if not words or words[0] in _EN_NOT_NAME:
            continue
        # "I am Kevin" is too weak; "I am Kevin Lin" is a name.
        loose = m.group(0).startswith(("I am", "I'm", "This", "this"))
        if group == "full" and loose and len(words) < 2:
            continue
        s = m.start(group)
        e = s + len(" ".join(words))
        add(s, e, 0)
    return out


def _names_jieba(w: _Work) -> list[_Cand]:
    """Names as tagged ``nr`` by jieba's POS tagger (optional dependency, for comparison)."""
    import jieba.posseg as pseg  # noqa: PLC0415 - optional, slow to import

    out: list[_Cand] = []
    pos = 0
    for token in pseg.cut(w.norm):
        word, flag = token.word, token.flag
        start = w.norm.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        if flag == "nr" and len(word) >= 2 and _BLANK not in word:
            sur = 2 if word[:2] in gz.COMPOUND_SURNAMES else 1
            out.append(_Cand(start, pos, Kind.NAME, mask_name(w.original[start:pos], sur)))
    return out


_NAME_DETECTORS: dict[str, Callable[[_Work], list[_Cand]]] = {
    "rule": _names_rule,
    "jieba": _names_jieba,
}


# --------------------------------------------------------------------------- public API


def _run(text: str, names: str) -> list[_Cand]:
    w = _Work(text)
    w.accept(_emails(w))
    w.accept(_ips(w))
    w.accept(_numbers(w))
    w.accept(_plates(w))
    w.accept(_addresses(w))
    if names != "none":
        w.accept(_NAME_DETECTORS[names](w))
    return sorted(w.found, key=lambda c: c.start)


def detect(text: str, *, names: str = "rule") -> list[Span]:
    """Find personal data in ``text``; spans are sorted and never overlap.

    ``names`` selects the name detector: ``"rule"`` (default, cue + surname list),
    ``"jieba"`` (POS tag ``nr``; needs the optional jieba package) or ``"none"``.
    """
    return [
        Span(c.start, c.end, c.kind, text[c.start : c.end], c.masked) for c in _run(text, names)
    ]


def _tag(key: str, span: Span) -> str:
    norm = re.sub(r"[\s\-·•.()（）+]", "", normalize_width(span.original)).upper()
    digest = hmac.new(key.encode(), f"{span.kind}:{norm}".encode(), hashlib.sha256).hexdigest()
    return digest[:4]


def redact(text: str, *, key: str | None = None, names: str = "rule") -> Redaction:
    """Mask every detected item, returning the masked text and the spans.

    Masks are deterministic, so the same value masks the same way everywhere in a
    complaint. Two *different* values can share a mask (``138****5678`` for two phones
    that differ only in the middle digits). When that ambiguity matters, pass ``key``
    (a per-complaint secret): each mask then gets a short keyed tag, ``138****5678[3f2a]``,
    equal for equal values and different (with probability 1 - 1/65536) for different ones,
    yet useless for linking values across complaints that use different keys.
    """
    spans = detect(text, names=names)
    if key is not None:
        spans = [replace(s, masked=f"{s.masked}[{_tag(key, s)}]") for s in spans]
    parts: list[str] = []
    last = 0
    for s in spans:
        parts.append(text[last : s.start])
        parts.append(s.masked)
        last = s.end
    parts.append(text[last:])
    return Redaction("".join(parts), spans)
