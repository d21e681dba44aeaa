"""The scikit-learn baseline: actor-marked TF-IDF features, logistic regression, sigmoid calibration.

The model knows *which* actor it judges: the actor's mentions are replaced by ``ACTORX`` and other
actors' by ``OTHERX`` before vectorising, the words around the actor's mentions form a second
feature block, and flags say whether the actor is the quote's speaker or a grammatical subject,
was found through a pronoun/title/group, or is not named in the sentence at all (quote speaker of
a multi-sentence quote).  Saved with skops (no pickle).

Example
-------
>>> from stancelib.classifiers.baseline import BaselineClassifier
>>> clf = BaselineClassifier(C=2.0).fit(train_pairs, train_labels)   # doctest: +SKIP
>>> clf.predict_proba(test_pairs)[:1].round(2)                       # doctest: +SKIP
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ..labels import LABELS
from ..pairs import Pair
from .base import ModelFileError, StanceClassifier

FLAGS = ["is_speaker", "is_subject", "via_pronoun", "via_title", "via_group", "not_named", "several_actors",
         "question", "in_quote"]
_TOKEN = re.compile(r"\w+(?:'\w+)?|[?!\"“”]")
MODEL_FILE = "model.skops"


def _window(marked: str, width: int) -> str:
    toks = _TOKEN.findall(marked)
    idx = [i for i, t in enumerate(toks) if t == "ACTORX"]
    if not idx:
        return "NOMENTION"
    keep = []
    for i in idx:
        lo, hi = max(0, i - width), min(len(toks), i + width + 1)
        keep.append(" ".join(toks[lo:i]) + " ACTORX " + " ".join(toks[i + 1:hi]))
    return " | ".join(keep)


def features(pairs: Sequence[Pair], width: int = 5) -> pd.DataFrame:
    """The feature table the scikit-learn pipeline consumes (one row per pair)."""
    rows = []
    for p in pairs:
        marked = p.marked(" ACTORX ", " OTHERX ")
        if p.is_speaker:
            marked = "SPEAKERX " + marked
        rows.append({
            "marked": marked,
            "window": _window(marked, width),
            "context": p.context,
            "is_speaker": float(p.is_speaker),
            "is_subject": float(p.is_subject),
            "via_pronoun": float("pronoun" in p.via),
            "via_title": float("title" in p.via),
            "via_group": float("group" in p.via),
            "not_named": float(not p.spans),
            "several_actors": float(p.n_actors > 1),
            "question": float(p.sentence.rstrip().endswith("?")),
            "in_quote": float(any(q in p.sentence for q in '"“”')),
        })
    return pd.DataFrame(rows, columns=["marked", "window", "context", *FLAGS])


class BaselineClassifier(StanceClassifier):
    """TF-IDF + logistic regression over actor-marked pairs, with calibrated probabilities.

    Parameters
    ----------
    C: inverse regularisation strength of the logistic regression.
    window: words kept on each side of the actor's mention for the window features.
    context_weight: weight of the previous-sentence block (0 drops it).
    calibration_folds: folds for :class:`~sklearn.calibration.CalibratedClassifierCV` (sigmoid).
    seed: random state.
    """

    name = "baseline"

    def __init__(self, C: float = 4.0, window: int = 5, context_weight: float = 0.3,
                 calibration_folds: int = 5, seed: int = 0):
        self.C = C
        self.window = window
        self.context_weight = context_weight
        self.calibration_folds = calibration_folds
        self.seed = seed

    def _pipeline(self) -> Pipeline:
        blocks = [
            ("marked", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True), "marked"),
            ("window", TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True, lowercase=True), "window"),
            ("flags", "passthrough", FLAGS),
        ]
        weights = {"marked": 1.0, "window": 1.0, "flags": 1.0}
        if self.context_weight > 0:
            blocks.append(("context", TfidfVectorizer(min_df=2, sublinear_tf=True), "context"))
            weights["context"] = self.context_weight
        lr = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000, random_state=self.seed)
        return Pipeline([
            ("features", ColumnTransformer(blocks, transformer_weights=weights)),
            ("clf", CalibratedClassifierCV(lr, method="sigmoid", cv=self.calibration_folds)),
        ])

    def fit(self, pairs: Sequence[Pair], labels: Sequence[str]) -> "BaselineClassifier":
        if len(pairs) != len(labels):
            raise ValueError(f"{len(pairs)} pairs but {len(labels)} labels")
        bad = set(labels) - set(LABELS)
        if bad:
            raise ValueError(f"unknown labels {sorted(bad)}; expected {LABELS}")
        counts = {l: list(labels).count(l) for l in LABELS}
        folds = max(2, min(self.calibration_folds, min(c for c in counts.values() if c) if any(counts.values()) else 2))
        pipe = self._pipeline()
        pipe.set_params(clf__cv=folds)
        y = np.array([LABELS.index(l) for l in labels])
        pipe.fit(features(pairs, self.window), y)
        self.pipeline_ = pipe
        return self

    def predict_proba(self, pairs: Sequence[Pair]) -> np.ndarray:
        if not hasattr(self, "pipeline_"):
            raise RuntimeError("BaselineClassifier is not fitted: call fit() or load()")
        out = np.zeros((len(pairs), len(LABELS)))
        if not pairs:
            return out
        proba = self.pipeline_.predict_proba(features(pairs, self.window))
        for j, cls in enumerate(self.pipeline_.classes_):
            out[:, int(cls)] = proba[:, j]
        out /= out.sum(axis=1, keepdims=True)
        return out

    def save(self, path: str | Path) -> None:
        import zipfile

        import skops.io as sio

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        # deflated: the TF-IDF vocabularies of the full corpus are 61 MB stored, well under half that packed
        sio.dump(self.pipeline_, path / MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
        (path / "params.json").write_text(json.dumps(self.get_params(), indent=1))

    @classmethod
    def load(cls, path: str | Path) -> "BaselineClassifier":
        import skops.io as sio

        path = Path(path)
        f = path / MODEL_FILE
        if not f.exists():
            raise ModelFileError(f"baseline model file {f} is missing; rebuild it with `python train.py --model baseline`")
        try:
            params = json.loads((path / "params.json").read_text())
            untrusted = sio.get_untrusted_types(file=f)
            unsafe = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
            if unsafe:
                raise ModelFileError(f"{f} contains types that are not scikit-learn/numpy/scipy: {unsafe}; "
                                     f"rebuild it with `python train.py --model baseline`")
            pipe = sio.load(f, trusted=untrusted)
        except ModelFileError:
            raise
        except Exception as exc:  # skops raises several kinds on a damaged file
            raise ModelFileError(f"cannot read baseline model {f} ({type(exc).__name__}: {exc}); "
                                 f"rebuild it with `python train.py --model baseline`") from exc
        obj = cls(**params)
        obj.pipeline_ = pipe
        return obj
