"""The seed article end to end, compared with its gold record in the test split."""
import pytest

import stancelib
from stancelib.data import load_corpus
from stancelib.evaluate import document_gold


@pytest.fixture(scope="module", params=["baseline", None])
def result(request, seed_text):
    return stancelib.classify(seed_text, model=request.param)


def test_core_actors_have_stances(result):
    for actor in ["Volodymyr Zelenskyy", "Keir Starmer", "Vladimir Putin", "John Kirby", "Joe Biden"]:
        assert actor in result, (actor, result)


# Known errors of the shipped models on the seed's travel sentence ("Blinken and ... Lammy traveled to
# Kyiv where the issue was raised again"), reported in the README.  Strict: a model that gets it right
# fails here, and its marker must go.  (The ensemble's Lammy error of 2026-11-25 is gone with the
# transformer retrained on the 433-document corpus.)
KNOWN_TRAVEL_ERRORS: dict = {}


def test_travellers_are_only_mentioned(result, request):
    model = request.node.callspec.params["result"]
    if model in KNOWN_TRAVEL_ERRORS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_TRAVEL_ERRORS[model]))
    for actor in ["Antony Blinken", "David Lammy"]:
        assert actor not in result


def test_clear_stances_match_gold(result):
    assert result["Vladimir Putin"].label == "oppose"
    assert result["Volodymyr Zelenskyy"].label == "support"


def test_agreement_with_gold_record(result):
    seed = next(d for d in load_corpus(split="test") if d.id == "000_1a0e0990b6052ff4")
    gold = document_gold(seed)
    agree = sum((result[a].label if a in result else "none") == g for a, g in gold.items())
    assert agree / len(gold) >= 0.6, {a: (g, result[a].label if a in result else "none") for a, g in gold.items()}
