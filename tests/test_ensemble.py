"""The ensemble: weights chosen on dev, probabilities that sum to 1, save/load, and its place in the pipeline."""
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from stancelib.classifiers.base import StanceClassifier
from stancelib.classifiers.ensemble import EnsembleClassifier, _pool
from stancelib.classifiers.lexicon import LexiconClassifier
from stancelib.labels import LABELS
from stancelib.pairs import Pair

ROOT = Path(__file__).resolve().parent.parent


class Fixed(StanceClassifier):
    """Returns a fixed distribution per sentence: a stand-in member with known answers."""

    def __init__(self, table=None):
        self.table = table or {}

    def fit(self, pairs, labels):
        return self

    def predict_proba(self, pairs):
        return np.array([self.table[p.sentence] for p in pairs], dtype=float)

    def save(self, path):  # pragma: no cover - not saved in these tests
        raise NotImplementedError

    @classmethod
    def load(cls, path):  # pragma: no cover
        raise NotImplementedError


def _pairs(n):
    return [Pair("d", i, 0, 5, f"s{i}", "Joe Biden") for i in range(n)]


def _onehot(i, sharp=0.85):
    v = np.full(4, (1 - sharp) / 3)
    v[i] = sharp
    return v


def test_fit_puts_the_weight_on_the_member_that_is_right():
    pairs = _pairs(40)
    gold = [LABELS[i % 4] for i in range(40)]
    right = Fixed({p.sentence: _onehot(i % 4) for i, p in enumerate(pairs)})
    wrong = Fixed({p.sentence: _onehot((i + 1) % 4) for i, p in enumerate(pairs)})
    ens = EnsembleClassifier([("right", right), ("wrong", wrong)]).fit(pairs, gold)
    assert ens.weights[0] > ens.weights[1] and ens.predict(pairs) == gold
    ens = EnsembleClassifier([("wrong", wrong), ("right", right)]).fit(pairs, gold)
    assert ens.weights[1] > ens.weights[0] and ens.predict(pairs) == gold
    assert len(ens.selection_) == len(ens.grid)
    assert max(s["dev_macro_f1_stance"] for s in ens.selection_) == 1.0
    assert min(s["dev_macro_f1_stance"] for s in ens.selection_) < 0.1   # all weight on the wrong member


def test_pooling_is_a_distribution_and_temperature_softens():
    rng = np.random.default_rng(0)
    a, b = rng.dirichlet(np.ones(4), 30), rng.dirichlet(np.ones(4), 30)
    p1, p3 = _pool([a, b], [0.5, 0.5], 1.0), _pool([a, b], [0.5, 0.5], 3.0)
    assert np.allclose(p1.sum(axis=1), 1) and np.allclose(p3.sum(axis=1), 1)
    assert (p3.max(axis=1) <= p1.max(axis=1) + 1e-12).all()
    assert np.array_equal(p1.argmax(axis=1), p3.argmax(axis=1))
    # weight 1 on one member and T=1 gives that member back
    assert np.allclose(_pool([a, b], [1.0, 0.0], 1.0), a / a.sum(axis=1, keepdims=True), atol=1e-6)


def test_errors_are_clear():
    pairs = _pairs(4)
    with pytest.raises(RuntimeError, match="no weights"):
        EnsembleClassifier([("a", LexiconClassifier())]).predict_proba(pairs)
    with pytest.raises(ValueError, match="two members"):
        EnsembleClassifier([("a", LexiconClassifier())] * 3).fit(pairs, ["none"] * 4)
    with pytest.raises(ValueError, match="labels"):
        EnsembleClassifier([("a", LexiconClassifier())] * 2).fit(pairs, ["none"] * 3)


def test_save_and_load_read_the_members_beside_it(tmp_path):
    from stancelib.errors import ModelFileError

    lex = LexiconClassifier(strength=2.0)
    lex.save(tmp_path / "lexicon")
    ens = EnsembleClassifier([("lexicon", lex), ("lexicon", LexiconClassifier(strength=2.0))], weights=[0.3, 0.7])
    ens.temperature_ = 1.7
    ens.save(tmp_path / "ensemble")
    back = EnsembleClassifier.load(tmp_path / "ensemble")
    assert back.weights == [0.3, 0.7] and back.temperature_ == 1.7 and back.member_names == ["lexicon", "lexicon"]
    pairs = [Pair("d", 0, 0, 40, "Scholz again refused to send the Taurus.", "Olaf Scholz", spans=((0, 6),))]
    assert np.allclose(back.predict_proba(pairs), ens.predict_proba(pairs))
    with pytest.raises(ModelFileError, match="train.py --model ensemble"):
        EnsembleClassifier.load(tmp_path / "nowhere")


def test_train_script_ensemble_needs_its_members(tmp_path, mini_corpus):
    out = subprocess.run([sys.executable, str(ROOT / "train.py"), "--model", "ensemble", "--data", str(mini_corpus),
                          "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "train ['transformer', 'baseline'] first" in out.stderr


def test_best_model_skips_an_ensemble_without_its_members(tmp_path):
    from stancelib.classifiers import MODELS_DIR
    from stancelib.pipeline import StancePipeline, best_model_name

    shutil.copytree(MODELS_DIR / "baseline", tmp_path / "baseline")
    (tmp_path / "ensemble").mkdir()
    card = {"model": "ensemble", "members": {"transformer": {}, "baseline": {}}, "metrics": {"test": {"macro_f1_stance": 0.99}}}
    (tmp_path / "ensemble" / "card.json").write_text(json.dumps(card))
    assert best_model_name(tmp_path) == "baseline"
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        pipe = StancePipeline.from_name("ensemble", models_dir=tmp_path)
    assert pipe.model_name == "baseline"
    assert any("python train.py --model transformer" in str(x.message) for x in w)


def test_shipped_ensemble_pools_the_shipped_members():
    from stancelib.classifiers import MODELS_DIR, load_classifier, read_card

    assert read_card("ensemble") is not None, "the repository ships models/ensemble (python train.py --model ensemble)"
    ens = load_classifier("ensemble")
    assert ens.member_names == list(read_card("ensemble")["members"])
    assert abs(sum(ens.weights) - 1) < 1e-9
    assert (MODELS_DIR / "ensemble" / "ensemble.json").exists()


def test_ensemble_without_its_transformer_falls_back_with_warning(tmp_path):
    """The ensemble's card is installed but a member is not: the baseline answers, and the
    warning names the member to train."""
    from stancelib.classifiers import MODELS_DIR
    from stancelib.pipeline import StancePipeline

    shutil.copytree(MODELS_DIR / "baseline", tmp_path / "baseline")
    shutil.copytree(MODELS_DIR / "ensemble", tmp_path / "ensemble")
    (tmp_path / "transformer").mkdir()  # a folder without a card is not an installed model
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        pipe = StancePipeline.from_name("ensemble", models_dir=tmp_path)
    assert pipe.model_name == "baseline"
    msgs = [str(x.message) for x in w]
    assert any("needs the transformer model" in m and "python train.py --model transformer" in m for m in msgs), msgs


def test_ensemble_not_trained_falls_back_with_warning(tmp_path):
    from stancelib.classifiers import MODELS_DIR
    from stancelib.pipeline import StancePipeline

    for m in ("baseline", "transformer"):
        shutil.copytree(MODELS_DIR / m, tmp_path / m)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        pipe = StancePipeline.from_name("ensemble", models_dir=tmp_path)
    assert pipe.model_name == "baseline"
    assert any("python train.py --model ensemble" in str(x.message) for x in w)
