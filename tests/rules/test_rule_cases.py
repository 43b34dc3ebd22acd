"""Every rule against its own case file (tests/rules/cases/<CODE>.yaml), sqlfluff style.

`flag:` texts must produce the rule on exactly the given span; `pass:` texts must not.
Test ids carry the code, so `pytest -k RP001` runs one rule's cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from retitle.engine import Engine
from retitle.lexicon import compile_lexicon

CASES = Path(__file__).resolve().parent / "cases"
LEXICON = compile_lexicon()


def _load(code: str) -> dict:
    return yaml.safe_load((CASES / f"{code}.yaml").read_text(encoding="utf-8"))


def _cases(kind: str):
    for rule in LEXICON.rules:
        path = CASES / f"{rule.code}.yaml"
        if not path.exists():
            continue
        for i, case in enumerate(_load(rule.code).get(kind) or []):
            yield pytest.param(rule.code, case, id=f"{rule.code}-{kind}-{i}")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(LEXICON)


def _hits(engine: Engine, code: str, text: str) -> list[str]:
    _, findings, evidence = engine.analyze_texts([text])
    return [h.text for h in [*findings, *evidence] if h.code == code]


@pytest.mark.parametrize("code", [r.code for r in LEXICON.rules])
def test_every_rule_has_a_case_file(code):
    data = _load(code)
    assert data["rule"] == code
    assert len(data.get("flag") or []) >= 1 and len(data.get("pass") or []) >= 1


@pytest.mark.parametrize(("code", "case"), list(_cases("flag")))
def test_rule_flags(engine, code, case):
    assert case["span"] in _hits(engine, code, case["text"]), f"{code} should flag “{case['span']}”"


@pytest.mark.parametrize(("code", "case"), list(_cases("pass")))
def test_rule_passes(engine, code, case):
    assert _hits(engine, code, case) == []


@pytest.mark.parametrize(("code", "case"), [p for p in _cases("flag") if p.values[0].startswith("SF")])
def test_systems_examples_draw_no_research_finding(engine, code, case):
    """No research rule fires on another rule's systems-framing example."""
    _, findings, _ = engine.analyze_texts([case["text"]])
    assert [f.code for f in findings] == []


@pytest.mark.parametrize(("code", "case"), list(_cases("pass")))
def test_pass_examples_draw_no_research_finding_at_all(engine, code, case):
    """A rule's must-not-flag examples (systems framings, look-alikes) are clean for every rule."""
    _, findings, _ = engine.analyze_texts([case])
    assert [(f.code, f.text) for f in findings] == []


def _templates():
    for rule in LEXICON.research_rules:
        for i, rewrite in enumerate(rule.rewrites):
            if rewrite["kind"] == "prompt":
                yield pytest.param(rule.code, f"{rewrite['question']} {rewrite['template']}", id=f"{rule.code}-prompt-{i}")


@pytest.mark.parametrize(("code", "text"), list(_templates()))
def test_suggestion_templates_not_flagged_by_another_rule(engine, code, text):
    _, findings, _ = engine.analyze_texts([text])
    assert [(f.code, f.text) for f in findings if f.code != code] == []
