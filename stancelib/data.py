"""Corpus reading, building and validation.

The corpus lives in two forms:

* ``data/docs/<batch>/<id>.json`` — the *authoring* form: a document written as paragraphs of
  sentences, each sentence carrying its labelled (actor, label, phenomena...) pairs next to it, so a
  person can read the label beside the words it judges.
* ``data/corpus.jsonl`` — the *built* form the library trains and evaluates on: one JSON object per
  document with the full ``text`` and character offsets for every sentence and pair.

``python -m stancelib.data build`` turns the first into the second; ``python -m stancelib.data
validate`` checks the built corpus (schema, offsets, labels, registry, split leakage, near-duplicate
sentences) and prints its statistics.

Example
-------
>>> from stancelib.data import load_corpus
>>> docs = load_corpus("data/corpus.jsonl")            # doctest: +SKIP
>>> sum(len(d.pairs) for d in docs if d.split == "test") > 0  # doctest: +SKIP
True
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import CorpusError
from .labels import LABELS, PHENOMENA, STANCE_LABELS

SPLITS: tuple[str, ...] = ("train", "dev", "test")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "data"
DEFAULT_CORPUS = DEFAULT_DATA_DIR / "corpus.jsonl"
DEFAULT_REGISTRY = DEFAULT_DATA_DIR / "actors.json"


@dataclass(frozen=True)
class GoldPair:
    """One labelled (sentence, actor) pair; ``start``/``end`` are character offsets of the sentence."""

    start: int
    end: int
    actor: str
    label: str
    phenomena: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One corpus document in its built form."""

    id: str
    split: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    pairs: tuple[GoldPair, ...]
    actors: tuple[dict, ...] = ()
    date: str | None = None
    source: str | None = None
    actor_labels: dict | None = None  # optional document-level gold per actor

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "split": self.split,
            "date": self.date,
            "source": self.source,
            "text": self.text,
            "actors": list(self.actors),
            "sentences": [{"start": s, "end": e} for s, e in self.sentences],
            **({"actor_labels": self.actor_labels} if self.actor_labels else {}),
            "pairs": [
                {"start": p.start, "end": p.end, "actor": p.actor, "label": p.label,
                 "phenomena": list(p.phenomena)}
                for p in self.pairs
            ],
        }

    @classmethod
    def from_json(cls, obj: dict, where: str = "") -> "Document":
        try:
            return cls(
                id=str(obj["id"]),
                split=obj["split"],
                text=obj["text"],
                sentences=tuple((int(s["start"]), int(s["end"])) for s in obj.get("sentences", [])),
                pairs=tuple(
                    GoldPair(int(p["start"]), int(p["end"]), p["actor"], p["label"],
                             tuple(p.get("phenomena", ())))
                    for p in obj.get("pairs", [])
                ),
                actors=tuple(obj.get("actors", ())),
                date=obj.get("date"),
                source=obj.get("source"),
                actor_labels=obj.get("actor_labels"),
            )
        except (KeyError, TypeError) as exc:
            raise CorpusError(f"{where}: missing or malformed field {exc}") from exc


# --------------------------------------------------------------------------- registry
@dataclass
class Registry:
    """The actor registry: canonical names with aliases, titles, affiliation and role."""

    actors: dict[str, dict] = field(default_factory=dict)
    weak_aliases: set[str] = field(default_factory=set)            # surnames that need the full name first
    group_modifiers: dict[str, list[str]] = field(default_factory=dict)  # "British" -> British officials
    not_actors: set[str] = field(default_factory=set)              # weapon names NER mistakes for people

    @classmethod
    def load(cls, path: str | Path = DEFAULT_REGISTRY) -> "Registry":
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"actor registry not found: {path}")
        obj = json.loads(path.read_text(encoding="utf-8"))
        return cls({a["name"]: a for a in obj["actors"]}, set(obj.get("weak_aliases", [])),
                   dict(obj.get("group_modifiers", {})), set(obj.get("not_actors", [])))

    def __contains__(self, name: str) -> bool:
        return name in self.actors

    def get(self, name: str) -> dict | None:
        return self.actors.get(name)

    def affiliation(self, name: str) -> str:
        a = self.actors.get(name)
        return (a or {}).get("affiliation") or ""

    def in_office(self, name: str, title: str, date: str) -> bool:
        """Did ``name`` hold the office called ``title`` on ``date`` (ISO ``YYYY-MM-DD``)?  From the
        entry's ``terms`` (``[{"titles": [...], "from": ..., "to": ...|null}]``; ``to`` is the first
        day out of office)."""
        title = title.lower().removeprefix("the ")
        for term in (self.actors.get(name) or {}).get("terms", ()):
            if title in {t.lower().removeprefix("the ") for t in term.get("titles", ())} \
                    and term["from"] <= date[:10] and (term.get("to") is None or date[:10] < term["to"]):
                return True
        return False


# --------------------------------------------------------------------------- reading
def load_corpus(path: str | Path = DEFAULT_CORPUS, split: str | Sequence[str] | None = None) -> list[Document]:
    """Read a corpus file (one JSON document per line), optionally keeping only some splits."""
    path = Path(path)
    if path.is_dir():
        path = path / "corpus.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"corpus not found: {path} (build it with `python -m stancelib.data build`)")
    keep = None if split is None else ({split} if isinstance(split, str) else set(split))
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{n}: not valid JSON ({exc})") from exc
            doc = Document.from_json(obj, f"{path}:{n}")
            if keep is None or doc.split in keep:
                docs.append(doc)
    return docs


def corpus_hash(path: str | Path = DEFAULT_CORPUS) -> str:
    """SHA-256 of the corpus file, recorded in model cards."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- authoring -> built
def _parse_pair(raw, where: str) -> tuple[str, str, tuple[str, ...]]:
    if not isinstance(raw, (list, tuple)) or len(raw) < 2:
        raise CorpusError(f"{where}: a pair is [actor, label, *phenomena], got {raw!r}")
    actor, label, *phen = raw
    return actor, label, tuple(phen)


def build_document(obj: dict, registry: Registry, where: str = "") -> Document:
    """Turn one authoring-form document into a built :class:`Document`.

    Paragraphs are joined with a newline and sentences inside a paragraph with one space, so the
    offsets of every sentence are exact.
    """
    for key in ("id", "split", "paragraphs"):
        if key not in obj:
            raise CorpusError(f"{where}: missing field {key!r}")
    text_parts: list[str] = []
    sentences: list[tuple[int, int]] = []
    pairs: list[GoldPair] = []
    pos = 0
    for p_i, para in enumerate(obj["paragraphs"]):
        if p_i:
            text_parts.append("\n")
            pos += 1
        for s_i, sent in enumerate(para):
            if s_i:
                text_parts.append(" ")
                pos += 1
            s_text = sent["text"] if isinstance(sent, dict) else sent
            if s_text != s_text.strip() or not s_text:
                raise CorpusError(f"{where}: sentence {p_i}.{s_i} is empty or has outer whitespace")
            start, end = pos, pos + len(s_text)
            text_parts.append(s_text)
            pos = end
            sentences.append((start, end))
            for raw in (sent.get("pairs", []) if isinstance(sent, dict) else []):
                actor, label, phen = _parse_pair(raw, f"{where} sentence {p_i}.{s_i}")
                pairs.append(GoldPair(start, end, actor, label, phen))
    new = {a["name"]: a for a in obj.get("new_actors", [])}
    names = sorted({p.actor for p in pairs})
    actors = []
    for n in names:
        a = registry.get(n) or new.get(n) or {"name": n}
        actors.append({"name": n, "aliases": a.get("aliases", []), "affiliation": a.get("affiliation", "")})
    return Document(id=obj["id"], split=obj["split"], text="".join(text_parts), sentences=tuple(sentences),
                    pairs=tuple(pairs), actors=tuple(actors), date=obj.get("date"), source=obj.get("style"),
                    actor_labels=obj.get("actor_labels"))


def iter_authoring_files(docs_dir: str | Path) -> Iterable[Path]:
    return sorted(Path(docs_dir).rglob("*.json"))


def build(docs_dir: str | Path, out: str | Path, registry: Registry,
          registry_path: str | Path | None = None) -> list[Document]:
    """Build ``out`` (JSONL) from every authoring file under ``docs_dir``.

    Actors a document introduces in ``new_actors`` are added to the registry (and written to
    ``registry_path`` if given); an actor that only test documents use is marked ``test_only``.
    """
    objs, new = [], {}
    for f in iter_authoring_files(docs_dir):
        try:
            obj = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{f}: not valid JSON ({exc})") from exc
        objs.append((f, obj))
        for a in obj.get("new_actors", []):
            if a.get("name") and a["name"] not in registry:
                new.setdefault(a["name"], a)
    used_in: dict[str, set] = defaultdict(set)
    for _, obj in objs:
        for para in obj.get("paragraphs", []):
            for sent in para:
                for raw in (sent.get("pairs", []) if isinstance(sent, dict) else []):
                    used_in[raw[0]].add(obj.get("split"))
    for name, a in sorted(new.items()):
        registry.actors[name] = {"name": name, "type": a.get("type", "person"),
                                 "affiliation": a.get("affiliation", ""), "role": a.get("role", ""),
                                 "aliases": [x for x in a.get("aliases", []) if x != name],
                                 "titles": a.get("titles", []), "test_only": used_in[name] == {"test"}}
    if new and registry_path:
        raw = json.loads(Path(registry_path).read_text(encoding="utf-8"))
        known = {a["name"] for a in raw["actors"]}
        raw["actors"] += [registry.actors[n] for n in sorted(new) if n not in known]
        Path(registry_path).write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    docs = [build_document(obj, registry, str(f)) for f, obj in objs]
    docs.sort(key=lambda d: (SPLITS.index(d.split) if d.split in SPLITS else 9, d.id))
    with Path(out).open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d.to_json(), ensure_ascii=False) + "\n")
    return docs


# --------------------------------------------------------------------------- validation
_WORD = re.compile(r"[a-z0-9]+")


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    toks = _WORD.findall(text.lower())
    return {tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))}


def near_duplicates(docs: Sequence[Document], threshold: float = 0.8, min_tokens: int = 6) -> list[tuple[str, str, float, str]]:
    """Sentences in different splits whose word-trigram Jaccard similarity is at least ``threshold``.

    Returns ``(doc_id_a, doc_id_b, similarity, sentence_a)`` rows.  Short sentences (fewer than
    ``min_tokens`` words, e.g. "Putin said.") are skipped: they repeat legitimately.
    """
    items = []
    for d in docs:
        for s, e in d.sentences:
            t = d.text[s:e]
            if len(_WORD.findall(t)) >= min_tokens:
                items.append((d.split, d.id, t, _shingles(t)))
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        for sh in it[3]:
            index[sh].append(i)
    found = []
    seen = set()
    for i, (split, did, text, sh) in enumerate(items):
        cands = Counter(j for g in sh for j in index[g] if j > i and items[j][0] != split)
        for j, shared in cands.items():
            if shared / max(1, len(sh | items[j][3])) < threshold * 0.5:
                continue
            sim = len(sh & items[j][3]) / len(sh | items[j][3])
            if sim >= threshold and (i, j) not in seen:
                seen.add((i, j))
                found.append((did, items[j][1], round(sim, 3), text))
    return found


def split_overlap(docs: Sequence[Document], held_out: str = "test", against: str = "train") -> dict:
    """How different the held-out split is from training: actors it has that train lacks, and how
    close its sentences come to any training sentence (word-trigram Jaccard)."""
    train_actors = {p.actor for d in docs if d.split == against for p in d.pairs}
    held = [p for d in docs if d.split == held_out for p in d.pairs]
    unseen = {p.actor for p in held} - train_actors
    train_sh = [_shingles(d.text[s:e]) for d in docs if d.split == against for s, e in d.sentences]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, sh in enumerate(train_sh):
        for g in sh:
            index[g].append(i)
    sims = []
    for d in docs:
        if d.split != held_out:
            continue
        for s, e in d.sentences:
            sh = _shingles(d.text[s:e])
            cands = {j for g in sh for j in index.get(g, ())}
            sims.append(max((len(sh & train_sh[j]) / len(sh | train_sh[j]) for j in cands), default=0.0))
    return {
        "held_out_actors": len({p.actor for p in held}), "actors_unseen_in_train": len(unseen),
        "pairs_on_unseen_actors": sum(p.actor in unseen for p in held),
        "share_pairs_on_unseen_actors": round(sum(p.actor in unseen for p in held) / max(1, len(held)), 3),
        "sentences": len(sims),
        "max_trigram_jaccard_to_train": {"mean": round(float(sum(sims) / max(1, len(sims))), 3),
                                         ">=0.5": sum(x >= 0.5 for x in sims), ">=0.8": sum(x >= 0.8 for x in sims)},
    }


def validate(docs: Sequence[Document], registry: Registry, strict_registry: bool = True) -> list[str]:
    """Return a list of problems (empty when the corpus is valid)."""
    errors: list[str] = []
    ids = Counter(d.id for d in docs)
    errors += [f"duplicate document id {i!r}" for i, c in ids.items() if c > 1]
    test_only = {n for n, a in registry.actors.items() if a.get("test_only")}
    for d in docs:
        w = f"doc {d.id}"
        if d.split not in SPLITS:
            errors.append(f"{w}: split {d.split!r} not in {SPLITS}")
        if not d.text.strip():
            errors.append(f"{w}: empty text")
        prev_end = 0
        bounds = set()
        for s, e in d.sentences:
            if not (0 <= s < e <= len(d.text)):
                errors.append(f"{w}: sentence offsets {s}:{e} outside the text")
                continue
            if s < prev_end:
                errors.append(f"{w}: sentences overlap at {s}")
            if d.text[s:e] != d.text[s:e].strip():
                errors.append(f"{w}: sentence {s}:{e} has outer whitespace")
            if d.text[prev_end:s].strip():
                errors.append(f"{w}: text between sentences at {prev_end}:{s} is not covered")
            prev_end = e
            bounds.add((s, e))
        if d.text[prev_end:].strip():
            errors.append(f"{w}: text after the last sentence is not covered")
        seen = set()
        for p in d.pairs:
            if (p.start, p.end) not in bounds:
                errors.append(f"{w}: pair {p.actor!r} at {p.start}:{p.end} is not on a sentence boundary")
            if p.label not in LABELS:
                errors.append(f"{w}: label {p.label!r} not in {LABELS}")
            bad = [x for x in p.phenomena if x not in PHENOMENA]
            if bad:
                errors.append(f"{w}: unknown phenomena {bad}")
            if strict_registry and p.actor not in registry:
                errors.append(f"{w}: actor {p.actor!r} is not in the registry")
            if p.actor in test_only and d.split != "test":
                errors.append(f"{w}: test-only actor {p.actor!r} appears in split {d.split}")
            key = (p.start, p.actor)
            if key in seen:
                errors.append(f"{w}: actor {p.actor!r} labelled twice for sentence at {p.start}")
            seen.add(key)
    for a, b, sim, text in near_duplicates(docs):
        errors.append(f"near-duplicate across splits ({sim}): {a} / {b}: {text[:80]!r}")
    return errors


def statistics(docs: Sequence[Document], registry: Registry | None = None) -> dict:
    """Counts by split, label, actor and phenomenon."""
    by_split = Counter(d.split for d in docs)
    pairs_by_split: dict[str, Counter] = defaultdict(Counter)
    phen = Counter()
    actors = Counter()
    for d in docs:
        for p in d.pairs:
            pairs_by_split[d.split][p.label] += 1
            actors[p.actor] += 1
            phen.update(p.phenomena)
    labels = Counter()
    for c in pairs_by_split.values():
        labels.update(c)
    total = sum(labels.values())
    stance = sum(labels[l] for l in STANCE_LABELS)
    return {
        "documents": len(docs),
        "documents_by_split": dict(by_split),
        "pairs": total,
        "pairs_by_split": {s: dict(c) for s, c in pairs_by_split.items()},
        "labels": dict(labels),
        "share_of_stance_pairs": {l: round(labels[l] / stance, 3) if stance else 0.0 for l in STANCE_LABELS},
        "share_none_of_all": round(labels["none"] / total, 3) if total else 0.0,
        "actors": len(actors),
        "top_actors": actors.most_common(25),
        "phenomena": dict(phen.most_common()),
        "sentences": sum(len(d.sentences) for d in docs),
    }


# --------------------------------------------------------------------------- second labelling pass
def sample_pairs(docs: Sequence[Document], n: int = 420, per_doc: int = 10, seed: int = 13) -> list[dict]:
    """A reproducible random sample of pairs for a blind second labelling pass.

    Documents are drawn at random and up to ``per_doc`` of each one's pairs are taken, so the second
    labeller reads fewer documents in full.  Items carry the document id, the sentence offsets and
    the actor — never the label.
    """
    import random

    rng = random.Random(seed)
    order = list(docs)
    rng.shuffle(order)
    chosen = []
    for d in order:
        if len(chosen) >= n:
            break
        ps = list(d.pairs)
        rng.shuffle(ps)
        for p in ps[:min(per_doc, n - len(chosen))]:
            chosen.append({"doc": d.id, "split": d.split, "start": p.start, "end": p.end, "actor": p.actor})
    chosen.sort(key=lambda x: (x["doc"], x["start"], x["actor"]))
    for i, it in enumerate(chosen):
        it["item"] = i
    return chosen


def agreement(first: Sequence[str], second: Sequence[str]) -> dict:
    """Cohen's kappa overall and per label (each label against the rest), with raw agreement."""
    from sklearn.metrics import cohen_kappa_score

    out = {"n": len(first), "observed_agreement": float(sum(a == b for a, b in zip(first, second)) / max(1, len(first))),
           "kappa": float(cohen_kappa_score(first, second, labels=list(LABELS))), "per_label": {}}
    for l in LABELS:
        a = [x == l for x in first]
        b = [x == l for x in second]
        out["per_label"][l] = {"kappa": float(cohen_kappa_score(a, b)), "first": sum(a), "second": sum(b)}
    return out


def _print_stats(st: dict) -> None:
    print(f"documents: {st['documents']}  {st['documents_by_split']}")
    print(f"sentences: {st['sentences']}")
    print(f"pairs: {st['pairs']}")
    for s, c in sorted(st["pairs_by_split"].items(), key=lambda kv: SPLITS.index(kv[0]) if kv[0] in SPLITS else 9):
        print(f"  {s:5s} {sum(c.values()):5d}  " + "  ".join(f"{l}={c.get(l, 0)}" for l in LABELS))
    print("labels: " + "  ".join(f"{l}={st['labels'].get(l, 0)}" for l in LABELS))
    print("share of stance pairs: " + "  ".join(f"{l}={v:.1%}" for l, v in st["share_of_stance_pairs"].items()))
    print(f"share of none among all pairs: {st['share_none_of_all']:.1%}")
    print(f"distinct actors: {st['actors']}")
    print("phenomena: " + ", ".join(f"{k}={v}" for k, v in st["phenomena"].items()))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m stancelib.data", description="Build and validate the stancelib corpus.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="authoring files -> corpus.jsonl")
    b.add_argument("--docs", default=str(DEFAULT_DATA_DIR / "docs"))
    b.add_argument("--out", default=str(DEFAULT_CORPUS))
    b.add_argument("--registry", default=str(DEFAULT_REGISTRY))
    v = sub.add_parser("validate", help="check a corpus file and print its statistics")
    v.add_argument("path", nargs="?", default=str(DEFAULT_CORPUS))
    v.add_argument("--registry", default=str(DEFAULT_REGISTRY))
    v.add_argument("--json", help="also write the statistics to this file")
    c = sub.add_parser("check", help="check authoring files (for corpus writers)")
    c.add_argument("files", nargs="+")
    c.add_argument("--registry", default=str(DEFAULT_REGISTRY))
    args = ap.parse_args(argv)
    registry = Registry.load(args.registry)

    if args.cmd == "check":
        docs = []
        bad = 0
        for f in args.files:
            try:
                obj = json.loads(Path(f).read_text(encoding="utf-8"))
                doc = build_document(obj, registry, f)
                reg = Registry({**registry.actors, **{a["name"]: a for a in obj.get("new_actors", [])}})
                errs = [e for e in validate([doc], reg) if not e.startswith("near-duplicate")]
            except (CorpusError, json.JSONDecodeError, KeyError, TypeError) as exc:
                errs = [str(exc)]
            for e in errs:
                print(f"{f}: {e}")
            bad += bool(errs)
            if not errs:
                docs.append(doc)
        if docs:
            _print_stats(statistics(docs))
        print(f"{len(args.files) - bad} ok, {bad} with problems")
        return 1 if bad else 0
    if args.cmd == "build":
        docs = build(args.docs, args.out, registry, args.registry)
        print(f"built {len(docs)} documents -> {args.out}")
        return 0
    docs = load_corpus(args.path)
    errors = validate(docs, registry)
    st = statistics(docs, registry)
    _print_stats(st)
    if any(d.split == "test" for d in docs) and any(d.split == "train" for d in docs):
        st["test_vs_train"] = ov = split_overlap(docs)
        print(f"test vs train: {ov['actors_unseen_in_train']} of {ov['held_out_actors']} test actors never occur in "
              f"train ({ov['share_pairs_on_unseen_actors']:.1%} of test pairs); test sentences' closest train "
              f"sentence: mean trigram Jaccard {ov['max_trigram_jaccard_to_train']['mean']}, "
              f"{ov['max_trigram_jaccard_to_train']['>=0.5']} of {ov['sentences']} at >= 0.5")
    if args.json:
        Path(args.json).write_text(json.dumps(st, indent=1, ensure_ascii=False))
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors[:200]:
            print("  " + e, file=sys.stderr)
        return 1
    print("\ncorpus OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
