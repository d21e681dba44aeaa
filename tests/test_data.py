import json

import pytest

from stancelib.data import (CorpusError, Document, GoldPair, Registry, build_document, load_corpus,
                            near_duplicates, statistics, validate)

REG = Registry.load()


def _doc(**kw):
    text = "Putin warned NATO. Scholz hesitated."
    base = dict(id="x", split="train", text=text, sentences=((0, 18), (19, 36)),
                pairs=(GoldPair(0, 18, "Vladimir Putin", "oppose"), GoldPair(19, 36, "Olaf Scholz", "hedge")))
    base.update(kw)
    return Document(**base)


def test_valid_document_passes():
    assert validate([_doc()], REG) == []


@pytest.mark.parametrize("change, message", [
    (dict(split="holdout"), "split"),
    (dict(pairs=(GoldPair(0, 17, "Vladimir Putin", "oppose"),)), "sentence boundary"),
    (dict(pairs=(GoldPair(0, 18, "Vladimir Putin", "against"),)), "label"),
    (dict(pairs=(GoldPair(0, 18, "Nobody Known", "oppose"),)), "registry"),
    (dict(pairs=(GoldPair(0, 18, "Petr Pavel", "oppose"),)), "test-only"),
    (dict(sentences=((0, 18), (19, 99))), "outside the text"),
    (dict(sentences=((0, 18),)), "not covered"),
])
def test_validator_catches_problems(change, message):
    errors = validate([_doc(**change)], REG)
    assert any(message in e for e in errors), errors


def test_near_duplicates_across_splits_are_found():
    s = "Chancellor Olaf Scholz again refused on Friday to send Taurus cruise missiles to Kyiv."
    a = Document("a", "train", s, ((0, len(s)),), ())
    b = Document("b", "test", s.replace("Friday", "Monday"), ((0, len(s) - 2 + 2),), ())
    assert near_duplicates([a, b], threshold=0.6)
    c = Document("c", "train", s, ((0, len(s)),), ())
    assert not near_duplicates([a, c])  # same split: not leakage


def test_build_document_offsets_and_roundtrip():
    obj = {"id": "d", "split": "dev", "paragraphs": [
        [{"text": "Headline here", "pairs": [["Joe Biden", "none", "headline"]]}],
        [{"text": "Biden hesitated.", "pairs": [["Joe Biden", "hedge"]]}, {"text": "No actor here."}]]}
    d = build_document(obj, REG)
    assert d.text == "Headline here\nBiden hesitated. No actor here."
    for s, e in d.sentences:
        assert d.text[s:e] == d.text[s:e].strip()
    assert [(d.text[p.start:p.end], p.label) for p in d.pairs] == [("Headline here", "none"), ("Biden hesitated.", "hedge")]
    assert Document.from_json(json.loads(json.dumps(d.to_json()))) == d


def test_build_rejects_bad_pairs():
    with pytest.raises(CorpusError):
        build_document({"id": "d", "split": "dev", "paragraphs": [[{"text": "x", "pairs": [["Joe Biden"]]}]]}, REG)


def test_seed_is_in_test_split_and_fully_labelled(seed_text):
    docs = load_corpus()
    seed = [d for d in docs if d.id == "000_1a0e0990b6052ff4"]
    assert len(seed) == 1 and seed[0].split == "test"
    assert seed[0].text == seed_text
    assert {"Volodymyr Zelenskyy", "Keir Starmer", "Vladimir Putin", "John Kirby", "Joe Biden"} <= {p.actor for p in seed[0].pairs}


def test_statistics_counts(mini_corpus):
    st = statistics(load_corpus(mini_corpus))
    assert st["documents"] == 5
    assert st["pairs"] == sum(st["labels"].values())
