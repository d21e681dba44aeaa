"""The README's Python examples run as written (in a scratch folder holding the seed article)."""
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("k", range(len(BLOCKS)))
def test_readme_example_runs(k, tmp_path, monkeypatch):
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[k], f"README.md python block {k + 1}", "exec"), {"__name__": "readme"})
    made = {p.name for p in tmp_path.rglob("*")} - {"seeds"}
    for name in ("report.html", "actors.png", "time.png", "bipartite.graphml"):
        if name in BLOCKS[k]:
            assert name in made, f"{name} was not written"
