import numpy as np
import pytest

from stancelib.classifiers.transformer import TransformerClassifier, encode_inputs, fit_temperature, softmax
from stancelib.data import load_corpus
from stancelib.labels import LABELS
from stancelib.pairs import Pair, corpus_pairs


def test_temperature_recovers_known_overconfidence():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4000, 4)) * 1.5
    y = np.array([rng.choice(4, p=q) for q in softmax(z)])
    assert abs(fit_temperature(2.5 * z, y) - 2.5) < 0.25
    assert abs(fit_temperature(z, y) - 1.0) < 0.1


def test_inputs_name_and_mark_the_actor():
    p = Pair("d", 0, 0, 30, "Putin warned Biden against it.", "Joe Biden", spans=((13, 18),), other_spans=((0, 5),),
             context="Earlier text.")
    first, second = encode_inputs([p], "marked")
    assert first == ["Joe Biden"] and second == ["{{ Putin }} warned [[ Biden ]] against it."]
    alone = Pair("d", 0, 0, 24, "Biden hesitated again.", "Joe Biden", spans=((0, 5),))
    assert encode_inputs([alone], "marked")[1] == ["[[ Biden ]] hesitated again."]
    first, _ = encode_inputs([p], "context")
    assert "Earlier text." in first[0]
    # "referent": context only where the actor is not named in the sentence itself
    assert encode_inputs([p], "referent")[0] == ["Joe Biden"]
    he = Pair("d", 1, 0, 22, '"No," he said firmly.', "Joe Biden", spans=((6, 8),), via=("pronoun",),
              context="Biden was asked about ATACMS.")
    speaker = Pair("d", 1, 0, 12, '"Never," it went on.', "Joe Biden", is_speaker=True, via=("speaker",),
                   context='"Not now," Biden said.')
    first, second = encode_inputs([he, speaker], "referent")
    assert first == ["Joe Biden | before: Biden was asked about ATACMS.",
                     'Joe Biden (quoted speaker) | before: "Not now," Biden said.']
    assert second[0] == '"No," [[ he ]] said firmly.'
    with pytest.raises(ValueError):
        encode_inputs([p], "nonsense")


@pytest.mark.slow
def test_tiny_finetune_saves_reloads_and_predicts(tmp_path, mini_corpus):
    pairs, labels, _ = corpus_pairs(load_corpus(mini_corpus, split="train"))
    clf = TransformerClassifier(epochs=1, batch_size=8, max_length=64).fit(pairs[:16], labels[:16])
    proba = clf.predict_proba(pairs[:5])
    assert proba.shape == (5, len(LABELS)) and np.allclose(proba.sum(axis=1), 1, atol=1e-5)
    clf.save(tmp_path / "t")
    again = TransformerClassifier.load(tmp_path / "t")
    # fp16 weights on disk: predictions agree to within rounding
    assert np.allclose(again.predict_proba(pairs[:5]), proba, atol=2e-2)
    assert (tmp_path / "t" / "model.safetensors").exists()


@pytest.mark.slow
def test_frozen_embeddings_stay_pretrained(mini_corpus):
    import torch
    from transformers import AutoModelForSequenceClassification

    from stancelib.classifiers.transformer import default_encoder

    pairs, labels, _ = corpus_pairs(load_corpus(mini_corpus, split="train"))
    pre = AutoModelForSequenceClassification.from_pretrained(default_encoder(), num_labels=len(LABELS))
    clf = TransformerClassifier(epochs=1, batch_size=8, max_length=64, freeze_embeddings=True).fit(pairs[:16], labels[:16])
    emb = clf.model_.get_input_embeddings().weight
    assert torch.equal(emb, pre.get_input_embeddings().weight)
    # the rest of the encoder did train
    layer = "bert.encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(clf.model_.state_dict()[layer], pre.state_dict()[layer])
    assert clf.get_params()["freeze_embeddings"] is True


@pytest.mark.slow
def test_frozen_layers_stay_pretrained_under_bf16_training(mini_corpus):
    import torch
    from transformers import AutoModelForSequenceClassification

    from stancelib.classifiers.transformer import default_encoder

    pairs, labels, _ = corpus_pairs(load_corpus(mini_corpus, split="train"))
    pre = AutoModelForSequenceClassification.from_pretrained(default_encoder(), num_labels=len(LABELS)).state_dict()
    clf = TransformerClassifier(epochs=1, batch_size=8, max_length=64, freeze_layers=1, precision="bf16")
    clf.fit(pairs[:16], labels[:16])
    got = clf.model_.state_dict()
    assert clf.bf16_ is True
    for kept in ("bert.embeddings.position_embeddings.weight", "bert.embeddings.LayerNorm.weight",
                 "bert.encoder.layer.0.attention.self.query.weight", "bert.encoder.layer.0.output.dense.bias"):
        assert torch.equal(got[kept], pre[kept]), kept
    assert not torch.equal(got["bert.encoder.layer.1.attention.self.query.weight"],
                           pre["bert.encoder.layer.1.attention.self.query.weight"])
    assert all(p.dtype == torch.float32 for p in clf.model_.parameters())  # autocast, not bf16 weights
    proba = clf.predict_proba(pairs[:4])
    assert np.isfinite(proba).all() and np.allclose(proba.sum(axis=1), 1, atol=1e-5)


def test_precision_choice():
    import torch

    from stancelib.classifiers.transformer import _use_bf16

    cpu = torch.device("cpu")
    assert _use_bf16("fp32", cpu) is False and _use_bf16("bf16", cpu) is True
    assert isinstance(_use_bf16("auto", cpu), bool)
    assert _use_bf16("auto", torch.device("meta")) is False  # unknown device: fp32
    with pytest.raises(ValueError, match="precision"):
        _use_bf16("fp8", cpu)


def test_missing_transformer_names_file_and_command(tmp_path):
    from stancelib.errors import ModelFileError
    with pytest.raises(ModelFileError, match="python train.py --model transformer"):
        TransformerClassifier.load(tmp_path)


@pytest.mark.slow
def test_onnx_runtime_gives_the_torch_logits(tmp_path, mini_corpus):
    pairs, labels, _ = corpus_pairs(load_corpus(mini_corpus, split="train"))
    clf = TransformerClassifier(epochs=1, batch_size=8, max_length=64, runtime="torch").fit(pairs[:16], labels[:16])
    ref = clf.predict_logits(pairs[:12])
    assert clf._onnx_session() is None  # runtime="torch": no export
    clf.runtime, clf.quantize = "onnx", False
    fast = clf.predict_logits(pairs[:12])
    assert clf.session_ is not None
    assert np.allclose(fast, ref, atol=1e-4) and (fast.argmax(1) == ref.argmax(1)).all()
    clf.session_, clf.quantize = None, True  # int8: close to the fp32 logits, not equal
    int8 = clf.predict_logits(pairs[:12])
    assert int8.shape == ref.shape and not np.allclose(int8, ref, atol=1e-6)
    assert np.abs(int8 - ref).max() < 0.5
    usual = clf.session_
    with clf.limit_threads(1):  # a one-thread session while spaCy workers share the cores
        assert clf.session_ is not usual
        assert clf.session_.get_session_options().intra_op_num_threads == 1
        one = clf.predict_logits(pairs[:12])
    assert clf.session_ is usual
    assert np.allclose(one, int8, atol=1e-5)
    clf.runtime = "nonsense"
    clf.session_ = None
    with pytest.raises(ValueError, match="runtime"):
        clf.predict_logits(pairs[:2])


def test_name_dropout_hides_names_in_training_and_unseen_actors_at_prediction(mini_corpus):
    import random

    from stancelib.classifiers.transformer import PLACEHOLDER, encode_inputs

    pairs, labels, _ = corpus_pairs(load_corpus(mini_corpus, split="train"))
    clf = TransformerClassifier(name_dropout=0.5)
    first, _ = encode_inputs(pairs, "marked")
    dropped = clf._heads(pairs, first, random.Random(0))
    hidden = sum(h.startswith(PLACEHOLDER) for h in dropped)
    assert 0.2 * len(pairs) < hidden < 0.8 * len(pairs)
    clf.known_actors_ = {pairs[0].actor}
    shown = clf._heads(pairs, first, None)  # prediction: only actors unseen in training are hidden
    assert all(h.startswith(PLACEHOLDER) == (p.actor != pairs[0].actor) for h, p in zip(shown, pairs))
    assert TransformerClassifier()._heads(pairs, first, None) == first  # off by default
