#!/usr/bin/env python
"""Actor-stage benchmark, no classifier: ``python bench/actor_stage.py --split dev``.

For each document of a split, runs the spaCy parse, :class:`stancelib.actors.ActorResolver` and
:func:`stancelib.pairs.make_pairs` exactly as the pipeline does (the parser's own sentences, not the
gold ones) and compares the emitted (sentence, actor) pairs with the gold pairs:

* **recall** — share of gold stance pairs (label != none) for which some emitted pair of the same
  actor has a sentence span overlapping the gold sentence (as in ``evaluate_end_to_end``);
* **candidate precision** — share of emitted pairs that overlap a gold pair (any label, ``none``
  included) of the same actor.

It then lists the misses (doc id, gold actor, label, sentence, and the actors the resolver did
emit for that sentence) and the spurious pairs.  The test split is refused unless ``--final`` is
given: tune on train and dev only.

``--cache DIR`` keeps the spaCy parses (keyed by text hash) so repeated runs only re-run the
resolver.
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _parsed(docs, nlp, cache: Path | None):
    from stancelib.text import parse

    out = [None] * len(docs)
    todo = []
    for i, d in enumerate(docs):
        if cache is not None:
            f = cache / (hashlib.sha1(d.text.encode()).hexdigest() + ".pkl")
            if f.exists():
                with open(f, "rb") as fh:
                    blocks = pickle.load(fh)
                out[i] = [(off, Doc_from_bytes(nlp, b)) for off, b in blocks]
                continue
        todo.append(i)
    if todo:
        for i, parsed in zip(todo, parse((docs[i].text for i in todo), nlp)):
            out[i] = parsed
            if cache is not None:
                f = cache / (hashlib.sha1(docs[i].text.encode()).hexdigest() + ".pkl")
                with open(f, "wb") as fh:
                    pickle.dump([(off, d.to_bytes()) for off, d in parsed], fh)
    return out


def Doc_from_bytes(nlp, b):  # noqa: N802
    from spacy.tokens import Doc
    return Doc(nlp.vocab).from_bytes(b)


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def run(split: str, cache: Path | None, show: int, show_spurious: int, quiet: bool = False,
        data: str | Path | None = None) -> dict:
    from stancelib.actors import ActorResolver
    from stancelib.data import load_corpus
    from stancelib.pairs import make_pairs

    docs = load_corpus(data or ROOT / "data" / "corpus.jsonl", split=split)
    resolver = ActorResolver()
    resolver._setup()
    parsed_all = _parsed(docs, resolver.nlp_, cache)

    found = total = 0
    n_pairs = n_pairs_gold = 0
    misses, spurious = [], []
    miss_labels: Counter = Counter()
    for doc, parsed in zip(docs, parsed_all):
        res = resolver.resolve(doc.text, parsed, date=doc.date)
        pairs = make_pairs(res, doc.id)
        for gp in doc.pairs:
            if gp.label == "none":
                continue
            total += 1
            if any(p.actor == gp.actor and _overlap(p.start, p.end, gp.start, gp.end) for p in pairs):
                found += 1
            else:
                emitted = sorted({p.actor for p in pairs if _overlap(p.start, p.end, gp.start, gp.end)})
                misses.append((doc.id, gp.actor, gp.label, doc.text[gp.start:gp.end], emitted))
                miss_labels[gp.label] += 1
        for p in pairs:
            n_pairs += 1
            if any(gp.actor == p.actor and _overlap(p.start, p.end, gp.start, gp.end) for gp in doc.pairs):
                n_pairs_gold += 1
            else:
                golds = sorted({gp.actor for gp in doc.pairs if _overlap(p.start, p.end, gp.start, gp.end)})
                spurious.append((doc.id, p.actor, ",".join(p.via), p.sentence, golds))
    recall = found / total if total else 0.0
    prec = n_pairs_gold / n_pairs if n_pairs else 0.0
    if not quiet:
        if show:
            print(f"== misses ({len(misses)}) ==")
            for did, actor, label, sent, emitted in misses[:show]:
                print(f"[{did}] {actor} ({label}) :: {sent.strip()[:300]}\n      emitted: {emitted}")
        if show_spurious:
            print(f"== spurious pairs ({len(spurious)}) ==")
            for did, actor, via, sent, golds in spurious[:show_spurious]:
                print(f"[{did}] {actor} via {via} :: {sent.strip()[:300]}\n      gold actors: {golds}")
    print(f"{split}: {len(docs)} docs | recall of gold stance pairs {recall:.3f} ({found}/{total}) | "
          f"candidate precision {prec:.3f} ({n_pairs_gold}/{n_pairs} pairs) | misses by label {dict(miss_labels)}")
    return {"split": split, "recall": recall, "found": found, "gold_stance": total,
            "candidate_precision": prec, "pairs": n_pairs, "pairs_gold": n_pairs_gold}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--final", action="store_true", help="allow --split test (final report only)")
    ap.add_argument("--cache", default=None, help="directory to keep spaCy parses in")
    ap.add_argument("--misses", type=int, default=10_000, help="how many misses to list")
    ap.add_argument("--spurious", type=int, default=10_000, help="how many spurious pairs to list")
    ap.add_argument("--quiet", action="store_true", help="figures only")
    ap.add_argument("--data", default=None, help="corpus file (default data/corpus.jsonl)")
    args = ap.parse_args(argv)
    if args.split == "test" and not args.final:
        print("error: the test split is held out; tune on train/dev (pass --final only for the final report)",
              file=sys.stderr)
        return 2
    cache = None
    if args.cache:
        cache = Path(args.cache)
        cache.mkdir(parents=True, exist_ok=True)
    run(args.split, cache, args.misses, args.spurious, args.quiet, args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
