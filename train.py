#!/usr/bin/env python
"""Train stancelib's models: ``python train.py [--model baseline|transformer|all] [--data data/] [--out models/] [--seed N]``.

Trains on the train split, selects hyper-parameters on dev, prints dev and test figures
(per-label P/R/F1, macro-F1 over support/oppose/hedge, confusion matrix) and writes each model
with its JSON card under ``--out``.  The code lives in :func:`stancelib.training.main`; the
installed command ``stancelib train`` is the same thing.
"""
from stancelib.training import main

if __name__ == "__main__":
    raise SystemExit(main())
