#!/usr/bin/env python
"""Rebuild the README's results table from the latest runs.

    python -m stancelib.evaluate --model ensemble --split test --json bench/eval_ensemble_test.json
    python -m stancelib.evaluate --model transformer --split test --json bench/eval_transformer_test.json
    python -m stancelib.evaluate --model baseline --split test --json bench/eval_baseline_test.json
    python -m stancelib.evaluate --model lexicon --split test --json bench/eval_lexicon_test.json
    python bench/run.py --docs 200
    python bench/report.py            # rewrites the table between the markers in README.md
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NAMES = {"ensemble": "ensemble (transformer + baseline)", "transformer": "transformer (MiniLM)",
         "baseline": "baseline (scikit-learn)", "lexicon": "lexicon peer (zero-shot)"}


def display_name(model: str) -> str:
    """The row's name; the model that ``classify(model=None)`` picks is bold and marked default."""
    from stancelib.pipeline import best_model_name

    return f"**{NAMES[model]}** (default)" if model == best_model_name() else NAMES[model]


def table() -> str:
    speed = {r["model"]: r for r in json.loads((ROOT / "bench" / "results.json").read_text())["rows"]}
    rows = ["| model | macro-F1 (S/O/H) | macro-F1 (all 4) | F1 support | F1 oppose | F1 hedge | F1 none | ECE | "
            "article-level actor accuracy | actor-stage recall / precision | warm `classify` on seed (s) | "
            "pairs/s end to end (200 docs) | `classify_many` ÷ loop (1 / 2 processes) | classifier pairs/s | "
            "peak memory (MB) |", "|" + "---|" * 15]
    for m in NAMES:
        name = display_name(m)
        f = ROOT / "bench" / f"eval_{m}_test.json"
        if not f.exists():
            continue
        ev = json.loads(f.read_text())
        p, e, r = ev["pairs"], ev["end_to_end"], speed.get(m, {})
        rows.append(f"| {name} | {p['macro_f1_stance']:.3f} | {p['macro_f1_all']:.3f} | "
                    + " | ".join(f"{p['per_label'][l]['f1']:.3f}" for l in ("support", "oppose", "hedge", "none"))
                    + f" | {p['ece']:.3f} | {e['article_actor_accuracy']:.3f} | {e['pair_recall']:.3f} / "
                      f"{e['pair_precision']:.3f} | {r.get('warm_median_s', float('nan')):.2f} | "
                      f"{r.get('many_pairs_per_s', float('nan')):.0f} | {r.get('many_vs_loop', float('nan')):.2f} / "
                      f"{r.get('many_2proc_vs_loop', float('nan')):.2f} | {r.get('classifier_pairs_per_s', float('nan')):.0f} | "
                      f"{r.get('peak_rss_mb', float('nan')):.0f} |")
    return "\n".join(rows)


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- results:start -->\n).*?(\n<!-- results:end -->)", lambda m: m.group(1) + table() + m.group(2),
                 text, flags=re.S)
    readme.write_text(new, encoding="utf-8")
    print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
