"""Stage 3 — (sentence, actor) pairs with the context a classifier needs.

A :class:`Pair` is what every classifier judges: one sentence, one actor, where the actor is
mentioned in it (so the model knows *whose* stance to read), how it was found (name, title,
pronoun, quote speaker, anonymous group), and the previous sentence as context.

Example
-------
>>> from stancelib.actors import ActorResolver
>>> from stancelib.pairs import make_pairs
>>> res = ActorResolver().resolve_text("Scholz refused to send Taurus. Merz disagreed.")
>>> [(p.actor, p.is_subject) for p in make_pairs(res)]
[('Olaf Scholz', True), ('Friedrich Merz', True)]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:  # the pair type itself needs no spaCy (a GPU box without it can train on dumped pairs)
    from .actors import Mention, Resolution


@dataclass(frozen=True)
class Pair:
    """One (sentence, actor) pair.

    ``spans`` are the actor's mentions as offsets *relative to the sentence*; ``other_spans`` the
    mentions of other actors in the sentence.  ``via`` lists how the actor was found.
    """

    doc_id: str
    sentence_index: int
    start: int
    end: int
    sentence: str
    actor: str
    spans: tuple[tuple[int, int], ...] = ()
    other_spans: tuple[tuple[int, int], ...] = ()
    via: tuple[str, ...] = ()
    is_speaker: bool = False
    is_subject: bool = False
    context: str = ""
    affiliation: str = ""
    n_actors: int = 1

    def mark(self, target: Callable[[str], str], other: Callable[[str], str]) -> str:
        """The sentence with each mention rewritten: this actor's by ``target``, other actors' by ``other``.

        >>> p = Pair("d", 0, 0, 20, "Putin warned Biden.", "Joe Biden", spans=((13, 18),), other_spans=((0, 5),))
        >>> p.mark(lambda t: f"<{t}>", lambda t: t.upper())
        'PUTIN warned <Biden>.'
        """
        repl = sorted([(s, e, target) for s, e in self.spans] + [(s, e, other) for s, e in self.other_spans],
                      key=lambda r: (r[0], r[1]))
        out, pos = [], 0
        for s, e, fn in repl:
            if s < pos:  # overlapping mentions: keep the first
                continue
            out.append(self.sentence[pos:s])
            out.append(fn(self.sentence[s:e]))
            pos = e
        out.append(self.sentence[pos:])
        return "".join(out)

    def marked(self, target: str = "[ACTOR]", other: str = "[OTHER]") -> str:
        """The sentence with this actor's mentions and the other actors' mentions replaced by markers.

        >>> Pair("d", 0, 0, 20, "Putin warned Biden.", "Vladimir Putin", spans=((0, 5),), other_spans=((13, 18),)).marked()
        '[ACTOR] warned [OTHER].'
        """
        return self.mark(lambda _: target, lambda _: other)

def make_pairs(res: Resolution, doc_id: str = "", actors: Sequence[str] | None = None,
               sentence_filter: set[int] | None = None) -> list[Pair]:
    """One pair per (sentence, actor) the resolver found, in text order.

    ``actors`` restricts the pairs to those actors; ``sentence_filter`` to those sentence indices.
    """
    by_sent = res.by_sentence()
    pairs = []
    for i, sent in enumerate(res.sentences):
        if sentence_filter is not None and i not in sentence_filter:
            continue
        ms = by_sent.get(i, [])
        names = list(dict.fromkeys(m.actor for m in ms))
        for actor in names:
            if actors is not None and actor not in actors:
                continue
            pairs.append(_pair(res, doc_id, i, actor, ms, len(names)))
    return pairs


def pair_for(res: Resolution, doc_id: str, sentence_index: int, actor: str) -> Pair:
    """The pair for a given sentence and actor, even if the resolver did not find the actor there
    (used to turn gold-labelled pairs into classifier input)."""
    ms = res.by_sentence().get(sentence_index, [])
    n = len({m.actor for m in ms} | {actor})
    return _pair(res, doc_id, sentence_index, actor, ms, n)


def _pair(res: Resolution, doc_id: str, i: int, actor: str, ms: list[Mention], n_actors: int) -> Pair:
    sent = res.sentences[i]
    own = [m for m in ms if m.actor == actor]
    others = [m for m in ms if m.actor != actor and m.via != "speaker"]

    def rel(m: Mention) -> tuple[int, int]:
        return max(0, m.start - sent.start), min(len(sent.text), m.end - sent.start)

    spans = tuple(sorted({rel(m) for m in own if m.via != "speaker" and m.start >= sent.start and m.end <= sent.end}))
    other = tuple(sorted({rel(m) for m in others if m.start >= sent.start and m.end <= sent.end}))
    context = res.sentences[i - 1].text if i > 0 else ""
    aff = (res.actors.get(actor) or {}).get("affiliation", "")
    return Pair(
        doc_id=doc_id, sentence_index=i, start=sent.start, end=sent.end, sentence=sent.text, actor=actor,
        spans=spans, other_spans=other, via=tuple(sorted({m.via for m in own})),
        is_speaker=any(m.via == "speaker" for m in own),
        is_subject=any(m.role in ("subject", "speaker") for m in own),
        context=context, affiliation=aff, n_actors=n_actors,
    )


def corpus_pairs(docs, resolver=None, batch_size: int = 16):
    """Classifier input for labelled corpus documents: ``(pairs, labels, phenomena)``.

    The actor stage runs on each document with its gold sentence segmentation, so every gold pair
    gets the actor's marked mentions, speaker/subject flags and context exactly as at inference.
    """
    from .actors import ActorResolver
    from .text import parse

    resolver = resolver or ActorResolver()
    resolver._setup()
    pairs, labels, phen = [], [], []
    for doc, parsed in zip(docs, parse((d.text for d in docs), resolver.nlp_, batch_size=batch_size)):
        res = resolver.resolve(doc.text, parsed, sentences=doc.sentences, date=doc.date)
        index = {s: i for i, (s, _) in enumerate(doc.sentences)}
        for gp in doc.pairs:
            pairs.append(pair_for(res, doc.id, index[gp.start], gp.actor))
            labels.append(gp.label)
            phen.append(gp.phenomena)
    return pairs, labels, phen
