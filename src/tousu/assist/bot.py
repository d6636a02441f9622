"""``respond``: one turn of the consumer portal's assistant (M4).

The order of decisions is the point of this module:

1. **Emergency first.** The message goes through the same :func:`tousu.text.analyze` that
   complaint intake uses. An emergency gets *no* bot reply at all (``kind="emergency"``,
   empty ``text``): the web layer puts the chat in the human emergency queue, and a person,
   not a chatbot, speaks next. Every explicit signal intake uses (the component lexicon and
   the catalog's ``emergency_signals``) hands the chat over, as does a message whose best
   playbook is an emergency scenario even when the detector stayed quiet: a wrong hand-off
   costs a minute of staff time, a wrong answer can cost someone their savings.

   One deliberate difference from intake: the model's *net* (emergency scenarios together
   holding >= 20 % probability) is tuned for complaint narratives. On a five-character chat
   question the probabilities are spread thin and that net fires on most of them ("投诉提交
   了能撤回吗", "商品质量有问题"), which would flood the 7×24 queue and slow down the real
   emergencies in it. A model-only flag therefore hands over only when the engine's top
   scenario is itself an emergency scenario (or the retrieval lands on one, as above).
2. **Answer** from the best FAQ or scenario playbook when retrieval is confident.
3. **Clarify** otherwise, offering the closest questions; never guess.

"转人工" is offered by the web layer on every turn, so it is not the core's concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tousu.text import Analysis, analyze, load_model
from tousu.text.catalog import OTHER, load_catalog
from tousu.text.emergency import explicit_signals
from tousu.text.normalize import normalize

from .entries import Entry, Lang, has_han
from .knowledge import Hit, KnowledgeBase, load_knowledge

#: Messages are cut to this many characters before analysis: a pasted 50-page contract
#: should not stall the chat, and the first 2000 characters say what it is about.
MAX_CHARS = 2000
#: Below this score the bot asks instead of answering. Thresholds and weights here were tuned
#: on the lists in tests/assist/test_assist_tuning.py, not on the held-out evaluation.
MIN_SCORE = 0.28
#: A playbook the text engine also ranks first may be answered from this lower score: two
#: independent signals agreeing ("广告说买一送一结果没送") beat one strong one.
AGREEMENT_MIN_SCORE = 0.22
#: Added to a scenario playbook's score, times the text engine's probability for it: the
#: engine reads complaint narratives better than n-gram overlap with a few phrasings does.
SCENARIO_BOOST = 0.15
#: Engine probabilities below this are too uncertain to boost anything.
MIN_BOOST_PROBABILITY = 0.2
#: Candidates this weak are not worth suggesting; the defaults below are offered instead.
MIN_SUGGESTION_SIMILARITY = 0.2
DEFAULT_SUGGESTIONS = ("faq:how_to_file", "faq:process", "faq:talk_to_human")
MAX_SUGGESTIONS = 3

Kind = Literal["answer", "clarify", "emergency"]


@dataclass(frozen=True)
class BotTurn:
    """What the bot produced for one message; the web layer renders it."""

    kind: Kind
    #: The reply to show; always empty for ``"emergency"`` (a person replies instead).
    text: str
    #: ``faq:<id>`` or ``scenario:<code>`` of the answer; empty unless ``kind="answer"``.
    entry_id: str = ""
    title: str = ""
    #: Legal citations of a playbook answer, e.g. ``《中华人民共和国电子商务法》第五十七条``.
    citations: tuple[str, ...] = ()
    #: Up to three follow-up questions (clarify: the candidates; answer: related topics).
    suggestions: tuple[str, ...] = ()
    #: Hint for a link or button: file_complaint | my_complaints | erase_data | talk_to_human.
    action: str | None = None
    emergency_reasons: tuple[str, ...] = ()
    #: Scenario code: the playbook answered, or the engine's scenario for an emergency.
    scenario: str = ""
    lang: Lang = "zh"
    #: Retrieval score of the answer (or of the best candidate when clarifying).
    score: float = 0.0


def detect_lang(text: str) -> Lang:
    """Chinese if the text has any Chinese character, English otherwise."""
    return "zh" if has_han(text) else "en"


def _resolve_lang(lang: str | None, text: str) -> Lang:
    if lang is None or lang == "":
        return detect_lang(text)
    tag = lang.strip().lower()
    if tag.startswith("zh"):
        return "zh"
    if tag.startswith("en"):
        return "en"
    raise ValueError(f"unsupported language {lang!r}; expected 'zh' or 'en'")


def _question(entry: Entry, lang: Lang) -> str:
    text = entry.prompt(lang).rstrip("？?。.!！ ")
    return text[:1].upper() + text[1:] + ("？" if lang == "zh" else "?")


@lru_cache(maxsize=1024)
def _hands_over(question: str, _model: int) -> bool:
    """Would sending ``question`` back be treated as an emergency? (cached per model)"""
    return _is_emergency(question, analyze(question))


def _offer(entries: list[Entry], lang: Lang) -> tuple[str, ...]:
    """Up to three suggestion questions, skipping any that would only hand the chat over.

    A suggestion is sent back as the consumer's next message, so one that reads as an
    emergency ("账号异常/冻结" trips the funds-frozen signal) or matches an emergency
    playbook would put a calm consumer in the 7×24 queue. The catch-all scenario is never
    offered either: its "questions" are narratives, not questions.
    """
    model = id(load_model())
    offered: list[str] = []
    for entry in entries:
        if entry.emergency or entry.scenario == OTHER:
            continue
        question = _question(entry, lang)
        if question not in offered and not _hands_over(question, model):
            offered.append(question)
        if len(offered) == MAX_SUGGESTIONS:
            break
    return tuple(offered)


def _suggestions(kb: KnowledgeBase, hits: list[Hit], lang: Lang) -> tuple[str, ...]:
    ids = [h.entry.id for h in hits if h.similarity >= MIN_SUGGESTION_SIMILARITY]
    ids += list(DEFAULT_SUGGESTIONS)
    return _offer([kb.by_id[i] for i in dict.fromkeys(ids) if i in kb.by_id], lang)


def _clarify(kb: KnowledgeBase, hits: list[Hit], lang: Lang) -> BotTurn:
    suggestions = _suggestions(kb, hits, lang)
    if lang == "zh":
        text = "我没能确定您的问题，您是想问：\n" + "\n".join(
            f"{i}. {q}" for i, q in enumerate(suggestions, 1)
        ) + "\n也可以直接转人工。"
    else:
        text = "I'm not sure what you are asking. Did you mean:\n" + "\n".join(
            f"{i}. {q}" for i, q in enumerate(suggestions, 1)
        ) + "\nYou can also ask to talk to a person."
    return BotTurn("clarify", text, suggestions=suggestions, lang=lang,
                   score=hits[0].score if hits else 0.0)


def _answer(kb: KnowledgeBase, hit: Hit, lang: Lang) -> BotTurn:
    entry = hit.entry
    related = [kb.by_id[r] for r in entry.related if r in kb.by_id]
    return BotTurn(
        kind="answer",
        text=entry.answer(lang),
        entry_id=entry.id,
        title=entry.title(lang),
        citations=entry.citations,
        suggestions=_offer(related, lang),
        action=entry.action,
        scenario=entry.scenario,
        lang=lang,
        score=hit.score,
    )


def _emergency(reasons: list[str] | tuple[str, ...], scenario: str, lang: Lang) -> BotTurn:
    return BotTurn("emergency", "", emergency_reasons=tuple(reasons), scenario=scenario,
                   lang=lang)


def _is_emergency(message: str, analysis: Analysis) -> bool:
    """Intake's verdict, except a model-only flag needs an emergency top scenario."""
    if not analysis.emergency:
        return False
    catalog = load_catalog()
    if explicit_signals(normalize(message), catalog):
        return True
    return analysis.scenario in catalog and catalog.get(analysis.scenario).emergency


def respond(text: str, *, lang: str | None = None) -> BotTurn:
    """Answer one chat message: an emergency hand-off, an answer, or a clarifying question.

    ``lang`` ("zh"/"en", or a tag such as "zh-CN") overrides detection (any Chinese
    character means Chinese). Raises ``ValueError`` for an empty message or an unknown
    language.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    message = text.strip()[:MAX_CHARS]
    if not message:
        raise ValueError("empty message")
    language = _resolve_lang(lang, message)

    analysis = analyze(message)
    if _is_emergency(message, analysis):
        return _emergency(analysis.emergency_reasons, analysis.scenario, language)

    kb = load_knowledge()
    boosts = {
        f"scenario:{code}": SCENARIO_BOOST * p
        for code, p in analysis.top_k
        if code != OTHER and p >= MIN_BOOST_PROBABILITY
    }
    hits = kb.search(message, k=8, boosts=boosts)
    best = hits[0]
    agreed = best.entry.scenario not in ("", OTHER) and best.entry.scenario == analysis.scenario
    if best.score < (AGREEMENT_MIN_SCORE if agreed else MIN_SCORE):
        return _clarify(kb, hits, language)
    if best.entry.emergency:
        s = best.entry
        reason = f"问题匹配紧急场景：{s.title_zh} / matches an emergency scenario: {s.title_en}"
        return _emergency([reason], s.scenario, language)
    return _answer(kb, best, language)


def warm_up() -> None:
    """Load the text model and build the index now rather than on a consumer's first turn."""
    analyze("warm up")
    load_knowledge()
