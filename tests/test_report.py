"""The HTML evidence report, checked as markup and in a real headless browser (Debian's chromium)."""
import html
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import stancelib
from stancelib.report import COLOURS, TINTS, render_html, write_html


@pytest.fixture(scope="module")
def seed_result(seed_text):
    return stancelib.classify(seed_text, model="baseline")


class DomIndex(HTMLParser):
    """Collects the report's actor rows, sentence spans (with classes and text) and the detail panel."""

    def __init__(self):
        super().__init__()
        self.rows, self.spans, self.detail = [], [], ""
        self._span = None
        self._depth_detail = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "tr" and "actor-row" in cls.split():
            self.rows.append(a["data-actor"])
        if tag == "span" and "sent" in cls.split():
            self._span = {"class": cls.split(), "start": int(a["data-start"]), "end": int(a["data-end"]), "text": ""}
        if tag == "div" and cls == "detail":
            self._depth_detail = 1
        elif self._depth_detail and tag == "div":
            self._depth_detail += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._span is not None:
            self.spans.append(self._span)
            self._span = None
        if tag == "div" and self._depth_detail:
            self._depth_detail -= 1

    def handle_data(self, data):
        if self._span is not None:
            self._span["text"] += data
        if self._depth_detail:
            self.detail += data


def index(markup: str) -> DomIndex:
    d = DomIndex()
    d.feed(markup)
    return d


def check_report_dom(dom: DomIndex, result) -> None:
    """Every actor has a row; every evidence sentence is a span with its exact text; stance ones coloured."""
    assert set(dom.rows) == set(result.stances) | set(result.mentioned)
    spans = {(s["start"], s["end"]): s for s in dom.spans}
    for stance in result.values():
        for ev in stance.evidence:
            span = spans[(ev.start, ev.end)]
            assert html.unescape(span["text"]) == ev.sentence
            if ev.label != "none":
                assert "ev" in span["class"] and any(c.startswith("ev-") for c in span["class"])


def test_markup_holds_every_actor_and_evidence_sentence(seed_result, seed_text):
    page = render_html(seed_result, title="Seed")
    assert "http://" not in page and "https://" not in page  # self-contained: nothing to fetch
    dom = index(page)
    check_report_dom(dom, seed_result)
    # the whole text is there, in order, with nothing lost between sentences
    assert html.unescape(page).count(seed_text.splitlines()[0]) >= 1


def test_fragment_for_jupyter_and_result_without_text(seed_result):
    frag = seed_result._repr_html_()
    assert frag.startswith('<div class="stancelib-report">') and "<html" not in frag
    no_text = stancelib.StanceResult.from_dict({**seed_result.to_dict(), "text": None})
    check_report_dom(index(render_html(no_text)), no_text)
    with pytest.raises(TypeError):
        render_html({"not": "a result"})


def test_script_data_cannot_break_out_of_its_element():
    from stancelib.aggregate import aggregate
    from stancelib.results import PairPrediction

    text = 'Putin said "</script><b>x</b>" would mean war.'
    r = aggregate([PairPrediction(text, 0, len(text), "Vladimir Putin", "oppose",
                                  {"support": .1, "oppose": .7, "hedge": .1, "none": .1})], text=text)
    page = render_html(r)
    assert page.count("</script>") == 2  # the data block's and the code block's own closing tags
    assert "<b>x</b>" not in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        if os.environ.get("STANCELIB_BROWSER_TESTS") == "require":
            pytest.fail("chromium is required (STANCELIB_BROWSER_TESTS=require) but not installed")
        pytest.skip("no chromium here; .ci/run installs Debian's chromium and requires this test")
    return exe


def _run_browser(exe, tmp_path, *args, url):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}"]
    proc = subprocess.run([exe, *flags, *args, url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_report_in_a_real_browser(browser, seed_result, tmp_path):
    path = write_html(seed_result, tmp_path / "seed.html", title="Seed article")
    # 1. the DOM the browser built holds every actor and every evidence sentence
    dom = index(_run_browser(browser, tmp_path, "--dump-dom", url=path.as_uri()))
    check_report_dom(dom, seed_result)
    assert not any("dim" in s["class"] for s in dom.spans)  # nothing selected yet
    # 2. selecting an actor (the #actor= link runs the same code as a click) focuses its sentences
    putin = seed_result["Vladimir Putin"]
    dom = index(_run_browser(browser, tmp_path, "--dump-dom", url=path.as_uri() + "#actor=Vladimir%20Putin"))
    focused = {(s["start"], s["end"]) for s in dom.spans if "focus" in s["class"]}
    assert focused == {(e.start, e.end) for e in putin.evidence}
    assert all("dim" in s["class"] for s in dom.spans if (s["start"], s["end"]) not in focused)
    assert "Vladimir Putin" in dom.detail and all(e.sentence[:40] in dom.detail for e in putin.evidence)
    # 3. a screenshot, with the stance colours really painted
    shot = tmp_path / "report.png"
    _run_browser(browser, tmp_path, f"--screenshot={shot}", "--window-size=1280,1400", url=path.as_uri())
    from matplotlib.image import imread

    img = imread(shot)[:, :, :3]
    assert img.shape[0] >= 1000 and img.shape[1] >= 1200

    def painted(hex_colour, tol=0.03):
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        return (abs(img - rgb).max(axis=2) < tol).sum()

    for label in {e.label for s in seed_result.values() for e in s.stance_evidence}:
        assert painted(TINTS[label]) > 2000, f"no {label} highlighting in the screenshot"
        assert painted(COLOURS[label]) > 200, f"no {label} score bars or tags in the screenshot"
    keep = os.environ.get("STANCELIB_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
