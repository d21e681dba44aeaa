"""``python -m stancelib FILE [FILE ...]`` — print the per-actor stance table of text files.

A minimal front end for the quick start; the full command line (formats, folders, reports) is
``stancelib.cli`` once it exists.  ``-`` reads standard input.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m stancelib", description="Per-actor stance on deep-strike permission.")
    ap.add_argument("paths", nargs="+", help="text files ('-' for standard input)")
    ap.add_argument("--model", default=None, help="baseline | transformer (default: best available)")
    ap.add_argument("--evidence", action="store_true", help="also print each actor's evidence sentences")
    args = ap.parse_args(argv)
    import stancelib

    status = 0
    for p in args.paths:
        if p == "-":
            text = sys.stdin.read()
        else:
            path = Path(p)
            if not path.is_file():
                print(f"error: no such file: {p}", file=sys.stderr)
                status = 2
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        t0 = time.perf_counter()
        result = stancelib.classify(text, model=args.model)
        took = time.perf_counter() - t0
        print(f"== {p}  (model: {result.model}, {took:.2f}s)")
        print(result.table())
        if args.evidence:
            for s in result.values():
                print(f"\n{s.actor}:")
                for e in s.stance_evidence:
                    print(f"  [{e.start}:{e.end}] {e.label:7s} {e.scores[e.label]:.2f}  {e.sentence[:150]}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
