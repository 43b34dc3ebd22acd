"""Issue 14's rewrite figures over a folder of real resumes, in one process.

    python bench/rewrites.py                      # the real-resume set restored in /tmp/realdev/files
    python bench/rewrites.py DIR --json
    python bench/rewrites.py --examples 50 --kind reframe     # print a seeded sample to read locally

Figures (every suggestion counted is one the claim guard let through):
- bullet share: of the bullets the independent extractor (../shared/realdev/extract_bullets.py)
  finds, those carrying a research finding (matched to retitle's block as `evaluate.py tagging`
  matches: partial ratio >= 90, and the finding's words inside the bullet), with a safe reframe
  of one of those findings. The issue's ">= 50%" is this figure.
- block share: research-flagged blocks with a safe reframe (no extractor needed).
- rewrites flagged words: safe reframes in which the finding's words no longer stand as words
  ("predict" in "a prediction model" is rewritten; `retitle.rewrite.reframe.keeps_flagged`).
- trim fragments: trims whose kept text is no sentence (`retitle.rewrite.is_fragment`).
- "seed" in reports, text reports within 30 + 6 x findings lines.
- independent claim check: reframes holding a word or number that is neither in the bullet nor
  in lexicons/reframe.yaml (a swapped verb or a built noun comes from there).
`--examples` prints real resume text: read it on your machine, never commit it.
Needs rapidfuzz (a tool of the measurement, like evaluate.py's).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDEV = Path(os.environ.get("REALDEV", "/tmp/realdev/files"))
EXTRACTOR = ROOT.parent / "shared" / "realdev"
MATCH_RATIO = 90  # evaluate.py tagging's match of an extracted bullet to a block
KINDS = ("reframe", "trim", "bullet-missing")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a (0/0)"


def _product_words(report, text: str) -> str:
    """The text report and every JSON string without the resume's own words (its blocks, the
    suggestions made from them, the fields read off it): a resume may say "seed"; the product may not."""
    own_text = "\n".join(b.text for b in report.document.blocks)
    own = sorted({b.text for b in report.document.blocks} | {s.text for f in report.findings for s in f.suggestions}
                 | {f.text for f in report.findings}, key=len, reverse=True)
    for words in own:
        text = text.replace(words, "")

    def strings(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str) and node not in own_text and node not in own:
            yield node

    return text + "\n".join(strings(report.to_dict()))


def measure(files: list[Path]) -> tuple[dict, dict[str, list]]:
    from rapidfuzz import fuzz

    from retitle import analyze
    from retitle.errors import RetitleError
    from retitle.render.text import render as render_text
    from retitle.rewrite import is_fragment
    from retitle.rewrite.reframe import keeps_flagged

    sys.path.insert(0, str(EXTRACTOR))
    from extract_bullets import extract, norm

    vocab = set(re.findall(r"[a-z]+", (ROOT / "lexicons" / "reframe.yaml").read_text().lower()))
    vocab |= {"a", "an", "the", "for", "of", "by", "i", "we", "and", "that"}

    def matches(bullet: str, block: str) -> bool:
        if not block:
            return False
        if len(bullet) <= len(block):
            return fuzz.partial_ratio(bullet, block) >= MATCH_RATIO
        return fuzz.partial_ratio(block, bullet) >= MATCH_RATIO and len(block) >= 0.5 * len(bullet)

    def added_words(before: str, after: str) -> list[str]:
        had = set(re.findall(r"[a-z]+", before.lower()))
        stems = {w[:5] for w in had}
        out = [w for w in re.findall(r"[a-z]+", after.lower()) if w not in had and w not in vocab and w[:5] not in stems]
        numbers = set(re.findall(r"\d+(?:\.\d+)?", before))
        return out + [n for n in re.findall(r"\d+(?:\.\d+)?", after) if n not in numbers]

    n = dict.fromkeys(("reports", "blocks", "blocks_reframed", "reframes", "rewrite_words", "trims", "trim_fragments",
                       "seed", "within", "bullets", "bullets_flagged", "bullets_reframed"), 0)
    failed, suspicious = [], []
    pairs: dict[str, list] = {k: [] for k in KINDS}
    for path in files:
        try:
            report = analyze(path)
        except RetitleError as exc:
            failed.append(f"{path.name}: {exc}")
            continue
        n["reports"] += 1
        text = render_text(report)
        if "seed" in _product_words(report, text).lower():
            n["seed"] += 1
        n["within"] += len(text.rstrip("\n").splitlines()) <= 30 + 6 * len(report.findings)
        by_block: dict[str, list] = {}
        for f in report.findings:
            by_block.setdefault(f.block_id, []).append(f)
        try:
            bullets = extract(str(path))
        except ValueError:
            bullets = []
        block_text = {b.id: norm(b.text) for b in report.document.blocks}
        for bullet in bullets:
            n["bullets"] += 1
            t = norm(bullet)
            found = [f for bid, fs in by_block.items() if matches(t, block_text[bid]) for f in fs
                     if f.code.startswith("RP") and norm(f.text) and norm(f.text) in t]
            if not found:
                continue
            n["bullets_flagged"] += 1
            if any(s.kind == "reframe" and s.safe for f in found for s in f.suggestions):
                n["bullets_reframed"] += 1
            else:
                pairs["bullet-missing"].append((path.name, bullet, ", ".join(f"{f.code} «{f.text}»" for f in found)))
        for block_id, fs in by_block.items():
            block = report.block(block_id)
            n["blocks"] += 1
            safe = [(f, s) for f in fs for s in f.suggestions if s.kind == "reframe" and s.safe]
            n["blocks_reframed"] += bool(safe)
            for f, s in safe:
                n["reframes"] += 1
                n["rewrite_words"] += not keeps_flagged(f.text, s.text)
                if added_words(block.text, s.text):
                    suspicious.append(added_words(block.text, s.text))
                pairs["reframe"].append((path.name, block.text, s.text, f"{f.code} «{f.text}»"))
            for f in fs:
                for s in f.suggestions:
                    if s.kind == "trim":
                        n["trims"] += 1
                        n["trim_fragments"] += is_fragment(s.text, block.text)
                        pairs["trim"].append((path.name, block.text, s.text, s.reason or ""))
    figures = {
        "files": len(files), "failed": failed,
        "bullet_safe_reframe_share": _pct(n["bullets_reframed"], n["bullets_flagged"]) + f" of {n['bullets']} extracted bullets",
        "block_safe_reframe_share": _pct(n["blocks_reframed"], n["blocks"]),
        "reframes_rewrite_flagged_words": _pct(n["rewrite_words"], n["reframes"]),
        "trim_fragments": _pct(n["trim_fragments"], n["trims"]),
        "reports_saying_seed": f"{n['seed']}/{n['reports']} (outside the resume's own words)",
        "text_reports_within_30_plus_6n": _pct(n["within"], n["reports"]),
        "independent_check": f"{len(suspicious)} reframes with words of neither: "
                             + ", ".join(sorted({w for ws in suspicious for w in ws})),
    }
    return figures, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=REALDEV)
    ap.add_argument("--json", action="store_true", help="the figures as one JSON object")
    ap.add_argument("--examples", type=int, default=0, help="print N seeded examples of --kind (local reading only)")
    ap.add_argument("--kind", choices=KINDS, default="reframe")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    if not args.dir.is_dir():
        sys.exit(f"bench/rewrites.py: {args.dir}: no such folder (restore the real-resume set first)")
    try:
        import rapidfuzz  # noqa: F401
    except ImportError:
        sys.exit("bench/rewrites.py: needs rapidfuzz (pip install rapidfuzz), as evaluate.py does")
    start = time.perf_counter()
    figures, pairs = measure(sorted(p for p in args.dir.iterdir() if p.is_file()))
    figures["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:32} {value}")
    pool = pairs[args.kind]
    for item in random.Random(args.seed).sample(pool, min(args.examples, len(pool))):
        print("-" * 78)
        print("\n".join(["FILE   " + item[0], "BEFORE " + item[1], *("       " + str(x) for x in item[2:])]))


if __name__ == "__main__":
    main()
