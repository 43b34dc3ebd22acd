"""The rule engine: spans, overlaps, sentences, sections, selection and inline ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

import retitle
from retitle.engine import Engine
from retitle.lexicon import compile_lexicon
from retitle.model import Anchor, Document


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(compile_lexicon())


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_offsets_point_into_the_block_text(engine):
    text = "Improved the pipeline, then tuned hyperparameters for the ranking model."
    doc, findings, _ = engine.analyze_texts([text])
    (finding,) = findings
    assert text[finding.start:finding.end] == finding.text == "tuned hyperparameters"


def test_capitalised_verbs_lemmatise_case_insensitively(engine):
    _, findings, _ = engine.analyze_texts(["TUNED HYPERPARAMETERS across runs.", "Developed predictive models."])
    assert codes(findings) == ["RP001", "RP060"]


def test_overlaps_keep_the_longest_then_the_earliest(engine):
    # RP041 "Improved validation accuracy" (3 tokens) overlaps RP040 "validation accuracy" (2 tokens).
    _, findings, _ = engine.analyze_texts(["Improved validation accuracy of the classifier."])
    assert [(f.code, f.text) for f in findings] == [("RP041", "Improved validation accuracy")]


def test_paragraphs_are_analysed_sentence_by_sentence(engine):
    text = ("Tuned hyperparameters for the churn model. "
            "Later deployed a different service to production.")
    _, findings, evidence = engine.analyze_texts([text], kind="paragraph", section="summary")
    # The exception word "deployed" sits in another sentence, so it does not cancel RP001 …
    assert codes(findings) == ["RP001"] and findings[0].start == 0
    # … while evidence in the second sentence carries offsets into the whole paragraph.
    deployed = next(e for e in evidence if e.text == "deployed")
    assert text[deployed.start:deployed.end] == "deployed" and deployed.start > 40


def test_exception_in_the_same_sentence_cancels(engine):
    _, findings, _ = engine.analyze_texts(["Tuned hyperparameters of the model deployed behind the search API."])
    assert findings == []


@pytest.mark.parametrize(("text", "flagged"), [
    # a research clause keeps its finding when the systems words are in another clause
    ("Tuned the churn model's hyperparameters over 200 trials, then packaged it in Docker.", "Tuned"),
    ("Tuned the churn model's hyperparameters over 200 trials; the nightly job ships it.", "Tuned"),
    ("Trained the spam classifier to 97% precision and deployed it in the email gateway.", "Trained"),
    ("Trained LightGBM ranker (AUC 0.83 offline), integrated it into the ad auction service.", "Trained"),
    # one action told with its deployment stays one clause
    ("Trained and deployed a demand forecasting model behind a gRPC endpoint.", None),
    ("Trained a CNN and deployed it to the edge devices.", None),
    # after a comma an -ing form continues the clause
    ("Tuned hyperparameters of the ranking model, serving 2M requests a day.", None),
])
def test_a_research_clause_is_judged_on_its_own_words(engine, text, flagged):
    _, findings, _ = engine.analyze_texts([text])
    if flagged is None:
        assert findings == []
    else:
        assert findings and findings[0].text.startswith(flagged)


def test_systems_framing_is_not_flagged_for_containing_model(engine):
    _, findings, evidence = engine.analyze_texts(["Deployed the model behind a FastAPI service."])
    assert findings == [] and {e.code for e in evidence} == {"SF001", "SF002"}


@pytest.mark.parametrize(("section", "flagged"), [
    ("experience", True), ("projects", True), ("research", True), ("summary", True),
    ("publications", False), ("skills", True), ("education", True),
])
def test_which_sections_are_analysed(engine, section, flagged):
    _, findings, _ = engine.analyze_texts(["Published a paper at NeurIPS on tuned hyperparameters."], section=section)
    assert bool(findings) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("Thesis: tuned hyperparameters of a graph network for flood forecasting across 300 runs.", True),
    ("Course project: trained a CNN classifier on satellite tiles and ran ablations.", True),
    ("Relevant coursework: Machine Learning, Deep Learning, Bayesian Statistics, Optimisation", False),
    ("Deep Learning, Computer Vision, Reinforcement Learning, Statistical Inference, Databases", False),
    ("M.Sc. in Machine Learning", False),  # a degree name is not a description of work
    ("GPA 3.9/4.0, thesis on deep learning for hyperparameter tuning", False),
])
def test_education_lines_that_describe_work_are_analysed(engine, text, flagged):
    _, findings, _ = engine.analyze_texts([text], section="education")
    assert bool(findings) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    # a capability told in words reads like the work it names
    ("Preference tuning: reward modelling for ranking objectives and ablation studies", True),
    ("Model compression research: knowledge distillation, pruning and low-rank adaptation studies", True),
    ("Developed a gesture classifier in MATLAB and validated it on recorded sessions.", True),
    # lists of tools or topics, however they are capitalised or labelled
    ("PyTorch; Transformers ecosystem (Transformers, PEFT); scikit-learn, xgboost", False),
    ("ML: xgboost, lightgbm, random forest, logistic regression, k-means", False),
    ("Python, SQL, Spark, Airflow, Docker", False),
    ("Deep learning", False),  # a skill heading, not a description of work
    ("Model compression and post-training (what I do most):", False),  # a subheading of a list
])
def test_skills_lines_that_describe_work_are_analysed(engine, text, flagged):
    _, findings, _ = engine.analyze_texts([text], section="skills")
    assert bool(findings) is flagged


def test_list_section_thresholds():
    from retitle import engine as module
    assert (module.MIN_LIST_SECTION_WORK_WORDS, module.MAX_TOOL_NAME_WORDS, module.MIN_TOOL_LIST_ITEMS) == (6, 3, 4)


@pytest.mark.parametrize(("option", "key", "kept"), [
    ("select", "RP001", {"RP001"}),
    ("select", "research.hyperparameter_tuning", {"RP001"}),
    ("ignore", "research", set()),
    ("ignore", "research.", set()),
    ("select", "academic", {"RP020"}),
    ("ignore", "RP020", {"RP001", "RP030"}),
    ("ignore", "research.notebook_work", {"RP001", "RP020"}),
    ("ignore", "training", {"RP020", "RP030"}),
])
def test_select_and_ignore_by_code_name_prefix_or_group(engine, option, key, kept):
    texts = ["Tuned hyperparameters for the model.", "Published a paper at ICML.", "Shared Jupyter notebooks."]
    _, findings, evidence = engine.analyze_texts(texts, **{option: [key]})
    assert set(codes(findings)) == kept
    assert not evidence or all(e.code.startswith("SF") for e in evidence)


def test_inline_ignore_from_block_fields(engine):
    doc = Document(path="x", format="markdown")
    doc.add("bullet", "experience", "Tuned hyperparameters in Jupyter notebooks.", Anchor(kind="text"),
            ignore=["RP001"])
    findings, _ = engine.analyze(doc)
    assert codes(findings) == ["RP030"]


def test_inline_ignore_comment_in_markdown(tmp_path):
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n"
                      "- Tuned hyperparameters in Jupyter notebooks. <!-- retitle: ignore RP001, prototype -->\n"
                      "- Tuned hyperparameters again.\n")
    report = retitle.analyze(resume)
    assert [(f.code, f.block_id) for f in report.findings] == [("RP001", report.document.blocks[-1].id)]


def test_lexicons_option_adds_and_overrides_rules(tmp_path):
    folder = tmp_path / "lex" / "rules"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "rules:\n"
        "  - {code: RP900, name: custom.kaggle, group: academic, area: core_ml, description: Kaggle.,\n"
        "     message: A medal is a leaderboard result., phrases: [kaggle medal]}\n"
        "  - {code: RP001, name: research.hyperparameter_tuning, group: training, area: core_ml,\n"
        "     description: Off., message: Off., phrases: [hyperparameter bingo]}\n")
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n- Won a Kaggle medal.\n- Tuned hyperparameters.\n")
    report = retitle.analyze(resume, lexicons=[str(tmp_path / "lex")])
    assert codes(report.findings) == ["RP900"]


def test_same_input_same_findings_same_order(engine):
    texts = [Path(__file__).read_text()[:2000], "Ran ablation studies and tuned hyperparameters."]
    first = engine.analyze_texts(texts)[1]
    assert first == engine.analyze_texts(texts)[1]


def test_patterns_outside_the_fast_subset_run_on_spacy(tmp_path):
    folder = tmp_path / "lex" / "rules"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "rules:\n"
        "  - {code: RP901, name: custom.many_runs, group: training, area: core_ml, description: Runs.,\n"
        "     message: Runs are lab detail., patterns: [[{LIKE_NUM: true}, {LOWER: sweeps, OP: '+'}]]}\n")
    engine = Engine(compile_lexicon((str(tmp_path / "lex"),)))
    _, findings, _ = engine.analyze_texts(["Launched 40 sweeps overnight."], select=["RP901"])
    assert [(f.code, f.text) for f in findings] == [("RP901", "40 sweeps")]


def test_fallback_rule_only_where_no_specific_rule_fired(engine):
    _, findings, _ = engine.analyze_texts(["Wrote an LSTM for demand.", "Tuned hyperparameters of the LSTM."])
    assert [(f.block_id, f.code) for f in findings] == [("b0", "RP070"), ("b1", "RP001")]


def test_systems_evidence_in_the_sentence_cancels_an_evidence_cancels_rule(engine):
    _, findings, evidence = engine.analyze_texts(["Wrote an LSTM that feeds the Kafka stream."])
    assert findings == [] and [e.text for e in evidence] == ["Kafka"]


def test_inline_ignore_of_a_specific_rule_does_not_let_a_fallback_appear(tmp_path):
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n"
                      "- Tuned hyperparameters, raising NDCG by 4%. <!-- retitle: ignore RP001 -->\n"
                      "- Tuned hyperparameters, raising NDCG by 4%.\n")
    report = retitle.analyze(resume)
    assert [(f.code, f.block_id) for f in report.findings] == [("RP001", report.document.blocks[-1].id)]


def test_customer_or_model_names_do_not_cancel_a_rule_that_ignores_them(engine):
    # "customer" (SF007) and "GPT-4" (SF017) are evidence, but say nothing about a system here.
    _, findings, evidence = engine.analyze_texts(["Estimated customer churn with an ensemble of GPT-4 labels."])
    assert {e.code for e in evidence} >= {"SF007", "SF017"}
    assert [f.code for f in findings] == ["RP071"]
    _, findings, _ = engine.analyze_texts(["Estimated customer churn with an ensemble in the CRM service."])
    assert findings == []


@pytest.mark.parametrize(("text", "codes_found"), [
    # the label's colon starts a sentence: the opening verb is read as the opening verb
    ("Acme Labs (2019-2021): Researched reranking models for long documents.", {"RP011"}),
    ("Speech project: Explored self-supervised models for accented speech.", {"RP011"}),
    # the label's own words are judged with the sentence they head: a deployment there cancels them
    ("Fraud detection: deployed the scorer behind the payments API.", set()),
    # a colon inside brackets or late in a sentence is no label
    ("Took courses on learning theory (e.g.: kernels, boosting) and wrote notes.", set()),
])
def test_a_leading_label_is_a_sentence_of_its_own(engine, text, codes_found):
    _, findings, _ = engine.analyze_texts([text])
    assert {f.code for f in findings} == codes_found


def test_label_threshold():
    from retitle import nlp as module
    assert module.MAX_LABEL_TOKENS == 8


@pytest.mark.parametrize(("text", "kept"), [
    # "Data visualization" and "visualization" (one rule, nested spans)
    ("Data visualization of survey results in Tableau.", [("RP033", "Data visualization")]),
    # a method name inside a longer analysis phrase of another rule
    ("Conducted statistical analysis of the trial data.", [("RP075", "Conducted statistical analysis")]),
    # five rules on one span: the training rule's whole phrase wins, nothing is reported twice
    ("Trained a convolutional neural network classifier on X-ray images.",
     [("RP002", "Trained a convolutional neural network classifier")]),
])
def test_one_finding_per_span(engine, text, kept):
    _, findings, _ = engine.analyze_texts([text])
    assert [(f.code, f.text) for f in findings] == kept


def test_findings_never_overlap(engine):
    """Over every rule case text, no two findings of one block share a character."""
    import yaml
    cases = Path(__file__).parent / "rules" / "cases"
    texts = [case["text"] if isinstance(case, dict) else case
             for path in sorted(cases.glob("*.yaml")) for kind in ("flag", "pass")
             for case in yaml.safe_load(path.read_text(encoding="utf-8")).get(kind) or []]
    assert len(texts) > 500
    _, findings, _ = engine.analyze_texts(texts)
    by_block = {}
    for f in findings:
        by_block.setdefault(f.block_id, []).append((f.start, f.end))
    for spans in by_block.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
