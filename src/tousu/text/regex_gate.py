"""Literals every match of a regex must contain: a substring gate tried before the regex.

``any(s in text for s in gate)`` is a few substring searches in C, while an alternation such
as ``frozen|locked|suspended`` makes ``re`` try every branch at every position of a long
narrative. Both the catalog's pattern features and the emergency lexicon gate their regexes
this way; each ranks candidate gates by its own measure of selectivity.

The literals are read off Python's private regex parser (``re._parser``). If that module
ever changes, :func:`required` answers ``None`` and callers simply run the regex: the gate
is conservative by construction and never rejects a text the regex would match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: Ranks a candidate gate; the lowest rank is kept (ties: the first found).
Rank = Callable[[frozenset[str]], Any]


def required(pattern: str, rank: Rank, flags: int = 0) -> frozenset[str] | None:
    """A set of literals one of which occurs in every match of ``pattern`` (None: unknown).

    ``None`` for case-insensitive patterns, whose literals may occur in other cases.
    """
    if flags & re.IGNORECASE:
        return None
    try:
        from re import _constants as constants
        from re import _parser as parser

        parsed = parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - private module of ``re``: no gate if it ever changes
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _required(parsed, rank, constants)


def _required(items: Any, rank: Rank, c: Any) -> frozenset[str] | None:
    best: frozenset[str] | None = None

    def consider(gate: frozenset[str] | None) -> None:
        nonlocal best
        if gate and (best is None or rank(gate) < rank(best)):
            best = gate

    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider(frozenset({"".join(run)}))
            run = []
        if op is c.SUBPATTERN and not av[1] and not av[2]:  # no inline flags
            consider(_required(av[3], rank, c))
        elif op is c.BRANCH:
            alternatives = [_required(alt, rank, c) for alt in av[1]]
            if all(alternatives):
                consider(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            consider(_required(av[2], rank, c))
        elif op is c.IN and av and all(o is c.LITERAL for o, _ in av):
            consider(frozenset(chr(v) for _, v in av))
        # anything else (ANY, NOT_LITERAL, AT, lookarounds, optional parts) requires nothing
    if run:
        consider(frozenset({"".join(run)}))
    return best
