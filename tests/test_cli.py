"""The `stancelib` command line: inputs, formats, exit codes (baseline model, in-process)."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stancelib import StanceResult
from stancelib.cli import ACTOR_COLUMNS, UsageError, main, read_inputs

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_1a0e0990b6052ff4.txt"

ONE = "Scholz refused again to send Taurus missiles, saying Germany would not become a party to the war.\n"
TWO = "Putin warned that strikes deep inside Russia would mean war with NATO.\n"


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "articles"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ONE)
    (d / "sub" / "b.md").write_text(TWO)
    (d / "ignored.pdf").write_bytes(b"%PDF")
    return d


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_for_a_text_file(capsys):
    code, out, err = run(capsys, "classify", str(SEED), "--model", "baseline")
    assert code == 0
    assert out.splitlines()[1].split()[:2] == ["actor", "label"]
    assert "Vladimir Putin" in out and "mentioned, no stance:" in out


def test_json_output_round_trips_into_the_result_type(capsys):
    code, out, _ = run(capsys, "classify", str(SEED), "--model", "baseline", "--format", "json")
    assert code == 0
    d = json.loads(out)
    r = StanceResult.from_dict(d)
    assert r.to_dict() == d
    assert r["Vladimir Putin"].label == "oppose"
    assert r.text == SEED.read_text(encoding="utf-8")


def test_folder_reads_txt_and_md_recursively_in_name_order(folder, capsys):
    code, out, _ = run(capsys, "classify", str(folder), "--model", "baseline", "--format", "jsonl", "--n-process", "2")
    assert code == 0
    recs = [json.loads(l) for l in out.splitlines()]
    assert [Path(r["doc_id"]).name for r in recs] == ["a.txt", "b.md"]
    assert {s["actor"] for s in recs[0]["stances"]} >= {"Olaf Scholz"}


def test_jsonl_input_keeps_ids_and_dates_and_skips_bad_records(tmp_path, capsys):
    f = tmp_path / "news.jsonl"
    f.write_text(json.dumps({"id": "n1", "date": "2024-09-13", "text": TWO}) + "\n{not json\n"
                 + json.dumps({"id": "n2"}) + "\n" + json.dumps({"id": "n3", "text": ONE}) + "\n")
    code, out, err = run(capsys, "classify", str(f), "--model", "baseline", "--format", "csv")
    assert code == 1  # some records were skipped ...
    assert "news.jsonl:2" in err and "news.jsonl:3" in err
    rows = list(csv.DictReader(io.StringIO(out)))  # ... and the rest were written
    assert {(r["doc_id"], r["date"]) for r in rows} == {("n1", "2024-09-13"), ("n3", "")}
    assert next(r for r in rows if r["actor"] == "Vladimir Putin")["label"] == "oppose"


def test_unreadable_file_in_a_batch_is_reported_and_skipped(folder, capsys):
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00 not utf-8 \xc3\x28")
    code, out, err = run(capsys, "classify", str(folder), "--model", "baseline", "--format", "jsonl")
    assert code == 1
    assert "broken.txt" in err and "UTF-8" in err
    assert len(out.splitlines()) == 2


def test_missing_path_names_it_and_exits_2(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    code, out, err = run(capsys, "classify", str(missing), str(SEED), "--model", "baseline")
    assert code == 2 and out == ""
    assert str(missing) in err
    with pytest.raises(UsageError):
        read_inputs([str(missing)])


def test_stdin_statements_and_by_affiliation(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(ONE + TWO))
    code, out, _ = run(capsys, "classify", "-", "--model", "baseline", "--format", "csv", "--statements")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["actor"] for r in rows} >= {"Olaf Scholz", "Vladimir Putin"}
    assert all(r["doc_id"] == "<stdin>" and int(r["end"]) > int(r["start"]) for r in rows)
    monkeypatch.setattr(sys, "stdin", io.StringIO(ONE + TWO))
    code, out, _ = run(capsys, "classify", "-", "--model", "baseline", "--by-affiliation")
    assert code == 0 and "Germany" in out and "Russia" in out


def test_out_file_and_unknown_model(tmp_path, capsys):
    out_file = tmp_path / "r.json"
    code, out, err = run(capsys, "classify", str(SEED), "--model", "baseline", "--format", "json", "-o", str(out_file))
    assert code == 0 and out == "" and str(out_file) in err
    assert StanceResult.from_dict(json.loads(out_file.read_text()))
    code, _, err = run(capsys, "classify", str(SEED), "--model", "nosuch")
    assert code == 2 and "nosuch" in err


def test_report_network_plot_commands(tmp_path, capsys):
    saved = tmp_path / "seed.json"
    assert run(capsys, "classify", str(SEED), "--model", "baseline", "--format", "json", "-o", str(saved))[0] == 0
    html_file = tmp_path / "seed.html"
    code, _, err = run(capsys, "report", str(saved), "-o", str(html_file))  # from the saved result, no model run
    assert code == 0 and html_file.read_text().startswith("<!DOCTYPE html>")
    code, _, _ = run(capsys, "network", str(saved), "-o", str(tmp_path / "net"))
    assert code == 0 and (tmp_path / "net" / "bipartite.graphml").exists()
    code, _, _ = run(capsys, "plot", str(saved), "-o", str(tmp_path / "p.png"))
    assert code == 0 and (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"


def test_installed_console_script_runs_the_default_model_on_the_seed():
    exe = Path(sys.executable).with_name("stancelib")
    if not exe.exists():
        pytest.skip("the console script is not installed (pip install -e .)")
    proc = subprocess.run([str(exe), "classify", str(SEED)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = {l.split()[0] + " " + l.split()[1]: l.split() for l in proc.stdout.splitlines()[2:] if len(l.split()) > 3}
    assert lines["Vladimir Putin"][2] == "oppose"
    assert lines["Volodymyr Zelenskyy"][2] == "support"
    assert "Loading weights" not in proc.stderr


def test_evaluate_and_train_front_ends(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--help"])
    assert exc.value.code == 0 and "stancelib evaluate" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    assert "--encoder" in capsys.readouterr().out


def test_empty_batch_still_writes_a_csv_header(tmp_path, capsys):
    f = tmp_path / "empty.jsonl"
    f.write_text("{broken\n")
    code, out, err = run(capsys, "classify", str(f), "--model", "baseline", "--format", "csv")
    assert code == 1 and out.splitlines() == [",".join(ACTOR_COLUMNS)]


def test_date_option_dates_plain_text_and_resolves_office_titles(tmp_path, capsys):
    f = tmp_path / "berlin.txt"
    f.write_text("Germany's line holds. The chancellor ruled out sending Taurus again.\n")
    code, out, _ = run(capsys, "classify", str(f), "--model", "baseline", "--format", "json", "--date", "2025-09-01")
    assert code == 0
    d = json.loads(out)
    assert d["date"] == "2025-09-01" and "Friedrich Merz" in {s["actor"] for s in d["stances"]}
    code, _, err = run(capsys, "classify", str(f), "--model", "baseline", "--date", "Sept 2025")
    assert code == 2 and "YYYY-MM-DD" in err
