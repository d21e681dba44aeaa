"""Shared fixtures: built once per session, small and deterministic."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "000_1a0e0990b6052ff4.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def resolver():
    from stancelib.actors import ActorResolver
    return ActorResolver()


@pytest.fixture(scope="session")
def mini_corpus() -> Path:
    return FIXTURES / "mini_corpus.jsonl"


@pytest.fixture(scope="session")
def mini_model(tmp_path_factory, mini_corpus):
    """A baseline trained on the tiny fixture corpus (a fraction of a second)."""
    from stancelib import training
    out = tmp_path_factory.mktemp("models")
    training.train_baseline(mini_corpus, out, grid={"C": [2.0], "window": [5], "context_weight": [0.3]},
                            log=lambda *_: None)
    return out
