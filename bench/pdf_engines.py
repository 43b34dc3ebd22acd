"""retitle with each PDF engine against poppler's pdftotext, over the same folder of PDFs, in one run.

    python bench/pdf_engines.py                  # real resumes (when restored), corpus and sample PDFs
    python bench/pdf_engines.py --write-docs     # and put the table in docs/PERFORMANCE.md
    python bench/pdf_engines.py DIR ... --repeat 3

The PDFs are copied into one folder. Timed, in interleaved rounds, each keeping its fastest
(wall-clock, whole commands, start-up included):

- `pdftotext FILE OUT.txt` once per PDF (the floor: poppler's C++ text extraction);
- `retitle analyze DIR --out OUT --no-docx --jobs 1`, issue 18's command as a user runs it: the
  default engine (auto: PDFium when it reads the file), a JSON report and an HTML page per file
  and the index;
- the same with `--no-html --pdf-engine E` for E = pdfium and pdfminer: the JSON reports only.

Ratios are retitle's time over pdftotext's time in the same round set; the target of issue 18 is
the first retitle row within 5×.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "PERFORMANCE.md"
DEFAULT_DIRS = [Path(os.environ.get("REALDEV", "/tmp/realdev/files")), ROOT.parent / "shared" / "corpus", ROOT / "samples"]
BEGIN, END = "<!-- pdf-engines:begin -->", "<!-- pdf-engines:end -->"
# Each retitle run: its name in the results and the options after `analyze DIR --out OUT`.
RUNS = {
    "issue": ["--no-docx", "--jobs", "1"],
    "pdfium": ["--no-docx", "--no-html", "--jobs", "1", "--pdf-engine", "pdfium"],
    "pdfminer": ["--no-docx", "--no-html", "--jobs", "1", "--pdf-engine", "pdfminer"],
}
TARGET = 5.0


def gather(dirs: list[Path], into: Path) -> list[Path]:
    """Copy every PDF below `dirs` into one folder (flat, names made unique)."""
    into.mkdir(parents=True, exist_ok=True)
    copied = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for index, pdf in enumerate(sorted(folder.rglob("*.pdf"))):
            target = into / f"{folder.name}-{index:03d}-{pdf.name}"
            shutil.copyfile(pdf, target)
            copied.append(target)
    return copied


def time_pdftotext(pdfs: list[Path], scratch: Path) -> float:
    start = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", str(pdf), str(scratch / "out.txt")], capture_output=True, check=False)
    return time.perf_counter() - start


def time_retitle(folder: Path, out: Path, options: list[str]) -> tuple[float, int]:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("RETITLE_PDF_ENGINE", None)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "retitle", "analyze", str(folder), "--out", str(out), *options],
                          capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):  # 3: some file could not be read, which the summary counts
        raise SystemExit(f"retitle {' '.join(options)} failed ({proc.returncode}): {proc.stderr.strip()[-400:]}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return elapsed, summary["failed"]


def measure(dirs: list[Path], repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="pdf-engines-") as tmp:
        tmp_path = Path(tmp)
        pdfs = gather(dirs, tmp_path / "in")
        if not pdfs:
            raise SystemExit("no PDFs found in " + ", ".join(map(str, dirs)))
        best: dict[str, float] = {}
        failed: dict[str, int] = {}
        for _ in range(repeat):
            runs = {"pdftotext": time_pdftotext(pdfs, tmp_path)}
            for name, options in RUNS.items():
                runs[name], failed[name] = time_retitle(tmp_path / "in", tmp_path / f"out-{name}", options)
            for name, seconds in runs.items():
                best[name] = min(best.get(name, seconds), seconds)
        return {"files": len(pdfs), "dirs": [str(d) for d in dirs if d.is_dir()], "repeat": repeat,
                "best": best, "failed": failed,
                "ratio": {name: best[name] / best["pdftotext"] for name in RUNS}}


def table(results: dict) -> str:
    best, ratio = results["best"], results["ratio"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Measured {date.today().isoformat()}: {results['files']} PDFs ({', '.join(results['dirs'])}), "
        f"best of {results['repeat']} interleaved rounds, wall clock of whole commands; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, 1-minute load {load:.1f} at the end.",
        "",
        "| run | seconds | per PDF (ms) | × pdftotext | failed files |",
        "|---|---:|---:|---:|---:|",
        f"| `pdftotext FILE` per PDF | {best['pdftotext']:.2f} | {1000 * best['pdftotext'] / results['files']:.0f} | 1.00 | — |",
    ]
    for name, options in RUNS.items():
        lines.append(f"| `retitle analyze DIR --out OUT {' '.join(options)}` | {best[name]:.2f} | "
                     f"{1000 * best[name] / results['files']:.0f} | **{ratio[name]:.2f}** | {results['failed'][name]} |")
    verdict = "met" if ratio["issue"] <= TARGET else "not met"
    lines += ["", f"Target: issue 18's command within {TARGET:g}× pdftotext — {verdict} ({ratio['issue']:.2f}×); "
                  f"JSON only: PDFium {ratio['pdfium']:.2f}×, pdfminer {ratio['pdfminer']:.2f}×."]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Replace only this benchmark's section between its markers."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current:
        current = current[:current.index(BEGIN)] + block + current[current.index(END) + len(END):]
    else:
        current = current.rstrip() + ("\n\n## PDF engines against pdftotext\n\n"
                                      "Reproduce: `python bench/pdf_engines.py --write-docs`.\n\n" + block + "\n")
    DOCS.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of PDFs (default: real resumes, corpus, samples)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each run keeps its fastest")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--write-docs", action="store_true", help="update docs/PERFORMANCE.md")
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        raise SystemExit("pdftotext (poppler-utils) is not on PATH")
    results = measure(args.dirs or DEFAULT_DIRS, args.repeat)
    text = table(results)
    print(json.dumps(results, indent=2) if args.json else text)
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
