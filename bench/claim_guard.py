"""Detection and false-alarm rates of the claim guard on the labelled rewrite pairs.

    python bench/claim_guard.py [tests/data/claim_pairs.yaml] [--misses]

Detection: inflated pairs the guard flags / inflated pairs. False alarms: honest pairs the guard
flags / honest pairs. Figures go in docs/CLAIM_GUARD.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from retitle.api import _rewriter

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.yaml"


def measure(path: Path = DATA) -> dict:
    guard = _rewriter(()).guard
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    misses, alarms, by_kind = [], [], {}
    for pair in pairs:
        added = guard.added(pair["before"], pair["after"])
        if pair["inflated"]:
            kind = pair.get("kind", "other")
            hit, total = by_kind.get(kind, (0, 0))
            by_kind[kind] = (hit + bool(added), total + 1)
            if not added:
                misses.append(pair)
        elif added:
            alarms.append((pair, added))
    inflated = sum(p["inflated"] for p in pairs)
    honest = len(pairs) - inflated
    return {"pairs": len(pairs), "inflated": inflated, "honest": honest,
            "detection": (inflated - len(misses)) / inflated, "false_alarms": len(alarms) / honest,
            "by_kind": by_kind, "misses": misses, "alarms": alarms}


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    result = measure(Path(args[0]) if args else DATA)
    print(f"pairs: {result['pairs']} ({result['inflated']} inflated, {result['honest']} honest)")
    print(f"detection:    {result['detection']:.1%}")
    print(f"false alarms: {result['false_alarms']:.1%}")
    for kind, (hit, total) in sorted(result["by_kind"].items()):
        print(f"  {kind:<18} {hit}/{total}")
    if "--misses" in argv:
        for pair in result["misses"]:
            print(f"MISSED: {pair['before']} -> {pair['after']}")
        for pair, added in result["alarms"]:
            print(f"FALSE ALARM: {pair['before']} -> {pair['after']}: {[a.detail for a in added]}")


if __name__ == "__main__":
    main(sys.argv[1:])
