"""Stage 2 — actor mentions: names, aliases, titles, anonymous groups, pronouns and quote speakers.

:class:`ActorResolver` reads a parsed text (see :mod:`stancelib.text`) and returns, for every
sentence, the actors it refers to, each as a :class:`Mention` with character offsets and the way
it was found (``via``):

* ``name`` / ``alias`` — the registry's canonical names and aliases (spelling variants included),
  matched case-sensitively; surname aliases that several actors share ("Johnson") or that are
  ordinary words ("Hill") count only once the full name has introduced that actor;
* ``ner`` — people spaCy's NER finds that the registry lacks; later surname mentions link to the
  fullest form ("Olena Kovalenko" … "Kovalenko");
* ``title`` — "the chancellor", "the Kremlin spokesman": the actor the text introduced with that role;
* ``group`` — anonymous sources by affiliation ("a British official speaking on condition of
  anonymity" → ``British officials``; "Biden's top aides" → ``U.S. officials``), and "the official"
  afterwards;
* ``pronoun`` — "he"/"she" as a subject outside quotes, resolved to the most recent person who
  is a subject or speaker, and left unresolved when no person is in reach;
* ``speaker`` — every sentence of a direct quote belongs to its speaker, whether the speaker is
  named before, after or in the middle of the quote, in a later sentence of a multi-sentence quote,
  or in the previous paragraph of a continued quote.

Countries and capitals count only where they act ("Britain argued", "Moscow's warning", "by
Washington"), not as places ("targets inside Russia"); bylines and credits are skipped.

Example
-------
>>> from stancelib.actors import ActorResolver
>>> res = ActorResolver().resolve_text('"It is a red line," the Kremlin leader said. Putin repeated it.')
>>> sorted({m.actor for m in res.mentions})
['Vladimir Putin']
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .data import DEFAULT_REGISTRY, Registry
from .text import Sentence, load_nlp, parse, sentences_of

SPEECH_VERBS = {
    "say", "tell", "add", "warn", "insist", "argue", "write", "declare", "note", "stress", "reply",
    "ask", "claim", "state", "post", "tweet", "explain", "suggest", "caution", "urge", "announce",
    "assert", "acknowledge", "admit", "respond", "remark", "comment", "contend", "maintain", "vow",
    "emphasise", "emphasize", "reiterate", "repeat", "counter", "retort", "conclude", "continue",
    "put", "quip", "scoff", "complain", "observe", "recall", "predict", "concede", "promise", "thunder",
}
GROUP_NOUNS = {"official", "aide", "diplomat", "adviser", "advisor", "source", "officer", "insider", "spokesperson"}
LOCATIVE_PREPS = {"in", "inside", "into", "at", "to", "from", "within", "across", "near", "over", "on",
                  "toward", "towards", "against", "with", "through", "throughout", "beyond", "of", "around"}
PRESSURE_VERBS = {"warn", "urge", "press", "ask", "tell", "call", "criticise", "criticize", "accuse",
                  "threaten", "pressure", "lobby", "persuade", "convince", "join", "follow", "blame"}
REQUEST_VERBS = {"request", "want", "seek", "press", "plead", "appeal", "lobby", "push", "demand", "beg", "hope",
                 "need", "call", "renew", "repeat", "dispatch", "send", "submit", "reject", "welcome", "hail"}
REQUEST_NOUNS = {"request", "plea", "appeal", "demand", "call", "wish", "list", "push", "lobbying", "campaign"}
ENABLING_VERBS = {"allow", "let", "permit", "authorise", "authorize", "help", "enable", "clear", "free", "want"}
ACTOR_HEAD_NOUNS = {"decision", "position", "view", "stance", "government", "administration", "policy",
                    "leadership", "permission", "approval", "refusal", "move", "announcement", "officials",
                    "official", "leaders", "ministry", "authorities", "warning", "request", "demand",
                    "line", "reluctance", "restrictions", "rules", "green", "go-ahead", "approach", "shift"}
BYLINE = re.compile(r"contributed to this report|^\s*(additional )?reporting by|^\s*writing by|^\s*editing by"
                    r"|^\s*compiled by|^\s*\(?reuters\)?\s*$|^\s*by [A-Z][a-z]+ [A-Z][a-z]+\s*$", re.I)
TRANSCRIPT_LABEL = re.compile(r"^\s*([A-Z][A-Za-z.'\- ]{1,40}?)\s*:\s+(?=\S)")
NOT_SPEAKER_LABELS = {"q", "a", "question", "answer", "host", "interviewer", "moderator", "presenter", "anchor",
                      "reporter", "urgent", "update", "breaking", "analysis", "opinion", "transcript", "editor",
                      "note", "correction", "letters", "live", "the result", "the bottom line", "watch"}
QUOTE_CHARS = {'"': None, "\u201c": "open", "\u201d": "close"}


@dataclass(frozen=True)
class Mention:
    """An actor referred to in a sentence.

    ``start``/``end`` are character offsets into the original text of the words that refer to the
    actor; for a ``speaker`` mention they are the offsets of the quote part inside the sentence.
    ``role`` is ``subject``, ``speaker``, ``possessor``, ``object`` or ``""``.
    """

    sentence: int
    start: int
    end: int
    text: str
    actor: str
    via: str
    role: str = ""


@dataclass
class Resolution:
    """What the actor stage found in one text."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    actors: dict[str, dict] = field(default_factory=dict)  # canonical name -> registry-like record

    def by_sentence(self) -> dict[int, list[Mention]]:
        out: dict[int, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            out[m.sentence].append(m)
        return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (including the marks) of quotations, paragraph by paragraph."""
    spans = []
    pos = 0
    for para in text.split("\n"):
        open_at = None
        for i, ch in enumerate(para):
            if ch not in QUOTE_CHARS:
                continue
            kind = QUOTE_CHARS[ch]
            if kind == "open" or (kind is None and open_at is None):
                if open_at is None:
                    open_at = i
            elif open_at is not None:
                spans.append((pos + open_at, pos + i + 1))
                open_at = None
        if open_at is not None:  # a quote continued in the next paragraph: runs to the paragraph end
            spans.append((pos + open_at, pos + len(para)))
        pos += len(para) + 1
    return spans


def _is_speech(text: str, s: int, e: int) -> bool:
    """A quotation that is speech, not a scare quote or a title ("victory plan")."""
    inner = text[s + 1:e - 1].strip() if e - s > 2 else ""
    words = len(inner.split())
    return words >= 8 or (words >= 3 and inner[-1:] in ",.?!")


class ActorResolver:
    """Finds and resolves actor mentions.

    Parameters
    ----------
    registry:
        The actor registry (default: ``data/actors.json``) or a path to one.
    nlp:
        A spaCy pipeline (default: :func:`stancelib.text.load_nlp`).
    use_ner:
        Also report people spaCy's NER finds that the registry does not know.
    """

    def __init__(self, registry: Registry | str | Path | None = None, nlp=None, use_ner: bool = True):
        self.registry = registry
        self.nlp = nlp
        self.use_ner = use_ner
        self._ready = False

    # ------------------------------------------------------------------ set-up
    def _setup(self) -> None:
        if self._ready:
            return
        reg = self.registry
        if reg is None or isinstance(reg, (str, Path)):
            reg = Registry.load(reg or DEFAULT_REGISTRY)
        self.registry_ = reg
        self.nlp_ = self.nlp or load_nlp()
        self.weak_ = set(reg.weak_aliases)
        self.not_actors_ = set(reg.not_actors)
        self.group_mods_ = {m.lower(): group for group, mods in reg.group_modifiers.items() for m in mods}
        self.alias_to_ = defaultdict(set)   # surface form -> canonical names
        self.title_to_ = defaultdict(set)   # lower-case title -> canonical names
        vocab = self.nlp_.vocab
        self.name_matcher_ = PhraseMatcher(vocab, attr="ORTH")
        self.title_matcher_ = PhraseMatcher(vocab, attr="LOWER")
        forms = set()
        for name, a in reg.actors.items():
            for f in [name, *a.get("aliases", [])]:
                for v in {f, f[:1].upper() + f[1:]}:
                    self.alias_to_[v].add(name)
                    forms.add(v)
            for t in a.get("titles", []):
                t = t.lower()
                if t.startswith("the "):
                    t = t[4:]
                self.title_to_[t].add(name)
        tok = self.nlp_.tokenizer
        self.name_matcher_.add("NAME", [tok(f) for f in sorted(forms)])
        self.title_matcher_.add("TITLE", [tok("the " + t) for t in sorted(self.title_to_)])
        self._ready = True

    # ------------------------------------------------------------------ public
    def resolve_text(self, text: str) -> Resolution:
        """Parse ``text`` and resolve its actor mentions."""
        self._setup()
        return self.resolve(text, next(parse([text], self.nlp_)))

    def resolve(self, text: str, parsed: Sequence[tuple[int, Doc]],
                sentences: Sequence[tuple[int, int]] | None = None) -> Resolution:
        """Resolve mentions in an already parsed text.

        ``sentences`` may give the sentence segmentation to use (e.g. a corpus's gold sentences,
        as ``(start, end)`` offsets); by default the parser's sentences are used.
        """
        self._setup()
        if sentences is None:
            sents = sentences_of(parsed)
        else:
            sents = [Sentence(s, e, text[s:e]) for s, e in sentences]
        starts = [s.start for s in sents]

        def sent_of(pos: int) -> int:
            lo, hi = 0, len(starts) - 1
            best = 0
            while lo <= hi:
                mid = (lo + hi) // 2
                if starts[mid] <= pos:
                    best = mid
                    lo = mid + 1
                else:
                    hi = mid - 1
            return best

        byline = {i for i, s in enumerate(sents) if BYLINE.search(s.text)}
        quotes = [q for q in _quote_spans(text) if _is_speech(text, *q)]

        def in_quote(pos: int) -> bool:
            return any(a < pos < b for a, b in quotes)

        found: list[tuple[int, int, str, str, str, Token]] = []  # start, end, actor, via, role, root token
        actors: dict[str, dict] = {}
        introduced: list[tuple[int, str]] = []  # (position, actor) in text order
        titled: list[tuple[int, str, str]] = []  # (position, title, actor): "Chancellor Olaf Scholz"
        bare: list[tuple[int, int, Token]] = []  # unnamed sources with no affiliation of their own

        # pass 1: registry names and aliases, groups, NER people ------------------------------
        for off, doc in parsed:
            cands = [Span(doc, s, e, label="NAME") for _, s, e in self.name_matcher_(doc)]
            groups = self._groups(doc)
            group_tokens = {t.i for g, _ in groups for t in g}
            for span in filter_spans(cands):
                forms = self.alias_to_.get(span.text, set())
                if not forms:
                    continue
                if len(forms) > 1 or span.text in self.weak_:
                    # ambiguous or weak: the actor introduced by full name before this point, else
                    # the only candidate whose full name appears anywhere in the text (a headline
                    # often names "Cameron" before the body introduces "David Cameron")
                    prev = [a for p, a in introduced if a in forms and p < off + span.start_char]
                    later = [a for a in forms if a != span.text and a in text]
                    if prev:
                        actor = prev[-1]
                    elif len(later) == 1:
                        actor = later[0]
                    else:
                        continue
                else:
                    actor = next(iter(forms))
                a = self.registry_.get(actor) or {}
                if span.root.i in group_tokens and a.get("type") in ("country", "organisation"):
                    continue  # "U.K. and U.S. officials": the group holds the position
                if not self._acts(span, a.get("type", "")):
                    continue
                if a.get("beneficiary") and not self._voices(span.root):
                    continue  # Ukraine is what the debate is about: an actor only when it asks or argues
                via = "name" if span.text == actor else "alias"
                before = doc[max(0, span.start - 3):span.start].text.lower()
                for t in a.get("titles", []):
                    t = t.lower().removeprefix("the ")
                    if before.endswith(t) or doc[span.end:span.end + 5].text.lower().startswith((", the " + t, ", " + t)):
                        titled.append((off + span.start_char, t, actor))
                found.append((off + span.start_char, off + span.end_char, actor, via, self._role(span.root), span.root))
                if via == "name" or a.get("type") == "person":
                    introduced.append((off + span.start_char, actor))
            for span, group in groups:
                if group is None:
                    bare.append((off + span.start_char, off + span.end_char, span.root))
                    continue
                found.append((off + span.start_char, off + span.end_char, group, "group", self._role(span.root), span.root))
            if self.use_ner:
                taken = [(s, e) for s, e, *_ in found]
                for ent in doc.ents:
                    if ent.text in self.not_actors_ or ent.text in self.alias_to_:
                        continue
                    if ent.label_ != "PERSON" and not (ent.label_ == "ORG" and self._looks_like_speaker(ent)):
                        continue
                    s, e = off + ent.start_char, off + ent.end_char
                    if any(a < e and s < b for a, b in taken):
                        continue
                    name = ent.text.strip()
                    if name.endswith("'s"):
                        name = name[:-2]
                    if not re.match(r"^[A-Z][\w.\-' ]+$", name):
                        continue
                    # link a surname to an earlier fuller form
                    full = next((n for n in actors if n.split()[-1] == name and n != name), None)
                    if full is None and len(name.split()) == 1:
                        continue  # a lone unknown surname is too weak to make an actor of
                    name = full or name
                    actors.setdefault(name, {"name": name, "type": "person", "affiliation": "", "role": "", "aliases": []})
                    found.append((s, e, name, "ner", self._role(ent.root), ent.root))
                    introduced.append((s, name))
                # later bare surnames of people introduced by NER ("Kovalchuk added")
                surnames = {n.split()[-1]: n for n in actors if len(n.split()) > 1}
                taken = [(s, e) for s, e, *_ in found]
                for tok in doc:
                    s = off + tok.idx
                    if tok.text in surnames and tok.pos_ == "PROPN" and not any(a <= s < b for a, b in taken):
                        found.append((s, s + len(tok.text), surnames[tok.text], "ner", self._role(tok), tok))

        # pass 2: titles ("the chancellor") -> the introduced actor holding that title ------------
        for off, doc in parsed:
            for _, s, e in self.title_matcher_(doc):
                span = doc[s:e]
                if e < len(doc) and doc[e].pos_ == "PROPN":
                    continue  # "the German chancellor Olaf Scholz": the name is matched already
                start, end = off + span.start_char, off + span.end_char
                inside = [f for f in found if start <= f[0] and f[1] <= end]
                if any(f[0] < end and start < f[1] for f in found if f not in inside):
                    continue
                if inside and any(f[1] - f[0] >= end - start for f in inside):
                    continue
                title = span.text.lower()[4:]
                holders = self.title_to_.get(title, set())
                prev = [a for p, t, a in titled if t == title and p < start] \
                    or [a for p, a in introduced if a in holders and p < start] \
                    or (list(holders) if len(holders) == 1 else [])  # a title only one actor holds
                if prev:
                    # "the Kremlin spokesman": the title, not the institution inside it, is the mention
                    found[:] = [f for f in found if f not in inside]
                    found.append((start, end, prev[-1], "title", self._role(span.root), span.root))

        for s, e, root in bare:
            prior = [f for f in found if f[3] == "group" and f[0] < s]
            if prior and not any(f[0] < e and s < f[1] for f in found):
                found.append((s, e, prior[-1][2], "group", self._role(root), root))
        found.sort(key=lambda f: f[0])
        mentions: list[Mention] = []
        for s, e, actor, via, role, _ in found:
            i = sent_of(s)
            if i in byline:
                continue
            mentions.append(Mention(i, s, e, text[s:e], actor, via, role))

        # pass 3: "the official(s)" and pronouns, in text order -----------------------------------
        mentions += self._references(parsed, text, mentions, sent_of, in_quote, byline)
        mentions.sort(key=lambda m: (m.start, m.end))

        # pass 4: quote speakers -----------------------------------------------------------------
        mentions += self._speakers(parsed, text, sents, quotes, mentions, sent_of, byline)

        # keep one mention per (sentence, actor, start)
        uniq = {}
        for m in mentions:
            uniq.setdefault((m.sentence, m.actor, m.start, m.via), m)
        mentions = sorted(uniq.values(), key=lambda m: (m.sentence, m.start))
        for m in mentions:
            if m.actor not in actors:
                a = self.registry_.get(m.actor)
                actors[m.actor] = a if a else {"name": m.actor, "type": "group" if m.via == "group" else "person",
                                                "affiliation": "", "role": "", "aliases": []}
        return Resolution(text, list(sents), mentions, actors)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _role(tok: Token) -> str:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return "subject"
        if tok.dep_ == "poss":
            return "possessor"
        if tok.dep_ in ("dobj", "pobj", "dative"):
            return "object"
        if tok.dep_ == "conj":
            return ActorResolver._role(tok.head)
        return ""

    @staticmethod
    def _acts(span: Span, kind: str) -> bool:
        """Does this mention name an actor rather than a place?"""
        root = span.root
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        dep = root.dep_
        head = root.head
        if kind == "country":
            if dep == "nsubj" and (any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
                                   or head.head.lemma_.lower() in ENABLING_VERBS and head.dep_ in ("ccomp", "xcomp")):
                return False  # "allowing Ukraine to use", "let Ukraine strike": a beneficiary, not an actor
            if dep in ("nsubj", "nsubjpass", "poss", "appos", "ROOT", "npadvmod", "nsubj:pass"):
                return True
            if dep == "pobj" and head.lower_ == "by":
                return True
            if dep == "compound" and head.lemma_.lower() in ACTOR_HEAD_NOUNS:
                return True
            if dep == "dobj" and head.lemma_.lower() in PRESSURE_VERBS:
                return True
            return False
        if kind == "organisation" and dep == "pobj" and head.lower_ in LOCATIVE_PREPS - {"of", "with", "against"}:
            return False
        return True

    @staticmethod
    def _looks_like_speaker(ent: Span) -> bool:
        """An ORG entity that is really a person's name: 2-3 capitalised words, subject of a speech verb
        or followed by an apposition ("Olena Kovalchuk, an analyst, said")."""
        words = ent.text.split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            return False
        root = ent.root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in SPEECH_VERBS:
            return True
        nxt = ent.doc[ent.end:ent.end + 2]
        return len(nxt) == 2 and nxt[0].text == "," and nxt[1].lower_ in ("a", "an", "the")

    @staticmethod
    def _voices(tok: Token) -> bool:
        """Is the token the subject of a speech or request verb, or the owner of a request?"""
        while tok.dep_ == "conj":
            tok = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return tok.head.lemma_.lower() in SPEECH_VERBS | REQUEST_VERBS
        if tok.dep_ == "poss":
            return tok.head.lemma_.lower() in REQUEST_NOUNS
        return False

    def _groups(self, doc: Doc) -> list[tuple[Span, str | None]]:
        """Anonymous sources: group nouns with an affiliation modifier."""
        out = []
        for tok in doc:
            if tok.lemma_.lower() not in GROUP_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
            groups = []
            left = tok.i
            for m in list(mods):
                mods += [c for c in m.children if c.dep_ == "conj"]
            for m in mods:
                sub = doc[m.left_edge.i:m.i + 1]
                cands = [sub.text, m.text, m.text + "'s" if m.dep_ == "poss" else m.text]
                group = next((self.group_mods_[c.lower()] for c in cands if c.lower() in self.group_mods_), None)
                if group is None and m.dep_ == "poss":
                    forms = self.alias_to_.get(sub.text.replace("'s", "").strip(), set()) or self.alias_to_.get(m.text, set())
                    if len(forms) == 1:
                        aff = self.registry_.affiliation(next(iter(forms)))
                        group = next((g for g, a in self.registry_.actors.items()
                                      if a.get("type") == "group" and a.get("affiliation") == aff), None)
                if group is None and m.ent_type_ == "NORP" and m.text[:1].isupper():
                    group = f"{m.text} officials"
                if group:
                    groups.append(group)
                    left = min(left, m.left_edge.i)
            if not groups:
                for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "from", "of")):
                    for obj in (c for c in prep.children if c.dep_ == "pobj"):
                        words = [t for t in obj.subtree if t.dep_ in ("poss", "compound", "pobj") or t is obj]
                        group = None
                        for w in words:
                            txt = w.text.replace("'s", "")
                            if txt.lower() in self.group_mods_:
                                group = self.group_mods_[txt.lower()]
                                break
                            forms = self.alias_to_.get(txt, set())
                            if len(forms) == 1:
                                aff = self.registry_.affiliation(next(iter(forms)))
                                group = next((g for g, a in self.registry_.actors.items()
                                              if a.get("type") == "group" and a.get("affiliation") == aff), None)
                                if group:
                                    break
                        if group:
                            groups.append(group)
                            left = min(left, tok.left_edge.i)
            for g in dict.fromkeys(groups):
                out.append((doc[left:tok.i + 1], g))
            if not groups and tok.lemma_.lower() != "source" and (tok.tag_ == "NNS" or any(
                    c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another") for c in tok.children)):
                # "officials said", "a senior defense official": an unnamed source whose affiliation the
                # article has already set; resolved against the latest group mention before it
                if not (tok.i > 0 and doc[tok.i - 1].lower_ == "the"):
                    out.append((doc[tok.left_edge.i if tok.left_edge.i >= tok.i - 3 else tok.i:tok.i + 1], None))
        return out

    def _references(self, parsed, text, mentions, sent_of, in_quote, byline) -> list[Mention]:
        """Resolve "the official" and subject pronouns he/she against the mentions so far."""
        out: list[Mention] = []
        persons = [m for m in mentions if self._is_person(m.actor)]
        groups = [m for m in mentions if m.via == "group"]
        for off, doc in parsed:
            for tok in doc:
                pos = off + tok.idx
                i = sent_of(pos)
                if i in byline:
                    continue
                low = tok.lower_
                if low in ("official", "officials", "source", "aide", "aides") and tok.i > 0 \
                        and doc[tok.i - 1].lower_ == "the":
                    prev = [g for g in groups if g.start < pos and i - g.sentence <= 4]
                    if prev:
                        s = off + doc[tok.i - 1].idx
                        out.append(Mention(i, s, pos + len(tok.text), text[s:pos + len(tok.text)],
                                           prev[-1].actor, "title", self._role(tok)))
                elif low == "they" and tok.dep_ in ("nsubj", "nsubjpass") and not in_quote(pos):
                    prev = [g for g in groups if g.start < pos and i - g.sentence <= 1]
                    if prev:  # "they said", right after a group of officials
                        out.append(Mention(i, pos, pos + len(tok.text), tok.text, prev[-1].actor, "pronoun", "subject"))
                elif low in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass") and not in_quote(pos):
                    before = [m for m in persons + out if m.start < pos and i - m.sentence <= 2
                              and self._is_person(m.actor)]
                    if not before:
                        continue  # no antecedent in reach: leave it unresolved
                    same = [m for m in before if m.sentence == i and m.role in ("subject", "speaker")]
                    prev_sent = [m for m in before if m.sentence < i and m.role in ("subject", "speaker")]
                    pick = (same or prev_sent or before)[-1]
                    out.append(Mention(i, pos, pos + len(tok.text), tok.text, pick.actor, "pronoun", "subject"))
        return out

    def _is_person(self, actor: str) -> bool:
        a = self.registry_.get(actor)
        return a is None or a.get("type") == "person"

    def _speakers(self, parsed, text, sents, quotes, mentions, sent_of, byline) -> list[Mention]:
        """Attribute each direct quote to its speaker; every sentence it covers gets a mention."""
        out: list[Mention] = []
        by_pos = sorted(mentions, key=lambda m: m.start)
        tokens: list[tuple[int, Token]] = [(off + t.idx, t) for off, d in parsed for t in d]
        last_speaker: tuple[int, str] | None = None  # (paragraph start, actor)

        def inside_any(pos: int) -> bool:
            return any(a <= pos < b for a, b in quotes)

        def mention_at(tok_pos: int, tok: Token) -> Mention | None:
            for m in by_pos:
                if m.start <= tok_pos < m.end and m.via != "speaker":
                    return m
            return None

        def speaker_in(lo: int, hi: int) -> Mention | None:
            """The subject of a speech verb outside quotes in [lo, hi)."""
            for pos, tok in tokens:
                if not (lo <= pos < hi) or inside_any(pos):
                    continue
                if tok.lemma_.lower() in SPEECH_VERBS or (tok.lower_ == "according" and tok.nbor(1).lower_ == "to"):
                    subs = [c for c in tok.subtree if c.dep_ in ("nsubj", "nsubjpass") and c.head == tok] \
                        if tok.lower_ != "according" else [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
                    for sub in subs:
                        for t in sub.subtree:
                            m = mention_at(t.idx + (pos - tok.idx), t)
                            if m is not None and not inside_any(m.start):
                                return m
            return None

        para_index = lambda pos: text.count("\n", 0, pos)  # noqa: E731
        last_quote_para = -9
        for qs, qe in quotes:
            si, ei = sent_of(qs), sent_of(max(qs, qe - 1))
            # attribution after the quote in its last sentence, else before it in its first sentence,
            # else any speech verb in the covered sentences, else the next sentence starting right after
            spk = speaker_in(qe, sents[ei].end) or speaker_in(sents[si].start, qs) \
                or speaker_in(sents[si].start, sents[ei].end)
            para_start = text.rfind("\n", 0, qs) + 1
            here = para_index(qs)
            if spk is None and last_speaker is not None and here - last_quote_para <= 1:
                # an unattributed quote right after an attributed one, in the same or the next
                # paragraph, continues the same speaker
                spk_actor = last_speaker[1]
            elif spk is None:
                continue
            else:
                spk_actor = spk.actor
            last_speaker = (para_start, spk_actor)
            last_quote_para = para_index(qe - 1)
            for k in range(si, ei + 1):
                if k in byline:
                    continue
                s = max(qs, sents[k].start)
                e = min(qe, sents[k].end)
                out.append(Mention(k, s, e, text[s:e], spk_actor, "speaker", "speaker"))
        out += self._transcript_speakers(text, sents, mentions, sent_of, byline)
        return out

    def _transcript_speakers(self, text, sents, mentions, sent_of, byline) -> list[Mention]:
        """Sentences of a transcript or interview, labelled with their speaker ("HODGES: ...", "Q: ...").

        A label holds for the following sentences of its paragraph until the next label.
        """
        out = []
        known_people = {m.actor for m in mentions}
        current, current_para = None, -1
        for k, sent in enumerate(sents):
            para = text.count("\n", 0, sent.start)
            m = TRANSCRIPT_LABEL.match(sent.text)
            if m:
                current, current_para = self._label_actor(m.group(1).strip(), text, known_people), para
                start = sent.start + m.end()
            elif para != current_para:
                current = None
                continue
            else:
                start = sent.start
            if current and k not in byline:
                out.append(Mention(k, start, sent.end, text[start:sent.end], current, "speaker", "speaker"))
        return out

    def _label_actor(self, label: str, text: str, known: set[str]) -> str | None:
        if label.lower() in NOT_SPEAKER_LABELS:
            return None
        variants = [label, label.title(), label.split()[-1].title(), label.split()[-1]]
        for v in variants:
            forms = self.alias_to_.get(v, set())
            if len(forms) == 1:
                return next(iter(forms))
            present = [a for a in forms if a in text or a in known]
            if len(present) == 1:
                return present[0]
        for a in known:  # people the text introduced, by surname
            if a.split()[-1].lower() == label.split()[-1].lower():
                return a
        return None
