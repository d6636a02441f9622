"""Number formatting and CJK-aware line wrapping shared by the HTML and the PDF.

One place decides how a rate, an amount or a missing value looks, so the cover, the charts,
the tables and the readings never disagree ("87.3%" in one place and "0.873" in another).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

#: What a missing value (``None``) prints as everywhere in the report.
DASH = "—"


def fmt_int(value: int | None) -> str:
    """12345 -> "12,345"; thousands separators are the usual way in Chinese reports too."""
    return DASH if value is None else f"{value:,}"


def fmt_pct(value: float | None, digits: int = 1) -> str:
    """0.8734 -> "87.3%"; ``None`` -> "—" (no data is not 0%)."""
    return DASH if value is None else f"{value * 100:.{digits}f}%"


def fmt_amount(value: Decimal | float | None) -> str:
    """Yuan with two decimals and separators: ¥12,345.00."""
    return DASH if value is None else f"¥{Decimal(value):,.2f}"


def fmt_minutes(value: float | None) -> str:
    """Minutes with one decimal below 100 (17.5 against a 15-minute target is not "18")."""
    if value is None:
        return DASH
    return f"{value:.1f} 分钟" if value < 100 else f"{value:,.0f} 分钟"


def fmt_stars(value: float | None) -> str:
    """Mean rating on the 1–5 scale."""
    return DASH if value is None else f"{value:.2f} / 5"


def month_label(key: str) -> str:
    """"2026-03" -> "3月"; anything else is shown as given rather than guessed at."""
    _, sep, month = key.partition("-")
    if sep and month.isdigit() and 1 <= int(month) <= 12:
        return f"{int(month)}月"
    return key


def char_width(ch: str) -> int:
    """Display width: full-width (CJK, full-width punctuation) counts 2, the rest 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Display width of a string in half-width columns."""
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to ``width`` columns, ending in an ellipsis when something was cut."""
    if text_width(text) <= width:
        return text
    out, used = [], text_width(ellipsis)
    for ch in text:
        if used + char_width(ch) > width:
            break
        out.append(ch)
        used += char_width(ch)
    return "".join(out) + ellipsis


_NO_LINE_START = set("，。、；：？！）》」』】…”’")
_NO_LINE_END = set("（《「『【“‘")


def wrap(text: str, width: int) -> list[str]:
    """Wrap mixed Chinese/Latin text to ``width`` half-width columns.

    :mod:`textwrap` only breaks at spaces and counts a Chinese character as one column, so a
    Chinese paragraph would come out as one line twice the page's width. Here any character
    boundary is a break opportunity, except that a Latin word (or a number like "87.3%") is
    kept whole when it fits on a line, and closing punctuation is not left at the start of
    a line (避头点): the word before it moves down with it.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line: list[str] = []
        for token in _tokens(paragraph):
            if text_width("".join(line)) + text_width(token) <= width:
                line.append(token)
                continue
            if token.isspace():
                lines.append("".join(line).rstrip())
                line = []
                continue
            carry: list[str] = []
            if token in _NO_LINE_START:
                keep = list(line)
                while keep and keep[-1] in _NO_LINE_START:
                    carry.insert(0, keep.pop())
                if keep and not keep[-1].isspace():
                    carry.insert(0, keep.pop())
                if keep:  # never empty a line to honour the rule
                    line = keep
                else:
                    carry = []
            if line:
                lines.append("".join(line).rstrip())
            line = [*carry, token]
            while text_width("".join(line)) > width:  # a Latin word longer than a line
                joined = "".join(line)
                head, used = "", 0
                for ch in joined:
                    if used + char_width(ch) > width:
                        break
                    head, used = head + ch, used + char_width(ch)
                lines.append(head)
                line = [joined[len(head):]]
        lines.append("".join(line).rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Split into Latin words, single spaces and single full-width characters."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isspace():
            if word:
                tokens.append(word)
                word = ""
            tokens.append(" ")
        elif char_width(ch) == 1:
            word += ch
        else:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
    if word:
        tokens.append(word)
    # An opening bracket never ends a line (避尾): glue it to what follows.
    merged: list[str] = []
    for token in tokens:
        if merged and merged[-1][-1] in _NO_LINE_END and not token.isspace():
            merged[-1] += token
        else:
            merged.append(token)
    return merged
