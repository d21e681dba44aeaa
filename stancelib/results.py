"""Result objects: plain frozen dataclasses with ``to_dict``/``from_dict`` and a pandas view.

Example
-------
>>> import stancelib
>>> r = stancelib.classify("Putin warned that such strikes would mean war with NATO.")   # doctest: +SKIP
>>> r["Vladimir Putin"].label, round(sum(r["Vladimir Putin"].scores.values()), 6)          # doctest: +SKIP
('oppose', 1.0)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Iterator

from .labels import LABELS, STANCE_LABELS


@dataclass(frozen=True)
class Evidence:
    """One sentence behind an actor's stance: its offsets in the text, label and scores (4 labels)."""

    sentence: str
    start: int
    end: int
    label: str
    scores: dict[str, float]
    via: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["via"] = list(self.via)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Evidence":
        return cls(d["sentence"], d["start"], d["end"], d["label"], dict(d["scores"]), tuple(d.get("via", ())))


@dataclass(frozen=True)
class ActorStance:
    """An actor's stance over a whole text.

    ``scores`` cover support/oppose/hedge and sum to 1 for actors with a stance; for actors only
    mentioned they are empty and ``label`` is ``"none"``.  ``n_sentences`` counts the stance-bearing
    sentences; ``evidence`` holds every sentence in which the actor appears, in text order.
    """

    actor: str
    label: str
    scores: dict[str, float]
    n_sentences: int
    evidence: tuple[Evidence, ...]
    affiliation: str = ""
    n_mentions: int = 0

    @property
    def stance_evidence(self) -> tuple[Evidence, ...]:
        """Only the sentences that carry a stance."""
        return tuple(e for e in self.evidence if e.label != "none")

    def to_dict(self) -> dict:
        return {"actor": self.actor, "label": self.label, "scores": dict(self.scores),
                "n_sentences": self.n_sentences, "affiliation": self.affiliation,
                "n_mentions": self.n_mentions, "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, d: dict) -> "ActorStance":
        return cls(d["actor"], d["label"], dict(d["scores"]), d["n_sentences"],
                   tuple(Evidence.from_dict(e) for e in d["evidence"]), d.get("affiliation", ""),
                   d.get("n_mentions", 0))


@dataclass(frozen=True)
class PairPrediction:
    """A sentence-level row: one (sentence, actor) pair with its label and scores over 4 labels."""

    sentence: str
    start: int
    end: int
    actor: str
    label: str
    scores: dict[str, float]
    via: tuple[str, ...] = ()
    affiliation: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["via"] = list(self.via)
        return d


@dataclass(frozen=True)
class StanceResult(Mapping):
    """Per-actor stances of one text: a read-only mapping from canonical actor name to :class:`ActorStance`.

    Only actors with a stance are keys; ``mentioned`` holds the actors present without one.
    ``text`` is the analysed text (the evidence offsets point into it); the HTML report needs it.
    """

    stances: dict[str, ActorStance] = field(default_factory=dict)
    mentioned: dict[str, ActorStance] = field(default_factory=dict)
    pairs: tuple[PairPrediction, ...] = ()
    model: str = ""
    doc_id: str | None = None
    date: str | None = None
    text: str | None = None

    def __getitem__(self, actor: str) -> ActorStance:
        try:
            return self.stances[actor]
        except KeyError:
            hint = " (it is mentioned without a stance: see .mentioned)" if actor in self.mentioned else ""
            raise KeyError(f"{actor!r}{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.stances)

    def __len__(self) -> int:
        return len(self.stances)

    def __repr__(self) -> str:
        inner = ", ".join(f"{a}: {s.label}" for a, s in self.stances.items())
        return f"StanceResult({{{inner}}}, mentioned={list(self.mentioned)}, model={self.model!r})"

    # ---------------------------------------------------------------- views
    def to_dict(self) -> dict:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {"doc_id": self.doc_id, "date": self.date, "model": self.model, "text": self.text,
                "stances": [s.to_dict() for s in self.stances.values()],
                "mentioned": [s.to_dict() for s in self.mentioned.values()],
                "pairs": [p.to_dict() for p in self.pairs]}

    @classmethod
    def from_dict(cls, d: dict) -> "StanceResult":
        st = [ActorStance.from_dict(x) for x in d.get("stances", [])]
        me = [ActorStance.from_dict(x) for x in d.get("mentioned", [])]
        pairs = tuple(PairPrediction(p["sentence"], p["start"], p["end"], p["actor"], p["label"], dict(p["scores"]),
                                     tuple(p.get("via", ())), p.get("affiliation", "")) for p in d.get("pairs", []))
        return cls({s.actor: s for s in st}, {s.actor: s for s in me}, pairs, d.get("model", ""),
                   d.get("doc_id"), d.get("date"), d.get("text"))

    def to_statements(self, include_none: bool = False) -> list[dict]:
        """One row per evidence pair — the statement table discourse-network tools work with.

        Each row: ``doc_id``, ``date``, ``actor``, ``affiliation``, ``stance`` (the sentence's label),
        ``support``/``oppose``/``hedge``/``none`` scores, ``sentence``, ``start``, ``end`` (character
        offsets into the text) and ``via`` (how the actor was found, ``;``-joined).  Sentences where the
        actor takes no position are left out unless ``include_none``.

        >>> from stancelib.aggregate import aggregate
        >>> r = aggregate([PairPrediction("No.", 0, 3, "A", "oppose",
        ...                {"support": .1, "oppose": .7, "hedge": .1, "none": .1})], doc_id="d1")
        >>> [(s["doc_id"], s["actor"], s["stance"], s["start"], s["end"]) for s in r.to_statements()]
        [('d1', 'A', 'oppose', 0, 3)]
        """
        rows = []
        for p in sorted(self.pairs, key=lambda p: (p.start, p.actor)):
            if p.label == "none" and not include_none:
                continue
            rows.append({"doc_id": self.doc_id, "date": self.date, "actor": p.actor, "affiliation": p.affiliation,
                         "stance": p.label, **{l: p.scores.get(l, 0.0) for l in LABELS},
                         "sentence": p.sentence, "start": p.start, "end": p.end, "via": ";".join(p.via)})
        return rows

    def _repr_html_(self) -> str:
        """The evidence report, for Jupyter (see :func:`stancelib.render_html`)."""
        from .report import render_html

        return render_html(self, full_page=False)

    def to_frame(self, include_mentioned: bool = True):
        """A pandas DataFrame, one row per actor (stance actors first)."""
        import pandas as pd

        rows = []
        items = list(self.stances.values()) + (list(self.mentioned.values()) if include_mentioned else [])
        for s in items:
            rows.append({"actor": s.actor, "affiliation": s.affiliation, "label": s.label,
                         **{l: s.scores.get(l, float("nan")) for l in STANCE_LABELS},
                         "n_sentences": s.n_sentences, "n_mentions": s.n_mentions})
        return pd.DataFrame(rows, columns=["actor", "affiliation", "label", *STANCE_LABELS, "n_sentences", "n_mentions"])

    def by_affiliation(self) -> dict[str, dict[str, float]]:
        """Stance scores rolled up by affiliation (country or organisation), weighted by evidence count.

        Returns ``{affiliation: {"support": .., "oppose": .., "hedge": .., "label": .., "actors": [...]}}``.
        """
        groups: dict[str, list[ActorStance]] = {}
        for s in self.stances.values():
            groups.setdefault(s.affiliation or s.actor, []).append(s)
        out = {}
        for aff, members in groups.items():
            w = sum(max(1, m.n_sentences) for m in members)
            sc = {l: sum(m.scores[l] * max(1, m.n_sentences) for m in members) / w for l in STANCE_LABELS}
            out[aff] = {**sc, "label": max(sc, key=sc.get), "actors": [m.actor for m in members]}
        return out

    def table(self) -> str:
        """A plain-text table of the stances (what the command line prints)."""
        lines = [f"{'actor':28s} {'label':8s} {'support':>7s} {'oppose':>7s} {'hedge':>7s} {'sent.':>5s}"]
        for s in self.stances.values():
            lines.append(f"{s.actor[:28]:28s} {s.label:8s} {s.scores['support']:7.2f} {s.scores['oppose']:7.2f} "
                         f"{s.scores['hedge']:7.2f} {s.n_sentences:5d}")
        if self.mentioned:
            lines.append("mentioned, no stance: " + ", ".join(self.mentioned))
        return "\n".join(lines)


STATEMENT_COLUMNS = ("doc_id", "date", "actor", "affiliation", "stance", *LABELS, "sentence", "start", "end", "via")

__all__ = ["Evidence", "ActorStance", "PairPrediction", "StanceResult", "LABELS", "STATEMENT_COLUMNS"]
