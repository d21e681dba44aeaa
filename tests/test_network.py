"""Statement exports, discourse networks (networkx, GraphML/CSV) and plots."""
import csv

import networkx as nx
import pytest

import stancelib
from stancelib.aggregate import aggregate
from stancelib.results import STATEMENT_COLUMNS, PairPrediction


def row(actor, label, start=0, aff="X", p=0.7):
    sc = {"support": .1, "oppose": .1, "hedge": .1, "none": .1}
    sc[label] = p
    return PairPrediction(f"sentence {start}", start, start + 10, actor, label, sc, ("alias",), aff)


@pytest.fixture(scope="module")
def docs():
    return [aggregate([row("A", "oppose", 0), row("A", "oppose", 20), row("B", "oppose", 40, "Y"),
                       row("C", "support", 60), row("D", "none", 80)], doc_id="d1", date="2024-09-13"),
            aggregate([row("A", "hedge", 0), row("B", "oppose", 20, "Y"), row("C", "support", 40)],
                      doc_id="d2", date="2024-11-18")]


@pytest.fixture(scope="module")
def seed_result(seed_text):
    return stancelib.classify(seed_text, model="baseline")


def test_statements_one_row_per_stance_pair(docs):
    st = docs[0].to_statements()
    assert [tuple(s) for s in st][0] == STATEMENT_COLUMNS
    assert [(s["actor"], s["stance"], s["start"]) for s in st] == [("A", "oppose", 0), ("A", "oppose", 20),
                                                                  ("B", "oppose", 40), ("C", "support", 60)]
    assert {s["doc_id"] for s in st} == {"d1"} and st[0]["date"] == "2024-09-13"
    assert len(docs[0].to_statements(include_none=True)) == 5


def test_bipartite_and_congruence_graphs(docs):
    net = stancelib.network(docs)
    assert sorted(net.actors) == ["A", "B", "C"]  # D never took a stance
    g = net.bipartite
    assert g.edges["A", "stance:oppose"]["weight"] == 2 and g.edges["A", "stance:oppose"]["documents"] == 1
    assert g.edges["A", "stance:hedge"]["weight"] == 1
    assert g.nodes["B"]["affiliation"] == "Y" and g.nodes["B"]["documents"] == 2
    assert g.nodes["A"]["label"] == "oppose"
    c = net.congruence
    assert c.edges["A", "B"]["weight"] == 2 and c.edges["A", "B"]["stances"] == "oppose"
    assert not c.has_edge("A", "C") and not c.has_edge("B", "C")


def test_files_round_trip(docs, tmp_path):
    net = stancelib.network(docs)
    paths = net.write(tmp_path / "net")
    g = nx.read_graphml(tmp_path / "net" / "bipartite.graphml")
    assert set(g.nodes) == set(net.bipartite.nodes) and g.edges["A", "stance:oppose"]["weight"] == 2
    with open(tmp_path / "net" / "congruence_edges.csv") as fh:
        edges = list(csv.DictReader(fh))
    assert edges == [{"source": "A", "target": "B", "weight": "2", "stances": "oppose"}]
    assert len(paths) == 5 and all(p.exists() for p in paths)


def test_seed_graphml_has_every_stance_bearing_actor(seed_result, tmp_path):
    stancelib.network(seed_result).write(tmp_path)
    g = nx.read_graphml(tmp_path / "bipartite.graphml")
    actors = {n for n, k in g.nodes(data="kind") if k == "actor"}
    assert actors == set(seed_result) and len(actors) >= 5
    assert all(g.degree(a) >= 1 for a in actors)
    assert g.nodes["Vladimir Putin"]["label"] == seed_result["Vladimir Putin"].label


def test_plots(docs, tmp_path):
    fig = stancelib.plot(docs, kind="actors", path=tmp_path / "actors.png")
    # busiest actor on top (barh draws bottom-up): A has 3 stance sentences, B 2, C 2
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "A" and set(labels) == {"A", "B", "C"}
    fig = stancelib.plot(docs, path=tmp_path / "time.png")  # auto: two dates → over time
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2024-09-13", "2024-11-18"]
    assert (tmp_path / "time.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError):
        stancelib.plot([aggregate([row("A", "oppose")])], kind="time")
