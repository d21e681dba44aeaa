#!/usr/bin/env python
"""Speed and memory benchmark: ``python bench/run.py [--models ensemble transformer baseline lexicon] [--docs 200]``.

For each model, in a fresh process (so cold start and peak memory are its own):
cold start (import + model load + first call), warm latency of ``classify`` on the seed article
(median and p95), throughput over a batch of documents with ``classify_many`` and with a loop of
``classify`` (articles/s, pairs/s, and their ratio), and peak resident memory.  Prints one table
and writes ``bench/results.json``.  The machines are shared and noisy: compare models as ratios
within one run.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1a0e0990b6052ff4.txt"


def worker(model: str, n_docs: int, repeats: int) -> dict:
    import resource

    t0 = time.perf_counter()
    import stancelib
    from stancelib.data import load_corpus

    seed = SEED.read_text(encoding="utf-8")
    stancelib.classify(seed, model=model)
    cold = time.perf_counter() - t0

    lat = []
    for _ in range(repeats):
        t = time.perf_counter()
        stancelib.classify(seed, model=model)
        lat.append(time.perf_counter() - t)
    lat.sort()

    texts = [d.text for d in load_corpus()]
    texts = (texts * (n_docs // max(1, len(texts)) + 1))[:n_docs]
    t = time.perf_counter()
    results = list(stancelib.classify_many(texts, model=model, batch_size=16))
    many_s = time.perf_counter() - t
    n_pairs = sum(len(r.pairs) for r in results)
    t = time.perf_counter()
    for x in texts:
        stancelib.classify(x, model=model)
    loop_s = time.perf_counter() - t
    t = time.perf_counter()
    for _ in stancelib.classify_many(texts, model=model, batch_size=16, n_process=2):
        pass
    many2_s = time.perf_counter() - t

    # the classifier alone, on the pairs of the first 50 documents (parsing and actors done before)
    from stancelib.pairs import make_pairs
    pipe = stancelib.load_model(model)
    pairs = [p for x in texts[:50] for p in make_pairs(pipe.resolver.resolve_text(x))]
    t = time.perf_counter()
    pipe.classifier.predict_proba(pairs)
    clf_pairs_per_s = len(pairs) / (time.perf_counter() - t)
    return {
        "model": stancelib.load_model(model).model_name, "cold_start_s": cold,
        "warm_median_s": statistics.median(lat), "warm_p95_s": lat[max(0, int(0.95 * len(lat)) - 1)],
        "docs": len(texts), "pairs": n_pairs,
        "many_articles_per_s": len(texts) / many_s, "many_pairs_per_s": n_pairs / many_s,
        "loop_articles_per_s": len(texts) / loop_s, "many_vs_loop": loop_s / many_s,
        "many_2proc_vs_loop": loop_s / many2_s,
        "classifier_pairs_per_s": clf_pairs_per_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", nargs="+", default=["ensemble", "transformer", "baseline", "lexicon"])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--json", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.docs, args.repeats)))
        return 0
    rows = []
    for m in args.models:
        out = subprocess.run([sys.executable, __file__, "--worker", m, "--docs", str(args.docs),
                              "--repeats", str(args.repeats)], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            print(f"{m}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    hdr = (f"{'model':12s} {'cold s':>7s} {'warm med s':>10s} {'warm p95 s':>10s} {'art/s':>7s} {'pairs/s':>8s} "
           f"{'many/loop':>9s} {'2proc/loop':>10s} {'clf pairs/s':>11s} {'peak MB':>8s}")
    print(hdr)
    for r in rows:
        print(f"{r['model']:12s} {r['cold_start_s']:7.2f} {r['warm_median_s']:10.3f} {r['warm_p95_s']:10.3f} "
              f"{r['many_articles_per_s']:7.2f} {r['many_pairs_per_s']:8.1f} {r['many_vs_loop']:9.2f} {r['many_2proc_vs_loop']:10.2f} {r['classifier_pairs_per_s']:11.1f} {r['peak_rss_mb']:8.0f}")
    base = next((r for r in rows if r["model"] == "baseline"), None)
    if base:
        for r in rows:
            if r is not base:
                print(f"{r['model']} vs baseline: warm latency x{r['warm_median_s'] / base['warm_median_s']:.2f}, "
                      f"throughput x{r['many_pairs_per_s'] / base['many_pairs_per_s']:.2f}")
    Path(args.json).write_text(json.dumps({"rows": rows, "argv": sys.argv[1:], "when": time.strftime("%Y-%m-%d %H:%M")},
                                          indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
