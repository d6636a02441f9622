"""Knowledge entries, and the FAQ file they are partly read from.

An entry is one thing the bot can say: a platform FAQ (``faq:<id>``) or a scenario playbook
(``scenario:<code>``). Both kinds share one shape so the retriever and the bot never need to
know where an answer came from. The FAQ file is validated loudly, like the scenario
catalog: an entry without an answer in one language would leave a consumer with nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from .facts import PlatformFacts

DEFAULT_FAQ_PATH = Path(__file__).with_name("faq.yaml")

#: Action hints the web layer knows how to turn into links or buttons.
ACTIONS = frozenset({"file_complaint", "my_complaints", "erase_data", "talk_to_human"})

_HAN = re.compile(r"[\u3400-\u9fff]")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

Lang = Literal["zh", "en"]


def has_han(text: str) -> bool:
    """True when ``text`` contains a Chinese character (the bot's language rule)."""
    return _HAN.search(text) is not None


class FaqError(ValueError):
    """``faq.yaml`` is invalid; the message names the entry and the field."""


@dataclass(frozen=True)
class Entry:
    """One answer the bot can give, with the questions that should lead to it."""

    id: str
    kind: Literal["faq", "scenario"]
    title_zh: str
    title_en: str
    answer_zh: str
    answer_en: str
    #: Phrasings the retriever matches against, Chinese and English mixed.
    questions: tuple[str, ...]
    citations: tuple[str, ...] = ()
    action: str | None = None
    scenario: str = ""
    #: Playbooks of emergency scenarios are never answered by the bot (a person takes over).
    emergency: bool = False
    #: Entry ids offered as follow-up questions after this answer.
    related: tuple[str, ...] = ()
    #: The question shown when the entry is suggested; empty: the first phrasing.
    prompt_zh: str = ""
    prompt_en: str = ""

    def title(self, lang: Lang) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def answer(self, lang: Lang) -> str:
        return self.answer_zh if lang == "zh" else self.answer_en

    def prompt(self, lang: Lang) -> str:
        """The question shown when this entry is offered as a suggestion.

        The explicit prompt if any, else the first question in the requested language,
        else the title.
        """
        explicit = self.prompt_zh if lang == "zh" else self.prompt_en
        if explicit:
            return explicit
        for question in self.questions:
            if has_han(question) == (lang == "zh"):
                return question
        return self.title(lang)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FaqError(f"{where}: '{key}' is required and must be a non-empty string")
    return value.strip()


def _fill(template: str, facts: PlatformFacts, where: str) -> str:
    try:
        return template.format_map(facts.placeholders())
    except (KeyError, IndexError, ValueError) as exc:
        raise FaqError(f"{where}: bad placeholder in answer: {exc}") from exc


def _faq_entry(raw: Any, index: int, facts: PlatformFacts) -> Entry:
    if not isinstance(raw, dict):
        raise FaqError(f"faqs[{index}] must be a mapping")
    faq_id = raw.get("id")
    where = f"faq {faq_id!r}" if faq_id else f"faqs[{index}]"
    if not isinstance(faq_id, str) or not _ID.match(faq_id):
        raise FaqError(f"{where}: 'id' must match {_ID.pattern}")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not all(
        isinstance(q, str) and q.strip() for q in questions
    ):
        raise FaqError(f"{where}: 'questions' must be a list of non-empty strings")
    questions = [q.strip() for q in questions]
    if not any(has_han(q) for q in questions) or all(has_han(q) for q in questions):
        raise FaqError(f"{where}: 'questions' needs Chinese and English phrasings")
    action = raw.get("action")
    if action is not None and action not in ACTIONS:
        raise FaqError(f"{where}: unknown action {action!r}; expected one of {sorted(ACTIONS)}")
    related = raw.get("related") or []
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        raise FaqError(f"{where}: 'related' must be a list of FAQ ids")
    return Entry(
        id=f"faq:{faq_id}",
        kind="faq",
        title_zh=_text(raw, "title_zh", where),
        title_en=_text(raw, "title_en", where),
        answer_zh=_fill(_text(raw, "answer_zh", where), facts, where),
        answer_en=_fill(_text(raw, "answer_en", where), facts, where),
        questions=tuple(questions),
        action=action,
        related=tuple(f"faq:{r}" for r in related),
    )


def parse_faq(data: Any, facts: PlatformFacts) -> tuple[Entry, ...]:
    """Validate parsed YAML and build the FAQ entries (placeholders filled from ``facts``)."""
    if not isinstance(data, dict) or not isinstance(data.get("faqs"), list):
        raise FaqError("faq file must be a mapping with a 'faqs' list")
    entries = tuple(_faq_entry(raw, i, facts) for i, raw in enumerate(data["faqs"]))
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FaqError(f"faq ids defined twice: {duplicates}")
    for entry in entries:
        unknown = [r for r in entry.related if r not in ids]
        if unknown:
            raise FaqError(f"faq {entry.id!r}: 'related' names unknown ids {unknown}")
    return entries


def load_faq(path: str | Path, facts: PlatformFacts) -> tuple[Entry, ...]:
    with open(path, encoding="utf-8") as fh:
        return parse_faq(yaml.safe_load(fh), facts)
