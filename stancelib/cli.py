"""The ``stancelib`` command line.

::

    stancelib classify PATH... [--model NAME] [--format table|json|jsonl|csv] [--out FILE]
                               [--by-affiliation] [--statements] [--evidence]
    stancelib report PATH [-o report.html] [--model NAME] [--title TEXT]
    stancelib network PATH... -o DIR [--model NAME]
    stancelib plot PATH... -o chart.png [--kind actors|time] [--model NAME]
    stancelib evaluate ...   (same as python -m stancelib.evaluate)
    stancelib train ...      (same as python train.py)

A PATH is a text file, a folder (its ``.txt`` and ``.md`` files, recursively, in name order), a
JSONL file (``.jsonl``/``.ndjson``: one ``{"id", "text", "date"?}`` record a line), or ``-`` for
standard input.  A saved result (``.json`` written by ``--format json``) is read back as it is
wherever a command takes results (``report``, ``network``, ``plot``).

Exit status: 0 when every document was processed; 1 when some documents could not be read (each
is named on standard error and skipped, the rest are written); 2 for a usage error or a missing
path (nothing is processed).
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMMANDS = ("classify", "report", "network", "plot", "evaluate", "train")


class UsageError(Exception):
    """A bad argument or a missing path: reported, exit status 2."""


@dataclass
class Document:
    """One input document as the command line reads it."""

    id: str
    text: str
    date: str | None = None
    meta: dict = field(default_factory=dict)


@dataclass
class Inputs:
    """What the PATH arguments hold: the readable documents, saved results, and the problems met."""

    documents: list[Document] = field(default_factory=list)
    results: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _jsonl_documents(path: Path, inputs: Inputs) -> None:
    try:
        lines = _read_text(path).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        inputs.problems.append(f"{path}: cannot read: {exc}")
        return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            inputs.problems.append(f"{where}: not valid JSON ({exc.msg}); skipped")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            inputs.problems.append(f"{where}: a record needs a string \"text\" field; skipped")
            continue
        date = rec.get("date")
        inputs.documents.append(Document(str(rec.get("id", where)), rec["text"], None if date is None else str(date),
                                         {k: v for k, v in rec.items() if k not in ("id", "text", "date")}))


def _saved_results(path: Path, inputs: Inputs) -> None:
    from .results import StanceResult

    try:
        data = json.loads(_read_text(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        inputs.problems.append(f"{path}: cannot read saved results: {exc}")
        return
    for d in data if isinstance(data, list) else [data]:
        if not isinstance(d, dict) or "stances" not in d:
            inputs.problems.append(f"{path}: not a stancelib result (no \"stances\"); skipped")
            continue
        inputs.results.append(StanceResult.from_dict(d))


def read_inputs(paths: Sequence[str], stdin=None) -> Inputs:
    """Read every PATH argument.  A path that does not exist raises :class:`UsageError` before
    anything is read; a document that cannot be read is recorded in ``problems`` and skipped."""
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    inputs = Inputs()
    for p in paths:
        if p == "-":
            inputs.documents.append(Document("<stdin>", (stdin or sys.stdin).read()))
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
            if not files:
                inputs.problems.append(f"{path}: no .txt, .md or .jsonl files in this folder")
            for f in files:
                _read_file(f, inputs)
        else:
            _read_file(path, inputs)
    return inputs


def _read_file(path: Path, inputs: Inputs) -> None:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        _jsonl_documents(path, inputs)
    elif suffix == ".json":
        _saved_results(path, inputs)
    else:
        try:
            inputs.documents.append(Document(str(path), _read_text(path)))
        except UnicodeDecodeError:
            inputs.problems.append(f"{path}: not UTF-8 text; skipped")
        except OSError as exc:
            inputs.problems.append(f"{path}: cannot read: {exc.strerror or exc}; skipped")


def _progress(total: int, desc: str):
    """A tqdm bar on standard error, shown for more than one document and only on a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr,
                disable=total < 2 or not sys.stderr.isatty(), leave=False)


def classify_documents(docs: Sequence[Document], model: str | None, batch_size: int = 16,
                       n_process: int = 1) -> Iterator:
    """Classify documents in batches with a progress bar; yields results in input order."""
    import stancelib

    with _progress(len(docs), "classifying") as bar:
        for result, _ in stancelib.classify_many(((d.text, {"id": d.id, "date": d.date}) for d in docs),
                                                 model=model, batch_size=batch_size, n_process=n_process,
                                                 as_tuples=True):
            bar.update(1)
            yield result


def _results_for(args, inputs: Inputs) -> list:
    return inputs.results + list(classify_documents(inputs.documents, args.model))


def _report_problems(inputs: Inputs) -> int:
    for p in inputs.problems:
        print(f"stancelib: {p}", file=sys.stderr)
    return 1 if inputs.problems else 0


# ------------------------------------------------------------------ output formats
ACTOR_COLUMNS = ("doc_id", "date", "actor", "affiliation", "label", "support", "oppose", "hedge",
                 "n_sentences", "n_mentions")
AFFILIATION_COLUMNS = ("doc_id", "date", "affiliation", "label", "support", "oppose", "hedge", "actors")


def actor_rows(result, by_affiliation: bool = False) -> list[dict]:
    """Flat per-actor (or per-affiliation) rows of one result, as the csv format writes them."""
    if by_affiliation:
        return [{"doc_id": result.doc_id, "date": result.date, "affiliation": aff, "label": v["label"],
                 "support": v["support"], "oppose": v["oppose"], "hedge": v["hedge"], "actors": ";".join(v["actors"])}
                for aff, v in result.by_affiliation().items()]
    return [{"doc_id": result.doc_id, "date": result.date, "actor": s.actor, "affiliation": s.affiliation,
             "label": s.label, **{l: s.scores.get(l, "") for l in ("support", "oppose", "hedge")},
             "n_sentences": s.n_sentences, "n_mentions": s.n_mentions}
            for s in list(result.stances.values()) + list(result.mentioned.values())]


def _affiliation_table(result) -> str:
    lines = [f"{'affiliation':28s} {'label':8s} {'support':>7s} {'oppose':>7s} {'hedge':>7s}  actors"]
    for aff, v in result.by_affiliation().items():
        lines.append(f"{aff[:28]:28s} {v['label']:8s} {v['support']:7.2f} {v['oppose']:7.2f} {v['hedge']:7.2f}  "
                     + ", ".join(v["actors"]))
    return "\n".join(lines)


def _evidence_lines(result) -> str:
    out = []
    for s in result.values():
        out.append(f"{s.actor}:")
        for e in s.stance_evidence:
            out.append(f"  [{e.start}:{e.end}] {e.label:7s} {e.scores[e.label]:.2f}  {e.sentence[:150]}")
    return "\n".join(out)


class ResultWriter:
    """Writes results to a stream one at a time (table, jsonl, csv), so a long batch shows up as it
    goes and a failure late in it loses nothing already done; ``json`` (one document) is written
    by :meth:`close`."""

    def __init__(self, out, fmt: str, by_affiliation: bool = False, statements: bool = False,
                 evidence: bool = False):
        if fmt not in ("table", "json", "jsonl", "csv"):
            raise UsageError(f"unknown format {fmt!r}")
        self.out, self.fmt = out, fmt
        self.by_affiliation, self.statements, self.evidence = by_affiliation, statements, evidence
        self.count, self._json, self._csv = 0, [], None

    def _record(self, r) -> dict:
        if self.statements:
            return {"doc_id": r.doc_id, "date": r.date, "model": r.model, "statements": r.to_statements()}
        d = r.to_dict()
        if self.by_affiliation:
            d["by_affiliation"] = r.by_affiliation()
        return d

    def write(self, r) -> None:
        self.count += 1
        out = self.out
        if self.fmt == "table":
            print(f"== {r.doc_id or 'text'}  (model: {r.model})", file=out)
            if self.statements:
                for st in r.to_statements():
                    print(f"[{st['start']}:{st['end']}] {st['actor']}: {st['stance']} {st[st['stance']]:.2f}  "
                          f"{st['sentence'][:120]}", file=out)
            else:
                print(_affiliation_table(r) if self.by_affiliation else r.table(), file=out)
            if self.evidence:
                print(_evidence_lines(r), file=out)
            print(file=out)
        elif self.fmt == "jsonl":
            out.write(json.dumps(self._record(r), ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            self._json.append(self._record(r))
        else:
            self._csv_writer().writerows(r.to_statements() if self.statements else actor_rows(r, self.by_affiliation))
        out.flush()

    def close(self) -> None:
        if self.fmt == "json":
            json.dump(self._json[0] if len(self._json) == 1 else self._json, self.out, ensure_ascii=False, indent=1)
            self.out.write("\n")
        elif self.fmt == "csv":
            self._csv_writer()  # no results: the header alone
        self.out.flush()

    def _csv_writer(self) -> csv.DictWriter:
        if self._csv is None:
            from .results import STATEMENT_COLUMNS

            cols = STATEMENT_COLUMNS if self.statements else AFFILIATION_COLUMNS if self.by_affiliation else ACTOR_COLUMNS
            self._csv = csv.DictWriter(self.out, fieldnames=list(cols), lineterminator="\n")
            self._csv.writeheader()
        return self._csv


# ------------------------------------------------------------------ commands
def cmd_classify(args) -> int:
    inputs = read_inputs(args.paths)
    if args.date:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
            print(f"stancelib: --date wants YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
            return 2
        for d in inputs.documents:
            d.date = d.date or args.date
    status = _report_problems(inputs)
    t0 = time.perf_counter()
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        writer = ResultWriter(out, args.format, args.by_affiliation, args.statements, args.evidence)
        for r in itertools.chain(inputs.results, classify_documents(inputs.documents, args.model,
                                                                    n_process=args.n_process)):
            writer.write(r)
        writer.close()
    finally:
        if args.out:
            out.close()
    if args.out or (args.format == "table" and writer.count > 1):
        print(f"stancelib: {writer.count} document(s) in {time.perf_counter() - t0:.1f}s"
              + (f", written to {args.out}" if args.out else ""), file=sys.stderr)
    return status


def cmd_report(args) -> int:
    from .report import write_html

    inputs = read_inputs([args.path])
    status = _report_problems(inputs)
    results = _results_for(args, inputs)
    if not results:
        print(f"stancelib: nothing to report in {args.path}", file=sys.stderr)
        return 1
    out = Path(args.out or (Path(args.path).stem if args.path != "-" else "stdin") + ".report.html")
    if len(results) > 1:  # one file a document: report.html, report-2.html, ...
        print(f"stancelib: {len(results)} documents; writing one report each", file=sys.stderr)
    for k, r in enumerate(results):
        path = out if k == 0 else out.with_name(f"{out.stem}-{k + 1}{out.suffix}")
        write_html(r, path, title=args.title)
        print(f"stancelib: wrote {path}", file=sys.stderr)
    return status


def cmd_network(args) -> int:
    from .graphs import network

    inputs = read_inputs(args.paths)
    status = _report_problems(inputs)
    net = network(_results_for(args, inputs))
    written = net.write(args.out)
    for p in written:
        print(f"stancelib: wrote {p}", file=sys.stderr)
    return status


def cmd_plot(args) -> int:
    from .charts import plot

    inputs = read_inputs(args.paths)
    status = _report_problems(inputs)
    plot(_results_for(args, inputs), kind=args.kind, path=args.out)
    print(f"stancelib: wrote {args.out}", file=sys.stderr)
    return status


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="stancelib", description="Per-actor stance on deep-strike permission, "
                                 "read from English news text.", epilog="Exit status: 0 ok; 1 some documents "
                                 "skipped (named on stderr); 2 usage error or missing path.")
    from . import __version__

    ap.add_argument("--version", action="version", version=f"stancelib {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    model_help = "ensemble | transformer | baseline | lexicon (default: the best shipped model)"

    c = sub.add_parser("classify", help="per-actor stances of text files, folders, JSONL or stdin")
    c.add_argument("paths", nargs="+", metavar="PATH", help="text file, folder, .jsonl file, saved .json, or -")
    c.add_argument("--model", default=None, help=model_help)
    c.add_argument("--format", default="table", choices=["table", "json", "jsonl", "csv"])
    c.add_argument("--out", "-o", default=None, help="write here instead of standard output")
    c.add_argument("--by-affiliation", action="store_true", help="roll actors up by affiliation")
    c.add_argument("--statements", action="store_true",
                   help="one row per evidence sentence (the discourse-network statement table)")
    c.add_argument("--evidence", action="store_true", help="table format: list each actor's evidence sentences")
    c.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                   help="publication date of inputs that carry none (plain text): kept on the results and "
                        "used to resolve bare titles such as 'the chancellor'")
    c.add_argument("--n-process", type=int, default=1,
                   help="spaCy worker processes for parsing (2 roughly halves a baseline run over many documents)")
    c.set_defaults(func=cmd_classify)

    r = sub.add_parser("report", help="self-contained HTML evidence report")
    r.add_argument("path", metavar="PATH", help="text file, .jsonl, saved .json result, or -")
    r.add_argument("--out", "-o", default=None, help="output file (default: PATH's name + .report.html)")
    r.add_argument("--model", default=None, help=model_help)
    r.add_argument("--title", default=None)
    r.set_defaults(func=cmd_report)

    n = sub.add_parser("network", help="actor–stance and congruence networks as GraphML and CSV")
    n.add_argument("paths", nargs="+", metavar="PATH")
    n.add_argument("--out", "-o", required=True, help="folder for the GraphML and CSV files")
    n.add_argument("--model", default=None, help=model_help)
    n.set_defaults(func=cmd_network)

    p = sub.add_parser("plot", help="per-actor stance bars or stance over time, as PNG")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", "-o", required=True, help="PNG file to write")
    p.add_argument("--kind", default="auto", choices=["auto", "actors", "time"])
    p.add_argument("--model", default=None, help=model_help)
    p.set_defaults(func=cmd_plot)

    sub.add_parser("evaluate", help="evaluate a model (python -m stancelib.evaluate --help)", add_help=False)
    sub.add_parser("train", help="train the models (python train.py --help)", add_help=False)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "evaluate":
        from .evaluate import main as evaluate_main
        return evaluate_main(argv[1:], prog="stancelib evaluate")
    if argv and argv[0] == "train":
        from .training import main as train_main
        return train_main(argv[1:], prog="stancelib train")
    ap = build_parser()
    args = ap.parse_args(argv)
    if args.command is None:
        ap.print_help(sys.stderr)
        return 2
    from .errors import ModelFileError

    try:
        return args.func(args)
    except (UsageError, ModelFileError, ValueError) as exc:
        print(f"stancelib {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `stancelib classify ... | head`
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
