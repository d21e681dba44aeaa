"""Discourse networks from many results: who stands where, and who stands with whom.

:func:`network` turns the statements of one or more :class:`~stancelib.StanceResult` objects —
one statement per stance-bearing (sentence, actor) pair, as in the Discourse Network Analyzer —
into two ``networkx`` graphs:

* **bipartite** (actor–stance): a node per actor (``kind="actor"``) and per stance
  (``kind="stance"``: ``support``, ``oppose``, ``hedge``); an edge joins an actor to each stance it
  took, ``weight`` = its number of statements with that stance, ``documents`` = in how many
  documents it made one.
* **congruence** (actor–actor): two actors are joined when they took the same stance; ``weight`` =
  the statements they share, summed over stances as ``min(statements of a, statements of b)`` per
  stance (DNA's congruence count for one concept), ``stances`` = the shared stances, ``;``-joined.

Actor nodes carry ``affiliation``, the overall ``label`` and mean ``support``/``oppose``/``hedge``
scores (each document's scores weighted by its number of statements), ``statements`` and
``documents``.  Only actors with a stance somewhere are nodes.

Files (:meth:`StanceNetwork.write`): ``bipartite.graphml``, ``congruence.graphml``, and the CSV
edge lists ``bipartite_edges.csv`` (``actor,stance,weight,documents``) and
``congruence_edges.csv`` (``source,target,weight,stances``), with ``actors.csv`` for the node
attributes.

Example
-------
>>> from stancelib.aggregate import aggregate
>>> from stancelib.results import PairPrediction
>>> def row(actor, label):
...     sc = {"support": .1, "oppose": .1, "hedge": .1, "none": .1}; sc[label] = .7
...     return PairPrediction("s", 0, 1, actor, label, sc, affiliation="X")
>>> net = network([aggregate([row("A", "oppose"), row("B", "oppose"), row("C", "support")], doc_id="d1")])
>>> sorted(net.congruence.edges(data="stances"))
[('A', 'B', 'oppose')]
>>> net.bipartite.edges["C", "stance:support"]["weight"]
1
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Iterable

from .labels import STANCE_LABELS
from .results import StanceResult


@dataclass
class StanceNetwork:
    """The actor–stance (``bipartite``) and actor–actor (``congruence``) graphs of a set of results."""

    bipartite: "object"
    congruence: "object"

    @property
    def actors(self) -> list[str]:
        return [n for n, k in self.bipartite.nodes(data="kind") if k == "actor"]

    def write(self, directory: str | Path) -> list[Path]:
        """Write both graphs as GraphML and as CSV edge lists (plus ``actors.csv``) into ``directory``."""
        import networkx as nx

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        paths = [d / "bipartite.graphml", d / "congruence.graphml", d / "bipartite_edges.csv",
                 d / "congruence_edges.csv", d / "actors.csv"]
        nx.write_graphml(self.bipartite, paths[0])
        nx.write_graphml(self.congruence, paths[1])
        with open(paths[2], "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["actor", "stance", "weight", "documents"])
            for a, s, e in sorted(self.bipartite.edges(data=True)):
                actor, stance = (a, s) if self.bipartite.nodes[a]["kind"] == "actor" else (s, a)
                w.writerow([actor, self.bipartite.nodes[stance]["label"], e["weight"], e["documents"]])
        with open(paths[3], "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["source", "target", "weight", "stances"])
            for a, b, e in sorted(self.congruence.edges(data=True)):
                w.writerow([a, b, e["weight"], e["stances"]])
        with open(paths[4], "w", newline="", encoding="utf-8") as fh:
            cols = ["actor", "affiliation", "label", *STANCE_LABELS, "statements", "documents"]
            w = csv.writer(fh)
            w.writerow(cols)
            for a in self.actors:
                n = self.bipartite.nodes[a]
                w.writerow([a] + [n[c] for c in cols[1:]])
        return paths


def network(results: StanceResult | Iterable[StanceResult]) -> StanceNetwork:
    """Build the actor–stance and congruence graphs from one result or many (see the module doc)."""
    import networkx as nx

    if isinstance(results, StanceResult):
        results = [results]
    counts: dict[str, dict[str, int]] = {}      # actor -> stance -> statements
    docs: dict[str, dict[str, set]] = {}        # actor -> stance -> document keys
    weighted: dict[str, dict[str, float]] = {}  # actor -> summed (scores × statements)
    affiliation: dict[str, str] = {}
    for k, r in enumerate(results):
        if not isinstance(r, StanceResult):
            raise TypeError(f"network() needs StanceResult objects, got {type(r).__name__}")
        key = r.doc_id or f"#{k}"
        for st in r.to_statements():
            a = st["actor"]
            counts.setdefault(a, dict.fromkeys(STANCE_LABELS, 0))[st["stance"]] += 1
            docs.setdefault(a, {l: set() for l in STANCE_LABELS})[st["stance"]].add(key)
            affiliation.setdefault(a, st["affiliation"] or a)
        for s in r.stances.values():
            acc = weighted.setdefault(s.actor, dict.fromkeys(STANCE_LABELS, 0.0))
            for l in STANCE_LABELS:
                acc[l] += s.scores[l] * max(1, s.n_sentences)
    bip = nx.Graph(name="actor-stance")
    for l in STANCE_LABELS:
        bip.add_node(f"stance:{l}", kind="stance", label=l, bipartite=1)
    for a, c in counts.items():
        total = sum(weighted.get(a, {}).values()) or 1.0
        mean = {l: weighted.get(a, {}).get(l, 0.0) / total for l in STANCE_LABELS}
        bip.add_node(a, kind="actor", label=max(mean, key=mean.get), affiliation=affiliation[a], bipartite=0,
                     statements=sum(c.values()), documents=len(set().union(*docs[a].values())), **mean)
        for l in STANCE_LABELS:
            if c[l]:
                bip.add_edge(a, f"stance:{l}", weight=c[l], documents=len(docs[a][l]))
    con = nx.Graph(name="congruence")
    for a in counts:
        con.add_node(a, **{k: v for k, v in bip.nodes[a].items() if k not in ("kind", "bipartite")})
    for a, b in combinations(sorted(counts), 2):
        shared = [l for l in STANCE_LABELS if counts[a][l] and counts[b][l]]
        if shared:
            con.add_edge(a, b, weight=sum(min(counts[a][l], counts[b][l]) for l in shared), stances=";".join(shared))
    return StanceNetwork(bip, con)


__all__ = ["network", "StanceNetwork"]
