"""The one small interface every stance classifier implements.

A classifier follows scikit-learn's estimator conventions: hyper-parameters in ``__init__``,
``fit`` returns ``self``, learned state ends in ``_``, ``predict_proba`` columns follow ``classes_``
(always :data:`stancelib.data.LABELS`: support, oppose, hedge, none).  ``save(dir)`` writes the model
to a directory without pickle; ``load(dir)`` reads it back.

Example
-------
>>> from stancelib.classifiers import load_classifier
>>> clf = load_classifier("baseline")                 # doctest: +SKIP
>>> clf.predict_proba(pairs).shape                   # doctest: +SKIP
(len(pairs), 4)
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelFileError
from ..labels import LABELS
from ..pairs import Pair


class StanceClassifier(ABC):
    """Scores (sentence, actor) pairs over :data:`LABELS`."""

    name: str = "base"
    classes_: tuple[str, ...] = LABELS

    @abstractmethod
    def fit(self, pairs: Sequence[Pair], labels: Sequence[str]) -> "StanceClassifier":
        """Learn from pairs and their gold labels; returns ``self``."""

    @abstractmethod
    def predict_proba(self, pairs: Sequence[Pair]) -> np.ndarray:
        """An ``(n_pairs, 4)`` array of probabilities, columns in ``classes_`` order, rows summing to 1."""

    def get_params(self) -> dict:
        """The hyper-parameters, read off ``__init__``'s signature as scikit-learn does."""
        import inspect

        names = [n for n in inspect.signature(type(self).__init__).parameters if n != "self"]
        return {n: getattr(self, n) for n in names}

    def limit_threads(self, n: int):
        """A context manager under which predictions use at most ``n`` threads (the pipeline asks for
        this while spaCy worker processes share the cores).  The default changes nothing."""
        import contextlib

        return contextlib.nullcontext()

    def predict(self, pairs: Sequence[Pair]) -> list[str]:
        """The most probable label of each pair."""
        if not pairs:
            return []
        proba = self.predict_proba(pairs)
        return [self.classes_[i] for i in proba.argmax(axis=1)]

    @abstractmethod
    def save(self, path: str | Path) -> None:
        """Write the fitted model into directory ``path``."""

    @classmethod
    @abstractmethod
    def load(cls, path: str | Path) -> "StanceClassifier":
        """Read a model written by :meth:`save`."""
