"""The assistant's knowledge base: FAQ entries plus one entry per scenario playbook.

Retrieval is TF-IDF over character n-grams (``char_wb``, 1-3) with cosine similarity.
Characters rather than words because Chinese has no spaces and consumers write in a mix
of Chinese, English, pinyin and typos; n-grams match "自动续费怎么退" against "自动续费
怎么退款" and "auto-renewal" against "auto renewal" without a segmenter.

An entry's similarity mixes two views: the best match among its questions (one phrasing
that fits is often all a short chat question has to go on) and the match with the
centroid of all its questions (a paraphrase that borrows words from several phrasings,
"商家有几天时间处理", fits no single one well but fits the entry's vocabulary). The index
is built once per catalog/FAQ version and cached, so a bot turn costs one vectorisation
and two sparse products.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from tousu.text.catalog import DEFAULT_CATALOG_PATH, load_catalog
from tousu.text.normalize import normalize

from .entries import DEFAULT_FAQ_PATH, Entry, load_faq
from .facts import PlatformFacts, platform_facts
from .playbook import DEFAULT_GLOSS_PATH, load_glosses, scenario_entry

# Politeness and chat filler carry no meaning but, in a five-character question, enough
# n-gram mass to pull it towards whichever phrasing happens to share them.
_FILLER = re.compile(
    r"请问一下|请问|你好|您好|在吗|麻烦问一下|麻烦|我想问一下|我想问|想问一下|想问|问一下|谢谢|"
    r"\b(hello|hi|hey|please|thanks|thank you)\b"
)
_PUNCT = re.compile(r"[^\w\s]+")
_NEGATION = re.compile(r"n['’]t\b")
_CONTRACTION = re.compile(r"['’](s|m|d|re|ve|ll)\b")
# English function words: in character n-grams "how do I ... my ..." is most of a short
# question's mass and matches every English phrasing equally, drowning the one content word
# that tells "withdraw my complaint" from "file my complaint". (Chinese needs no such list:
# a Han character is one n-gram among many and IDF already discounts 的/了/吗.)
_EN_STOPWORDS = frozenset({
    "a", "an", "the", "i", "me", "my", "mine", "we", "our", "us", "you", "your", "it", "its",
    "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "can", "could", "would",
    "should", "will", "shall", "may", "might", "must", "how", "what", "when", "where", "which",
    "who", "whom", "why", "to", "of", "for", "on", "in", "at", "by", "with", "about", "from",
    "into", "this", "that", "these", "those", "there", "here", "and", "or", "but", "if", "so",
    "any", "some", "all", "just", "want", "like", "get", "got", "have", "has", "had", "as", "up",
    "out"
})
#: Weight of the best single question against the entry centroid (tuned on the lists in
#: tests/assist/test_assist_tuning.py, kept apart from the held-out evaluation).
BEST_QUESTION_WEIGHT = 0.5


def prepare(text: str) -> str:
    """The form both questions and messages are indexed in (normalised, no filler)."""
    text = _CONTRACTION.sub("", _NEGATION.sub(" not", normalize(text)))
    text = _PUNCT.sub(" ", _FILLER.sub(" ", text))
    return " ".join(w for w in text.split() if w not in _EN_STOPWORDS)


@dataclass(frozen=True)
class Hit:
    """One retrieved entry: ``similarity`` from the text alone, ``score`` with boosts."""

    entry: Entry
    score: float
    similarity: float


class KnowledgeBase:
    """Entries and their TF-IDF index; immutable once built."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        if not entries:
            raise ValueError("a knowledge base needs at least one entry")
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self._position = {e.id: i for i, e in enumerate(entries)}
        docs: list[str] = []
        owners: list[int] = []
        for i, entry in enumerate(entries):
            if not entry.questions:
                raise ValueError(f"entry {entry.id!r} has no questions")
            docs += [prepare(q) for q in entry.questions]
            owners += [i] * len(entry.questions)
        owner = np.array(owners)
        self._starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, dtype=np.float32
        )
        self._questions = self._vectorizer.fit_transform(docs).tocsr()
        membership = sp.csr_matrix(
            (np.ones(len(owner), dtype=np.float32), (owner, np.arange(len(owner)))),
            shape=(len(entries), len(owner)),
        )
        self._centroids = l2_normalize(membership @ self._questions).tocsr()

    def similarities(self, text: str) -> np.ndarray:
        """Similarity of ``text`` to each entry, in [0, 1]."""
        query = self._vectorizer.transform([prepare(text)]).T
        per_question = (self._questions @ query).toarray().ravel()
        best = np.maximum.reduceat(per_question, self._starts)
        centroid = (self._centroids @ query).toarray().ravel()
        return BEST_QUESTION_WEIGHT * best + (1 - BEST_QUESTION_WEIGHT) * centroid

    def search(
        self, text: str, k: int = 3, boosts: Mapping[str, float] | None = None
    ) -> list[Hit]:
        """The ``k`` best entries for ``text``; ``boosts`` adds to scores by entry id."""
        sims = self.similarities(text)
        scores = sims.copy()
        for entry_id, boost in (boosts or {}).items():
            position = self._position.get(entry_id)
            if position is not None:
                scores[position] += boost
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(self.entries[i], float(scores[i]), float(sims[i])) for i in order]


def build_knowledge(
    catalog_path: str | Path | None = None,
    faq_path: str | Path = DEFAULT_FAQ_PATH,
    gloss_path: str | Path = DEFAULT_GLOSS_PATH,
    facts: PlatformFacts | None = None,
) -> KnowledgeBase:
    """Build a fresh knowledge base (uncached; :func:`load_knowledge` caches)."""
    facts = facts or platform_facts()
    catalog = load_catalog(catalog_path)
    glosses = load_glosses(gloss_path)
    faqs = load_faq(faq_path, facts)
    scenarios = tuple(scenario_entry(s, glosses.get(s.code)) for s in catalog.scenarios)
    ids = {e.id for e in faqs}
    # A scenario's follow-ups name FAQ ids; drop any an edited FAQ file no longer has.
    scenarios = tuple(
        _with_related(e, tuple(r for r in e.related if r in ids)) for e in scenarios
    )
    return KnowledgeBase(faqs + scenarios)


def _with_related(entry: Entry, related: tuple[str, ...]) -> Entry:
    return entry if related == entry.related else replace(entry, related=related)


def _stamp(path: str | Path) -> tuple[str, int]:
    resolved = Path(path).resolve()
    try:
        return str(resolved), os.stat(resolved).st_mtime_ns
    except FileNotFoundError:
        return str(resolved), -1


def load_knowledge(
    catalog_path: str | Path | None = None,
    faq_path: str | Path = DEFAULT_FAQ_PATH,
    gloss_path: str | Path = DEFAULT_GLOSS_PATH,
) -> KnowledgeBase:
    """The knowledge base for these files, rebuilt only when one of them (or a quoted
    platform number) changes, so an admin's catalog edit reaches the bot without a restart.
    """
    return _cached(
        _stamp(catalog_path or DEFAULT_CATALOG_PATH),
        _stamp(faq_path),
        _stamp(gloss_path),
        platform_facts(),
    )


@lru_cache(maxsize=4)
def _cached(
    catalog: tuple[str, int], faq: tuple[str, int], gloss: tuple[str, int], facts: PlatformFacts
) -> KnowledgeBase:
    return build_knowledge(catalog[0], faq[0], gloss[0], facts)
