"""Metrics and the evaluation command: ``python -m stancelib.evaluate``.

Two views of a model on labelled documents:

* **pair level** — the classifier on the gold (sentence, actor) pairs: per-label precision /
  recall / F1, macro-F1 over support/oppose/hedge and over all four labels, the confusion matrix,
  calibration (ECE with a reliability table), accuracy per phenomenon, and the errors;
* **end to end** — the whole pipeline on the raw text: how many gold stance-bearing pairs the actor
  stage finds (recall), how many of the pipeline's stance-bearing pairs are gold pairs (precision),
  and the article-level per-actor label against the document's gold.

Example
-------
    python -m stancelib.evaluate --model baseline --split test
    python -m stancelib.evaluate --model baseline --data my_labelled.jsonl --json out.json
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from typing import Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from .data import DEFAULT_CORPUS, Document, load_corpus
from .labels import LABELS, STANCE_LABELS


# --------------------------------------------------------------------------- pair metrics
def pair_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Per-label P/R/F1, macro-F1 over the three stances and over all four labels, confusion matrix."""
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=list(LABELS), zero_division=0)
    per = {l: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
           for i, l in enumerate(LABELS)}
    return {
        "n": len(gold),
        "accuracy": float(np.mean([g == q for g, q in zip(gold, pred)])) if gold else 0.0,
        "macro_f1_stance": float(np.mean([per[l]["f1"] for l in STANCE_LABELS])),
        "macro_f1_all": float(np.mean([per[l]["f1"] for l in LABELS])),
        "per_label": per,
        "confusion": confusion_matrix(gold, pred, labels=list(LABELS)).tolist() if gold else [],
    }


def expected_calibration_error(proba: np.ndarray, gold: Sequence[str], bins: int = 10) -> tuple[float, list[dict]]:
    """ECE of the top-label confidence, and the reliability table (one row per non-empty bin)."""
    if len(gold) == 0:
        return 0.0, []
    y = np.array([LABELS.index(g) for g in gold])
    conf = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == y).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    ece, table = 0.0, []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if not m.any():
            continue
        acc, c = correct[m].mean(), conf[m].mean()
        ece += m.mean() * abs(acc - c)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()), "confidence": float(c), "accuracy": float(acc)})
    return float(ece), table


def format_metrics(m: dict, title: str = "") -> str:
    """A readable block: per-label table, macro-F1s, confusion matrix."""
    out = [title] if title else []
    out.append(f"{'label':8s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>6s}")
    for l in LABELS:
        x = m["per_label"][l]
        out.append(f"{l:8s} {x['precision']:6.3f} {x['recall']:6.3f} {x['f1']:6.3f} {x['support']:6d}")
    out.append(f"macro-F1 (support/oppose/hedge): {m['macro_f1_stance']:.3f}   macro-F1 (all 4): "
               f"{m['macro_f1_all']:.3f}   accuracy: {m['accuracy']:.3f}   pairs: {m['n']}")
    if m.get("confusion"):
        out.append("confusion (rows gold, columns predicted): " + " ".join(f"{l[:4]:>6s}" for l in LABELS))
        for l, row in zip(LABELS, m["confusion"]):
            out.append(f"  {l:8s}" + " " * 33 + " ".join(f"{v:6d}" for v in row))
    return "\n".join(out)


# --------------------------------------------------------------------------- gold helpers
def document_gold(doc: Document) -> dict[str, str]:
    """Article-level gold per actor: the document's own ``actor_labels`` where given, else the majority
    of the actor's stance-bearing pair labels (ties → hedge); actors with only ``none`` → none."""
    if doc.actor_labels:
        return dict(doc.actor_labels)
    by: dict[str, Counter] = defaultdict(Counter)
    for p in doc.pairs:
        by[p.actor][p.label] += 1
    out = {}
    for a, c in by.items():
        st = {l: c[l] for l in STANCE_LABELS if c[l]}
        if not st:
            out[a] = "none"
            continue
        top = max(st.values())
        winners = [l for l, v in st.items() if v == top]
        out[a] = winners[0] if len(winners) == 1 else "hedge"
    return out


# --------------------------------------------------------------------------- runs
def evaluate_pairs(classifier, docs: Sequence[Document], resolver=None, seen_actors: set[str] | None = None) -> dict:
    """Pair-level evaluation of a classifier on gold pairs of ``docs``.

    With ``seen_actors`` (the actors of the training split), the figures are also given apart for
    pairs whose actor the training data names and for those it never does (``"actor_seen"``): how
    the model reads people it has never met, as it must in most new articles."""
    from .pairs import corpus_pairs

    pairs, gold, phen = corpus_pairs(docs, resolver)
    proba = classifier.predict_proba(pairs) if pairs else np.zeros((0, 4))
    pred = [LABELS[i] for i in proba.argmax(axis=1)] if pairs else []
    m = pair_metrics(gold, pred)
    m["ece"], m["reliability"] = expected_calibration_error(proba, gold)
    by_ph: dict[str, list[bool]] = defaultdict(list)
    for ph, g, q in zip(phen, gold, pred):
        for x in ph:
            by_ph[x].append(g == q)
    m["phenomena"] = {k: {"n": len(v), "accuracy": float(np.mean(v))} for k, v in sorted(by_ph.items())}
    if seen_actors is not None:
        m["actor_seen"] = {}
        for key, keep in (("seen", True), ("unseen", False)):
            idx = [i for i, p in enumerate(pairs) if (p.actor in seen_actors) == keep]
            sub = pair_metrics([gold[i] for i in idx], [pred[i] for i in idx]) if idx else {}
            m["actor_seen"][key] = {"n": len(idx), "macro_f1_stance": sub.get("macro_f1_stance", 0.0),
                                    "accuracy": sub.get("accuracy", 0.0)}
    m["errors"] = [{"doc": p.doc_id, "actor": p.actor, "gold": g, "pred": q, "sentence": p.sentence}
                   for p, g, q in zip(pairs, gold, pred) if g != q]
    return m


def evaluate_end_to_end(pipeline, docs: Sequence[Document]) -> dict:
    """Run the whole pipeline on each document's text and compare with the gold pairs and actors."""
    found = total_gold = 0
    pred_stance = pred_stance_gold = 0
    art_total = art_correct = 0
    attributed = attributed_ok = 0
    for doc in docs:
        result = pipeline(doc.text, doc_id=doc.id, date=doc.date)
        rows = result.pairs
        gold_stance = [(p.start, p.end, p.actor) for p in doc.pairs if p.label != "none"]
        gold_all = {(p.start, p.end, p.actor): p.label for p in doc.pairs}

        def overlaps(a0, a1, b0, b1):
            return a0 < b1 and b0 < a1

        for s, e, a in gold_stance:
            total_gold += 1
            if any(r.actor == a and overlaps(r.start, r.end, s, e) for r in rows):
                found += 1
        for r in rows:
            if r.label == "none":
                continue
            pred_stance += 1
            if any(a == r.actor and overlaps(r.start, r.end, s, e) for (s, e, a) in gold_all):
                pred_stance_gold += 1
        # attribution: for each gold stance sentence, is the pipeline's stance on the gold actor
        # (rather than on someone else in that sentence)?
        for s, e, a in gold_stance:
            cands = [r for r in rows if overlaps(r.start, r.end, s, e) and r.label != "none"]
            if cands:
                attributed += 1
                attributed_ok += any(r.actor == a for r in cands)
        for actor, g in document_gold(doc).items():
            art_total += 1
            if g == "none":
                art_correct += actor not in result
            else:
                art_correct += actor in result and result[actor].label == g
    return {
        "pair_recall": found / total_gold if total_gold else 0.0,
        "pair_precision": pred_stance_gold / pred_stance if pred_stance else 0.0,
        "attribution_accuracy": attributed_ok / attributed if attributed else 0.0,
        "article_actor_accuracy": art_correct / art_total if art_total else 0.0,
        "gold_stance_pairs": total_gold, "predicted_stance_pairs": pred_stance, "article_actors": art_total,
    }


def main(argv: Sequence[str] | None = None, prog: str = "python -m stancelib.evaluate") -> int:
    """Evaluate from the command line (``python -m stancelib.evaluate`` and ``stancelib evaluate``)."""
    ap = argparse.ArgumentParser(prog=prog, description="Evaluate a stancelib model.")
    ap.add_argument("--model", default=None, help="ensemble | transformer | baseline | lexicon (default: the best shipped model)")
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--data", default=str(DEFAULT_CORPUS), help="a corpus file in the project's data format")
    ap.add_argument("--json", default=None, help="write all figures to this JSON file")
    ap.add_argument("--errors", type=int, default=20, help="how many errors to print")
    args = ap.parse_args(argv)

    from .pipeline import StancePipeline

    try:
        corpus = load_corpus(args.data, split=[args.split, "train"])  # one read: the split, and train for seen actors
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    docs = [d for d in corpus if d.split == args.split]
    if not docs:
        print(f"error: no documents of split {args.split!r} in {args.data}", file=sys.stderr)
        return 2
    pipe = StancePipeline.from_name(args.model)
    seen = {p.actor for d in corpus if d.split == "train" for p in d.pairs} if args.split != "train" else None
    pm = evaluate_pairs(pipe.classifier, docs, pipe.resolver, seen_actors=seen)
    e2e = evaluate_end_to_end(pipe, docs)
    print(format_metrics(pm, f"== {pipe.model_name} on {args.split} ({len(docs)} documents) — gold pairs =="))
    print(f"ECE: {pm['ece']:.3f}")
    print("reliability: " + "  ".join(f"{r['bin']}:{r['accuracy']:.2f}/{r['confidence']:.2f}(n={r['n']})"
                                      for r in pm["reliability"]))
    print("per phenomenon accuracy: " + ", ".join(f"{k}={v['accuracy']:.2f} (n={v['n']})"
                                                  for k, v in pm["phenomena"].items()))
    if "actor_seen" in pm:
        a = pm["actor_seen"]
        print(f"actors named in training: {a['seen']['n']} pairs, macro-F1 {a['seen']['macro_f1_stance']:.3f}; "
              f"never named in training: {a['unseen']['n']} pairs, macro-F1 {a['unseen']['macro_f1_stance']:.3f}")
    print(f"== end to end ==\nactor stage: recall of gold stance pairs {e2e['pair_recall']:.3f}, precision "
          f"of predicted stance pairs {e2e['pair_precision']:.3f}, attribution accuracy "
          f"{e2e['attribution_accuracy']:.3f}\narticle-level per-actor accuracy: {e2e['article_actor_accuracy']:.3f} "
          f"({e2e['article_actors']} actors)")
    if args.errors:
        print(f"== first {args.errors} errors ==")
        for err in pm["errors"][:args.errors]:
            print(f"[{err['doc']}] {err['actor']}: gold {err['gold']}, predicted {err['pred']} — {err['sentence'][:160]}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"model": pipe.model_name, "split": args.split, "pairs": pm, "end_to_end": e2e}, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
