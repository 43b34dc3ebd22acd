"""Suggestions: reframes keep the bullet's facts and grammar, prompts keep their placeholders,
trims cut a clause, and nothing that adds a claim is ever shown."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import retitle
from retitle.api import _engine, _rewriter
from retitle.model import Anchor, Document
from conftest import CORPUS, SAMPLES, needs_corpus


def candidates_for(text: str):
    """Every unchecked suggestion the shipped rules yield for one experience bullet."""
    engine, rewriter = _engine(()), _rewriter(())
    doc = Document("t.md", "markdown")
    block = doc.add("bullet", "experience", text, Anchor("text", line=1, column=1))
    findings, _ = engine.analyze(doc)
    return [(f, c) for f in findings for c in rewriter.candidates(f, block, engine.rules[f.code])]


def suggestions_for(text: str, code: str, kind: str):
    return [c.suggestion for f, c in candidates_for(text) if f.code == code and c.suggestion.kind == kind]


def test_RP001_reframe_leads_with_the_outcome_and_keeps_every_fact():
    text = ("Tuned hyperparameters for a transformer-based invoice classifier across 40 training runs, "
            "improving validation accuracy from 91.2% to 94.8%.")
    [reframe] = suggestions_for(text, "RP001", "reframe")
    assert reframe.text == ("Improved validation accuracy from 91.2% to 94.8% by tuning hyperparameters for a "
                            "transformer-based invoice classifier across 40 training runs.")
    assert reframe.safe and reframe.rule == "RP001"


def test_RP001_reframe_conjugates_every_outcome_and_keeps_missing_final_stop():
    text = "Tuned hyperparameters of the ranking model, raising recall and cutting training time by 8 hours"
    [reframe] = suggestions_for(text, "RP001", "reframe")
    assert reframe.text == "Raised recall and cut training time by 8 hours by tuning hyperparameters of the ranking model"


def test_RP010_reframe_swaps_a_research_verb_keeping_tense():
    [reframe] = suggestions_for("Conducted ablation studies on tokenizer choices, cutting vocabulary size by half.",
                                "RP010", "reframe")
    assert reframe.text == "Cut vocabulary size by half by running ablation studies on tokenizer choices."


def test_RP001_no_reframe_for_a_purpose_clause():
    """"to improve" does not say it improved: moving it to the front would claim the outcome."""
    assert suggestions_for("Tuned hyperparameters to improve validation accuracy.", "RP001", "reframe") == []


def test_RP001_no_reframe_when_a_second_finished_clause_follows():
    text = "Tuned hyperparameters, improving accuracy and reported results to the team."
    assert suggestions_for(text, "RP001", "reframe") == []


def test_RP002_prompt_is_never_safe_and_keeps_placeholders_unfilled():
    [prompt] = suggestions_for("Trained a CNN for table detection in scanned contracts.", "RP002", "prompt")
    assert not prompt.safe
    assert prompt.placeholders and all(f"[{p}]" in prompt.text for p in prompt.placeholders)


def test_RP020_trim_cuts_the_publication_clause():
    text = "Explored contrastive pretraining for layout embeddings; published a paper at ICDAR 2021 workshop."
    [trim] = suggestions_for(text, "RP020", "trim")
    assert trim.text == "Explored contrastive pretraining for layout embeddings."
    assert "published a paper at ICDAR 2021 workshop" in trim.reason and not trim.safe


def test_RP003_trim_cuts_a_coordinated_clause():
    text = "Trained a CNN for table detection in scanned forms and optimized the loss function for imbalance."
    [trim] = suggestions_for(text, "RP003", "trim")
    assert trim.text == "Trained a CNN for table detection in scanned forms."


def test_RP003_no_trim_of_more_than_half_the_bullet():
    """Cutting over half the bullet leaves no sentence worth keeping: no trim is offered."""
    text = "Trained a CNN for table detection and optimized the loss function to handle class imbalance."
    assert suggestions_for(text, "RP003", "trim") == []


def test_analyze_drops_an_inflating_template_and_counts_it(tmp_path):
    """A custom rule whose prompt template claims production is never shown."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "x.yaml").write_text(yaml.safe_dump({"rules": [{
        "code": "RP001", "name": "research.hyperparameter_tuning", "group": "training", "level": "warning",
        "area": "core_ml", "description": "d", "message": "m", "phrases": ["tuned hyperparameters"],
        "rewrites": [{"kind": "prompt", "question": "Q?", "template": "Deployed to production for [who]"},
                     {"kind": "prompt", "question": "Q?", "template": "[outcome], tuning hyperparameters"}],
    }]}))
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n- Tuned hyperparameters for a classifier.\n")
    report = retitle.analyze(resume, lexicons=[str(tmp_path)])
    shown = [s.text for f in report.findings for s in f.suggestions]
    assert shown == ["Q? [outcome], tuning hyperparameters"]
    assert report.summary.suggestions.dropped == 1
    assert json.loads(json.dumps(report.to_dict()))["summary"]["suggestions_dropped"] == 1


def test_sample_resume_suggestions_are_all_honest(sample_md):
    report = retitle.analyze(sample_md)
    assert report.summary.suggestions.dropped == 0
    assert any(s.kind == "reframe" for f in report.findings for s in f.suggestions)


# -- property-based: the rewriter itself never proposes an inflation --------------------------

def assert_candidates_honest(text: str):
    guard = _rewriter(()).guard
    for finding, cand in candidates_for(text):
        added = guard.added(text, cand.resume_text)
        assert added == [], (finding.code, cand.suggestion.kind, text, cand.resume_text, added)
        if cand.suggestion.kind == "reframe":
            assert cand.suggestion.text[0].isupper() == text[0].isupper()
            assert cand.suggestion.text.endswith(".") == text.rstrip().endswith(".")


METHODS = st.sampled_from([
    "Tuned hyperparameters for the invoice classifier", "Conducted ablation studies on tokenizer choices",
    "Ran ablations on augmentation policies", "Performed hyperparameter sweeps on the ranking model",
    "Trained a CNN for table detection", "Optimized the loss function of a BERT model",
    "Built a proof of concept in Jupyter notebooks", "Explored contrastive pretraining",
    "Helped tune hyperparameters for a LightGBM model", "Trained a transformer on 3 million documents",
    "Designed and trained an attention-based module to infer shelf gaps from photos",
    "Assisted in cleaning sensor logs and labelling fault codes",
    "The main goal of this project was to use sensor logs to forecast pump failures",
    "Developed a prototype to detect loose bolts on bridge photos",
])
OUTCOMES = st.sampled_from([
    "", ", improving validation accuracy from {a}% to {b}%", ", reducing training time by {a}%",
    ", cutting p95 latency to {a} ms", ", improving F1 score by {a} points and reducing false positives",
    ", raising recall on the held-out set", ", enabling {a} analysts to review results", " to improve recall",
    ", which improved recall by {a}% and reduced cost", ", which helped the team ship faster",
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(method=METHODS, outcome=OUTCOMES, a=st.integers(1, 99), b=st.integers(1, 99), stop=st.booleans())
def test_generated_bullets_get_only_honest_suggestions(method, outcome, a, b, stop):
    text = method + outcome.format(a=a, b=b) + ("." if stop else "")
    assert_candidates_honest(text)


def real_bullets() -> list[str]:
    out = [line[2:] for line in (SAMPLES / "ada_okafor_resume.md").read_text().splitlines() if line.startswith("- ")]
    for path in sorted((CORPUS / "rendercv").glob("*.yaml"))[:1] if CORPUS.is_dir() else []:
        out += re.findall(r"^\s+- (?!\w+:)(.+)$", path.read_text(encoding="utf-8"), re.M)
    if (CORPUS / "jsonresume" / "sample.resume.json").is_file():
        data = json.loads((CORPUS / "jsonresume" / "sample.resume.json").read_text(encoding="utf-8"))
        out += [h for job in data.get("work", []) for h in job.get("highlights", [])]
    return [b.strip().strip("'\"") for b in out if len(b.split()) > 3]


def test_sample_bullets_get_only_honest_suggestions():
    for text in real_bullets()[:12]:
        assert_candidates_honest(text)


@needs_corpus()
def test_corpus_bullets_get_only_honest_suggestions():
    bullets = real_bullets()
    assert len(bullets) > 20
    for text in bullets:
        assert_candidates_honest(text)


def test_RP001_no_reframe_for_a_share_of_the_work():
    """"Improved Y by helping tune X" would claim the team's outcome for the writer."""
    text = "Helped tune hyperparameters for the ranking model, improving recall by 4%."
    assert suggestions_for(text, "RP001", "reframe") == []


def test_RP020_no_trim_inside_the_main_clause(tmp_path):
    """A venue inside the main clause cannot go without the clause: no trim, the prompt stays."""
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n- Co-authored paper accepted at NeurIPS 2022 (spotlight presentation).\n")
    report = retitle.analyze(resume, select=["RP020"])
    assert [s.text for f in report.findings for s in f.suggestions if s.kind == "trim"] == []


def test_RP001_reframe_moves_a_which_clause_outcome_first():
    text = "Tuned hyperparameters of the fraud model, which reduced false positives by 12% and raised recall."
    [reframe] = suggestions_for(text, "RP001", "reframe")
    assert reframe.text == (
        "Reduced false positives by 12% and raised recall by tuning hyperparameters of the fraud model.")


def test_lexicon_check_rejects_a_malformed_reframe_swap(tmp_path):
    from retitle.lexicon import check_folder

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.yaml").write_text(yaml.safe_dump({"rules": [{
        "code": "RP901", "name": "research.custom_thing", "group": "custom", "area": "core_ml",
        "description": "d", "message": "m", "phrases": ["custom thing"],
        "rewrites": [{"kind": "reframe", "swap": ["train", "build"]}],
    }]}))
    assert any("RP901 rewrites[1].swap: must be a mapping" in str(p) for p in check_folder(tmp_path))


def test_reframe_gerund_follows_a_rule_level_swap():
    from retitle.rewrite.reframe import Reframer

    reframer = Reframer(_engine(()).lex.reframe)
    doc = _engine(()).nlp("Trained a ranking model for the search pipeline, improving recall by 3%.")
    text = reframer.reframe(doc, {"kind": "reframe", "swap": {"train": "engineer"}})
    assert text == "Improved recall by 3% by engineering a ranking model for the search pipeline."


def test_RP003_trim_stays_inside_its_sentence():
    text = ("Led the document team. Trained a CNN for table detection and optimized the loss function. "
            "Wrote the ingestion service.")
    [trim] = suggestions_for(text, "RP003", "trim")
    assert trim.text == "Led the document team. Trained a CNN for table detection. Wrote the ingestion service."


def test_RP020_trim_cuts_a_whole_sentence_of_a_paragraph():
    text = "Led a team of four engineers. Published several research papers at NeurIPS. Shipped the ranking service."
    [trim] = suggestions_for(text, "RP020", "trim")[:1]
    assert trim.text == "Led a team of four engineers. Shipped the ranking service."


def test_overlong_block_gets_prompts_only():
    """A merged 'bullet' thousands of characters long gets no whole-block reframe or trim."""
    from retitle.rewrite import MAX_REWRITE_CHARS

    bullet = "Tuned hyperparameters, improving validation accuracy from 91% to 94%."
    assert {c.suggestion.kind for _, c in candidates_for(bullet)} >= {"reframe", "prompt"}
    long_text = " ".join([bullet] * (MAX_REWRITE_CHARS // len(bullet) + 1))
    kinds = {c.suggestion.kind for _, c in candidates_for(long_text)}
    assert kinds == {"prompt"}


def _trims(tmp_path, text: str) -> list[str]:
    """The trims the whole pipeline (siblings and guard included) offers for one bullet."""
    resume = tmp_path / "r.md"
    resume.write_text(f"## Experience\n\n- {text}\n")
    report = retitle.analyze(resume)
    assert report.findings  # flagged, so a trim could have been offered
    return [s.text for f in report.findings for s in f.suggestions if s.kind == "trim"]


TRIMS = [
    ("Built a fraud scoring service for the card team. Published at KDD 2023.",
     "Built a fraud scoring service for the card team."),
    ("Shipped the ranking API for the search team on Kubernetes with canary releases, and published a paper on "
     "this work at SIGIR.", "Shipped the ranking API for the search team on Kubernetes with canary releases."),
    ("Fine-tuned a triage model on clinic notes, with a focus on hyperparameter tuning and dropout settings, "
     "reaching 0.9 AUC.", "Fine-tuned a triage model on clinic notes, reaching 0.9 AUC."),
]


@pytest.mark.parametrize("text,kept", TRIMS)
def test_a_trim_cuts_a_whole_clause_or_sentence_of_detail(tmp_path, text, kept):
    assert kept in _trims(tmp_path, text)


NO_TRIM = [
    # one item of a list: cutting one venue or one setting says nothing
    "Reviewer for NeurIPS, ICML, ICLR and AAAI.",
    "Ran experiments on batch size, learning rates, dropout and warm-up length for the parts model.",
    # a label: the line stays a thesis title without "Thesis:"
    "Thesis: Fast Retrieval for Legal Search",
    # the clause holds the result: "81% accuracy" is no detail
    "Trained a shelf-gap detector in PyTorch, reaching 77% recall on store photos through hyperparameter tuning.",
    # a long sentence of work that ends on the paper is no sentence about the paper
    "Rebuilt the claims pipeline for the insurer. I have taken the fraud work from labelled data and service design "
    "all the way to a peer-reviewed publication.",
    # a rule whose trim is a clause never cuts a whole sentence (only publication, citation and
    # thesis trims may: `sentence: true`)
    "Set up hyperparameter tuning with Optuna on the shared GPU box. Wrote the nightly report that lists each "
    "team's spend.",
    # what stays is still a publication line (another finding of the rule is outside the cut)
    "Published paper: Sparse Retrieval for Court Records in the Journal of Legal Search, Elsevier",
]


@pytest.mark.parametrize("text", NO_TRIM)
def test_no_trim_of_a_list_item_a_label_a_result_or_half_a_publication(tmp_path, text):
    assert _trims(tmp_path, text) == []


def test_trim_limits_are_pinned():
    from retitle.rewrite.reframe import MAX_DETAIL_SENTENCE_WORDS, MAX_LIST_ITEM_WORDS

    assert (MAX_DETAIL_SENTENCE_WORDS, MAX_LIST_ITEM_WORDS) == (12, 4)


NOMINAL_OUTCOMES = [
    ("Tuned the ranking model, resulting in a 5% gain in click-through rate.",
     "Improved click-through rate by 5% by tuning the ranking model."),
    ("Designed and headed A/B tests that shaped the checkout redesign, resulting in a notable 27% increase in the "
     "sign-up rate.",
     "Increased the sign-up rate by 27% by designing and heading A/B tests that shaped the checkout redesign."),
]


@pytest.mark.parametrize("text,after", NOMINAL_OUTCOMES)
def test_an_outcome_named_as_a_figure_of_change_leads(tmp_path, text, after):
    """", resulting in a 27% increase in X" is an outcome like ", increasing X by 27%"."""
    resume = tmp_path / "r.md"
    resume.write_text(f"## Experience\n\n- {text}\n")
    report = retitle.analyze(resume)
    assert after in [s.text for f in report.findings for s in f.suggestions if s.kind == "reframe" and s.safe]


@pytest.mark.parametrize("text", [
    "Tuned the ranking model, resulting in better search results.",  # no figure: nothing to lead with
    "Tuned the ranking model, resulting in a 12% drop in bounce rate through cross-validation.",  # a tail it cannot place
    "Helped tune the ranking model, resulting in a 5% gain in click-through rate.",  # a share never leads with the outcome
])
def test_no_nominal_outcome_lead_without_a_figure_a_clean_object_or_the_whole_work(text):
    engine, rewriter = _engine(()), _rewriter(())
    assert rewriter.reframer.reframe(engine.nlp(text), {}, reorder_only=True) is None
