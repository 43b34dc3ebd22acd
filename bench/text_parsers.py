"""Throughput of the text-side parsers (text, Markdown, LaTeX, JSON Resume) on generated resumes.

Run: python bench/text_parsers.py [--entries N]   (writes docs/BENCH_TEXT_PARSERS.md)
The inputs are synthetic and fictional; the figure that matters is MB/s on this machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from retitle.parse import _parser

ROOT = Path(__file__).resolve().parent.parent
BULLET = "Tuned hyperparameters for ranking model {j}, cutting serving cost by 4% at 2k req/s"


def make_inputs(entries: int) -> dict[str, tuple[str, bytes]]:
    txt, md, tex, work = ["EXPERIENCE", ""], ["## Experience", ""], [
        "\\documentclass{article}", "\\begin{document}", "\\section{Experience}"], []
    for i in range(entries):
        txt.append(f"ML Engineer — Org {i} | Jan 2020 – Present")
        md.append(f"### ML Engineer, Org {i} (Jan 2020 – Present)")
        tex.append(f"\\resumeSubheading{{Org {i}}}{{City}}{{ML Engineer}}{{Jan 2020 -- Present}}")
        tex.append("\\resumeItemListStart")
        for j in range(4):
            txt.append("- " + BULLET.format(j=j))
            md.append("- **" + BULLET.format(j=j).replace(" for", "** for", 1))
            tex.append("  \\resumeItem{" + BULLET.format(j=j).replace("%", "\\%") + "} % note")
        tex.append("\\resumeItemListEnd")
        txt.append("")
        md.append("")
        work.append({"name": f"Org {i}", "position": "ML Engineer", "startDate": "2020-01",
                     "highlights": [BULLET.format(j=j) for j in range(4)]})
    tex.append("\\end{document}")
    return {
        "text": ("r.txt", "\n".join(txt).encode()),
        "markdown": ("r.md", "\n".join(md).encode()),
        "latex": ("r.tex", "\n".join(tex).encode()),
        "jsonresume": ("r.json", json.dumps({"work": work}).encode()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--entries", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "BENCH_TEXT_PARSERS.md")
    args = ap.parse_args()
    rows = []
    for fmt, (name, data) in make_inputs(args.entries).items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            doc = _parser(fmt)(Path(name), data)
            best = min(best, time.perf_counter() - start)
        rows.append((fmt, len(data) / 1e6, len(doc.blocks), best, len(data) / 1e6 / best))
    lines = [
        "# Text-side parser throughput", "",
        f"`python bench/text_parsers.py --entries {args.entries}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()} (best of 3; synthetic resumes, 4 bullets per entry).", "",
        "| format | input MB | blocks | seconds | MB/s |", "|---|---|---|---|---|",
    ] + [f"| {f} | {mb:.2f} | {n} | {s:.2f} | {rate:.2f} |" for f, mb, n, s, rate in rows] + [
        "", "A real resume is 5–50 KB: every format parses in well under 0.1 s.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
