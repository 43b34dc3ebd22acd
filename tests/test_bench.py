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
    runs = results["runs"]
    batch, floor = runs["retitle batch (all formats)@1"], runs["pdfminer extract_text (PDFs only)@1"]
    assert batch["files"] == 9 and floor["files"] == 3
    assert runs["retitle batch (PDFs only)@1"]["files"] == floor["files"]  # like for like: the same PDFs
    assert batch["wall_s"] > 0 and batch["worker_peak_mb"] > 0
    assert "text" in results["stages"]


_engines_spec = importlib.util.spec_from_file_location("pdf_engines", ROOT / "bench" / "pdf_engines.py")
pdf_engines = importlib.util.module_from_spec(_engines_spec)
_engines_spec.loader.exec_module(pdf_engines)


def test_pdf_engine_bench_gathers_pdfs_and_writes_only_its_section(tmp_path, monkeypatch):
    source = tmp_path / "src"
    (source / "nested").mkdir(parents=True)
    (source / "a.pdf").write_bytes(b"%PDF-1.4 a")
    (source / "nested" / "a.pdf").write_bytes(b"%PDF-1.4 b")
    (source / "notes.txt").write_text("not a pdf")
    copied = pdf_engines.gather([source, tmp_path / "missing"], tmp_path / "in")
    assert len(copied) == 2 and len({p.name for p in copied}) == 2  # same names kept apart
    results = {"files": 2, "dirs": [str(source)], "repeat": 1, "failed": {"issue": 0, "pdfium": 0, "pdfminer": 1},
               "best": {"pdftotext": 1.0, "issue": 5.5, "pdfium": 4.5, "pdfminer": 12.0},
               "ratio": {"issue": 5.5, "pdfium": 4.5, "pdfminer": 12.0}}
    text = pdf_engines.table(results)
    assert "`retitle analyze DIR --out OUT --no-docx --jobs 1` | 5.50" in text  # the command, HTML included
    assert "**4.50**" in text and "**12.00**" in text and "— not met (5.50×)" in text
    assert "— met (4.50×)" in pdf_engines.table({**results, "ratio": {**results["ratio"], "issue": 4.5}})
    docs = tmp_path / "PERFORMANCE.md"
    docs.write_text("# Performance\n\n## Other\n\nkept\n", encoding="utf-8")
    monkeypatch.setattr(pdf_engines, "DOCS", docs)
    pdf_engines.write_docs(text)
    pdf_engines.write_docs(text.replace("4.50", "4.40"))
    written = docs.read_text(encoding="utf-8")
    assert "kept" in written and written.count(pdf_engines.BEGIN) == 1 and "4.40" in written and "4.50" not in written
