"""The public API contract, on the shipped default model."""
import json
import shutil
import warnings

import pytest

import stancelib
from stancelib import StanceResult
from stancelib.labels import STANCE_LABELS


@pytest.fixture(scope="module")
def seed_result(seed_text):
    return stancelib.classify(seed_text, model="baseline")


def test_result_is_a_read_only_mapping(seed_result):
    assert isinstance(seed_result, StanceResult)
    name = next(iter(seed_result))
    assert seed_result[name].actor == name
    with pytest.raises(TypeError):
        seed_result["X"] = 1  # type: ignore[index]
    with pytest.raises(KeyError):
        seed_result["Nobody"]


def test_scores_sum_to_one_and_label_is_argmax(seed_result):
    for stance in seed_result.values():
        assert set(stance.scores) == set(STANCE_LABELS)
        assert abs(sum(stance.scores.values()) - 1) < 1e-6
        assert stance.label == max(stance.scores, key=stance.scores.get)
        assert stance.n_sentences >= 1


def test_evidence_offsets_point_into_the_text(seed_result, seed_text):
    for stance in seed_result.values():
        for ev in stance.evidence:
            assert seed_text[ev.start:ev.end] == ev.sentence
            assert abs(sum(ev.scores.values()) - 1) < 1e-6 and ev.label in ev.scores


def test_mentioned_actors_have_no_stance(seed_result):
    for name, m in seed_result.mentioned.items():
        assert name not in seed_result and m.label == "none" and m.scores == {}


def test_to_dict_roundtrips_through_json(seed_result):
    d = json.loads(json.dumps(seed_result.to_dict()))
    again = StanceResult.from_dict(d)
    assert again == seed_result


def test_to_frame_one_row_per_actor(seed_result):
    df = seed_result.to_frame()
    assert len(df) == len(seed_result) + len(seed_result.mentioned)
    assert {"actor", "label", "support", "oppose", "hedge"} <= set(df.columns)


def test_classify_pairs_rows(seed_text):
    rows = stancelib.classify_pairs(seed_text, model="baseline")
    assert rows and all(seed_text[r.start:r.end] == r.sentence for r in rows)
    assert all(abs(sum(r.scores.values()) - 1) < 1e-6 for r in rows)


@pytest.mark.parametrize("text", ["", "   \n\t  ", "The weather in the region was mild for the season."])
def test_empty_or_actorless_text_gives_empty_result(text):
    r = stancelib.classify(text, model="baseline")
    assert len(r) == 0 and not r.mentioned


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a list"]])
def test_non_string_raises_type_error(bad):
    with pytest.raises(TypeError, match="must be a str"):
        stancelib.classify(bad)
    with pytest.raises(TypeError, match="must be a str"):
        stancelib.classify_pairs(bad)


def test_unknown_model_name():
    with pytest.raises(ValueError, match="unknown model"):
        stancelib.classify("Putin warned.", model="gpt")


def test_very_long_text_works(seed_text):
    text = "\n".join([seed_text] * 48)  # about 200,000 characters
    assert len(text) > 200_000
    r = stancelib.classify(text, model="baseline")
    assert "Vladimir Putin" in r
    assert r["Vladimir Putin"].n_sentences >= 48


@pytest.mark.parametrize("batch_size,n_process", [(16, 1), (2, 1), (2, 2)])
def test_classify_many_matches_classify(seed_text, batch_size, n_process):
    texts = [seed_text, "", "Scholz refused to send Taurus missiles.", "   ", seed_text[:600], "Nothing here.",
             "Antony Blinken arrived in Kyiv by train."]  # the last: actors mentioned, no stance
    many = list(stancelib.classify_many(iter(texts), model="baseline", batch_size=batch_size, n_process=n_process))
    assert len(many) == len(texts)
    for t, r in zip(texts, many):
        single = stancelib.classify(t, model="baseline")
        assert r.text == t
        assert {a: (s.label, s.scores) for a, s in r.items()} == {a: (s.label, s.scores) for a, s in single.items()}
        assert [(p.start, p.actor) for p in r.pairs] == [(p.start, p.actor) for p in single.pairs]
        assert list(r.mentioned) == list(single.mentioned)


def test_default_model_loads_once():
    a = stancelib.load_model("baseline")
    assert stancelib.load_model("baseline") is a


def test_missing_transformer_falls_back_with_warning(tmp_path):
    from stancelib.classifiers import MODELS_DIR
    from stancelib.pipeline import StancePipeline
    shutil.copytree(MODELS_DIR / "baseline", tmp_path / "baseline")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        pipe = StancePipeline.from_name("transformer", models_dir=tmp_path)
    assert pipe.model_name == "baseline"
    assert any("python train.py --model transformer" in str(x.message) for x in w)


def test_missing_model_error_names_file(tmp_path):
    from stancelib.errors import ModelFileError
    from stancelib.pipeline import StancePipeline
    with pytest.raises(ModelFileError, match="python train.py"):
        StancePipeline.from_name("baseline", models_dir=tmp_path)
