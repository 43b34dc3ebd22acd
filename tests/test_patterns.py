"""The anchored pattern evaluator finds exactly what spaCy's Matcher finds, for every shipped pattern."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.matcher import Matcher

from retitle.nlp import build_nlp
from retitle.lexicon import compile_lexicon
from retitle.patterns import TokenPatterns, compile_pattern

ROOT = Path(__file__).resolve().parent.parent
LEX = compile_lexicon()
NLP = build_nlp(LEX.lemmas)


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        texts += [c["text"] for c in data.get("flag") or []] + list(data.get("pass") or [])
    for line in (ROOT / "bench" / "data" / "bullets.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            texts.append(line.split("\t")[3])
    texts += (ROOT / "samples" / "ada_okafor_resume.txt").read_text().splitlines()
    texts += ["", "Pre-trained models.", "Co-authored 3 papers at ICML, NeurIPS and ICLR; cited 120 times.",
              "94 % accuracy on ImageNet; accuracy of 0.91 on the held-out set."]
    return texts


@pytest.mark.parametrize("rule", [r for r in LEX.rules if r.patterns], ids=lambda r: r.code)
def test_evaluator_agrees_with_spacy_matcher(rule):
    spacy_matcher = Matcher(NLP.vocab, validate=True)
    ours = TokenPatterns()
    for i, pattern in enumerate(rule.patterns):
        spacy_matcher.add(f"{rule.code}:{i}", [pattern])
        compiled = compile_pattern(f"{rule.code}:{i}", list(pattern), NLP.vocab.strings)
        assert compiled is not None, "shipped patterns should all run on the fast evaluator"
        ours.add(compiled)
    for doc in NLP.pipe(_texts()):
        expected = sorted((NLP.vocab.strings[k], s, e) for k, s, e in spacy_matcher(doc))
        assert sorted(ours(doc)) == expected, doc.text


def test_unsupported_patterns_are_left_to_spacy():
    assert compile_pattern("x", [{"LEMMA": "train", "OP": "+"}], NLP.vocab.strings) is None
    assert compile_pattern("x", [{"POS": "VERB"}], NLP.vocab.strings) is None
    assert compile_pattern("x", [{"LIKE_NUM": True}], NLP.vocab.strings) is None  # no word to anchor on
