"""Engine throughput on already-parsed text, next to spaCy's bare tokenizer on the same text.

The text is every bullet of the labelled set (bench/data/bullets.tsv) plus the sample resume's
blocks, repeated to about 100,000 words. Parsing is not timed: the engine gets a ready Document.
Single process, single thread; CPU time of this process (time.process_time, so other load on a
shared machine does not count), best of --repeat runs.

    python bench/engine_bench.py [--words 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import spacy

from retitle.engine import Engine
from retitle.lexicon import compile_lexicon
from retitle.model import Anchor, Document
from retitle.parse import parse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from quality import load_rows  # noqa: E402


def corpus(words: int) -> list[tuple[str, str]]:
    """(section, text) pairs of bullets and paragraphs, repeated to at least `words` words."""
    base = [("experience", r["text"]) for r in load_rows()]
    sample = parse(HERE.parent / "samples" / "ada_okafor_resume.md")
    base += [(b.section, b.text) for b in sample.blocks if b.kind in ("bullet", "paragraph")]
    per_round = sum(len(t.split()) for _, t in base)
    return base * (words // per_round + 1)


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    blocks = corpus(args.words)
    words = sum(len(t.split()) for _, t in blocks)
    doc = Document(path="<bench>", format="text")
    for section, text in blocks:
        doc.add("bullet", section, text, Anchor(kind="text"))
    engine = Engine(compile_lexicon())
    tokenizer = spacy.blank("en").tokenizer
    texts = [t for _, t in blocks]
    findings = len(engine.analyze(doc)[0])  # warm-up, and a sanity figure
    t_tok = best_of(args.repeat, lambda: list(tokenizer.pipe(texts)))
    t_eng = best_of(args.repeat, lambda: engine.analyze(doc))
    print(f"Python {platform.python_version()}, spaCy {spacy.__version__}, {platform.machine()}; "
          f"{len(texts)} blocks, {words} words, {findings} findings; best of {args.repeat}")
    print(f"{'':<28} {'seconds':>8} {'words/s':>10}")
    print(f"{'spaCy blank tokenizer':<28} {t_tok:>8.3f} {words / t_tok:>10,.0f}")
    print(f"{'retitle engine (all rules)':<28} {t_eng:>8.3f} {words / t_eng:>10,.0f}")
    print(f"engine / tokenizer time: {t_eng / t_tok:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
