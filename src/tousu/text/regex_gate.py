"""Literals every match of a regex must contain: a gate tested before the regex is run.

An alternation such as ``frozen|locked|suspended`` makes ``re`` try every branch at every
position of a long narrative. If none of the gate's literals occurs in the text, the regex
cannot match and is skipped. Both the emergency lexicon and the catalog's pattern features
gate their regexes this way, and both find the literals present with one
:class:`LiteralScan` pass per text (Aho-Corasick): testing the gates one substring search
at a time cost a third of the lexicon's time on long English narratives.

The literals are read off Python's private regex parser (``re._parser``). If that module
ever changes, :func:`required` answers ``None`` and callers simply run the regex: the gate
is conservative by construction and never rejects a text the regex would match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import ahocorasick

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


#: Words in nearly every English complaint and characters in nearly every Chinese one: a
#: gate made of them would never skip anything.
_COMMON_WORDS = (
    "a an the to of in on at for from by with and or but not no is are was were be been has have"
    " had i me my we our you your he she they them his her it its this that there account card"
    " bank money pay paid payment told call called said sent send get got make made take took back"
    " time day credit report would could also still one all any new gave give read share shared"
    " provided asked ask asking wanted want wants telling number phone email password did didnt"
    " never can cannot unable keep each every being using taking"
)
_COMMON = frozenset(_COMMON_WORDS.split()) | frozenset(
    "我的了不没是在有人被说还就都也要钱号卡一个给他她们这那到"
)


def _weight(literal: str) -> float:
    """Rough chance that ``literal`` occurs at a given position (lower is more selective)."""
    if literal.strip() in _COMMON or not literal.strip():
        return 0.1
    if len(literal) == 1 and not literal.isascii():
        return 1 / 300
    chance = 1.0
    for char in literal:
        chance /= 30.0 if char.isascii() else 500.0
    return chance


def _cost(gate: frozenset[str]) -> float:
    """Rough chance that a gate lets a text through: the most selective gate is kept."""
    return sum(map(_weight, gate)) + 1e-4 * len(gate)


def gate_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The most selective set of literals one of which every match of ``regex`` contains.

    ``None`` when no such set is known (case-insensitive patterns, a branch without any
    literal): the regex is then always run.
    """
    return required(regex.pattern, _cost, regex.flags)


class LiteralScan:
    """Many gates' literals in one Aho-Corasick automaton (``pyahocorasick``).

    One pass over a text finds every literal present; each gate is then one set test
    (``gate.isdisjoint(found)``), however many gates and literals there are.
    """

    def __init__(self, literals: Iterable[str]) -> None:
        self.automaton = ahocorasick.Automaton()
        for literal in set(literals):
            if literal:
                self.automaton.add_word(literal, literal)
        if len(self.automaton):
            self.automaton.make_automaton()

    def present(self, text: str) -> set[str]:
        """The literals that occur in ``text``."""
        if not len(self.automaton):
            return set()
        return {literal for _, literal in self.automaton.iter(text)}
