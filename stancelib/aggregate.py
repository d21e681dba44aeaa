"""Stage 5 — pair scores to per-actor stances.

An actor has a stance when at least one of its sentences is labelled support, oppose or hedge.
Its scores are the average of those sentences' support/oppose/hedge probabilities, each sentence
weighted by how sure the classifier is that it carries a stance at all (1 − P(none)), renormalised
to sum to 1.  Actors whose every sentence is ``none`` are reported as *mentioned*, never given a
made-up stance.

Example
-------
>>> from stancelib.aggregate import aggregate
>>> from stancelib.results import PairPrediction
>>> rows = [PairPrediction("s", 0, 1, "A", "oppose", {"support": .1, "oppose": .7, "hedge": .1, "none": .1})]
>>> aggregate(rows).stances["A"].label
'oppose'
"""
from __future__ import annotations

from typing import Sequence

from .labels import STANCE_LABELS
from .results import ActorStance, Evidence, PairPrediction, StanceResult


def actor_scores(rows: Sequence[PairPrediction]) -> dict[str, float] | None:
    """Support/oppose/hedge scores from an actor's stance-bearing rows, or ``None`` if there are none."""
    stance_rows = [r for r in rows if r.label != "none"]
    if not stance_rows:
        return None
    acc = {l: 0.0 for l in STANCE_LABELS}
    total = 0.0
    for r in stance_rows:
        w = max(1e-6, 1.0 - r.scores.get("none", 0.0))
        mass = sum(r.scores[l] for l in STANCE_LABELS) or 1.0
        for l in STANCE_LABELS:
            acc[l] += w * r.scores[l] / mass
        total += w
    return {l: acc[l] / total for l in STANCE_LABELS}


def aggregate(rows: Sequence[PairPrediction], model: str = "", doc_id: str | None = None,
              date: str | None = None, mention_counts: dict[str, int] | None = None,
              text: str | None = None) -> StanceResult:
    """Group pair predictions by actor into a :class:`StanceResult`."""
    by_actor: dict[str, list[PairPrediction]] = {}
    for r in rows:
        by_actor.setdefault(r.actor, []).append(r)
    stances, mentioned = {}, {}
    for actor, rs in by_actor.items():
        rs = sorted(rs, key=lambda r: r.start)
        ev = tuple(Evidence(r.sentence, r.start, r.end, r.label, dict(r.scores), r.via) for r in rs)
        sc = actor_scores(rs)
        n_mentions = (mention_counts or {}).get(actor, len(rs))
        if sc is None:
            mentioned[actor] = ActorStance(actor, "none", {}, 0, ev, rs[0].affiliation, n_mentions)
        else:
            label = max(sc, key=sc.get)
            stances[actor] = ActorStance(actor, label, sc, sum(r.label != "none" for r in rs), ev,
                                         rs[0].affiliation, n_mentions)
    order = sorted(stances, key=lambda a: (-stances[a].n_sentences, a))
    return StanceResult({a: stances[a] for a in order}, dict(sorted(mentioned.items())), tuple(rows), model,
                        doc_id, date, text)
