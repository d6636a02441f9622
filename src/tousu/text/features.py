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

#: Feature kinds compared on the Chinese evaluation set (see ``python -m tousu.text compare``).
FEATURE_KINDS = ("char", "jieba")

_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")


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


class PatternFeatures(TransformerMixin, BaseEstimator):
    """One column per (name, patterns) group: 1.0 when any pattern of the group matches.

    ``groups`` is a sequence of ``(name, [regex, ...])``; regexes are compiled lazily so the
    transformer pickles as plain strings.
    """

    def __init__(self, groups: Sequence[tuple[str, Sequence[str]]] = (), weight: float = 1.0):
        self.groups = groups
        self.weight = weight

    def fit(self, X: Iterable[str], y: object = None) -> PatternFeatures:  # noqa: N803
        self._compiled = [
            re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
            for _, patterns in self.groups
            if patterns
        ]
        self._names = [name for name, patterns in self.groups if patterns]
        return self

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:  # noqa: N803
        if not hasattr(self, "_compiled"):
            self.fit(X)
        texts = list(X)
        rows, cols = [], []
        for i, text in enumerate(texts):
            for j, regex in enumerate(self._compiled):
                if regex.search(text):
                    rows.append(i)
                    cols.append(j)
        data = np.full(len(rows), self.weight, dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self._compiled)))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"pattern:{name}" for name in self._names], dtype=object)


def build_features(
    kind: str, pattern_groups: Sequence[tuple[str, Sequence[str]]], pattern_weight: float = 1.0
) -> FeatureUnion:
    """Build the feature union for ``kind`` ("char" or "jieba").

    Both kinds share the English word n-grams and the pattern features, so a comparison
    between them measures only how Chinese is tokenised.
    """
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
    english = TfidfVectorizer(
        token_pattern=r"[a-z][a-z0-9']+",
        ngram_range=(1, 2),
        sublinear_tf=True,
        dtype=np.float32,
    )
    return FeatureUnion(
        [
            ("chinese", chinese),
            ("english", english),
            ("patterns", PatternFeatures(pattern_groups, weight=pattern_weight)),
        ]
    )
