"""PDF parse time per page: retitle's parser next to pdfminer's own `extract_text` on the same files.

    python bench/parse_bench.py            # corpus PDFs (../shared/corpus, if present) + samples/
    python bench/parse_bench.py --no-write # print only

Each file is timed `--repeat` times (best run kept, so a busy machine does not inflate
the figures) and the table is written to docs/PERFORMANCE.md, section "PDF parsing".
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DOC = ROOT / "docs" / "PERFORMANCE.md"
SECTION = "## PDF parsing"


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(files: list[Path], repeat: int) -> list[tuple[str, int, float, float]]:
    from pdfminer.high_level import extract_text

    from retitle.parse import parse

    rows = []
    for path in files:
        doc = parse(path)  # also warms imports and pdfminer's caches for both sides
        ours = best_of(repeat, lambda: parse(path))
        theirs = best_of(repeat, lambda: extract_text(str(path)))
        rows.append((path.name, doc.pages or 1, ours, theirs))
    return rows


def render(rows: list[tuple[str, int, float, float]], repeat: int) -> str:
    pages = sum(r[1] for r in rows)
    ours = sum(r[2] for r in rows)
    theirs = sum(r[3] for r in rows)
    lines = [
        SECTION,
        "",
        f"`python bench/parse_bench.py` — {len(rows)} PDFs, {pages} pages, best of {repeat} runs each; "
        f"Python {platform.python_version()} on {platform.machine()}.",
        "`retitle` is `retitle.parse.parse` (pdfminer's page interpreter with retitle's own glyph device, no "
        "pdfminer layout analysis; retitle's lines, reading order, headings, bullets and blocks); `extract_text` "
        "is `pdfminer.high_level.extract_text` with its default LAParams.",
        "",
        "| file | pages | retitle ms/page | extract_text ms/page | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, n, a, b in rows:
        lines.append(f"| {name} | {n} | {a / n * 1000:.1f} | {b / n * 1000:.1f} | {a / b:.2f} |")
    lines.append(f"| **all** | {pages} | {ours / pages * 1000:.1f} | {theirs / pages * 1000:.1f} | "
                 f"**{ours / theirs:.2f}** |")
    lines += ["", f"Ratio = retitle time / extract_text time over all files: {ours / theirs:.2f}. retitle skips "
              "pdfminer's layout analysis (lines, boxes, box ordering) and its LTChar objects, and does its own, "
              "so a ratio near or below 1 means the parser's own work costs less than what it replaces.", ""]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replace only this benchmark's section; other sections of the file belong to other benchmarks."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    files = sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []
    files += sorted((ROOT / "samples").glob("*.pdf"))
    if not files:
        sys.exit("no PDFs found")
    text = render(measure(files, args.repeat), args.repeat)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
