import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def test_train_script_on_tiny_corpus(tmp_path, mini_corpus):
    cmd = [sys.executable, str(ROOT / "train.py"), "--model", "baseline", "--data", str(mini_corpus),
           "--out", str(tmp_path), "--quick"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "macro-F1 (support/oppose/hedge)" in out.stdout and "confusion" in out.stdout
    card = json.loads((tmp_path / "baseline" / "card.json").read_text())
    assert card["data"]["sha256"] and card["versions"]["scikit-learn"]
    assert set(card["metrics"]) == {"dev", "test"}
    assert (tmp_path / "baseline" / "model.skops").exists()


def test_train_script_missing_corpus_exits_2(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "train.py"), "--data", str(tmp_path / "none.jsonl")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "none.jsonl" in out.stderr


def test_training_is_deterministic(tmp_path, mini_corpus):
    from stancelib.classifiers.baseline import BaselineClassifier
    from stancelib.data import load_corpus
    from stancelib.pairs import corpus_pairs
    from stancelib.training import train_baseline

    grid = {"C": [1.0, 4.0], "window": [5], "context_weight": [0.3]}
    a = train_baseline(mini_corpus, tmp_path / "a", grid=grid, log=lambda *_: None)
    b = train_baseline(mini_corpus, tmp_path / "b", grid=grid, log=lambda *_: None)
    assert a["params"] == b["params"] and a["metrics"] == b["metrics"]
    pairs, _, _ = corpus_pairs(load_corpus(mini_corpus))
    pa = BaselineClassifier.load(tmp_path / "a" / "baseline").predict_proba(pairs)
    pb = BaselineClassifier.load(tmp_path / "b" / "baseline").predict_proba(pairs)
    assert np.array_equal(pa, pb)
