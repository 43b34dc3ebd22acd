"""The lexicons ship inside the wheel and are found through importlib.resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_every_lexicon_file(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(Path(tmp_path).glob("retitle-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "retitle/lexicons/" + p.relative_to(ROOT / "lexicons").as_posix()
        for p in (ROOT / "lexicons").rglob("*") if p.is_file()
    }
    assert shipped and shipped <= names
    assert "retitle/lexicons/rules/training.yaml" in names
    assert "retitle/lexicons/lists.yaml" in names  # the shared lists the rules' `$name` entries use
    assert {f"retitle/lexicon/{m}.py" for m in ("schema", "problems", "load", "compiled")} <= names
    assert "retitle/schema/report-v1.schema.json" in names
    templates = {"retitle/render/templates/" + p.name for p in (ROOT / "src/retitle/render/templates").iterdir()}
    assert {"retitle/render/templates/page.html.j2", "retitle/render/templates/style.css"} <= templates <= names


def test_lexicons_found_through_package_resources():
    from retitle.lexicon import compile_lexicon, shipped_dir

    assert (shipped_dir() / "skill_matrix.yaml").is_file()
    assert len(compile_lexicon().areas) == 6
