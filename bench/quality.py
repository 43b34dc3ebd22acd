"""Bullet-level precision and recall of research-phrasing detection on the labelled set.

A bullet counts as flagged when the engine reports at least one research-phrasing (RP) finding.
Positives are bullets labelled `research` or `mixed`; `systems` and `neutral` are negatives.
Figures are reported per split: `dev` (the rules were tuned on it), each held-out set `heldout-vN`
(never tuned on), all held-out sets together (`heldout`) and everything (`all`).

    python bench/quality.py                 # every split
    python bench/quality.py --split dev     # only the dev split (what to look at while tuning)
    python bench/quality.py --errors        # also list misses and false alarms
    python bench/quality.py --json          # machine-readable figures
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from retitle.engine import Engine
from retitle.lexicon import compile_lexicon

DATASET = Path(__file__).resolve().parent / "data" / "bullets.tsv"
LABELS = ("research", "mixed", "systems", "neutral")
POSITIVE = ("research", "mixed")
SPLIT = re.compile(r"dev|heldout-v\d+")


def load_rows(path: Path = DATASET) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = [dict(zip(("label", "split", "source", "text"), r)) for r in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]
    for row in rows:
        if row.get("label") not in LABELS or not SPLIT.fullmatch(row.get("split") or "") or not row.get("text"):
            raise ValueError(f"bad row in {path}: {row}")
    return rows


def flagged_codes(engine: Engine, texts: list[str]) -> list[list[str]]:
    """The RP codes found in each text, analysed as an experience bullet."""
    doc, findings, _ = engine.analyze_texts(t.strip() for t in texts)
    by_block: dict[str, list[str]] = {b.id: [] for b in doc.blocks}
    for f in findings:
        by_block[f.block_id].append(f.code)
    return [by_block[b.id] for b in doc.blocks]


def in_split(row: dict[str, str], split: str) -> bool:
    """`heldout` groups every held-out set; `all` is every row."""
    return split == "all" or row["split"] == split or (split == "heldout" and row["split"] != "dev")


def evaluate(rows: list[dict[str, str]], engine: Engine) -> dict:
    codes = flagged_codes(engine, [r["text"] for r in rows])
    out = {}
    for split in [*dict.fromkeys(r["split"] for r in rows), "heldout", "all"]:
        picked = [(r, c) for r, c in zip(rows, codes) if in_split(r, split)]
        if not picked:
            continue
        tp = sum(1 for r, c in picked if c and r["label"] in POSITIVE)
        fp = sum(1 for r, c in picked if c and r["label"] not in POSITIVE)
        fn = sum(1 for r, c in picked if not c and r["label"] in POSITIVE)
        out[split] = {
            "bullets": len(picked),
            "positives": tp + fn,
            "tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "misses": [r["text"] for r, c in picked if not c and r["label"] in POSITIVE],
            "false_alarms": [f"{r['text']}  [{', '.join(c)}]" for r, c in picked if c and r["label"] not in POSITIVE],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATASET)
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--split", help="evaluate only this split (dev, heldout-vN or heldout)")
    args = parser.parse_args(argv)
    rows = load_rows(args.data)
    if args.split:
        rows = [r for r in rows if in_split(r, args.split)]
    result = evaluate(rows, Engine(compile_lexicon()))
    if args.json:
        print(json.dumps({k: {m: v for m, v in r.items() if m not in ("misses", "false_alarms")}
                          for k, r in result.items()}, indent=2))
        return 0
    print(f"{'split':<11} {'bullets':>7} {'pos':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for split, r in result.items():
        print(f"{split:<11} {r['bullets']:>7} {r['positives']:>4} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} "
              f"{r['precision']!s:>9} {r['recall']!s:>7}")
        if args.errors and split not in ("heldout", "all"):
            for text in r["misses"]:
                print(f"  miss  {text}")
            for text in r["false_alarms"]:
                print(f"  false {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
