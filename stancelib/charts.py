"""Charts of many results, drawn with matplotlib's object API (no pyplot state, no display needed).

* ``kind="actors"`` — one horizontal bar per actor, split into its mean support/oppose/hedge
  scores (each document weighted by the actor's number of stance sentences), busiest actors first.
* ``kind="time"`` — over dated results: how many actors took each stance, per period (day, or
  month when the dates span more than 120 days), as stacked bars.
* ``kind="auto"`` — ``time`` when at least two distinct dates are present, else ``actors``.

Example
-------
>>> from stancelib.aggregate import aggregate
>>> from stancelib.results import PairPrediction
>>> rows = [PairPrediction("s", 0, 1, "A", "oppose", {"support": .1, "oppose": .7, "hedge": .1, "none": .1})]
>>> fig = plot([aggregate(rows, date="2024-09-13")], kind="actors")
>>> fig.axes[0].get_yticklabels()[0].get_text()
'A'
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date as Date
from pathlib import Path
from typing import Iterable

from .labels import STANCE_LABELS
from .report import COLOURS
from .results import StanceResult


def _as_list(results) -> list[StanceResult]:
    results = [results] if isinstance(results, StanceResult) else list(results)
    for r in results:
        if not isinstance(r, StanceResult):
            raise TypeError(f"plot() needs StanceResult objects, got {type(r).__name__}")
    return results


def _parse_date(s: str | None) -> Date | None:
    if not s:
        return None
    try:
        return Date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def actor_means(results: Iterable[StanceResult]) -> dict[str, tuple[dict[str, float], int]]:
    """Mean support/oppose/hedge per actor over results, and its number of stance sentences."""
    acc: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(STANCE_LABELS, 0.0))
    n: Counter = Counter()
    for r in results:
        for s in r.stances.values():
            w = max(1, s.n_sentences)
            for l in STANCE_LABELS:
                acc[s.actor][l] += s.scores[l] * w
            n[s.actor] += w
    return {a: ({l: v / n[a] for l, v in acc[a].items()}, n[a]) for a in acc}


def plot(results, kind: str = "auto", path: str | Path | None = None, top: int = 20, title: str | None = None):
    """Draw stances of one or many results; returns a matplotlib ``Figure``, saved as PNG if ``path``."""
    from matplotlib.figure import Figure

    results = _as_list(results)
    if kind not in ("auto", "actors", "time"):
        raise ValueError(f"kind must be 'auto', 'actors' or 'time', not {kind!r}")
    dated = [(d, r) for r in results if (d := _parse_date(r.date)) is not None]
    if kind == "auto":
        kind = "time" if len({d for d, _ in dated}) >= 2 else "actors"
    if kind == "time" and not dated:
        raise ValueError("a stance-over-time chart needs results with dates (YYYY-MM-DD); none has one")

    if kind == "actors":
        means = sorted(actor_means(results).items(), key=lambda kv: (-kv[1][1], kv[0]))[:top]
        fig = Figure(figsize=(8, 0.9 + 0.36 * max(1, len(means))), layout="constrained")
        ax = fig.add_subplot()
        names = [a for a, _ in means][::-1]
        left = [0.0] * len(names)
        for l in STANCE_LABELS:
            vals = [m[l] for _, (m, _) in means][::-1]
            ax.barh(names, vals, left=left, color=COLOURS[l], label=l, height=0.7)
            left = [x + v for x, v in zip(left, vals)]
        ax.set_xlim(0, 1)
        ax.set_xlabel("mean stance score")
        ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        ax.set_title(title or f"Stance by actor ({len(results)} document{'s' * (len(results) != 1)})", pad=24)
    else:
        span = (max(d for d, _ in dated) - min(d for d, _ in dated)).days
        key = (lambda d: d.strftime("%Y-%m")) if span > 120 else (lambda d: d.isoformat())
        per: dict[str, Counter] = defaultdict(Counter)
        for d, r in dated:
            for s in r.stances.values():
                per[key(d)][s.label] += 1
        periods = sorted(per)
        fig = Figure(figsize=(max(6, 0.5 * len(periods) + 3), 4), layout="constrained")
        ax = fig.add_subplot()
        bottom = [0] * len(periods)
        for l in STANCE_LABELS:
            vals = [per[p][l] for p in periods]
            ax.bar(periods, vals, bottom=bottom, color=COLOURS[l], label=l)
            bottom = [b + v for b, v in zip(bottom, vals)]
        from matplotlib.ticker import MaxNLocator

        ax.set_ylabel("actors taking the stance")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelrotation=45)
        ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        ax.set_title(title or "Stance over time", pad=24)
    if path is not None:
        fig.savefig(path, dpi=110)
    return fig


__all__ = ["plot", "actor_means"]
