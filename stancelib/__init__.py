"""stancelib — who stands where on deep-strike permission, read from English news text.

>>> import stancelib
>>> result = stancelib.classify(open("seeds/000_1a0e0990b6052ff4.txt").read())   # doctest: +SKIP
>>> result["Vladimir Putin"].label                                                 # doctest: +SKIP
'oppose'

The pipeline stages live in their own modules (text → actors → pairs → classifiers → aggregate →
results); this module is the public API only, and loads nothing heavy until it is first used.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from .errors import CorpusError, ModelFileError, check_text
from .labels import LABELS, STANCE_LABELS
from .results import ActorStance, Evidence, PairPrediction, StanceResult

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import StancePipeline

__version__ = "0.1.0"

_PIPELINES: dict[str, "StancePipeline"] = {}  # the lazily loaded default models, one per name


def load_model(model: str | None = None) -> "StancePipeline":
    """The pipeline for ``model`` (``"baseline"``, ``"transformer"`` or ``None`` = best available), loaded once."""
    from .pipeline import StancePipeline

    key = model or "__best__"
    if key not in _PIPELINES:
        _PIPELINES[key] = StancePipeline.from_name(model)
    return _PIPELINES[key]


def classify(text: str, model: str | None = None, date: str | None = None) -> StanceResult:
    """Per-actor stance on deep-strike permission in ``text``.

    ``date`` is the article's publication date (ISO ``YYYY-MM-DD``): it is kept on the result and
    lets a title the text never ties to a name ("the chancellor", "the President") resolve to
    the person in that office on that day.

    >>> r = classify("Putin warned that such strikes would put NATO at war with Russia.")
    >>> r["Vladimir Putin"].label
    'oppose'
    >>> "Olaf Scholz" in classify("In Berlin, the chancellor again refused to send Taurus.", date="2024-03-01")
    True
    """
    check_text(text)
    return load_model(model)(text, date=date)


def classify_pairs(text: str, model: str | None = None, date: str | None = None) -> list[PairPrediction]:
    """Sentence-level rows: every (sentence, actor) pair with offsets, label and scores.

    >>> rows = classify_pairs("Scholz refused to send Taurus.")
    >>> rows[0].actor, rows[0].start, rows[0].end
    ('Olaf Scholz', 0, 30)
    """
    check_text(text)
    return load_model(model).pairs(text, date=date)


def classify_many(texts: Iterable, model: str | None = None, batch_size: int = 16,
                  n_process: int = 1, as_tuples: bool = False) -> Iterator:
    """Stream :class:`StanceResult` objects for many texts, batching the work across documents.

    With ``as_tuples=True`` pass ``(text, context)`` pairs and get ``(result, context)`` back; a
    context dict's ``"id"`` and ``"date"`` are copied onto the result (an ISO date also serves
    the actor stage, as in :func:`classify`).

    >>> [len(r) > 0 for r in classify_many(["Putin warned NATO against it.", ""])]
    [True, False]
    >>> [(r.doc_id, r.date) for r, _ in classify_many([("Scholz refused.", {"id": "a", "date": "2024-05-01"})],
    ...                                                as_tuples=True)]
    [('a', '2024-05-01')]
    """
    return load_model(model).pipe(texts, batch_size=batch_size, n_process=n_process, as_tuples=as_tuples)


_LAZY = {"StancePipeline": "pipeline", "best_model_name": "pipeline", "render_html": "report",
         "write_html": "report", "network": "graphs", "StanceNetwork": "graphs", "plot": "charts"}


def __getattr__(name: str):
    # heavy or optional pieces (torch, networkx, matplotlib) load on first use
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'stancelib' has no attribute {name!r}")


__all__ = ["classify", "classify_pairs", "classify_many", "load_model", "best_model_name", "StancePipeline",
           "render_html", "write_html", "network", "StanceNetwork", "plot",
           "StanceResult", "ActorStance", "Evidence", "PairPrediction", "ModelFileError", "CorpusError",
           "LABELS", "STANCE_LABELS", "__version__"]
