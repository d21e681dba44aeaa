"""A zero-shot peer to beat: cue phrases from the labelling guide, with negation handling.

It needs no training data: ``fit`` only records that it was called.  For each pair it looks at the
actor's part of the sentence (the words around the actor's mentions, or the whole sentence when
the actor is the quote's speaker), counts support / oppose / hedge cue phrases from
``data/lexicon.json``, flips a negated support cue to oppose and a negated oppose cue to hedge, and
turns the counts into probabilities.  No cue at all → ``none``.

Example
-------
>>> from stancelib.classifiers.lexicon import LexiconClassifier
>>> from stancelib.pairs import Pair
>>> p = Pair("d", 0, 0, 40, "Scholz refused to send Taurus missiles.", "Olaf Scholz", spans=((0, 6),))
>>> LexiconClassifier().predict([p])
['oppose']
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import numpy as np

from ..labels import LABELS
from ..pairs import Pair
from .base import StanceClassifier

LEXICON = Path(__file__).resolve().parent.parent.parent / "data" / "lexicon.json"


class LexiconClassifier(StanceClassifier):
    """Cue-phrase rules (no training). ``window``: words on each side of the actor's mention."""

    name = "lexicon"

    def __init__(self, lexicon: str | Path = LEXICON, window: int = 12, strength: float = 1.5):
        self.lexicon = lexicon
        self.window = window
        self.strength = strength
        cues = json.loads(Path(lexicon).read_text(encoding="utf-8"))
        self.cues_ = {l: [re.compile(r"\b" + re.escape(c) + r"\b") for c in cues[l]] for l in ("support", "oppose", "hedge")}
        self.negations_ = set(cues["negations"])

    def fit(self, pairs: Sequence[Pair], labels: Sequence[str]) -> "LexiconClassifier":
        return self

    def _scope(self, p: Pair) -> str:
        text = p.sentence.lower()
        if p.is_speaker or not p.spans:
            return text
        words = []
        for s, e in p.spans:
            left = text[:s].split()[-self.window:]
            right = text[e:].split()[:self.window]
            words.append(" ".join(left + ["ACTOR"] + right))
        return " | ".join(words)

    def _counts(self, scope: str) -> dict[str, float]:
        counts = {"support": 0.0, "oppose": 0.0, "hedge": 0.0}
        for label, pats in self.cues_.items():
            for pat in pats:
                for m in pat.finditer(scope):
                    before = scope[:m.start()].split()[-3:]
                    negated = any(w.strip(".,;:") in self.negations_ or w.endswith("n't") for w in before)
                    if negated and label == "support":
                        counts["oppose"] += 1
                    elif negated and label == "oppose":
                        counts["hedge"] += 1
                    else:
                        counts[label] += 1
        return counts

    def predict_proba(self, pairs: Sequence[Pair]) -> np.ndarray:
        out = np.zeros((len(pairs), len(LABELS)))
        for i, p in enumerate(pairs):
            c = self._counts(self._scope(p))
            z = np.array([c["support"], c["oppose"], c["hedge"], 0.5 if sum(c.values()) == 0 else 0.0])
            z = np.exp(self.strength * z)
            out[i] = z / z.sum()
        return out

    def save(self, path: str | Path) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "params.json").write_text(json.dumps({"lexicon": str(self.lexicon), "window": self.window,
                                                             "strength": self.strength}))

    @classmethod
    def load(cls, path: str | Path) -> "LexiconClassifier":
        f = Path(path) / "params.json"
        params = json.loads(f.read_text()) if f.exists() else {}
        return cls(**params)
