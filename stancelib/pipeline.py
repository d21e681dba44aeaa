"""The whole pipeline: text → sentences → actor mentions → pairs → classifier → per-actor stances.

:class:`StancePipeline` wires the stages together; each stage is passed in (with a default), so
any of them can be swapped.  ``stancelib.classify`` and friends use one lazily built default
pipeline per model name.

Example
-------
>>> from stancelib.pipeline import StancePipeline
>>> pipe = StancePipeline.from_name("baseline")                       # doctest: +SKIP
>>> pipe("Zelenskyy again urged allies to lift the limits.")["Volodymyr Zelenskyy"].label   # doctest: +SKIP
'support'
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from .actors import ActorResolver, Resolution
from .aggregate import aggregate
from .classifiers import BACKENDS, PEERS, ModelFileError, StanceClassifier, load_classifier, model_dir, read_card
from .errors import check_text
from .labels import LABELS
from .pairs import make_pairs
from .results import PairPrediction, StanceResult
from .text import load_nlp, parse, parse_with_context

PAIR_BATCH = 256


def best_model_name(models_dir=None) -> str:
    """The shipped model with the better test macro-F1 in its card (``baseline`` if only it exists)."""
    best, best_f1 = None, -1.0
    for name in BACKENDS:
        card = read_card(name, models_dir)
        if not card or not model_dir(name, models_dir).exists():
            continue
        if any(read_card(m, models_dir) is None for m in card.get("members", {})):
            continue  # an ensemble whose members are not all installed
        f1 = card.get("metrics", {}).get("test", {}).get("macro_f1_stance", -1.0)
        if f1 > best_f1:
            best, best_f1 = name, f1
    if best is None:
        raise ModelFileError(f"no trained model found under {model_dir('', models_dir)}; "
                             f"train one with `python train.py --model baseline`")
    return best


def _missing_models(name: str, models_dir=None) -> list[str]:
    """The trained models that ``name`` needs and that have no card (itself, or an ensemble's
    members; for an ensemble without its own card, the default members)."""
    if name not in BACKENDS:
        return []
    if name == "ensemble":
        card = read_card("ensemble", models_dir)
        members = list(card.get("members", {})) if card else ["transformer", "baseline"]
        need = [m for m in members if m != "baseline"] + (["ensemble"] if card is None else [])
    else:
        need = [name]
    return [m for m in need if read_card(m, models_dir) is None]


@dataclass
class StancePipeline:
    """Stages of stancelib, run in order. Build with :meth:`from_name` or pass your own stages."""

    classifier: StanceClassifier
    resolver: ActorResolver | None = None
    nlp: object = None
    model_name: str = ""

    def __post_init__(self):
        self.nlp = self.nlp or load_nlp()
        self.resolver = self.resolver or ActorResolver(nlp=self.nlp)

    @classmethod
    def from_name(cls, name: str | None = None, models_dir=None) -> "StancePipeline":
        """The pipeline for a shipped model; ``None`` picks the best one.  A model that is not
        installed (the transformer, or an ensemble or one of its members) falls back to the
        baseline with a one-line warning naming the ``train.py`` command."""
        if name is None:
            name = best_model_name(models_dir)
        if name not in BACKENDS + PEERS:
            raise ValueError(f"unknown model {name!r}; choose one of {BACKENDS + PEERS} or None")
        missing = _missing_models(name, models_dir)
        if missing and name != "baseline":
            what = (f"the {name} model is not installed" if missing == [name] else
                    f"the {name} model needs the {' and '.join(missing)} model, which is not installed")
            warnings.warn(f"{what}; using the baseline (train it with `python train.py --model {missing[0]}`)",
                          stacklevel=3)
            name = "baseline"
        return cls(load_classifier(name, models_dir), model_name=name)

    # ---------------------------------------------------------------- stages
    def _predict_many(self, resolutions: Sequence[Resolution], doc_ids: Sequence[str]) -> list[list[PairPrediction]]:
        """Classify the pairs of several texts in shared batches; one list of rows per text."""
        all_pairs, owner = [], []
        for k, (res, did) in enumerate(zip(resolutions, doc_ids)):
            ps = make_pairs(res, did)
            all_pairs += ps
            owner += [k] * len(ps)
        rows: list[list[PairPrediction]] = [[] for _ in resolutions]
        for i in range(0, len(all_pairs), PAIR_BATCH):
            chunk = all_pairs[i:i + PAIR_BATCH]
            proba = self.classifier.predict_proba(chunk)
            for p, pr, k in zip(chunk, proba, owner[i:i + PAIR_BATCH]):
                scores = {l: float(v) for l, v in zip(LABELS, pr)}
                rows[k].append(PairPrediction(p.sentence, p.start, p.end, p.actor, max(scores, key=scores.get),
                                              scores, p.via, p.affiliation))
        return rows

    def _results(self, texts: Sequence[str], parsed: Sequence, doc_ids=None, dates=None) -> list[StanceResult]:
        doc_ids = doc_ids or [None] * len(texts)
        dates = dates or [None] * len(texts)
        resolutions = [self.resolver.resolve(t, p, date=d) for t, p, d in zip(texts, parsed, dates)]
        rows = self._predict_many(resolutions, [d or "" for d in doc_ids])
        out = []
        for text, res, r, did, date in zip(texts, resolutions, rows, doc_ids, dates):
            counts: dict[str, int] = {}
            for m in res.mentions:
                if m.via != "speaker":
                    counts[m.actor] = counts.get(m.actor, 0) + 1
            out.append(aggregate(r, self.model_name, did, date, counts, text))
        return out

    # ---------------------------------------------------------------- public
    def __call__(self, text: str, doc_id: str | None = None, date: str | None = None) -> StanceResult:
        check_text(text)
        if not text.strip():
            return StanceResult(model=self.model_name, doc_id=doc_id, date=date, text=text)
        return self._results([text], [next(parse([text], self.nlp))], [doc_id], [date])[0]

    def pairs(self, text: str, date: str | None = None) -> list[PairPrediction]:
        check_text(text)
        if not text.strip():
            return []
        res = self.resolver.resolve(text, next(parse([text], self.nlp)), date=date)
        return self._predict_many([res], [""])[0]

    def pipe(self, texts: Iterable, batch_size: int = 16, n_process: int = 1,
             as_tuples: bool = False) -> Iterator:
        """Stream results for many texts, in input order.

        One ``nlp.pipe`` stream parses every text (``n_process`` > 1 parses in that many worker
        processes, spaCy's multiprocessing); the actor stage and the classifier then take
        ``batch_size`` parsed documents at a time, so the classifier scores their pairs together.

        With ``as_tuples=True`` (as in spaCy's ``nlp.pipe``) the items are ``(text, context)``
        pairs and ``(result, context)`` pairs come back; a context dict's ``"id"`` and ``"date"``
        become the result's ``doc_id`` and ``date``.
        """
        def checked():
            for item in texts:
                text, ctx = item if as_tuples else (item, None)
                check_text(text)
                yield (text if text.strip() else ""), (text, ctx)

        # with spaCy worker processes on the cores, the classifier takes one thread: measured on 2
        # cores, 1.42x a loop of classify() against 1.29x with the classifier's usual 2 threads
        with self.classifier.limit_threads(1) if n_process > 1 else contextlib.nullcontext():
            buf: list[tuple[str, object, list]] = []
            for (text, ctx), parsed in parse_with_context(checked(), self.nlp, batch_size=batch_size,
                                                          n_process=n_process):
                buf.append((text, ctx, parsed))
                if len(buf) >= batch_size:
                    yield from self._finish(buf, as_tuples)
                    buf = []
            if buf:
                yield from self._finish(buf, as_tuples)

    def _finish(self, items: Sequence[tuple[str, object, list]], as_tuples: bool) -> Iterator:
        meta = [(c.get("id"), c.get("date")) if isinstance(c, dict) else (None, None) for _, c, _ in items]
        keep = [k for k, (t, _, _) in enumerate(items) if t.strip()]
        done = dict(zip(keep, self._results([items[k][0] for k in keep], [items[k][2] for k in keep],
                                            [meta[k][0] for k in keep], [meta[k][1] for k in keep])))
        for k, (text, ctx, _) in enumerate(items):
            # not `done.get(k) or ...`: a result with only mentioned actors is an empty (falsy) mapping
            r = done[k] if k in done else StanceResult(model=self.model_name, doc_id=meta[k][0], date=meta[k][1],
                                                        text=text)
            yield (r, ctx) if as_tuples else r
