#!/usr/bin/env python
"""Train stancelib's models: ``python train.py [--model baseline|transformer|all] [--data data/] [--out models/] [--seed N]``.

Trains on the train split, selects hyper-parameters on dev, prints dev and test figures
(per-label P/R/F1, macro-F1 over support/oppose/hedge, confusion matrix) and writes each model
with its JSON card under ``--out``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stancelib.data import DEFAULT_CORPUS


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="baseline", choices=["baseline", "transformer", "all"])
    ap.add_argument("--data", default=str(DEFAULT_CORPUS), help="corpus file or the folder holding corpus.jsonl")
    ap.add_argument("--out", default="models", help="where models and cards are written")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quick", action="store_true", help="no hyper-parameter search (for smoke tests)")
    ap.add_argument("--design", choices=["marked", "context", "both"], default="both",
                    help="transformer input design; 'both' compares them on dev and keeps the better")
    ap.add_argument("--epochs", type=int, default=3, help="transformer epochs (early stopping on dev)")
    ap.add_argument("--spread-seeds", type=int, nargs="*", default=[],
                    help="also retrain the transformer with these seeds and report the spread of test macro-F1")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if data.is_dir():
        data = data / "corpus.jsonl"
    if not data.exists():
        print(f"error: corpus not found: {data} (build it with `python -m stancelib.data build`)", file=sys.stderr)
        return 2
    from stancelib import training

    splits = training.load_split_pairs(data)
    if args.model in ("baseline", "all"):
        grid = {"C": [2.0], "window": [5], "context_weight": [0.3]} if args.quick else None
        training.train_baseline(data, args.out, seed=args.seed, grid=grid, splits=splits)
    if args.model in ("transformer", "all"):
        from stancelib.classifiers import transformer
        designs = transformer.DESIGNS if args.design == "both" else (args.design,)
        transformer.train(data, args.out, seed=args.seed, splits=splits, quick=args.quick, designs=designs,
                          spread_seeds=args.spread_seeds, epochs=args.epochs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
