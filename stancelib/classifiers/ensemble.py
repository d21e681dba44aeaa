"""A weighted ensemble of fitted classifiers: log-linear pooling of their calibrated probabilities.

The ensemble does not learn features of its own.  Given members that are already fitted (the
transformer and the baseline), :meth:`EnsembleClassifier.fit` chooses on **dev** pairs the weight
``w`` of each member's log-probabilities and one temperature ``T``:

    p(label) ∝ exp( Σ_m w_m · log p_m(label) / T )

so ``predict_proba`` rows still sum to 1 and stay calibrated.  The two members make different
mistakes (a cross-encoder that reads the sentence against TF-IDF n-grams), which is why pooling
them helps; see the model card for the dev figures behind the chosen weights.

Saved as ``ensemble.json`` (member names, weights, temperature) beside a card; the members are read
from their own directories next to it (``models/transformer``, ``models/baseline``), so the
ensemble adds no weights of its own.

Example
-------
>>> import numpy as np
>>> from stancelib.classifiers.ensemble import EnsembleClassifier
>>> from stancelib.classifiers.lexicon import LexiconClassifier
>>> from stancelib.pairs import Pair
>>> pairs = [Pair("d", 0, 0, 36, "Scholz again refused to send Taurus.", "Olaf Scholz", spans=((0, 6),))]
>>> ens = EnsembleClassifier([("a", LexiconClassifier()), ("b", LexiconClassifier())], weights=[0.5, 0.5])
>>> np.allclose(ens.predict_proba(pairs).sum(axis=1), 1.0)
True
"""
from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..errors import ModelFileError
from ..labels import LABELS
from ..pairs import Pair
from .base import StanceClassifier

CONFIG_FILE = "ensemble.json"
WEIGHT_GRID = tuple(float(round(x, 2)) for x in np.arange(0.0, 1.0001, 0.1))


def _log_pool(probas: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """The weighted sum of the members' log-probabilities: the pooled logits at temperature 1."""
    return sum(w * np.log(np.clip(p, 1e-9, 1.0)) for w, p in zip(weights, probas))


def _pool(probas: Sequence[np.ndarray], weights: Sequence[float], temperature: float) -> np.ndarray:
    z = _log_pool(probas, weights) / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class EnsembleClassifier(StanceClassifier):
    """Log-linear pooling of fitted classifiers, weights and temperature chosen on dev.

    estimators: ``[(name, fitted classifier), ...]`` — two members in the shipped ensemble.
    weights: the members' weights (summing to 1); ``None`` until :meth:`fit` chooses them.
    grid: weights of the *last* member tried by :meth:`fit` (two members); the first gets ``1 - w``.
    """

    name = "ensemble"

    def __init__(self, estimators: Sequence[tuple[str, StanceClassifier]] = (), weights: Sequence[float] | None = None,
                 grid: Sequence[float] = WEIGHT_GRID):
        self.estimators = list(estimators)
        self.weights = None if weights is None else [float(w) for w in weights]
        self.grid = tuple(grid)
        self.temperature_ = 1.0

    def _member_probas(self, pairs: Sequence[Pair]) -> list[np.ndarray]:
        return [clf.predict_proba(pairs) for _, clf in self.estimators]

    def fit(self, pairs: Sequence[Pair], labels: Sequence[str], log: Callable[[str], None] = lambda *_: None
            ) -> "EnsembleClassifier":
        """Choose the weights (grid over two members) and the temperature on ``pairs`` — pass **dev**
        pairs here: the members are already fitted on train and are not refitted."""
        from ..evaluate import pair_metrics
        from .transformer import fit_temperature

        if len(self.estimators) != 2:
            raise ValueError(f"fit() chooses weights for two members; got {len(self.estimators)} "
                             f"(pass weights=... to pool more)")
        if len(pairs) != len(labels):
            raise ValueError(f"{len(pairs)} pairs but {len(labels)} labels")
        if not pairs:
            raise ValueError("fit() needs dev pairs to choose the weights")
        probas = self._member_probas(pairs)
        y = np.array([LABELS.index(l) for l in labels])
        self.selection_ = []
        best, best_f1 = None, -1.0
        for w in self.grid:
            weights = [round(1.0 - w, 2), w]
            pred = _log_pool(probas, weights).argmax(axis=1)
            f1 = pair_metrics(list(labels), [LABELS[i] for i in pred])["macro_f1_stance"]
            self.selection_.append({"weights": weights, "dev_macro_f1_stance": round(f1, 4)})
            log(f"  weights {dict(zip(self.member_names, weights))}: dev macro-F1 {f1:.3f}")
            if f1 > best_f1 + 1e-9:
                best, best_f1 = weights, f1
        self.weights = best
        self.temperature_ = fit_temperature(_log_pool(probas, self.weights), y)
        return self

    @property
    def member_names(self) -> list[str]:
        return [n for n, _ in self.estimators]

    def predict_proba(self, pairs: Sequence[Pair]) -> np.ndarray:
        if self.weights is None:
            raise RuntimeError("EnsembleClassifier has no weights: call fit() on dev pairs or pass weights=")
        if not pairs:
            return np.zeros((0, len(LABELS)))
        return _pool(self._member_probas(pairs), self.weights, self.temperature_)

    @contextlib.contextmanager
    def limit_threads(self, n: int):
        with contextlib.ExitStack() as stack:
            for _, clf in self.estimators:
                stack.enter_context(clf.limit_threads(n))
            yield self

    def get_params(self) -> dict:
        return {"estimators": self.member_names, "weights": self.weights, "grid": list(self.grid)}

    def save(self, path: str | Path) -> None:
        """Write ``ensemble.json``; the members must already be saved in sibling directories named
        after them (``path/../<member>``), which :meth:`load` reads."""
        if self.weights is None:
            raise RuntimeError("nothing to save: the ensemble has no weights yet")
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CONFIG_FILE).write_text(json.dumps({"members": self.member_names, "weights": self.weights,
                                                    "temperature": self.temperature_, "labels": list(LABELS)},
                                                   indent=1) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> "EnsembleClassifier":
        from . import classifier_class

        path = Path(path)
        cfg_file = path / CONFIG_FILE
        if not cfg_file.exists():
            raise ModelFileError(f"ensemble file {cfg_file} is missing; rebuild it with `python train.py --model ensemble`")
        try:
            cfg = json.loads(cfg_file.read_text())
            members = list(cfg["members"])
            weights, temperature = [float(w) for w in cfg["weights"]], float(cfg["temperature"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"cannot read {cfg_file} ({exc}); rebuild it with `python train.py --model ensemble`") from exc
        if len(members) != len(weights) or cls.name in members:
            raise ModelFileError(f"{cfg_file}: members {members} and weights {weights} do not match")
        estimators = [(m, classifier_class(m).load(path.parent / m)) for m in members]
        obj = cls(estimators, weights=weights)
        obj.temperature_ = temperature
        return obj
