"""Reframes of research findings, trims that leave a sentence, a report in plain words.

Every bullet here is fictional."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

import retitle
from retitle.api import _engine, _rewriter
from retitle.model import Anchor, Document
from retitle.rewrite import is_fragment
from retitle.rewrite.reframe import keeps_flagged
from retitle.render import markdown, text as text_render

ROOT = Path(__file__).resolve().parents[1]


def reframes(text: str, kind: str = "bullet") -> list[tuple[str, str, str]]:
    """(code, flagged words, reframe) for every guarded safe reframe of one block."""
    engine, rewriter = _engine(()), _rewriter(())
    doc = Document("t.md", "markdown")
    block = doc.add(kind, "experience", text, Anchor("text", line=1, column=1))
    findings, _ = engine.analyze(doc)
    rewriter.suggest_all(findings, {block.id: block}, engine.rules)
    return [(f.code, f.text, s.text) for f in findings for s in f.suggestions if s.kind == "reframe" and s.safe]


def only_reframe(text: str, kind: str = "bullet") -> str:
    got = {r for _, _, r in reframes(text, kind)}
    assert len(got) == 1, got
    return got.pop()


@pytest.mark.parametrize("bullet, expected", [
    ("Proposed a novel ranking method for a parcel-routing planner.",
     "Designed a ranking method for a parcel-routing planner."),
    ("Developed a state-of-the-art segmentation model for crop imagery",
     "Built a segmentation model for crop imagery"),
    ("Prediction of churn with a novel gradient-boosted model.", "Predicted churn with a gradient-boosted model."),
])
def test_reframe_rewrites_the_flagged_words_keeping_tense_and_stop(bullet, expected):
    assert only_reframe(bullet) == expected


def test_reframe_touches_only_the_sentence_with_the_finding():
    text = "Wrote the intake service in Go. Proposed a novel caching scheme for lookups. Ran the on-call rota."
    out = only_reframe(text, "paragraph")
    assert out == "Wrote the intake service in Go. Designed a caching scheme for lookups. Ran the on-call rota."


def test_research_focus_sentence_leads_with_the_action():
    out = only_reframe("My current research focuses on building compact speech models for hearing aids.", "paragraph")
    assert out == "I build compact speech models for hearing aids."


def test_reframe_never_leaves_the_flagged_words_or_adds_a_claim():
    for bullet in ("Proposed a novel ranking method for a parcel-routing planner.",
                   "Developed a novel loss for sparse sensor data, reaching 88% recall"):
        guard = _rewriter(()).guard
        for code, flagged, out in reframes(bullet):
            assert not keeps_flagged(flagged, out)
            assert guard.added(bullet, out) == []


@pytest.mark.parametrize("bullet", [
    "Research Assistant, Applied Vision Group",                      # a title, not a verb
    "Designed A/B tests for the onboarding flow with a novel metric",  # tests are not built
    "Published two papers on graph sampling at a workshop.",          # nothing to reframe honestly
    "Conducted research on tidal energy forecasting.",                # "ran research" is no reframe
])
def test_no_reframe_where_the_facts_do_not_allow_one(bullet):
    assert all("Built A/B" not in r and not r.startswith(("Analyse Assistant", "Ran research"))
               for _, _, r in reframes(bullet))
    if not bullet.startswith("Designed"):
        assert reframes(bullet) == []


def test_a_novel_in_a_technical_term_outside_the_finding_stays():
    for _, _, out in reframes("Proposed a novel renderer that synthesises novel views of a room."):
        assert "novel views" in out


@pytest.mark.parametrize("kept, fragment", [
    ("Trained a detector for pallets in warehouse footage.", False),
    ("Oral presen-", True),
    ("Built a parser for the logs of the ingestion service,", True),
    ("Built a parser (for the logs of the ingestion service", True),
    ("Short bit here", True),
])
def test_fragment_check(kept, fragment):
    assert is_fragment(kept, kept) is fragment


def test_trims_leave_a_sentence_and_one_per_bullet():
    engine, rewriter = _engine(()), _rewriter(())
    doc = Document("t.md", "markdown")
    text = ("Trained a CNN for pallet detection in warehouse video, published at a workshop, "
            "and ran ablation studies on three augmentation schemes.")
    block = doc.add("bullet", "experience", text, Anchor("text", line=1, column=1))
    findings, _ = engine.analyze(doc)
    rewriter.suggest_all(findings, {block.id: block}, engine.rules)
    trims = [s for f in findings for s in f.suggestions if s.kind == "trim"]
    assert len(trims) <= 1
    for t in trims:
        assert not is_fragment(t.text, text)


SAMPLE = """# Dana Example

## Experience

### Research Engineer, Example Labs (2019 - 2024)

- Proposed a novel ranking method for a parcel-routing planner.
- Tuned hyperparameters of the routing model, improving on-time rate by 4%.
- Tuned hyperparameters of the pricing model with a grid search.
- Published a paper on route sampling at a workshop.
- Trained a CNN to classify parcel labels.
"""


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "dana.md"
    path.write_text(SAMPLE, encoding="utf-8")
    return retitle.analyze(path)


def test_text_report_explains_each_rule_once_and_stays_short(sample):
    out = text_render.render(sample)
    codes = {f.code for f in sample.findings}
    assert len([f for f in sample.findings if f.code == "RP001"]) >= 2
    why = out.split("Why these read as research framing", 1)[1]
    for code in codes:
        assert len(re.findall(rf"^  {code} ", why, re.M)) == 1
    assert out.count("\n") <= 30 + 6 * len(sample.findings)
    assert out.count("Source: ") == 1 and out.count("Valenx Press") == 1


def test_markdown_report_explains_each_rule_once(sample):
    out = markdown.render(sample)
    rp001 = next(f for f in sample.findings if f.code == "RP001")
    assert out.count(rp001.message) == 1


def _strings(path: Path) -> list[str]:
    """String literals a user can see: every constant except docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def _values(data) -> list[str]:
    if isinstance(data, dict):
        return [v for x in data.values() for v in _values(x)]
    if isinstance(data, list):
        return [v for x in data for v in _values(x)]
    return [data] if isinstance(data, str) else []


def test_renderers_and_rewrite_data_never_say_seed():
    files = [*(ROOT / "src/retitle/render").glob("*.py"), *(ROOT / "src/retitle/rewrite").glob("*.py")]
    texts = [s for f in files for s in _strings(f)]
    texts += _values(yaml.safe_load((ROOT / "lexicons/reframe.yaml").read_text(encoding="utf-8")))
    assert texts and not [t for t in texts if re.search(r"\bseed", t, re.I)]


def _rules():
    return [r for f in sorted((ROOT / "lexicons/rules").glob("*.yaml"))
            for r in yaml.safe_load(f.read_text(encoding="utf-8"))["rules"]]


def test_rule_templates_never_say_seed():
    texts = [str(t.get(k, "")) for r in _rules() for t in r.get("rewrites", []) for k in ("question", "template", "reason")]
    assert not [t for t in texts if re.search(r"\bseed", t, re.I)]


def test_rule_messages_never_say_seed():
    assert not [r["code"] for r in _rules() if re.search(r"\bseed", str(r.get("message", "")), re.I)]


def test_revisions_with_no_safe_reframe_says_so(tmp_path):
    from retitle.render.docx_out import write_docx

    path = tmp_path / "r.md"
    path.write_text("# A\n\n## Experience\n\n- Published a paper on route sampling at a workshop.\n", encoding="utf-8")
    report = retitle.analyze(path)
    notes: list[str] = []
    write_docx(report, tmp_path / "out.docx", revisions=True, notes=notes)
    assert notes and "no tracked changes" in notes[0]
    notes2: list[str] = []
    write_docx(report, tmp_path / "out2.docx", revisions=False, notes=notes2)
    assert notes2 == []
