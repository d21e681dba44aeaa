import numpy as np
import pytest

from stancelib.classifiers.baseline import BaselineClassifier, features
from stancelib.data import load_corpus
from stancelib.errors import ModelFileError
from stancelib.labels import LABELS
from stancelib.pairs import Pair, corpus_pairs


@pytest.fixture(scope="module")
def mini_pairs(mini_corpus):
    return corpus_pairs(load_corpus(mini_corpus, split="train"))


def test_features_know_the_actor():
    p = Pair("d", 0, 0, 30, "Putin warned Biden against it.", "Joe Biden", spans=((13, 18),), other_spans=((0, 5),))
    row = features([p]).iloc[0]
    assert "OTHERX warned ACTORX" in " ".join(row["marked"].split())
    assert "ACTORX" in row["window"] and row["not_named"] == 0.0


def test_fit_predict_proba_contract(mini_pairs):
    pairs, labels, _ = mini_pairs
    clf = BaselineClassifier(C=2.0, calibration_folds=2).fit(pairs, labels)
    proba = clf.predict_proba(pairs)
    assert proba.shape == (len(pairs), len(LABELS))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert clf.predict_proba([]).shape == (0, 4)
    assert set(clf.predict(pairs)) <= set(LABELS)


def test_fit_rejects_bad_labels(mini_pairs):
    pairs, labels, _ = mini_pairs
    with pytest.raises(ValueError):
        BaselineClassifier().fit(pairs, ["maybe"] * len(pairs))
    with pytest.raises(ValueError):
        BaselineClassifier().fit(pairs, labels[:-1])


def test_save_load_roundtrip_is_exact(tmp_path, mini_pairs):
    pairs, labels, _ = mini_pairs
    clf = BaselineClassifier(C=2.0, calibration_folds=2).fit(pairs, labels)
    clf.save(tmp_path / "m")
    again = BaselineClassifier.load(tmp_path / "m")
    assert np.allclose(clf.predict_proba(pairs), again.predict_proba(pairs))
    assert not list((tmp_path / "m").glob("*.pkl"))


def test_missing_or_corrupt_model_names_file_and_fix(tmp_path, mini_pairs):
    with pytest.raises(ModelFileError, match=r"model.skops.*python train.py"):
        BaselineClassifier.load(tmp_path / "nothing")
    pairs, labels, _ = mini_pairs
    BaselineClassifier(C=2.0, calibration_folds=2).fit(pairs, labels).save(tmp_path / "m")
    (tmp_path / "m" / "model.skops").write_bytes(b"not a zip file")
    with pytest.raises(ModelFileError, match=r"model.skops.*python train.py"):
        BaselineClassifier.load(tmp_path / "m")
