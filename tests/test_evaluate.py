import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stancelib.data import Document, GoldPair
from stancelib.evaluate import document_gold, expected_calibration_error, pair_metrics

ROOT = Path(__file__).resolve().parent.parent


def test_pair_metrics_known_answer():
    gold = ["support", "oppose", "hedge", "none", "support", "oppose"]
    pred = ["support", "oppose", "none", "none", "oppose", "oppose"]
    m = pair_metrics(gold, pred)
    assert m["per_label"]["support"]["f1"] == pytest.approx(2 / 3)  # P=1, R=.5
    assert m["per_label"]["oppose"]["f1"] == pytest.approx(0.8)     # P=2/3, R=1
    assert m["per_label"]["hedge"]["f1"] == 0.0
    assert m["macro_f1_stance"] == pytest.approx((2 / 3 + 0.8 + 0) / 3)
    assert m["confusion"][2] == [0, 0, 0, 1]


def test_ece_is_zero_when_confidence_matches_accuracy_and_large_when_not():
    proba = np.array([[1.0, 0, 0, 0]] * 10)
    assert expected_calibration_error(proba, ["support"] * 10)[0] == pytest.approx(0.0)
    assert expected_calibration_error(proba, ["oppose"] * 10)[0] == pytest.approx(1.0)


def test_document_gold_majority_and_override():
    d = Document("d", "test", "a. b. c.", ((0, 2), (3, 5), (6, 8)),
                 (GoldPair(0, 2, "A", "oppose"), GoldPair(3, 5, "A", "oppose"), GoldPair(6, 8, "A", "support"),
                  GoldPair(0, 2, "B", "none"), GoldPair(0, 2, "C", "support"), GoldPair(3, 5, "C", "oppose")))
    assert document_gold(d) == {"A": "oppose", "B": "none", "C": "hedge"}
    assert document_gold(Document("d", "test", "a.", ((0, 2),), (), actor_labels={"A": "hedge"})) == {"A": "hedge"}


def test_evaluate_command_on_user_data(tmp_path, mini_corpus):
    out = tmp_path / "figures.json"
    r = subprocess.run([sys.executable, "-m", "stancelib.evaluate", "--model", "baseline", "--split", "test",
                        "--data", str(mini_corpus), "--json", str(out)], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    for needle in ["macro-F1 (support/oppose/hedge)", "ECE", "actor stage", "article-level", "never named in training"]:
        assert needle in r.stdout
    figures = json.loads(out.read_text())
    assert figures["pairs"]["n"] == 4 and "end_to_end" in figures
    seen = figures["pairs"]["actor_seen"]  # the test pairs split by whether the train split names the actor
    assert seen["seen"]["n"] + seen["unseen"]["n"] == 4


def test_lexicon_peer_reads_cues_and_negation():
    from stancelib.classifiers.lexicon import LexiconClassifier
    from stancelib.pairs import Pair
    clf = LexiconClassifier()
    mk = lambda s: Pair("d", 0, 0, len(s), s, "X", spans=((0, 1),))  # noqa: E731
    assert clf.predict([mk("X urged allies to lift the restrictions."),
                        mk("X said no decision had been taken."),
                        mk("X met the delegation in the morning.")]) == ["support", "hedge", "none"]
