"""Classifier backends behind one interface (:class:`StanceClassifier`) and their loader."""
from __future__ import annotations

import json
from pathlib import Path

from .base import ModelFileError, StanceClassifier

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"
BACKENDS = ("baseline", "transformer", "ensemble")   # trained models, candidates for the default
PEERS = ("lexicon",)                     # zero-shot peers, for comparison only


def model_dir(name: str, models_dir: str | Path | None = None) -> Path:
    return Path(models_dir or MODELS_DIR) / name


def read_card(name: str, models_dir: str | Path | None = None) -> dict | None:
    """The JSON model card of a shipped model, or ``None`` if it is not there."""
    p = model_dir(name, models_dir) / "card.json"
    if not p.exists():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"model card {p} is corrupt ({exc}); rebuild it with `python train.py --model {name}`") from exc


def classifier_class(name: str) -> type[StanceClassifier]:
    if name == "baseline":
        from .baseline import BaselineClassifier
        return BaselineClassifier
    if name == "transformer":
        from .transformer import TransformerClassifier
        return TransformerClassifier
    if name == "ensemble":
        from .ensemble import EnsembleClassifier
        return EnsembleClassifier
    if name == "lexicon":
        from .lexicon import LexiconClassifier
        return LexiconClassifier
    raise ValueError(f"unknown model {name!r}; choose one of {BACKENDS + PEERS}")


def load_classifier(name: str, models_dir: str | Path | None = None) -> StanceClassifier:
    """Load a shipped model by name (``baseline``, ``transformer`` or ``ensemble``) from ``models/``, or a peer."""
    if name in PEERS:
        return classifier_class(name)()
    return classifier_class(name).load(model_dir(name, models_dir))


__all__ = ["StanceClassifier", "ModelFileError", "load_classifier", "read_card", "model_dir", "BACKENDS", "PEERS"]
