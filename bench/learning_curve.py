#!/usr/bin/env python
"""Baseline test macro-F1 as the training corpus grows: ``python bench/learning_curve.py``.

Trains the baseline (with the shipped model's hyper-parameters) on the first 10%, 25%, 50% and
100% of the training documents (a fixed random order) and scores each on the same test split.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from stancelib.classifiers import read_card
from stancelib.classifiers.baseline import BaselineClassifier
from stancelib.data import load_corpus
from stancelib.evaluate import pair_metrics
from stancelib.pairs import corpus_pairs

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    params = read_card("baseline")["params"]
    docs = load_corpus()
    train = [d for d in docs if d.split == "train"]
    random.Random(0).shuffle(train)
    te_p, te_y, _ = corpus_pairs([d for d in docs if d.split == "test"])
    rows = []
    for frac in (0.1, 0.25, 0.5, 1.0):
        part = train[:max(2, int(len(train) * frac))]
        p, y, _ = corpus_pairs(part)
        clf = BaselineClassifier(**params).fit(p, y)
        m = pair_metrics(te_y, clf.predict(te_p))
        rows.append({"train_docs": len(part), "train_pairs": len(p), "test_macro_f1_stance": round(m["macro_f1_stance"], 3),
                     "test_per_label_f1": {l: round(v["f1"], 3) for l, v in m["per_label"].items()}})
        print(rows[-1])
    (ROOT / "bench" / "learning_curve.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
