"""The HTML evidence report: one self-contained file a person can check at a glance.

The report shows the analysed text with every evidence sentence highlighted in its stance's colour
and tagged with its actor, and an actor table with support/oppose/hedge score bars and mention
counts.  Clicking (or hovering) an actor dims every sentence but that actor's and lists them with
their scores; ``#actor=NAME`` in the address does the same on load, so a report can link to one
actor.  Everything — styles, script, data — is inline: the file opens offline, from disk.

Example
-------
>>> from stancelib.aggregate import aggregate
>>> from stancelib.results import PairPrediction
>>> text = "Putin warned against it."
>>> r = aggregate([PairPrediction(text, 0, 24, "Vladimir Putin", "oppose",
...                {"support": .1, "oppose": .7, "hedge": .1, "none": .1})], text=text)
>>> page = render_html(r, title="Demo")
>>> page.startswith("<!DOCTYPE html>") and 'data-actor="Vladimir Putin"' in page
True
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Iterable

from .labels import STANCE_LABELS
from .results import PairPrediction, StanceResult

COLOURS = {"support": "#1a9850", "oppose": "#d73027", "hedge": "#e6a100", "none": "#9e9e9e"}
TINTS = {"support": "#d4f0dc", "oppose": "#fbd9d5", "hedge": "#fcecc0", "none": "#eeeeee"}

_CSS = """
.stancelib-report{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;
  max-width:1200px;margin:0 auto;padding:16px}
.stancelib-report h1{font-size:1.35em;margin:0 0 4px}
.stancelib-report .meta{color:#666;margin:0 0 10px;font-size:.9em}
.stancelib-report .legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px;font-size:.85em}
.stancelib-report .cols{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}
.stancelib-report .side{flex:0 0 500px;position:sticky;top:8px}
.stancelib-report .doc{flex:1 1 520px;white-space:pre-wrap;border-left:3px solid #eee;padding-left:16px;min-width:320px}
.stancelib-report table{border-collapse:collapse;width:100%;font-size:.9em}
.stancelib-report th{text-align:left;border-bottom:2px solid #ccc;padding:3px 4px;font-weight:600}
.stancelib-report td{border-bottom:1px solid #eee;padding:3px 4px;vertical-align:middle}
.stancelib-report tr.actor-row{cursor:pointer}
.stancelib-report tr.actor-row:hover,.stancelib-report tr.actor-row.active{background:#eef3fb}
.stancelib-report tr.mentioned td{color:#777}
.stancelib-report .bar{display:flex;width:130px;height:12px;border-radius:2px;overflow:hidden;background:#eee}
.stancelib-report .bar span{display:block;height:100%}
.stancelib-report .lab{font-weight:600}
.stancelib-report .num{white-space:nowrap;font-variant-numeric:tabular-nums;font-size:.9em;color:#444}
.stancelib-report .sent.ev{border-radius:3px;padding:1px 0}
.stancelib-report .sent.dim{opacity:.28}
.stancelib-report .sent.focus{outline:2px solid #3367d6;outline-offset:1px}
.stancelib-report .tag{font-size:.68em;font-weight:600;color:#fff;border-radius:3px;padding:0 4px;margin:0 2px;
  vertical-align:super;white-space:nowrap;cursor:pointer}
.stancelib-report .detail{margin-top:14px;font-size:.88em}
.stancelib-report .detail li{margin-bottom:6px}
.stancelib-report .hint{color:#888;font-size:.82em}
"""

_JS = """
(function(){
  var root=document.currentScript?document.currentScript.parentNode:document;
  var data=JSON.parse(root.querySelector('script.stancelib-data').textContent);
  var sents=root.querySelectorAll('.sent'), rows=root.querySelectorAll('tr.actor-row');
  var detail=root.querySelector('.detail'), pinned=null;
  function esc(s){var d=document.createElement('div');d.textContent=s;return d.innerHTML;}
  function show(actor){
    for(var i=0;i<sents.length;i++){var s=sents[i],pairs=JSON.parse(s.getAttribute('data-pairs')||'{}');
      var has=actor!==null&&Object.prototype.hasOwnProperty.call(pairs,actor);
      s.classList.toggle('focus',has); s.classList.toggle('dim',actor!==null&&!has);}
    for(var j=0;j<rows.length;j++){rows[j].classList.toggle('active',rows[j].getAttribute('data-actor')===actor);}
    if(actor===null){detail.innerHTML='';return;}
    var a=data.actors[actor]; if(!a){detail.innerHTML='';return;}
    var h='<h3>'+esc(actor)+' \\u2014 '+esc(a.label)+'</h3><ol>';
    a.evidence.forEach(function(e){h+='<li data-start="'+e.start+'" data-end="'+e.end+'"><span class="lab" style="color:'+
      data.colours[e.label]+'">'+esc(e.label)+' '+e.score.toFixed(2)+'</span> '+esc(e.sentence)+'</li>';});
    detail.innerHTML=h+'</ol>';
  }
  function pick(actor){pinned=(pinned===actor)?null:actor;show(pinned);}
  for(var j=0;j<rows.length;j++){(function(r){var a=r.getAttribute('data-actor');
    r.addEventListener('click',function(){pick(a);});
    r.addEventListener('keydown',function(ev){if(ev.key==='Enter'||ev.key===' '){ev.preventDefault();pick(a);}});
    r.addEventListener('mouseenter',function(){if(pinned===null)show(a);});
    r.addEventListener('mouseleave',function(){if(pinned===null)show(null);});})(rows[j]);}
  var tags=root.querySelectorAll('.tag');
  for(var k=0;k<tags.length;k++){(function(t){t.addEventListener('click',function(){pick(t.getAttribute('data-actor'));});})(tags[k]);}
  var m=/[#&]actor=([^&]*)/.exec(window.location.hash);
  if(m){pinned=decodeURIComponent(m[1].replace(/\\+/g,' '));show(pinned);}
})();
"""


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def _bar(scores: dict[str, float]) -> str:
    parts = "".join(f'<span class="b-{l}" style="width:{100 * scores.get(l, 0.0):.1f}%;background:{COLOURS[l]}" '
                    f'title="{l} {scores.get(l, 0.0):.2f}"></span>' for l in STANCE_LABELS)
    return f'<div class="bar">{parts}</div>'


def _sentences(result: StanceResult) -> list[tuple[int, int, list[PairPrediction]]]:
    """The distinct sentence spans of the result's pairs, in text order, with their pairs."""
    spans: dict[tuple[int, int], list[PairPrediction]] = {}
    for p in result.pairs:
        spans.setdefault((p.start, p.end), []).append(p)
    return [(s, e, ps) for (s, e), ps in sorted(spans.items())]


def _sentence_html(sentence: str, start: int, end: int, pairs: list[PairPrediction]) -> str:
    stance_pairs = [p for p in pairs if p.label != "none"]
    attrs = {"data-start": start, "data-end": end,
             "data-pairs": json.dumps({p.actor: p.label for p in pairs}, ensure_ascii=False)}
    cls = "sent"
    style = ""
    if stance_pairs:
        top = max(stance_pairs, key=lambda p: p.scores[p.label])
        cls += f" ev ev-{top.label}"
        style = f' style="background:{TINTS[top.label]}"'
        attrs["data-stance"] = top.label
    a = " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())
    tags = "".join(f'<span class="tag tag-{p.label}" data-actor="{_e(p.actor)}" style="background:{COLOURS[p.label]}" '
                   f'title="{_e(p.actor)}: {p.label} {p.scores[p.label]:.2f}">{_e(p.actor)} · {p.label}</span>'
                   for p in stance_pairs)
    return f'<span class="{cls}" {a}{style}>{_e(sentence)}</span>{tags}'


def _document_html(result: StanceResult) -> str:
    sents = _sentences(result)
    if result.text is None:  # a result read from JSON written without its text: the sentences alone
        return "\n\n".join(_sentence_html(ps[0].sentence, s, e, ps) for s, e, ps in sents)
    text, out, pos = result.text, [], 0
    for s, e, ps in sents:
        if s < pos:  # overlapping spans cannot happen with one sentence splitter; be safe anyway
            continue
        out.append(_e(text[pos:s]))
        out.append(_sentence_html(text[s:e], s, e, ps))
        pos = e
    out.append(_e(text[pos:]))
    return "".join(out)


def _actor_rows(result: StanceResult) -> str:
    rows = []
    for s in result.stances.values():
        rows.append(f'<tr class="actor-row" tabindex="0" data-actor="{_e(s.actor)}" data-label="{s.label}">'
                    f'<td>{_e(s.actor)}</td><td>{_e(s.affiliation)}</td>'
                    f'<td class="lab" style="color:{COLOURS[s.label]}">{s.label}</td><td>{_bar(s.scores)}</td>'
                    f'<td class="num">{s.scores["support"]:.2f} / {s.scores["oppose"]:.2f} / {s.scores["hedge"]:.2f}</td>'
                    f'<td>{s.n_sentences}</td><td>{s.n_mentions}</td></tr>')
    for s in result.mentioned.values():
        rows.append(f'<tr class="actor-row mentioned" tabindex="0" data-actor="{_e(s.actor)}" data-label="none">'
                    f'<td>{_e(s.actor)}</td><td>{_e(s.affiliation)}</td><td>none</td><td></td><td></td>'
                    f'<td>0</td><td>{s.n_mentions}</td></tr>')
    return "\n".join(rows)


def _data(result: StanceResult) -> str:
    actors = {}
    for s in list(result.stances.values()) + list(result.mentioned.values()):
        actors[s.actor] = {"label": s.label, "evidence": [
            {"sentence": e.sentence, "start": e.start, "end": e.end, "label": e.label, "score": e.scores[e.label]}
            for e in s.evidence]}
    # "</" must not close the surrounding <script> element
    return json.dumps({"actors": actors, "colours": COLOURS}, ensure_ascii=False).replace("</", "<\\/")


def render_html(result: StanceResult, title: str | None = None, full_page: bool = True) -> str:
    """The evidence report of one :class:`~stancelib.StanceResult` as HTML.

    ``full_page=False`` gives a fragment (a ``<div>`` with its own style and script), which is what
    ``result._repr_html_()`` shows in Jupyter.  The page needs no network: styles, script and data
    are inline.
    """
    if not isinstance(result, StanceResult):
        raise TypeError(f"render_html needs a StanceResult, got {type(result).__name__}")
    title = title or (f"Stance report — {result.doc_id}" if result.doc_id else "Stance report")
    meta = [f"model: {_e(result.model or '?')}", f"{len(result.stances)} actors with a stance",
            f"{len(result.mentioned)} mentioned only"]
    if result.doc_id:
        meta.insert(0, f"document: {_e(result.doc_id)}")
    if result.date:
        meta.insert(1, f"date: {_e(result.date)}")
    legend = "".join(f'<span style="background:{TINTS[l]};border-left:4px solid {COLOURS[l]}">{l}</span>'
                     for l in STANCE_LABELS)
    body = f"""<div class="stancelib-report">
<style>{_CSS}</style>
<h1>{_e(title)}</h1>
<p class="meta">{' · '.join(meta)}</p>
<p class="legend">{legend}<span class="hint">click an actor (or a tag) to follow its sentences; click again to clear</span></p>
<div class="cols">
<div class="side">
<table class="actors"><thead><tr><th>actor</th><th>affiliation</th><th>stance</th><th>scores</th>
<th>S / O / H</th><th title="stance-bearing sentences">sent.</th><th title="mentions">ment.</th></tr></thead>
<tbody>
{_actor_rows(result)}
</tbody></table>
<div class="detail"></div>
</div>
<div class="doc">{_document_html(result)}</div>
</div>
<script type="application/json" class="stancelib-data">{_data(result)}</script>
<script>{_JS}</script>
</div>"""
    if not full_page:
        return body
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title></head>\n<body style="margin:0">\n{body}\n</body></html>\n')


def write_html(result: StanceResult, path: str | Path, title: str | None = None) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(render_html(result, title=title), encoding="utf-8")
    return path
