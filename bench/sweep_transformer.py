"""Hyper-parameter sweep of the transformer recipe on dev, several seeds per setting.

Meant for a lent GPU (the ``device`` tool), where spaCy need not be installed: the actor stage runs
once here and the train/dev pairs are dumped; the test split is never dumped, so a sweep cannot
look at it.  Every setting is scored by its best-epoch dev macro-F1 (support/oppose/hedge), and again with every
dev actor treated as unseen (its name replaced by the placeholder, as for actors the training data
never named): a check on how the model reads people it has never met.

    python bench/sweep_transformer.py dump sweep/pairs.json.gz            # here: actor stage, train+dev only
    python bench/sweep_transformer.py run sweep/pairs.json.gz configs.json \\
        --seeds 0,1,2 --workers 7 --device cuda --encoder DIR --out sweep/results.jsonl
    python bench/sweep_transformer.py summary sweep/results.jsonl         # markdown table, best first

``configs.json`` maps a setting's name to TransformerClassifier parameters, e.g.
``{"ref": {}, "ep3": {"epochs": 3}}``.  Results append, one JSON line per (setting, seed).
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def dump(out: str, data: str | None = None) -> None:
    from stancelib.data import DEFAULT_CORPUS, load_corpus
    from stancelib.pairs import corpus_pairs

    docs = load_corpus(data or DEFAULT_CORPUS)
    payload = {}
    for split in ("train", "dev"):  # never test
        pairs, labels, _ = corpus_pairs([d for d in docs if d.split == split])
        payload[split] = {"pairs": [dataclasses.asdict(p) for p in pairs], "labels": labels}
        print(f"{split}: {len(pairs)} pairs")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt") as f:
        json.dump(payload, f)


def _load(path: str) -> dict:
    """``{split: (pairs, labels)}`` for the train and dev splits of a dump (read once)."""
    from stancelib.pairs import Pair

    with gzip.open(path, "rt") as f:
        payload = json.load(f)
    tup = lambda v: tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v
    return {split: ([Pair(**{k: tup(v) for k, v in p.items()}) for p in d["pairs"]], d["labels"])
            for split, d in payload.items()}


def _job(job: tuple) -> dict:
    name, params, seed, pairs_file, device, encoder, threads = job
    import torch

    from stancelib.classifiers.transformer import TransformerClassifier

    torch.set_num_threads(threads)
    splits = _load(pairs_file)
    tr, dv = splits["train"], splits["dev"]
    t0 = time.time()
    clf = TransformerClassifier(encoder=encoder, seed=seed, device=device, runtime="torch", **params)
    clf.fit(tr[0], tr[1], dev=dv)
    from stancelib.evaluate import pair_metrics
    from stancelib.labels import LABELS

    clf.known_actors_ = set()  # every dev actor unseen: how the model reads actors it never met in training
    unseen = pair_metrics(dv[1], [LABELS[i] for i in clf.predict_logits(dv[0]).argmax(axis=1)])["macro_f1_stance"]
    return {"name": name, "params": params, "seed": seed, "history": clf.history_, "secs": round(time.time() - t0, 1),
            "best": max(h["dev_macro_f1_stance"] for h in clf.history_), "dev_all_unseen": unseen}


def run(pairs_file: str, configs: str, seeds: list[int], workers: int, device: str, encoder: str | None,
        out: str, threads: int = 2) -> None:
    settings = json.loads(Path(configs).read_text())
    jobs = [(n, p, s, pairs_file, device, encoder, threads) for n, p in settings.items() for s in seeds]
    print(f"{len(jobs)} runs on {device}, {workers} at a time", flush=True)
    with get_context("spawn").Pool(workers) as pool, open(out, "a") as f:
        for r in pool.imap_unordered(_job, jobs):
            f.write(json.dumps(r) + "\n")
            f.flush()
            print(f"{r['name']} seed {r['seed']}: best dev {r['best']:.3f}, all unseen {r['dev_all_unseen']:.3f} "
                  f"(by epoch {[round(h['dev_macro_f1_stance'], 3) for h in r['history']]}, {r['secs']}s)", flush=True)


def summary(results: str) -> str:
    by = defaultdict(list)
    for line in Path(results).read_text().splitlines():
        r = json.loads(line)
        by[r["name"]].append(r)
    rows = []
    for name, rs in by.items():
        best = [r["best"] for r in rs]
        unseen = [r["dev_all_unseen"] for r in rs if "dev_all_unseen" in r]
        rows.append((statistics.mean(best), name, rs[0]["params"], sorted((r["seed"], r["best"]) for r in rs),
                     f"{statistics.mean(unseen):.3f}" if len(unseen) == len(rs) else "–"))
    lines = ["| setting | parameters | dev macro-F1 by seed | mean | mean, every actor unseen |", "|---|---|---|---|---|"]
    for mean, name, params, seeds, unseen in sorted(rows, reverse=True):
        per = ", ".join(f"{s}: {b:.3f}" for s, b in seeds)
        lines.append(f"| {name} | `{json.dumps(params)}` | {per} | **{mean:.3f}** | {unseen} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="run the actor stage and dump train/dev pairs (never test)")
    d.add_argument("out")
    d.add_argument("--data", default=None)
    r = sub.add_parser("run", help="train each setting with each seed, scoring on dev")
    r.add_argument("pairs")
    r.add_argument("configs")
    r.add_argument("--seeds", default="0,1,2")
    r.add_argument("--workers", type=int, default=1)
    r.add_argument("--device", default="cuda" if os.environ.get("CUDA_VISIBLE_DEVICES", "") != "" else "cpu")
    r.add_argument("--encoder", default=None, help="local encoder directory (default: the packaged MiniLM)")
    r.add_argument("--threads", type=int, default=2, help="torch CPU threads per worker")
    r.add_argument("--out", default="sweep_results.jsonl")
    s = sub.add_parser("summary", help="markdown table of a results file, best mean first")
    s.add_argument("results")
    a = ap.parse_args(argv)
    if a.cmd == "dump":
        dump(a.out, a.data)
    elif a.cmd == "run":
        run(a.pairs, a.configs, [int(x) for x in a.seeds.split(",")], a.workers, a.device, a.encoder, a.out, a.threads)
    else:
        print(summary(a.results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
