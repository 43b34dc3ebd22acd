"""The batch benchmark's short mode runs end to end (figures go to docs/, never asserted here)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("batch_bench", ROOT / "bench" / "batch_bench.py")
batch_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(batch_bench)


def test_generator_makes_a_mixed_batch_with_varied_copies(tmp_path):
    counts = batch_bench.generate(tmp_path, 12)
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == 12 and counts["pdf"] == counts["docx"] == counts["text"] == 4
    texts = [p.read_bytes() for p in files if p.suffix in (".md", ".txt")]
    pdfs = [p.read_bytes() for p in files if p.suffix == ".pdf"]
    assert len(set(texts)) == len(texts) and len(set(pdfs)) == len(pdfs)


def test_short_mode_measures_every_run(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "batch_bench.py"), "--n", "9", "--jobs", "1", "--json",
                           "--dir", str(tmp_path / "batch")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    batch, floor = results["runs"]["retitle batch@1"], results["runs"]["pdfminer extract_text (PDFs only)@1"]
    assert batch["files"] == 9 and floor["files"] == 3
    assert batch["wall_s"] > 0 and batch["worker_peak_mb"] > 0
    assert "text" in results["stages"]
