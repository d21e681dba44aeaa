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
  afterwards ('"...," the premier told reporters' — a description attributing a quote — is the person
  who was the subject just before); "aides to President X" / "his aides" are the officials of that person (X, else the
  person last named), and a plain "Officials are adamant" / "insiders say" subject before any group
  is named joins the officials of the country the text is about;
* ``pronoun`` — "he"/"she" as a subject outside quotes, resolved to a subject earlier in the
  sentence, else the main-clause subject of the nearest earlier sentence with a subject (names
  inside quotes are not antecedents; sentences wholly inside a quote do not count towards the reach,
  and a person named in the pronoun's own paragraph outranks earlier paragraphs), and left unresolved
  when no person is in reach; a name in apposition to a subject ("Ukraine's foreign minister, X,
  said") is a subject;
* ``title`` also covers "the ministry said" / "the minister added" (the actor just named whose role
  or name has that noun) and group anaphora ("one of them said", "the person added", "Others
  warned") pointing back to the latest group of sources; officials placed by a setting ("In Moscow,
  officials said", "officials at the State Department") join that place's group, and "the British
  government" / "Sánchez's government" is that country's government;
* ``speaker`` — every sentence of a direct quote belongs to its speaker, whether the speaker is
  named before, after or in the middle of the quote, in a later sentence of a multi-sentence quote,
  or in the previous paragraph of a continued quote; transcript labels ("HOST:", "Q:", "A:" — the
  interviewee —, "Secretary General Mark Rutte:") hold for their turn, which runs on through
  unlabelled paragraphs once a question has been put or while they speak in the first person.

Countries and capitals count only where they act ("Britain argued", "Moscow's warning", "by
Washington", "nobody in Washington"), not as places ("targets inside Russia"); a people stands for its
country ("the British and the French have answered it"); the beneficiary (Ukraine) counts when it asks,
argues or reports a deed ("Kyiv fired six missiles"), not when others may let it act; "Ukraine's
military said" is also that country's officials; "his administration" is the registry's administration;
an unmodified "the government" / "a government spokesman" is the government of the country the text
is about (a speaker earlier in the sentence, else the most named affiliation so far); bylines and
credits are skipped.

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
from typing import Callable, Sequence

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .data import DEFAULT_REGISTRY, Registry

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
from .text import Sentence, load_nlp, parse, sentences_of

SPEECH_VERBS = {
    "say", "tell", "add", "warn", "insist", "argue", "write", "declare", "note", "stress", "reply",
    "ask", "claim", "state", "post", "tweet", "explain", "suggest", "caution", "urge", "announce",
    "assert", "acknowledge", "admit", "respond", "remark", "comment", "contend", "maintain", "vow",
    "emphasise", "emphasize", "reiterate", "repeat", "counter", "retort", "conclude", "continue",
    "put", "quip", "scoff", "complain", "observe", "recall", "predict", "concede", "promise", "thunder",
}
GROUP_NOUNS = {"official", "aide", "diplomat", "adviser", "advisor", "source", "officer", "insider", "spokesperson"}
# bodies and envoys that speak for their country's officials: "Ukraine's military said", "Russia's
# ambassador in Copenhagen warned" (the country itself is kept as well)
AGENCY_NOUNS = {"ambassador", "envoy", "military", "ministry", "mission"}
# who or what sits inside an institution and speaks for part of it: "nobody in the administration",
# "the cautious camp in the administration", "anyone in Brussels"
MEMBERS_OF = {"everyone", "everybody", "anyone", "anybody", "nobody", "someone", "somebody", "some", "many",
              "few", "others", "those", "people", "camp", "debate", "division", "divisions", "split", "voice",
              "hawk", "skeptic", "sceptic"}
SPOKES_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokespersons", "source", "official",
                "insider", "minister"}
ORG_VOICE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "adviser", "advisor"}
ANAPHOR_NOUNS = {"person", "official", "source", "aide", "adviser", "advisor", "diplomat", "delegate", "insider",
                 "officer", "participant", "lawmaker"}
ORDINALS = {"second", "third", "fourth", "fifth", "other"}
# plural subjects that point back to actors just named together ("Macron and Starmer ... The two
# leaders said", "both men", "the lawmakers wrote")
PLURAL_PEOPLE = {"leader", "man", "woman", "lawmaker", "senator", "chairman", "legislator", "politician", "president",
                 "premier", "minister"}  # these count after a bare "the" ("the leaders"); the rest need "both" or a number
PLURAL_ANAPHORS = PLURAL_PEOPLE | {"chair", "diplomat", "government", "ally", "capital", "pair", "duo"}
# nouns that describe a person ("the premier told reporters", "the Belarusian ruler said"); the
# registry's roles and titles add their own words ("minister", "chancellor", "senator", ...)
PERSON_NOUNS = {"premier", "ruler", "leader", "diplomat", "politician", "lawmaker", "legislator", "mp", "pm",
                "president", "head", "statesman", "strongman", "veteran", "general", "commander", "envoy",
                "secretary", "minister", "chancellor", "spokesman", "spokeswoman", "chief", "boss", "mayor",
                "governor", "senator", "congressman", "congresswoman", "representative", "deputy", "chairman",
                "chairwoman", "chair", "official", "campaigner", "candidate", "nominee", "incumbent", "former"}
PLACE_PREPS = {"in", "at", "inside", "within"}
# "In Moscow, the reaction was immediate.", "From Kyiv, the verdict came fast."
FRAMING_PLACE = re.compile(r"^(In|From|Inside)\s+([A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)?),\s")
LOCATIVE_PREPS = {"in", "inside", "into", "at", "to", "from", "within", "across", "near", "over", "on",
                  "toward", "towards", "against", "with", "through", "throughout", "beyond", "of", "around"}
PRESSURE_VERBS = {"warn", "urge", "press", "ask", "tell", "call", "criticise", "criticize", "accuse",
                  "threaten", "pressure", "lobby", "persuade", "convince", "join", "follow", "blame"}
REQUEST_VERBS = {"request", "want", "seek", "press", "plead", "appeal", "lobby", "push", "demand", "beg", "hope",
                 "need", "call", "renew", "repeat", "dispatch", "send", "submit", "reject", "welcome", "hail"}
REQUEST_NOUNS = {"request", "plea", "appeal", "demand", "call", "wish", "list", "push", "lobbying", "campaign"}
POSITION_NOUNS = {"argument", "case", "position", "view", "stance", "decision", "response", "reaction", "answer",
                  "ministry", "military", "leadership", "government", "request", "plea", "appeal", "demand"}
ENABLING_VERBS = {"allow", "let", "permit", "authorise", "authorize", "help", "enable", "clear", "free", "want"}
ACTOR_HEAD_NOUNS = {"decision", "position", "view", "stance", "government", "administration", "policy",
                    "leadership", "permission", "approval", "refusal", "move", "announcement", "officials",
                    "official", "leaders", "ministry", "authorities", "warning", "request", "demand",
                    "line", "reluctance", "restrictions", "rules", "green", "go-ahead", "approach", "shift"}
BYLINE = re.compile(r"contributed to this report|^\s*(additional )?reporting by|^\s*writing by|^\s*editing by"
                    r"|^\s*compiled by|^\s*\(?reuters\)?\s*$|^\s*by [A-Z][a-z]+ [A-Z][a-z]+\s*$", re.I)
TRANSCRIPT_LABEL = re.compile(r"^\s*([^\W\d_][\w.'\- ]{0,40}?)\s*(?:\([^()]{1,40}\))?"
                              r"(?P<role>,\s*[A-Z][^:()\n]{0,60})?\s*:(?:\s+(?=\S)|\s*$)")
# a parliament's verbatim record: "Michael Gahler, on behalf of the PPE Group. – Madam President, ..."
RECORD_LABEL = re.compile(r"^\s*([^\W\d_][\w.'\- ]{0,40}?)(?P<role>,\s+[^\n\u2013\u2014]{1,200}?)\.?\s+[\u2013\u2014]\s+")
# a translated briefing's question and answer marks: "Q - Have the missiles been fired?" / "A - We do not ..."
QA_DASH_LABEL = re.compile(r"^\s*([QA])\s+[-\u2013\u2014]\s+(?=\S)(?P<role>)")
# an interview printed as dashed turns: "- Is it correct that ...?" / "- I would not reduce it to ..."
DASH_TURN = re.compile(r"^\s*[-\u2013\u2014]\s+(?=\S)")
FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Uu]s|[Oo]ur|[Mm]y|[Mm]e|I'm|I've|I'd|[Ww]e're|[Ww]e've)\b")
QUESTION_LABELS = {"q", "question", "host", "interviewer", "moderator", "presenter", "anchor", "reporter"}
ANSWER_LABELS = {"a", "answer"}
LABEL_PARTICLES = {"of", "the", "de", "del", "della", "di", "da", "du", "von", "van", "der", "den", "la", "le", "al",
                   "bin", "ben", "y", "and", "for"}
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
        self.demonyms_ = self._demonym_table(reg)  # "British", "the Americans" -> United Kingdom, ...
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
        self.person_nouns_ = set(PERSON_NOUNS)
        for a in reg.actors.values():
            if a.get("type") == "person":
                self.person_nouns_ |= set(re.findall(r"[a-z]+", " ".join([a.get("role", "")] + a.get("titles", [])).lower()))
        self.person_nouns_ -= {"of", "the", "and", "for", "to", "in", "on", "a", "an"}
        self.lower_alias_ = defaultdict(set)
        for f, names in self.alias_to_.items():
            self.lower_alias_[f.lower()] |= names
        tok = self.nlp_.tokenizer
        self.name_matcher_.add("NAME", [tok(f) for f in sorted(forms)])
        self.title_matcher_.add("TITLE", [tok("the " + t) for t in sorted(self.title_to_)])
        # headline style, no article: "NATO chief says ...", "Polish foreign minister urges ..."
        self.title_matcher_.add("BARE_TITLE", [tok(t) for t in sorted(self.title_to_) if " " in t])
        self._ready = True

    # ------------------------------------------------------------------ public
    def resolve_text(self, text: str, date: str | None = None) -> Resolution:
        """Parse ``text`` and resolve its actor mentions (``date``: see :meth:`resolve`)."""
        self._setup()
        return self.resolve(text, next(parse([text], self.nlp_)), date=date)

    def resolve(self, text: str, parsed: Sequence[tuple[int, Doc]],
                sentences: Sequence[tuple[int, int]] | None = None, date: str | None = None) -> Resolution:
        """Resolve mentions in an already parsed text.

        ``sentences`` may give the sentence segmentation to use (e.g. a corpus's gold sentences,
        as ``(start, end)`` offsets); by default the parser's sentences are used.  ``date`` (ISO,
        the article's publication date) lets a bare title the text never ties to a name resolve
        to the person in that office on that day ("the chancellor" on 2024-11-20 → Olaf Scholz).
        """
        self._setup()
        if date is not None and not ISO_DATE.match(str(date)):
            date = None  # kept on the result by the pipeline, but not usable for offices
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
        bare: list[tuple[int, int, Token, int]] = []  # unnamed sources with no affiliation of their own

        # pass 1: registry names and aliases, groups, NER people ------------------------------
        for off, doc in parsed:
            cands = [Span(doc, s, e, label="NAME") for _, s, e in self.name_matcher_(doc)]
            groups = self._groups(doc)
            group_tokens = {t.i for g, _ in groups for t in g if g.root.lemma_.lower() not in AGENCY_NOUNS}
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
                if a.get("beneficiary") and not (self._voices(span.root) or self._does(span.root)):
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
                    bare.append((off + span.start_char, off + span.end_char, span.root, off))
                    continue
                via = "alias" if (self.registry_.get(group) or {}).get("type", "group") != "group" else "group"
                found.append((off + span.start_char, off + span.end_char, group, via, self._role(span.root), span.root))
            taken = [(a, b) for a, b, *_ in found]
            govs = self._governments(doc, off, self._home_affiliation(found))
            for tok, actor in govs + self._peoples(doc) + self._administrations(doc):
                s = off + doc[tok.left_edge.i if tok.left_edge.i >= tok.i - 3 else tok.i].idx
                e = off + tok.idx + len(tok.text)
                if not any(a < e and s < b for a, b in taken):
                    found.append((s, e, actor, "alias", self._role(tok), tok))
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
                    if name.isupper() and len(name) > 3:
                        # a transcript's capitalised name ("HEORHII TYKHYI:") is the person's name
                        name = " ".join(w.capitalize() for w in name.split())
                        known = self.alias_to_.get(name, set())
                        if len(known) == 1:
                            found.append((s, e, next(iter(known)), "alias", self._role(ent.root), ent.root))
                            continue
                    if not re.match(r"^[A-Z][\w.\-' ]+$", name):
                        continue
                    if ent[0].pos_ not in ("PROPN", "NOUN") or name.rstrip("s") in self.not_actors_ or any(
                            w in self.not_actors_ or self._institution_word(w) for w in name.split()):
                        continue  # "Will Ukraine's ...", "Refusing Ukraine the means", "Storm Shadows", "The Foreign Office"
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
            for key, s, e in self.title_matcher_(doc):
                span = doc[s:e]
                if e < len(doc) and doc[e].pos_ == "PROPN":
                    continue  # "the German chancellor Olaf Scholz": the name is matched already
                headline_title = self.nlp_.vocab.strings[key] == "BARE_TITLE"
                country = self._possessor_country(doc, s) if headline_title else None
                if headline_title and country is None and not (span.root.dep_ in ("nsubj", "nsubjpass") and (
                        s == span.sent.start or doc[s - 1].text in (":", "—", "–", "-"))):
                    continue  # without an article only as a headline's subject or after a country's 's
                start, end = off + span.start_char, off + span.end_char
                inside = [f for f in found if start <= f[0] and f[1] <= end]
                if any(f[0] < end and start < f[1] for f in found if f not in inside):
                    continue
                if inside and any(f[1] - f[0] >= end - start for f in inside):
                    continue
                title = span.text.lower() if headline_title else span.text.lower()[4:]
                holders = self.title_to_.get(title, set())
                if country is not None:
                    # "France's foreign minister said": that country's holder of the title (on the
                    # article's date when the registry knows several)
                    holders = {h for h in holders if self.registry_.affiliation(h) == country}
                    if len(holders) > 1 and date:
                        holders = {h for h in holders if self.registry_.in_office(h, title, date)}
                    if len(holders) != 1:
                        continue
                prev = [a for p, t, a in titled if t == title and p < start] \
                    or [a for p, a in introduced if a in holders and p < start] \
                    or (list(holders) if len(holders) == 1 and " " in title else [])
                # a title only one actor holds counts without an introduction when it is specific
                # ("the Kremlin spokesman"); a bare "the secretary", "the ambassador" needs one
                if not prev and date:
                    prev = self._office_holder(title, holders, date, start, found)
                if prev:
                    # "the Kremlin spokesman": the title, not the institution inside it, is the mention
                    found[:] = [f for f in found if f not in inside]
                    found.append((start, end, prev[-1], "title", self._role(span.root), span.root))

        home = self._home_affiliation(found)
        for s, e, root, off in bare:
            if any(f[0] < e and s < f[1] for f in found):
                continue
            group = self._principal_group(root, off, found)
            prior = [f for f in found if f[3] == "group" and f[0] < s]
            if group is None and prior:
                group = prior[-1][2]
            elif group is None:
                group = self._unplaced_group(root, off, home)
            if group:
                found.append((s, e, group, "group", self._role(root), root))
        found.sort(key=lambda f: f[0])
        mentions: list[Mention] = []
        for s, e, actor, via, role, _ in found:
            i = sent_of(s)
            if i in byline:
                continue
            mentions.append(Mention(i, s, e, text[s:e], actor, via, role))

        # pass 3: "the official(s)" and pronouns, in text order -----------------------------------
        mentions += self._references(parsed, text, mentions, sent_of, in_quote, byline, sents)
        mentions.sort(key=lambda m: (m.start, m.end))

        # pass 4: quote speakers -----------------------------------------------------------------
        mentions += self._speakers(parsed, text, sents, quotes, mentions, sent_of, byline)

        # pass 5: "In Moscow, the reaction was immediate." -- a capital that frames a sentence with
        # no actor of its own stands for its government's reaction
        mentions += self._framing_capitals(sents, mentions, byline)

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
    def _possessor_country(self, doc: Doc, i: int) -> str | None:
        """The registry country whose possessive precedes token ``i`` ("France's", "Ukraine’s")."""
        if i < 2 or doc[i - 1].text not in ("'s", "’s"):
            return None
        for n in self.alias_to_.get(doc[i - 2].text, ()):
            if (self.registry_.get(n) or {}).get("type") == "country":
                return n
        return None

    def _office_holder(self, title: str, holders: set[str], date: str, pos: int, found) -> list[str]:
        """A title the text never ties to a name ("the chancellor" in a Bundestag transcript, "the
        President" in a State Department briefing): the registry person who held that office on the
        article's date, when the country the text is about at that point is the office's country."""
        cands = [a for a in sorted(holders) if self.registry_.in_office(a, title, date)]
        if not cands:
            return []
        home = self._home_affiliation(found)(pos)
        if not home:  # a headline or an opening line: the country the whole text names most
            counts: dict[str, int] = {}
            for f in found:  # pass 1's names and aliases, over the whole text
                aff = self.registry_.affiliation(f[2]) if f[3] in ("name", "alias") else ""
                if aff:
                    counts[aff] = counts.get(aff, 0) + 1
            top = sorted(counts.items(), key=lambda kv: -kv[1])
            home = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else ""
        cands = [a for a in cands if self.registry_.affiliation(a) == home]
        return cands if len(cands) == 1 else []

    def _framing_capitals(self, sents, mentions, byline) -> list[Mention]:
        busy = {m.sentence for m in mentions}
        out = []
        for i, s in enumerate(sents):
            if i in busy or i in byline:
                continue
            m = FRAMING_PLACE.match(s.text)
            if not m:
                continue
            forms = [a for a in self.alias_to_.get(m.group(2), set())
                     if (self.registry_.get(a) or {}).get("type") in ("country", "organisation")]
            if len(forms) == 1:
                b = s.start + m.start(2)
                out.append(Mention(i, b, b + len(m.group(2)), m.group(2), forms[0], "alias", ""))
        return out

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
        if tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass"):
            return "subject"  # "Ukraine's foreign minister, Andrii Sybiha, said": the subject's name
        return ""

    @staticmethod
    def _acts(span: Span, kind: str) -> bool:
        """Does this mention name an actor rather than a place?"""
        root = span.root
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        dep = root.dep_
        head = root.head
        if dep == "pobj" and head.lower_ in ("in", "inside", "within") and head.head.lemma_.lower() in MEMBERS_OF:
            return True  # "nobody in his administration", "a division inside the Biden administration"
        if dep == "pobj" and head.lower_ == "to" and head.i > 0 and head.nbor(-1).lower_ == "according":
            return True  # "according to the Kremlin", "according to Britain": a source speaks
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
            # "officials at the Pentagon", "Inside the Pentagon, some officials ...": their workplace speaks
            owner = head.head
            if head.lower_ in PLACE_PREPS and (owner.lemma_.lower() in GROUP_NOUNS or any(
                    c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in GROUP_NOUNS and c.i > head.i
                    for c in owner.children)):
                return True
            return False
        return True

    def _institution_word(self, word: str) -> bool:
        """Is ``word`` (alone) the name of a registry country, institution or group, or a weapon?"""
        forms = self.alias_to_.get(word, set()) | self.alias_to_.get(word.rstrip("s"), set())
        return word in ("The", "A", "An") or word.rstrip("s") in self.not_actors_ or any(
            (self.registry_.get(n) or {}).get("type") not in (None, "person") for n in forms)

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

    @staticmethod
    def _does(tok: Token) -> bool:
        """Is the token the subject of a reported deed ("Ukraine fired six missiles", "Kyiv has
        launched") or the owner of a position ("Ukraine's argument")?  A modal ("Ukraine may use"),
        a question word ("how Ukraine uses") or a non-finite verb ("allowing Ukraine to fire")
        makes it the beneficiary of someone else's decision instead."""
        while tok.dep_ == "conj":
            tok = tok.head
        verb = tok.head
        if tok.dep_ == "poss":
            return verb.lemma_.lower() in POSITION_NOUNS
        if tok.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX"):
            return False
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(c.lemma_.lower() not in ("have", "do") for c in auxes):
            return False  # "may use", "could fire", "will keep", "to strike"
        if any(c.lower_ in ("how", "whether", "if", "where", "when") for c in verb.children):
            return False
        if verb.lemma_.lower() in ("have", "be", "need", "get", "receive", "expect"):
            return False  # "Ukraine had every right", "Ukraine needs": a state, not a deed
        # "Ukraine fired", "Kyiv has launched", and the present of headlines and wire copy ("Ukraine
        # fires ATACMS into Russia", "Ukraine builds its own long arm")
        return verb.tag_ in ("VBD", "VBZ") and not auxes or (verb.tag_ == "VBN" and bool(auxes))

    def _groups(self, doc: Doc) -> list[tuple[Span, str | None]]:
        """Anonymous sources: group nouns with an affiliation modifier."""
        out = []
        for tok in doc:
            org = self._speaking_for(doc, tok)
            if org is not None:
                out.append(org)
                continue
            agency = tok.lemma_.lower() in AGENCY_NOUNS
            if not (agency or tok.lemma_.lower() in GROUP_NOUNS) or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if agency and (tok.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "appos" for c in tok.children)
                           or tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and doc[tok.i + 2].pos_ == "PROPN"):
                continue  # only a speaking body; "Ukraine's ambassador, Oleksii Makeiev": the named person speaks
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
                        group = self._officials_of(aff)
                if group is None and not agency and m.ent_type_ == "NORP" and m.text[:1].isupper():
                    group = f"{m.text} officials"
                if group:
                    groups.append(group)
                    left = min(left, m.left_edge.i)
            if agency:
                named = self.lower_alias_.get(doc[left:tok.i + 1].text.lower(), set())
                if len(named) == 1:  # "Russia's foreign ministry": a registry body in other capitals
                    groups = list(named)
                for g in dict.fromkeys(groups):
                    out.append((doc[left:tok.i + 1], g))
                continue
            if not groups:
                # "officials in Kyiv", "officials at the State Department"; for a subject also the
                # place its clause is set in: "In Moscow, officials said", "Washington, where officials worry"
                places = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS | {"from", "of"}
                          for o in p.children if o.dep_ == "pobj"]
                if tok.dep_ in ("nsubj", "nsubjpass"):
                    verb = tok.head
                    places += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
                               and p.i < tok.i for o in p.children if o.dep_ == "pobj"]
                    if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
                        places.append(verb.head)
                for obj in places:
                    group = self._place_group(obj)
                    if group:
                        groups.append(group)
                        left = min(left, tok.left_edge.i)
                        break
            for g in dict.fromkeys(groups):
                out.append((doc[left:tok.i + 1], g))
            if not groups and tok.lemma_.lower() != "source" and (tok.tag_ == "NNS" or any(
                    c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another") for c in tok.children)):
                # "officials said", "a senior defense official": an unnamed source whose affiliation the
                # article has already set; resolved against the latest group mention before it
                if not (tok.i > 0 and doc[tok.i - 1].lower_ == "the"):
                    out.append((doc[tok.left_edge.i if tok.left_edge.i >= tok.i - 3 else tok.i:tok.i + 1], None))
        return out

    def _speaking_for(self, doc: Doc, tok: Token) -> tuple[Span, str] | None:
        """ "a Pentagon spokesperson", "a Downing Street spokesman": a spokesperson of a registry
        organisation speaks for that organisation (not for the country's officials in general)."""
        if tok.lemma_.lower() not in ORG_VOICE_NOUNS or tok.pos_ not in ("NOUN", "PROPN") or not any(
                c.dep_ == "det" and c.lower_ in ("a", "an", "one", "another") for c in tok.children):
            return None
        for m in tok.children:
            if m.dep_ not in ("compound", "nmod") or m.i > tok.i:
                continue
            sub = doc[m.left_edge.i:m.i + 1].text
            forms = self.alias_to_.get(sub, set()) or self.alias_to_.get(sub[4:] if sub.lower().startswith("the ") else "", set())
            orgs = [f for f in forms if (self.registry_.get(f) or {}).get("type") == "organisation"]
            if len(orgs) == 1:
                return doc[tok.left_edge.i:tok.i + 1], orgs[0]
        return None

    @staticmethod
    def _demonym_table(reg: Registry) -> dict[str, str]:
        """Nationality words → country, from the registry: a country's "<Adjective> government"
        alias and the single-word affiliation modifiers of groups ("British" → British officials →
        United Kingdom); plurals of "-an" adjectives too ("Americans", "Russians", "Germans")."""
        country = {a.get("affiliation"): n for n, a in reg.actors.items() if a.get("type") == "country"}
        out: dict[str, str] = {}
        names = {f for n, a in reg.actors.items() for f in [n, *a.get("aliases", [])]}
        for n, a in reg.actors.items():
            for al in [n, *a.get("aliases", [])]:
                m = re.fullmatch(r"(?:the )?([A-Z][a-z]+) government", al)
                if m and a.get("affiliation") in country:
                    out[m.group(1)] = country[a["affiliation"]]
        for group, mods in reg.group_modifiers.items():
            aff = (reg.actors.get(group) or {}).get("affiliation")
            for m in mods:
                if aff in country and re.fullmatch(r"[A-Z][a-z]+", m) and m not in names:
                    out.setdefault(m, country[aff])
        for adj, n in list(out.items()):
            if adj.endswith("an"):
                out[adj + "s"] = n
        return out

    def _peoples(self, doc: Doc) -> list[tuple[Token, str]]:
        """ "The British and the French have answered it", "the Americans moved first": a nation
        named by its people stands for its country (not "the British missiles", "British officials")."""
        out = []
        for tok in doc:
            actor = self.demonyms_.get(tok.text)
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if actor is None or tok.dep_ in ("amod", "compound", "nmod") or nxt is not None and (
                    nxt.pos_ in ("NOUN", "PROPN") and nxt.text not in self.demonyms_
                    or nxt.text == "-" and not tok.whitespace_):
                continue
            first = tok
            while first.dep_ == "conj" and first.head.i < first.i:
                first = first.head
            if not any(doc[j].lower_ == "the" for j in (first.i - 1, tok.i - 1) if j >= 0):
                continue
            a = self.registry_.get(actor) or {}
            if a.get("beneficiary") and not (self._voices(tok) or self._does(tok)):
                continue
            out.append((tok, actor))
        return out

    def _administrations(self, doc: Doc) -> list[tuple[Token, str]]:
        """ "His administration", "the outgoing administration", "this administration": the body the
        registry calls "the administration", unless a modifier names another country or its leader."""
        holders = self.alias_to_.get("the administration", set())
        if len(holders) != 1:
            return []
        actor = next(iter(holders))
        aff = self.registry_.affiliation(actor)
        out = []
        for tok in doc:
            if tok.lower_ != "administration" or tok.pos_ != "NOUN" or tok.dep_ in ("compound", "amod"):
                continue
            mods = [c for c in tok.children if c.dep_ in ("det", "poss", "amod", "compound", "nmod")]
            if not mods or any(c.lower_ in ("new", "incoming", "next", "future", "coming") for c in mods):
                continue  # "the incoming administration" is not yet the one in office
            other = False
            for c in mods:
                if c.text in self.demonyms_:
                    other |= self.registry_.affiliation(self.demonyms_[c.text]) != aff
                forms = self.alias_to_.get(c.text.removesuffix("'s"), set())
                if len(forms) == 1:
                    other |= self.registry_.affiliation(next(iter(forms))) != aff
            if not other and self._acts(doc[tok.i:tok.i + 1], "organisation"):
                out.append((tok, actor))
        return out

    def _principal_group(self, tok: Token, off: int, found) -> str | None:
        """ "Aides to President Zelenskyy", "an adviser to the chancellor's ...": the officials of the
        registry person they serve; "his aides", "her officials": those of the person last named."""
        if tok.lemma_.lower() != "officer" and any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in tok.children):
            pos = off + tok.idx
            people = [f for f in found if f[0] < pos and f[3] in ("name", "alias", "title")
                      and (self.registry_.get(f[2]) or {}).get("type") == "person"]
            if people:
                return self._officials_of(self.registry_.affiliation(max(people, key=lambda f: f[0])[2]))
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ in ("to", "for", "with", "close", "around"):
                for o in p.subtree:
                    hit = next((f for f in found if f[5].doc is o.doc and f[5].i == o.i), None)
                    if hit and (self.registry_.get(hit[2]) or {}).get("type") == "person":
                        return self._officials_of(self.registry_.affiliation(hit[2]))
        return None

    def _unplaced_group(self, tok: Token, off: int, home) -> str | None:
        """Unnamed sources before any group is named: a plain "Officials are adamant" / "insiders
        say" as a subject, the officials of the country the text is about (a speaker earlier in the
        sentence, else the most named affiliation so far)."""
        if tok.lemma_.lower() in ("officer", "source") or any(
                c.dep_ in ("compound", "nmod", "poss") for c in tok.children):
            return None  # "party officials", "air force officers", "his officials": someone else's
        if tok.dep_ not in ("nsubj", "nsubjpass") or any(
                c.dep_ in ("acl", "relcl", "prep") for c in tok.children):
            return None
        start = off + tok.sent.start_char
        return self._officials_of(home(off + tok.idx, start)) if start > 0 else None

    def _officials_of(self, aff: str) -> str | None:
        """The registry's group of anonymous officials of a country ("<Adjective> officials" first)."""
        groups = [g for g, a in self.registry_.actors.items() if a.get("type") == "group" and a.get("affiliation") == aff]
        return next((g for g in groups if g.endswith(" officials")), groups[0] if groups else None)

    @staticmethod
    def _bare_government(tok: Token) -> bool:
        """ "the government", "his government", "a government spokesman", "government sources": no
        modifier says whose."""
        mods = [c for c in tok.children if c.dep_ in ("det", "poss", "amod", "compound", "nmod", "prep")]
        if tok.lower_ != "government":
            return False
        if tok.dep_ == "compound":
            head = tok.head
            return not mods and head.lemma_.lower() in SPOKES_NOUNS and head.dep_ != "compound" \
                and not any(c.dep_ == "appos" for c in head.children)
        if tok.dep_ not in ("nsubj", "nsubjpass", "poss", "pobj", "conj") or len(mods) != 1:
            return False
        return mods[0].lower_ in ("the", "his", "her", "its", "their")

    def _home_affiliation(self, found) -> "Callable[[int], str]":
        """The country a text is about up to a position: the most frequent affiliation of the
        registry people and institutions named before it (ties: the first named)."""
        def home(pos: int, sent_start: int = -1) -> str:
            # a speaker or group named earlier in the same sentence ("Starmer said the government ...")
            same = [f for f in found if sent_start <= f[0] < pos and f[3] in ("name", "alias", "title", "group")
                    and (self.registry_.get(f[2]) or {}).get("type") in ("person", "group")]
            if same:
                aff = self.registry_.affiliation(max(same, key=lambda f: f[0])[2])
                if aff:
                    return aff
            counts: dict[str, int] = {}
            for f in sorted(found, key=lambda f: f[0]):
                if f[0] >= pos or f[3] not in ("name", "alias", "title"):
                    continue
                a = self.registry_.get(f[2]) or {}
                if a.get("type") in ("person", "organisation") and a.get("affiliation"):
                    counts[a["affiliation"]] = counts.get(a["affiliation"], 0) + 1
            return max(counts, key=counts.get) if counts else ""
        return home

    def _governments(self, doc: Doc, off: int = 0, home=None) -> list[tuple[Token, str]]:
        """ "The British government", "Sánchez's government", "In Seoul, the government ...": the
        government of the country named by its modifier, owner or setting (the registry's
        "<country> government" organisation where it has one, else the country)."""
        out = []
        for tok in doc:
            if tok.lemma_.lower() != "government" or tok.pos_ != "NOUN":
                continue
            if any(c.dep_ == "compound" for c in tok.children) and doc[tok.i - 1].lower_ in ("coalition", "opposition"):
                continue
            aff = ""
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "nmod") and c.text.lower() in self.group_mods_:
                    aff = self.registry_.affiliation(self.group_mods_[c.text.lower()])
                elif c.dep_ == "poss":
                    forms = self.alias_to_.get(doc[c.left_edge.i:c.i + 1].text.replace("'s", "").strip(), set()) \
                        or self.alias_to_.get(c.text, set())
                    if len(forms) == 1:
                        aff = self.registry_.affiliation(next(iter(forms)))
                elif c.dep_ == "det" and c.lower_ == "the" and tok.dep_ in ("nsubj", "nsubjpass"):
                    for p in tok.head.children:
                        if p.dep_ == "prep" and p.lower_ in PLACE_PREPS and p.i < tok.i:
                            for o in p.children:
                                forms = self.alias_to_.get(o.text, set())
                                if o.dep_ == "pobj" and len(forms) == 1:
                                    aff = self.registry_.affiliation(next(iter(forms)))
                if aff:
                    break
            if not aff and home is not None and self._bare_government(tok):
                # "the government said", "a government spokesman", "his government": the government of
                # the country the text is about so far
                aff = home(off + tok.idx, off + tok.sent.start_char)
                for p in tok.head.children if tok.dep_ == "compound" else []:
                    # "a government spokesman in Berlin"
                    for o in p.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS else []:
                        forms = self.alias_to_.get(o.text, set())
                        if o.dep_ == "pobj" and len(forms) == 1:
                            aff = self.registry_.affiliation(next(iter(forms))) or aff
                if tok.dep_ == "compound" and tok.head.lemma_.lower() in ("source", "official", "insider") and aff:
                    group = self._officials_of(aff)
                    if group:  # "a government source": an anonymous source of that government
                        out.append((tok.head, group))
                    continue
            if not aff:
                continue
            actor = next((n for n, a in self.registry_.actors.items() if a.get("type") == "organisation"
                          and a.get("affiliation") == aff and n.lower().endswith("government")), None) \
                or next((n for n, a in self.registry_.actors.items() if a.get("type") == "country"
                         and a.get("affiliation") == aff), None)
            if actor is None:
                continue
            a = self.registry_.get(actor) or {}
            if a.get("beneficiary") and not self._voices(tok):
                continue
            out.append((tok, actor))
        return out

    def _role_antecedent(self, noun: str, pos: int, sent: int, mentions, in_quote) -> str | None:
        """The latest actor named in the last three sentences whose registry role, titles or name
        contain ``noun`` ("the ministry" → Russian Defence Ministry, "the minister" → a foreign minister)."""
        if noun in GROUP_NOUNS or noun in ANAPHOR_NOUNS or len(noun) < 4:
            return None
        for m in sorted(mentions, key=lambda m: m.start, reverse=True):
            if m.start >= pos or sent - m.sentence > 3 or m.via == "group":
                continue
            if m.sentence < sent - 3:
                break
            if in_quote(m.start):
                continue
            a = self.registry_.get(m.actor)
            if not a or a.get("type") == "country":
                continue
            words = " ".join([a.get("role", "")] + a.get("titles", []) + ([m.actor] + a.get("aliases", [])
                                                                         if a.get("type") != "person" else []))
            if noun in re.findall(r"[a-z]+", words.lower()):
                return m.actor
        return None

    @staticmethod
    def _group_anaphor(tok: Token) -> bool:
        """A subject that can only point back to a group of sources: "one (of them)", "another",
        "others", "the/that person", "the adviser", "one official", "a third diplomat"."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False
        low = tok.lower_
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "amod", "predet")}
        if low in ("one", "another"):
            return True
        if low in ("others", "some") and tok.head.lemma_.lower() in SPEECH_VERBS | {"worry", "believe", "fear",
                                                                                     "think", "see", "doubt"}:
            return True
        if low in ANAPHOR_NOUNS:
            return bool(dets & ({"the", "that", "this", "one", "another"} | ORDINALS))
        return False

    def _place_group(self, obj: Token) -> str | None:
        """The group of officials a place stands for: "Kyiv" → Ukrainian officials, "the State
        Department" → U.S. officials (by the place's affiliation)."""
        words = [t for t in obj.subtree if t.dep_ in ("poss", "compound", "pobj") or t is obj]
        phrase = " ".join(t.text for t in obj.subtree if t.dep_ != "det" and t.i <= obj.i)
        for txt in [phrase] + [w.text.replace("'s", "") for w in words]:
            if txt.lower() in self.group_mods_:
                return self.group_mods_[txt.lower()]
            forms = self.alias_to_.get(txt, set())
            if len(forms) == 1:
                aff = self.registry_.affiliation(next(iter(forms)))
                group = self._officials_of(aff)
                if group:
                    return group
        return None

    def _references(self, parsed, text, mentions, sent_of, in_quote, byline, sents=()) -> list[Mention]:
        """Resolve "the official" and subject pronouns he/she against the mentions so far.

        A pronoun's antecedent is a person outside quotes within two sentences: a subject or
        speaker earlier in its own sentence, else the main-clause subject of the nearest earlier
        sentence that has a subject ("Sikorski wrote that Biden had responded ... He added" → Sikorski),
        else that sentence's latest subject, else the latest person mentioned.  Sentences that lie
        wholly inside a quote (a speaker's continued quote) do not count towards the two.
        """
        # narrative distance: sentences wholly inside quotes are skipped when counting
        reach_index, k = [], 0
        for snt in sents:
            words = [w.start() for w in re.finditer(r"\w+", snt.text)]
            if not words or not all(in_quote(snt.start + w) for w in words):
                k += 1
            reach_index.append(k)

        def near(a: int, b: int, n: int = 2) -> bool:
            if not 0 <= b - a:
                return False
            if b < len(reach_index):
                return b - a <= n or (b - a <= n + 4 and reach_index[b] - reach_index[a] <= n)
            return b - a <= n
        out: list[Mention] = []
        persons = [m for m in mentions if self._is_person(m.actor) and not in_quote(m.start)]
        groups = [m for m in mentions if m.via == "group"]
        main = self._main_subject_positions(parsed)

        def is_main(m: Mention) -> bool:
            return any(m.start <= p < m.end for p in main)

        together = self._coordinated_subjects(parsed, mentions, sent_of)

        def plural_antecedents(tok: Token, pos: int, i: int) -> list[str]:
            """The actors named together as the subject of the sentence before ("Macron and Starmer
            met.  They agreed"), when ``tok`` is the first subject of its own sentence."""
            if any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in tok.sent if t.i < tok.i):
                return []  # "The Nordic countries said that they ...": a nearer plural subject
            for start, j, actors in reversed(together):
                if start < pos and i - j == 1 and not in_quote(start):
                    return actors
            return []

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
                elif tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NOUN" and tok.i > 0 \
                        and doc[tok.i - 1].lower_ == "the" and not in_quote(pos) \
                        and not any(m.start <= pos < m.end for m in mentions) \
                        and (pick := self._role_antecedent(tok.lemma_.lower(), pos, i, mentions, in_quote)):
                    # "the ministry said", "the minister added": the actor just named whose role or
                    # name that noun is
                    s = off + doc[tok.i - 1].idx
                    out.append(Mention(i, s, pos + len(tok.text), text[s:pos + len(tok.text)], pick, "title",
                                       self._role(tok)))
                elif self._group_anaphor(tok) and not in_quote(pos) and not any(
                        m.start <= pos < m.end for m in mentions):
                    # "one of them said", "the person added", "a third adviser said", "Others warned":
                    # a member of the group of sources just mentioned
                    reach = 2 if low in ("others", "some") else 3
                    prev = [g for g in groups if g.start < pos and 0 <= i - g.sentence <= reach]
                    if prev:
                        s = off + doc[tok.left_edge.i].idx
                        out.append(Mention(i, s, pos + len(tok.text), text[s:pos + len(tok.text)],
                                           prev[-1].actor, "title", self._role(tok)))
                    elif (pick := self._described_speaker(tok, pos, i, persons, text, in_quote)):
                        s = off + doc[tok.left_edge.i].idx
                        out.append(Mention(i, s, pos + len(tok.text), text[s:pos + len(tok.text)],
                                           pick, "title", self._role(tok)))
                elif not in_quote(pos) and not any(m.start <= pos < m.end for m in mentions) \
                        and (pick := self._described_speaker(tok, pos, i, persons, text, in_quote)):
                    # '"...," the premier told reporters': the person who was just speaking
                    s = off + doc[tok.left_edge.i].idx
                    out.append(Mention(i, s, pos + len(tok.text), text[s:pos + len(tok.text)], pick, "title",
                                       self._role(tok)))
                elif low == "they" and tok.dep_ in ("nsubj", "nsubjpass") and not in_quote(pos):
                    prev = [g for g in groups if g.start < pos and i - g.sentence <= 1]
                    if prev:  # "they said", right after a group of officials
                        out.append(Mention(i, pos, pos + len(tok.text), tok.text, prev[-1].actor, "pronoun", "subject"))
                    else:  # "Macron and Starmer met. They agreed ...": each of them
                        out += [Mention(i, pos, pos + len(tok.text), tok.text, a, "pronoun", "subject")
                                for a in plural_antecedents(tok, pos, i)]
                elif self._plural_anaphor(tok) and not in_quote(pos) and not any(
                        m.start <= pos < m.end for m in mentions) and (both := plural_antecedents(tok, pos, i)):
                    # "the two leaders said", "both men insisted", "the lawmakers wrote"
                    s = off + doc[tok.left_edge.i].idx
                    out += [Mention(i, s, pos + len(tok.text), text[s:pos + len(tok.text)], a, "title", "subject")
                            for a in both]
                elif low in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass") and not in_quote(pos):
                    before = sorted((m for m in persons + [o for o in out if o.via == "pronoun"]
                                     if m.start < pos and near(m.sentence, i) and self._is_person(m.actor)),
                                    key=lambda m: m.start)
                    if not before:
                        continue  # no antecedent in reach: leave it unresolved
                    para = text.rfind("\n", 0, pos)
                    if para > before[0].start and any(m.start > para for m in before):
                        # a person named in this paragraph outranks the subjects of the one before
                        before = [m for m in before if m.start > para]
                    same = [m for m in before if m.sentence == i and m.role in ("subject", "speaker")]
                    subj = [m for m in before if m.sentence < i and m.role in ("subject", "speaker")]
                    if same:
                        pick = same[-1]
                    elif subj:
                        last = [m for m in subj if m.sentence == subj[-1].sentence]
                        pick = next((m for m in last if is_main(m)), last[-1])
                    else:
                        pick = before[-1]
                    out.append(Mention(i, pos, pos + len(tok.text), tok.text, pick.actor, "pronoun", "subject"))
        return out

    def _described_speaker(self, tok: Token, pos: int, sent: int, persons, text, in_quote) -> str | None:
        """'"...," the premier told reporters' / "the Belarusian ruler said": a definite description
        of a person as the subject of a speech verb that attributes a quote is the person who was the
        subject or speaker of the sentence before (or earlier in this one), in the same paragraph."""
        if tok.dep_ != "nsubj" or tok.pos_ not in ("NOUN", "PROPN") or tok.head.lemma_.lower() not in SPEECH_VERBS:
            return None
        if tok.lower_ not in self.person_nouns_ or any(c.dep_ == "appos" for c in tok.children):
            return None  # "the EU foreign policy chief, Kaja Kallas, said": the name is there already
        dets = [c for c in tok.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ != "the" or tok.tag_ in ("NNS", "NNPS"):
            return None
        verb = tok.head
        lo, hi = min(verb.sent.start_char, tok.idx), verb.sent.end_char
        base = pos - tok.idx
        if not any(in_quote(base + k) for k in range(lo, hi)):
            return None  # only a description that attributes a quote
        para = text.rfind("\n", 0, pos)
        prev = [m for m in persons if m.start < pos and m.start > para and 0 <= sent - m.sentence <= 1
                and m.role in ("subject", "speaker")]
        return prev[-1].actor if prev else None

    @staticmethod
    def _main_subject_positions(parsed) -> set[int]:
        """Character positions of main-clause subjects: the subjects of each sentence's root verb
        and of verbs coordinated with it (and subjects coordinated with those)."""
        out = set()
        for off, doc in parsed:
            for sent in doc.sents:
                verbs = [sent.root] + [c for c in sent.root.children if c.dep_ == "conj"]
                for v in verbs:
                    for c in v.children:
                        if c.dep_ in ("nsubj", "nsubjpass"):
                            out.add(off + c.idx)
                            out.update(off + t.idx for t in c.conjuncts)
        return out

    @staticmethod
    def _plural_anaphor(tok: Token) -> bool:
        """A plural subject that can point back to actors named together: "the two leaders",
        "both men", "the lawmakers", "the pair" (not "two officials": a new group)."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
        lemma = tok.lemma_.lower()
        if tok.lower_ == "both" or (tok.lower_ == "two" and "the" in dets):  # "Both insisted", "The two said"
            return True
        if lemma not in PLURAL_ANAPHORS or tok.tag_ not in ("NNS", "NN"):
            return False
        if tok.tag_ == "NN":  # "the pair", "the duo"
            return lemma in ("pair", "duo") and "the" in dets
        return "both" in dets or ("the" in dets and (lemma in PLURAL_PEOPLE or bool(dets & {"two", "three", "four"})))

    def _coordinated_subjects(self, parsed, mentions, sent_of) -> list[tuple[int, int, list[str]]]:
        """``(position, sentence, actors)`` for each subject whose coordinated parts name two or more
        different actors outside groups ("Macron and Starmer wrote", "Britain and France argue"), or
        a verbless heading that does ("Britain and France")."""
        out = []
        for off, doc in parsed:
            for tok in doc:
                heading = tok.dep_ == "ROOT" and tok.pos_ in ("PROPN", "NOUN")  # a "Britain and France" subheading
                if not (tok.dep_ in ("nsubj", "nsubjpass") or heading) or not tok.conjuncts:
                    continue
                spots = [off + t.idx for t in (tok, *tok.conjuncts)]
                actors = []
                for p in spots:
                    for m in mentions:
                        if m.start <= p < m.end and m.via not in ("group", "speaker") and m.actor not in actors:
                            actors.append(m.actor)
                if len(actors) >= 2:
                    out.append((off + tok.idx, sent_of(off + tok.idx), actors))
        return sorted(out)

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
                        # the subject's own head first ("Kremlin spokesman Dmitry Peskov": Peskov, not
                        # the Kremlin), then its appositions, then anything else in the phrase
                        order = [sub] + [c for c in sub.children if c.dep_ == "appos"] + list(sub.subtree)
                        for t in order:
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
            framing = self._framing_subject(si, qs, sents, mentions, inside_any, para_index) if spk is None else None
            if framing is not None:
                # "Kiesewetter was scathing. \"...\"": a quote with no attribution of its own, opening
                # the sentence right after one whose subject is a person, is that person's
                spk_actor = framing
            elif spk is None and last_speaker is not None and here - last_quote_para <= 1:
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

    def _framing_subject(self, si, qs, sents, mentions, inside_any, para_index) -> str | None:
        """The person who is the subject of the sentence before an unattributed quote that opens
        sentence ``si`` ("Merz was blunter. \"...\""), if there is exactly one; else ``None``."""
        if si == 0 or qs > sents[si].start + 1:
            return None
        prev = sents[si - 1]
        if inside_any(prev.start) or inside_any(max(prev.start, prev.end - 2)):
            return None  # the sentence before is itself quoted
        if para_index(qs) - para_index(prev.start) > 1:
            return None
        subjects = {m.actor for m in mentions if m.sentence == si - 1 and m.role == "subject"
                    and m.via != "speaker" and self._is_person(m.actor)}
        return next(iter(subjects)) if len(subjects) == 1 else None

    def _transcript_speakers(self, text, sents, mentions, sent_of, byline) -> list[Mention]:
        """Sentences of a transcript or interview, labelled with their speaker ("HODGES: ...", "Q: ...").

        A label holds for the following sentences of its paragraph until the next label, and runs
        on through the following unlabelled paragraphs of a transcript once a question has been put
        ("Question: ...", "Q: ...") or while they speak in the first person outside quotes.  "A:" answers belong to the
        interviewee: the person the text names most before the first answer.
        """
        labels: dict[int, tuple[int, str | None]] = {}  # sentence -> (label end offset, actor)
        known_people = {m.actor for m in mentions}
        turns = questions = 0
        interviewee: list[str | None] = []  # worked out at the first answer
        for k, sent in enumerate(sents):
            m = self._transcript_label(sent.text)
            if m is None and (sent.start == 0 or text[sent.start - 1] == "\n"):
                para_end = text.find("\n", sent.start)
                m = self._transcript_label(text[sent.start:para_end if para_end >= 0 else len(text)], RECORD_LABEL)
            if m is None:
                continue
            label = m.group(1).strip()
            low = label.lower()
            if low in QUESTION_LABELS:
                actor, questions = None, questions + 1
            elif low in ANSWER_LABELS:
                if not interviewee:
                    interviewee.append(self._interviewee(mentions, sent.start))
                actor = interviewee[0]
                if actor is None:
                    continue
            else:
                actor = self._label_actor(label, text, known_people)
                if actor is None:
                    # a title as the label ("THE PRESIDENT:", "THE SPOKESMAN:"): the person the title
                    # stage resolved it to, if it resolved it to exactly one
                    end = sent.start + m.end(1)
                    held = {x.actor for x in mentions if sent.start <= x.start and x.end <= end
                            and x.via == "title" and self._is_person(x.actor)}
                    actor = next(iter(held)) if len(held) == 1 else None
                if actor is None:
                    continue  # "Analysis:", "Storm Shadow:", a headline's kicker: not a turn
                if m.group("role") and not self._is_person(actor):
                    continue  # "In Moscow, Kremlin spokesman Dmitry Peskov said: ...": not a label
            turns += actor is not None
            labels[k] = (sent.start + m.end(), actor)
        out = []
        current, current_para, asked = None, -1, False
        for k, sent in enumerate(sents):
            para = text.count("\n", 0, sent.start)
            if k in labels:
                start, current = labels[k]
                current_para = para
                asked = asked or current is None
            elif para != current_para and not (turns and current_para >= 0 and current is not None and (
                    asked or self._first_person(text, para))):
                current, current_para = None, -1
                continue
            else:
                start = sent.start
            if current and k not in byline and start < sent.end:
                out.append(Mention(k, start, sent.end, text[start:sent.end], current, "speaker", "speaker"))
        if not labels:
            out += self._dash_turns(text, sents, mentions, byline)
        return out

    def _dash_turns(self, text, sents, mentions, byline) -> list[Mention]:
        """An interview printed as dashed paragraphs ("- Is it true that ...?" / "- I would not ..."):
        once a dashed paragraph has asked a question, the dashed paragraphs that do not are the
        interviewee's answers (the person the text names most before the first one)."""
        out, asked, who, pos = [], False, None, 0
        for line in text.split("\n"):
            lo, hi = pos, pos + len(line)
            pos = hi + 1
            if not DASH_TURN.match(line):
                continue
            if line.rstrip(' "\u201d').endswith("?"):
                asked = True
                continue
            if not asked:
                continue
            if who is None:
                who = self._interviewee(mentions, lo)
                if who is None:
                    return out
            for k, sent in enumerate(sents):
                s, e = max(lo, sent.start), min(hi, sent.end)
                if k not in byline and (lo <= sent.start < hi or sent.start < lo < sent.end and e - s > 2):
                    out.append(Mention(k, s, e, text[s:e], who, "speaker", "speaker"))
        return out

    @staticmethod
    def _first_person(text: str, para: int) -> bool:
        """Does paragraph number ``para`` speak in the first person ("I", "we", "our")?"""
        paragraph = text.split("\n")[para] if para < text.count("\n") + 1 else ""
        paragraph = re.sub(r'["\u201c][^"\u201c\u201d]*["\u201d]', " ", paragraph)  # quoted words are someone else's
        return bool(FIRST_PERSON.search(paragraph))

    @staticmethod
    def _transcript_label(sentence: str, pattern: re.Pattern = TRANSCRIPT_LABEL) -> re.Match | None:
        """A speaker label opening a sentence: capitalised words ("Secretary General Mark Rutte:",
        "HOST:", "Question (news agency):", "Friedrich Merz, Federal Chancellor:"), or the single
        letters Q and A; with ``RECORD_LABEL``, a verbatim record's "Name, role. – "."""
        m = pattern.match(sentence)
        if m is None and pattern is TRANSCRIPT_LABEL:
            return QA_DASH_LABEL.match(sentence)
        if m is None:
            return None
        words = m.group(1).split()
        if len(m.group(1).strip()) == 1 and m.group(1).strip() not in ("Q", "A"):
            return None
        if not all(w[:1].isupper() or w in LABEL_PARTICLES for w in words):
            return None
        return m

    def _interviewee(self, mentions, before: int) -> str | None:
        """The person an interview is with: the one named most often before its first answer."""
        counts: dict[str, int] = {}
        for m in mentions:
            if m.start < before and m.via != "speaker" and self._is_person(m.actor) \
                    and (self.registry_.get(m.actor) or m.via == "ner"):
                counts[m.actor] = counts.get(m.actor, 0) + 1
        if not counts:
            return None
        return max(counts, key=counts.get)  # ties: the first named (dicts keep insertion order)

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
