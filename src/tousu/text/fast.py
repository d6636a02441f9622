"""Per-text inference without scikit-learn's per-call overhead.

``Pipeline.predict_proba`` on one text spends almost all of its time validating inputs
(``check_array``, dataframe sniffing, joblib dispatch in ``FeatureUnion``), not computing:
about 0.3 ms for the features and the linear scores against 3-15 ms of overhead. Intake
analyses one complaint per request, so :class:`FastScorer` redoes the same arithmetic by
hand from the fitted objects:

- TF-IDF blocks: the vectorizer's own analyzer (``build_analyzer()``, so tokenisation is
  exactly sklearn's), vocabulary look-up, ``1 + log(tf)`` when sublinear, times ``idf_``,
  L2-normalised per block, as ``FeatureUnion`` concatenates them;
- pattern block: :class:`~tousu.text.features.PatternFeatures` as is;
- head: for ``LogisticRegression`` the scores ``x · coefᵀ + b`` over the non-zero features
  only, then softmax (or the binary sigmoid), exactly as ``predict_proba`` does; for
  ``CalibratedClassifierCV(method="sigmoid")`` over linear models (the English profile's
  calibrated LinearSVC) the same gather for every calibrated model at once, then each
  class's Platt sigmoid ``1 / (1 + exp(a·s + b))``, normalised per model and averaged over
  the models, as scikit-learn's ``_CalibratedClassifier.predict_proba`` does.

Any other fitted classifier (the soft vote with complement NB) gets the hand-built feature
row and its own ``predict_proba`` — still correct, only without the head speed-up.
``tests/text/test_text_fast.py`` checks the result against ``Pipeline.predict_proba``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from .features import PatternFeatures

FeatureRow = tuple[np.ndarray, np.ndarray]
"""Sparse feature row: ``(column indices, values)``."""


TermCounts = dict[int, int]
"""Vocabulary column -> count of one text."""


def _generic_counter(vec: TfidfVectorizer) -> Callable[[str], TermCounts]:
    """Counts through the vectorizer's own analyzer (any configuration)."""
    analyzer = vec.build_analyzer()
    vocab = vec.vocabulary_

    def counts(doc: str) -> TermCounts:
        found: TermCounts = {}
        for term, count in Counter(analyzer(doc)).items():
            j = vocab.get(term)
            if j is not None:
                found[j] = count
        return found

    return counts


def _word_counter(vec: TfidfVectorizer) -> Callable[[str], TermCounts] | None:
    """Counts of a plain word n-gram vectorizer without building the n-gram strings list.

    Replays ``_analyze`` -> ``_preprocess`` (lower-case) -> ``token_pattern.findall`` ->
    ``_word_ngrams`` for the settings this package uses (no custom preprocessor, tokenizer
    or stop words, no accent stripping); ``None`` for anything else.
    """
    if (
        vec.analyzer != "word"
        or vec.input != "content"
        or vec.preprocessor is not None
        or vec.tokenizer is not None
        or vec.stop_words is not None
        or vec.strip_accents is not None
    ):
        return None
    tokenize = vec.build_tokenizer()
    lower = bool(vec.lowercase)
    min_n, max_n = vec.ngram_range
    get = vec.vocabulary_.get

    def counts(doc: str) -> TermCounts:
        tokens = tokenize(doc.lower() if lower else doc)
        found: TermCounts = {}
        if min_n == 1:
            for term in tokens:
                j = get(term)
                if j is not None:
                    found[j] = found.get(j, 0) + 1
        n_tokens = len(tokens)
        for n in range(max(min_n, 2), min(max_n, n_tokens) + 1):
            if n == 2:
                grams = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
            else:
                grams = [" ".join(tokens[i : i + n]) for i in range(n_tokens - n + 1)]
            for term in grams:
                j = get(term)
                if j is not None:
                    found[j] = found.get(j, 0) + 1
        return found

    return counts


def _char_wb_counter(vec: TfidfVectorizer) -> Callable[[str], TermCounts] | None:
    """Counts of a ``char_wb`` vectorizer, replaying ``_char_wb_ngrams`` without its list."""
    if vec.analyzer != "char_wb" or vec.input != "content":
        return None
    preprocess = vec.build_preprocessor()
    min_n, max_n = vec.ngram_range
    get = vec.vocabulary_.get

    def counts(doc: str) -> TermCounts:
        found: TermCounts = {}
        # split() already splits on any run of whitespace, as sklearn's normalisation does
        for word in preprocess(doc).split():
            w = f" {word} "
            w_len = len(w)
            for n in range(min_n, max_n + 1):
                last = max(w_len - n, 0)  # sklearn: offsets 0..w_len-n, at least offset 0
                for offset in range(last + 1):
                    j = get(w[offset : offset + n])
                    if j is not None:
                        found[j] = found.get(j, 0) + 1
                if last == 0:  # a short word (w_len <= n) is counted once
                    break
        return found

    return counts


class _Tfidf:
    __slots__ = ("counts", "idf", "norm", "offset", "sublinear", "width")

    def __init__(self, vec: TfidfVectorizer, offset: int) -> None:
        self.counts: Callable[[str], TermCounts] = (
            _word_counter(vec) or _char_wb_counter(vec) or _generic_counter(vec)
        )
        self.idf = np.asarray(vec.idf_, dtype=np.float64) if vec.use_idf else None
        self.sublinear = bool(vec.sublinear_tf)
        self.norm = vec.norm
        self.offset = offset
        self.width = len(vec.vocabulary_)

    def row(self, doc: str) -> FeatureRow | None:
        counts = self.counts(doc)
        if not counts:
            return None
        idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            tf = np.log(tf) + 1.0
        if self.idf is not None:
            tf *= self.idf[idx]
        if self.norm == "l2":
            tf /= np.sqrt(tf @ tf)
        elif self.norm == "l1":
            tf /= np.abs(tf).sum()
        return idx + self.offset, tf


class _Patterns:
    __slots__ = ("offset", "transformer", "weight", "width")

    def __init__(self, transformer: PatternFeatures, offset: int) -> None:
        transformer._compile()  # from the pattern strings: old pickles get today's matchers
        self.transformer = transformer
        self.weight = float(transformer.weight)
        self.offset = offset
        self.width = len(transformer._matchers)

    def row(self, doc: str) -> FeatureRow | None:
        hits = self.transformer.columns(doc)
        if not hits:
            return None
        return np.asarray(hits, dtype=np.intp) + self.offset, np.full(len(hits), self.weight)


class _CalibratedLinear:
    """Hand-rolled ``predict_proba`` of a sigmoid-calibrated classifier over linear models.

    All calibrated models' weights sit side by side in one matrix, so one gather over the
    text's non-zero features gives every model's decision scores.
    """

    __slots__ = ("a", "b", "coef_t", "groups", "intercept", "n_classes")

    def __init__(
        self,
        coef_t: np.ndarray,
        intercept: np.ndarray,
        a: np.ndarray,
        b: np.ndarray,
        groups: list[tuple[int, int, np.ndarray]],
        n_classes: int,
    ) -> None:
        self.coef_t, self.intercept, self.a, self.b = coef_t, intercept, a, b
        self.groups = groups  # (first column, last column + 1, class index of each column)
        self.n_classes = n_classes

    @classmethod
    def build(cls, clf: Any) -> _CalibratedLinear | None:
        """The replay of ``clf``, or ``None`` when it is not a form this class reproduces."""
        if not isinstance(clf, CalibratedClassifierCV) or clf.method != "sigmoid":
            return None
        classes = np.asarray(clf.classes_)
        n = len(classes)
        coefs, intercepts, a, b, groups = [], [], [], [], []
        start = 0
        for calibrated in clf.calibrated_classifiers_:
            est = calibrated.estimator
            coef = getattr(est, "coef_", None)
            if coef is None or not hasattr(est, "decision_function") or sparse.issparse(coef):
                return None
            est_classes = np.asarray(est.classes_)
            if n == 2 and coef.shape[0] == 1:
                targets = np.array([1])  # one score, for the second class
            elif n > 2 and coef.shape[0] == len(est_classes) > 2:
                targets = np.searchsorted(classes, est_classes)
            else:
                return None  # a fold that lost classes: leave it to scikit-learn
            calibrators = calibrated.calibrators
            if len(calibrators) != len(targets) or not all(
                hasattr(c, "a_") and hasattr(c, "b_") for c in calibrators
            ):
                return None
            coefs.append(np.asarray(coef, dtype=np.float64))
            intercepts.append(np.broadcast_to(np.asarray(est.intercept_, float), len(targets)))
            a += [float(c.a_) for c in calibrators]
            b += [float(c.b_) for c in calibrators]
            groups.append((start, start + len(targets), targets))
            start += len(targets)
        return cls(
            np.ascontiguousarray(np.vstack(coefs).T),
            np.concatenate(intercepts).astype(np.float64),
            np.array(a),
            np.array(b),
            groups,
            n,
        )

    def proba(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        scores = val @ self.coef_t[idx] + self.intercept
        p = 1.0 / (1.0 + np.exp(self.a * scores + self.b))
        n = self.n_classes
        out = np.zeros(n)
        for first, last, targets in self.groups:
            proba = np.zeros(n)
            proba[targets] = p[first:last]
            if n == 2:
                proba[0] = 1.0 - proba[1]
            else:
                total = proba.sum()
                proba = proba / total if total != 0 else np.full(n, 1.0 / n)
            proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
            out += proba
        if len(self.groups) > 1:
            out /= len(self.groups)
        return out


class FastScorer:
    """Probabilities for one normalised text, equal (to float rounding) to the pipeline's."""

    def __init__(self, pipeline: Pipeline) -> None:
        union = pipeline.named_steps["features"]
        if not isinstance(union, FeatureUnion) or union.transformer_weights:
            raise TypeError("FastScorer needs an unweighted FeatureUnion")
        self.blocks: list[_Tfidf | _Patterns] = []
        offset = 0
        for _, transformer in union.transformer_list:
            if isinstance(transformer, TfidfVectorizer):
                block: _Tfidf | _Patterns = _Tfidf(transformer, offset)
            elif isinstance(transformer, PatternFeatures):
                block = _Patterns(transformer, offset)
            else:
                raise TypeError(f"FastScorer cannot replay {type(transformer).__name__}")
            self.blocks.append(block)
            offset += block.width
        self.n_features = offset
        self.clf: Any = pipeline.named_steps["clf"]
        self.coef_t: np.ndarray | None = None
        self.calibrated = _CalibratedLinear.build(self.clf)
        if isinstance(self.clf, LogisticRegression):
            # Row j = weights of feature j for every class: a gather over the non-zero
            # features reads contiguous memory.
            self.coef_t = np.ascontiguousarray(self.clf.coef_.T, dtype=np.float64)
            self.intercept = np.asarray(self.clf.intercept_, dtype=np.float64)

    def features(self, doc: str) -> FeatureRow:
        """The feature row of one normalised text (the pipeline's ``transform``, by hand)."""
        parts = [row for block in self.blocks if (row := block.row(doc)) is not None]
        if not parts:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def proba(self, doc: str) -> np.ndarray:
        """Class probabilities of one normalised text, in the classifier's class order."""
        idx, val = self.features(doc)
        if self.calibrated is not None:
            return self.calibrated.proba(idx, val)
        if self.coef_t is None:
            row = sparse.csr_matrix((val, idx, np.array([0, len(idx)])), shape=(1, self.n_features))
            return self.clf.predict_proba(row)[0]
        scores = val @ self.coef_t[idx] + self.intercept
        if scores.shape[0] == 1:  # binary logistic regression: one score for class 1
            p1 = 1.0 / (1.0 + np.exp(-scores[0]))
            return np.array([1.0 - p1, p1])
        scores -= scores.max()
        np.exp(scores, out=scores)
        return scores / scores.sum()
