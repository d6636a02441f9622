"""Feature extraction: TF-IDF over characters or jieba words, English words, catalog patterns.

Chinese has no spaces, so the baseline reads character 1-3-grams (robust to typos and new
words); English complaints add word uni/bi-grams; and the catalog's hand-written patterns
become one binary feature per scenario so that a cold-start model trained on a few example
phrases still recognises phrasings the examples never used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from .catalog import compile_pattern
from .regex_gate import LiteralScan, gate_literals

#: Feature kinds compared on the Chinese evaluation set (see ``python -m tousu.text compare``).
FEATURE_KINDS = ("char", "jieba", "word")

_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")
_LATIN = re.compile(r"[A-Za-z]")
_ESCAPED = re.compile(r"\\.")


def han_only(text: str) -> str:
    """Keep runs of Chinese characters, separated by spaces, for the character n-grams.

    English (and pinyin, digits) is left to the word vectorizer: character n-grams over long
    English narratives cost accuracy and most of the analysis time on the CFPB sample.
    """
    return _NOT_HAN.sub(" ", text)


def jieba_tokenize(text: str) -> list[str]:
    """Split with jieba (precise mode), dropping whitespace and punctuation-only tokens.

    Module-level so that pickled models can find it again.
    """
    import jieba  # imported lazily: loading its dictionary costs ~0.5 s

    return [tok for tok in jieba.lcut(text) if tok.strip() and (tok.isalnum() or _HAN.search(tok))]


def is_chinese_pattern(pattern: str) -> bool:
    """True for a pattern written in Chinese only (Han characters, no Latin letters).

    Such a pattern is only tried on texts that contain Chinese: scanning a 600-character
    English narrative with the Chinese patterns cost half of the pattern time and could
    never match.
    """
    return bool(_HAN.search(pattern)) and not _LATIN.search(_ESCAPED.sub("", pattern))


def compile_group(patterns: Sequence[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """``(chinese, other)`` alternations of ``patterns`` (``None`` when a side is empty).

    Patterns are joined with a bare ``|`` (lowest precedence, so the meaning is unchanged):
    unlike ``(?:p1)|(?:p2)`` it lets ``re`` use its first-character prefilter.
    """
    zh = [p for p in patterns if is_chinese_pattern(p)]
    other = [p for p in patterns if not is_chinese_pattern(p)]
    return (
        compile_pattern("|".join(zh)) if zh else None,
        compile_pattern("|".join(other)) if other else None,
    )


class PatternFeatures(TransformerMixin, BaseEstimator):
    """One column per (name, patterns) group: ``weight`` when any pattern of the group matches.

    ``groups`` is a sequence of ``(name, [regex, ...])``; regexes are compiled lazily so the
    transformer pickles as plain strings. Texts must be normalised (lower-cased).
    """

    def __init__(self, groups: Sequence[tuple[str, Sequence[str]]] = (), weight: float = 1.0):
        self.groups = groups
        self.weight = weight

    def _compile(self) -> None:
        self._matchers = [compile_group(patterns) for _, patterns in self.groups if patterns]
        self._names = [name for name, patterns in self.groups if patterns]
        # Gates of both sides (see :mod:`tousu.text.regex_gate`), found with one scan per text.
        self._gates = [
            tuple(gate_literals(side) if side is not None else None for side in pair)
            for pair in self._matchers
        ]
        self._scan = LiteralScan(
            literal for pair in self._gates for gate in pair if gate for literal in gate
        )

    def fit(self, X: Iterable[str], y: object = None) -> PatternFeatures:  # noqa: N803
        self._compile()
        return self

    def columns(self, text: str) -> list[int]:
        """Indices of the groups with a pattern that matches ``text``."""
        if getattr(self, "_matchers", None) is None:
            self._compile()
        has_han = _HAN.search(text) is not None
        found = self._scan.present(text)
        hits = []
        for j, (zh, other) in enumerate(self._matchers):
            zh_gate, other_gate = self._gates[j]
            if (
                has_han
                and zh is not None
                and (zh_gate is None or not zh_gate.isdisjoint(found))
                and zh.search(text)
            ) or (
                other is not None
                and (other_gate is None or not other_gate.isdisjoint(found))
                and other.search(text)
            ):
                hits.append(j)
        return hits

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:  # noqa: N803
        if getattr(self, "_matchers", None) is None:
            self._compile()
        texts = list(X)
        rows, cols = [], []
        for i, text in enumerate(texts):
            for j in self.columns(text):
                rows.append(i)
                cols.append(j)
        data = np.full(len(rows), self.weight, dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self._matchers)))

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_matchers", None)  # compiled again on first use
        state.pop("_gates", None)
        state.pop("_scan", None)  # an automaton does not pickle; rebuilt with the matchers
        state.pop("_compiled", None)
        return state

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        if getattr(self, "_matchers", None) is None:
            self._compile()
        return np.array([f"pattern:{name}" for name in self._names], dtype=object)


def build_features(
    kind: str,
    pattern_groups: Sequence[tuple[str, Sequence[str]]],
    pattern_weight: float = 1.0,
    *,
    chinese_text: bool = True,
) -> FeatureUnion:
    """Build the feature union for ``kind`` ("char", "jieba" or "word").

    "char" and "jieba" share the English word n-grams and the pattern features, so a
    comparison between them measures only how Chinese is tokenised. "word" is the English
    profile: word 1-2-grams and the patterns, no Chinese block (chosen by cross-validation
    on the CFPB training split, see ``mappings/cfpb.yaml``). ``chinese_text=False`` (the
    training texts contain no Chinese at all) also drops the Chinese block, which would
    otherwise fail to fit with an empty vocabulary.
    """
    english = TfidfVectorizer(
        token_pattern=r"[a-z][a-z0-9']+",
        ngram_range=(1, 2),
        sublinear_tf=True,
        dtype=np.float32,
    )
    patterns = PatternFeatures(pattern_groups, weight=pattern_weight)
    tail: list[tuple[str, object]] = [("english", english)]
    if pattern_weight > 0:  # weight 0 = no pattern block at all (the English profile)
        tail.append(("patterns", patterns))
    if kind == "word" or (not chinese_text and kind in FEATURE_KINDS):
        return FeatureUnion(tail)
    if kind == "char":
        chinese = TfidfVectorizer(
            analyzer="char_wb",
            preprocessor=han_only,
            ngram_range=(1, 3),
            sublinear_tf=True,
            dtype=np.float32,
        )
    elif kind == "jieba":
        chinese = TfidfVectorizer(
            tokenizer=jieba_tokenize,
            preprocessor=han_only,
            token_pattern=None,
            lowercase=False,
            ngram_range=(1, 2),
            sublinear_tf=True,
            dtype=np.float32,
        )
    else:
        raise ValueError(f"unknown feature kind {kind!r}; expected one of {FEATURE_KINDS}")
    return FeatureUnion([("chinese", chinese), *tail])
