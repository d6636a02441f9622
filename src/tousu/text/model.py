"""The scenario classifier: a calibrated linear model over TF-IDF features.

A linear model is the right first tool here: it trains in a second on a laptop, predicts
thousands of complaints per second on one core, and its probabilities can be calibrated so
that "confidence below the threshold goes to a human" means something.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from .catalog import Catalog
from .fast import FastScorer
from .features import build_features
from .normalize import normalize

if TYPE_CHECKING:
    from .emergency_net import EmergencyNet

CLASSIFIERS = ("lr", "svm", "svm+cnb")
_HAN = re.compile(r"[\u3400-\u9fff]")
_FORMAT = 1


@dataclass(frozen=True)
class ModelConfig:
    """How to build the model.

    Default ``classifier="lr"``: one multinomial logistic regression (native probabilities).
    Measured against the previous default, the soft vote of calibrated LinearSVC and
    calibrated complement NB (six calibrated models): cold-start macro-F1 on
    ``eval/zh_eval.jsonl`` 0.685 (lr) vs 0.689 (svm+cnb), i.e. one complaint in 389; CFPB
    5-fold CV on the 80% training split, English profile, 0.760 (lr) vs 0.728 (svm+cnb with
    its patterns/catalog); single-call ``analyze`` ~2,700/s (lr, hand-rolled head in
    :mod:`tousu.text.fast`) vs ~100/s (svm+cnb through scikit-learn). The ensemble does not
    win on validation, so it stays an option, not the default.

    ``features``: "char" (character 1-3-grams), "jieba" (jieba word 1-2-grams) or "word"
    (English word 1-2-grams only).
    ``classifier``: "lr" (logistic regression), "svm" (LinearSVC with sigmoid calibration) or
    "svm+cnb" (soft vote of calibrated LinearSVC and calibrated complement naive Bayes).
    ``c``: regularisation; logistic regression uses ``C = 10 * c``, LinearSVC ``C = c``.
    ``pattern_weight``: value of the catalog-pattern features; 0 drops that block (the
    English profile: on CFPB the catalog's English patterns cost 0.045 macro-F1 in CV).
    ``calibration_folds``: cross-validation folds of the sigmoid calibration (capped by the
    smallest class; below 2 the classifier falls back to logistic regression).
    ``calibration_ensemble``: True keeps one calibrated classifier per fold and averages
    them (scikit-learn's default); False fits one classifier on all the data and calibrates
    it on its out-of-fold scores (``CalibratedClassifierCV(ensemble=False)``): one linear
    model to evaluate per text, and better calibrated on CFPB (see :data:`ENGLISH_PROFILE`).
    ``override_weight``: sample weight of a staff override relative to an imported label;
    staff looked at that exact complaint, so their word should beat the bulk import.
    """

    features: str = "char"
    classifier: str = "lr"
    c: float = 1.0
    pattern_weight: float = 1.0
    calibration_folds: int = 3
    calibration_ensemble: bool = True
    override_weight: float = 5.0

    def __post_init__(self) -> None:
        if self.classifier not in CLASSIFIERS:
            raise ValueError(f"unknown classifier {self.classifier!r}; expected {CLASSIFIERS}")


def _calibrated(estimator: Any, folds: int, ensemble: bool = True) -> CalibratedClassifierCV:
    return CalibratedClassifierCV(estimator, method="sigmoid", cv=folds, ensemble=ensemble)


def _classifier(config: ModelConfig, min_class_count: int) -> Any:
    folds = min(config.calibration_folds, min_class_count)
    if config.classifier == "lr" or folds < 2:
        # Logistic regression has native probabilities, so it also serves as the fallback
        # when some class is too small to cross-validate a calibration.
        return LogisticRegression(C=config.c * 10, max_iter=3000, class_weight="balanced")
    svm = LinearSVC(C=config.c, class_weight="balanced", random_state=0)
    ensemble = config.calibration_ensemble
    if config.classifier == "svm":
        return _calibrated(svm, folds, ensemble)
    return VotingClassifier(
        [
            ("svm", _calibrated(svm, folds, ensemble)),
            ("cnb", _calibrated(ComplementNB(alpha=0.3), folds, ensemble)),
        ],
        voting="soft",
    )


#: The English profile (``language: en`` in a mapping file, or ``--profile english``):
#: word 1-2-gram TF-IDF (sublinear tf), no Chinese block, no pattern block, trained without
#: the catalog's (mostly Chinese) example phrases; one LinearSVC (C=1, balanced classes) on
#: all the data with per-class sigmoid calibration fitted on its 5-fold out-of-fold scores.
#: Chosen by repeated stratified 5x5 CV on the CFPB 80% training split through
#: :func:`tousu.text.training.train` (``python -m tousu.text cv``): macro-F1 0.767 +- 0.039
#: vs 0.758 +- 0.040 for the previous profile (logistic regression, C=30), paired gain
#: +0.002 to +0.009 over three fold seeds (within about two standard errors: a tie to a
#: small win), and expected calibration error 0.08 vs 0.12. Out of fold, logistic
#: regression with C=30 is under-confident (texts it gives 0.37 are right 48% of the time,
#: 0.51 -> 66%), so the triage threshold sent many right answers to humans; the calibrated
#: SVM: 0.40 -> 27%, 0.53 -> 56%, 0.75 -> 76%, 0.95 -> 97%. It also trains about twice as
#: fast. Character n-grams (char_wb 2-5) added to the words, NB-SVM, complement NB,
#: stemming, ridge, LSA and soft votes were all within noise or worse.
ENGLISH_PROFILE: dict[str, Any] = {
    "features": "word",
    "classifier": "svm",
    "c": 1.0,
    "pattern_weight": 0.0,
    "calibration_folds": 5,
    "calibration_ensemble": False,
}


@dataclass
class ScenarioModel:
    """A fitted pipeline plus the scenario codes of its probability columns."""

    pipeline: Pipeline
    classes: tuple[str, ...]
    config: ModelConfig
    meta: dict[str, Any] = field(default_factory=dict)
    #: The emergency net trained with this model (``tousu train`` with staff judgments or an
    #: import's emergency labels); ``None``: the net built from the shipped sets is used.
    emergency_net: EmergencyNet | None = field(default=None, repr=False, compare=False)
    _scorer: FastScorer | None = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_scorer"] = None  # rebuilt from the pipeline on first use
        return state

    @property
    def scorer(self) -> FastScorer:
        """The hand-rolled per-text scorer (built once from the fitted pipeline)."""
        if self._scorer is None:
            self._scorer = FastScorer(self.pipeline)
        return self._scorer

    def proba_one(self, doc: str) -> np.ndarray:
        """Probabilities of one already-normalised text (the fast path ``analyze`` uses)."""
        return self.scorer.proba(doc)

    def predict_proba(self, texts: Sequence[str], *, normalized: bool = False) -> np.ndarray:
        """Probabilities, one row per text, columns in the order of :attr:`classes`.

        Text by text through :meth:`proba_one`, so a batch and single calls give the very
        same numbers (the pipeline's own ``predict_proba`` agrees to float rounding).
        """
        docs = list(texts) if normalized else [normalize(t) for t in texts]
        if not docs:
            return np.zeros((0, len(self.classes)))
        scorer = self.scorer
        return np.vstack([scorer.proba(doc) for doc in docs])

    def predict(self, texts: Sequence[str]) -> list[str]:
        """Most probable scenario code for each text."""
        proba = self.predict_proba(texts)
        return [self.classes[i] for i in proba.argmax(axis=1)]

    def save(self, path: str | Path) -> Path:
        """Write the model with joblib, creating parent directories.

        Model files are pickles: load only files this platform wrote itself.
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"format": _FORMAT, "model": self}, target, compress=3)
        return target

    @classmethod
    def load(cls, path: str | Path) -> ScenarioModel:
        """Load a model written by :meth:`save` (a trusted file: it is a pickle)."""
        payload = joblib.load(Path(path))
        if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
            raise ValueError(f"{path} is not a tousu scenario model (format {_FORMAT})")
        model = payload["model"]
        trained_with = model.meta.get("sklearn")
        if trained_with and trained_with != sklearn.__version__:
            warnings.warn(
                f"model {path} was trained with scikit-learn {trained_with}, running "
                f"{sklearn.__version__}; retrain it if predictions look wrong",
                stacklevel=2,
            )
        model.scorer  # noqa: B018 - build the fast path now, not on the first request
        return model


def fit_model(
    texts: Sequence[str],
    labels: Sequence[str],
    catalog: Catalog,
    *,
    weights: Sequence[float] | None = None,
    config: ModelConfig | None = None,
    source: str = "",
) -> ScenarioModel:
    """Fit a :class:`ScenarioModel` on already-normalised ``texts`` and catalog ``labels``."""
    config = config or ModelConfig()
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    counts = Counter(labels)
    if len(counts) < 2:
        raise ValueError("training needs at least two scenarios")
    groups = [(s.code, s.patterns) for s in catalog.scenarios]
    pipeline = Pipeline(
        [
            (
                "features",
                build_features(
                    config.features,
                    groups,
                    config.pattern_weight,
                    chinese_text=any(_HAN.search(t) for t in texts),
                ),
            ),
            ("clf", _classifier(config, min(counts.values()))),
        ]
    )
    sample_weight = np.asarray(weights, dtype=float) if weights is not None else None
    pipeline.fit(list(texts), list(labels), clf__sample_weight=sample_weight)
    classes = tuple(str(c) for c in pipeline.classes_)
    meta = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "sklearn": sklearn.__version__,
        "catalog_version": catalog.version,
        "n_samples": len(texts),
        "label_counts": dict(sorted(counts.items())),
        "config": asdict(config),
        "source": source,
    }
    return ScenarioModel(pipeline=pipeline, classes=classes, config=config, meta=meta)
