"""Reframe shapes (retitle.rewrite.shapes) on fictional bullets: each shape has bullets it must
rebuild, and bullets it must leave to the prompt. Every reframe here has passed the claim guard."""

from __future__ import annotations

import pytest

import retitle
from retitle.rewrite.reframe import MAX_OBJECT_WORDS, keeps_flagged
from retitle.rewrite.shapes import MAX_COMPOUND_WORDS, MAX_METRIC_WORDS, MAX_PHRASE_WORDS, article, singular


def safe_reframes(tmp_path, *bullets: str) -> dict[str, list[str]]:
    """bullet text -> the safe reframes the whole pipeline (guard included) offers for it."""
    resume = tmp_path / "r.md"
    resume.write_text("# Sam Fiction\n\n## Experience\n\n### ML Engineer, Widgetco, 2020 - 2023\n\n"
                      + "".join(f"- {b}\n" for b in bullets))
    report = retitle.analyze(resume)
    out: dict[str, list[str]] = {b.text: [] for b in report.document.blocks if b.kind == "bullet"}
    for f in report.findings:
        text = report.block(f.block_id).text
        out.setdefault(text, []).extend(s.text for s in f.suggestions if s.kind == "reframe" and s.safe)
    return out


MUST_REFRAME = [
    # task verb with a model named after using/with/via, metric clause bracketed
    ("Classified support tickets with an SVM on TF-IDF features, reaching 91% accuracy.",
     "Built an SVM support ticket classifier on TF-IDF features (91% accuracy)."),
    # task verb with no model named: the task becomes what was built, the object after "for"
    ("Detected defects in solar panel images using a CNN.",
     "Built a detector for defects in solar panel images using a CNN."),
    # the object's own determiner stays after "for"
    ("Estimated the performance of a storage array under mixed loads.",
     "Built an estimator for the performance of a storage array under mixed loads."),
    # nominal fragment
    ("Classification of support tickets using an SVM.", "Built an SVM support ticket classifier."),
    ("Face recognition on golf carts", "Built a face recogniser on golf carts"),
    # a model built for a purpose
    ("Trained a model to predict customer churn from usage logs.",
     "Built a customer churn prediction model from usage logs."),
    ("Developed a random forest model to predict loan default, achieving 0.87 AUC.",
     "Built a random forest loan default prediction model (0.87 AUC)."),
    ("Developed models to forecast weekly demand in retail stores.",
     "Built weekly demand forecasting models for retail stores."),
    ("Trained models to predict parcel delays in PyTorch.", "Built parcel delay prediction models in PyTorch."),
    # a model named leads the thing built, its version and its own determiner kept
    ("Trained a CNN to classify skin lesions, achieving 92% accuracy.", "Built a CNN skin lesion classifier (92% accuracy)."),
    ("Trained YOLOv5 to detect helmets in site footage.", "Built a YOLOv5 helmet detector for site footage."),
    ("Trained LSTMs to forecast hourly load.", "Built LSTM hourly load forecasting models."),
    ("Trained a random forest to predict loan default.", "Built a random forest loan default prediction model."),
    ("Trained the model to predict churn from usage logs.", "Built the churn prediction model from usage logs."),
    # a model for a task: the task noun becomes the thing built
    ("Trained a CNN for table detection in scanned contracts.", "Built a CNN table detector for scanned contracts."),
    # ... but the language or tool it was made in stays "in" ("for Python" would say something else)
    ("Developed predictive models for demand forecasting in Python.", "Built predictive demand forecasters in Python."),
    ("Developed a deep learning model for crop disease classification, reaching 93% accuracy.",
     "Built a deep learning crop disease classifier (93% accuracy)."),
    # analysis: generic adjectives dropped, the tense kept (present stays present)
    ("Conducted a thorough analysis of sales data across regions.", "Analysed sales data across regions."),
    ("Perform data analysis using Python and SQL for weekly reporting.",
     "Analyse data using Python and SQL for weekly reporting."),
    ("Performed robustness analysis of the top fraud models from the vendor, comparing three ensembles.",
     "Analysed the robustness of the top fraud models from the vendor, comparing three ensembles."),
    ("Conducted an empirical study on how to share parameters across domains.",
     "Analysed how to share parameters across domains."),
    # an aim sentence
    ("The aim of this project is to classify support tickets by urgency.",
     "Built a classifier for support tickets by urgency."),
    # a duty: the work named by its own verb, in the copula's tense (alone: past)
    ("Was responsible for building churn prediction models for the retail team.",
     "Built churn prediction models for the retail team."),
    ("Responsible for developing image classifiers with PyTorch.", "Developed image classifiers with PyTorch."),
    ("I am responsible for training ranking models on click logs.", "I train ranking models on click logs."),
    # analysis with a purpose verb that says the analysing again, or an adjective of manner kept as an adverb
    ("Conducted rigorous statistical analysis investigating the link between sleep and memory.",
     "Statistically analysed the link between sleep and memory."),
    ("Conducted an analysis to examine customer churn across regions.", "Analysed customer churn across regions."),
    ("Performed statistical analysis of survey data from three clinics.",
     "Statistically analysed survey data from three clinics."),
    # a lead verb swapped when its own object is a thing one builds (an -ing modifier stays in it)
    ("Designed a ranking model for the search team.", "Built a ranking model for the search team."),
    ("Developed an innovative approach to turn sketches into floor plans.",
     "Developed an approach to turn sketches into floor plans."),
    # a thing built to do something: what was built, then what it does
    ("Designed and trained an attention-based tagging module to extract dates from scanned letters.",
     "Built an attention-based tagging module that extracts dates from scanned letters."),
    ("Developed a prototype to detect loose bolts on bridge photos.",
     "Built a prototype that detects loose bolts on bridge photos."),
    ("Trained networks to track cyclists in traffic camera footage.",
     "Built networks that track cyclists in traffic camera footage."),
    # an aim with a qualifier, an owner's aim, and verbs beyond building (coordinated ones follow)
    ("The main goal of this project is to use tide gauges and rainfall to forecast harbour flooding.",
     "Used tide gauges and rainfall to forecast harbour flooding."),
    ("The project's primary goal was to compare two ticket-pricing schemes and collect visitor feedback.",
     "Compared two ticket-pricing schemes and collected visitor feedback."),
    ("The goal of my thesis was to develop a tool for grading essays.", "Developed a tool for grading essays."),
    # a share names its own verbs, coordinated ones too
    ("Assisted in cleaning survey data and labelling free-text answers for the polling team.",
     "Helped clean survey data and label free-text answers for the polling team."),
]


@pytest.mark.parametrize("before,after", MUST_REFRAME)
def test_shape_rebuilds_the_sentence(tmp_path, before, after):
    assert after in safe_reframes(tmp_path, before)[before]


def test_only_the_sentence_with_the_finding_is_rewritten(tmp_path):
    before = ("Shipped the pricing service on Kubernetes for the checkout team. Trained a model to predict "
              "basket size from session logs.")
    [after] = safe_reframes(tmp_path, before)[before]
    assert after == ("Shipped the pricing service on Kubernetes for the checkout team. Built a basket size "
                     "prediction model from session logs.")


MUST_NOT_REFRAME = [
    # a pipeline for a task stays a pipeline ("an object detector pipeline" is no English)
    "Built a real-time pipeline for object detection in warehouse video.",
    # a title line is no sentence of work
    "Named Entity Recognition for Legal Contract Text",
    # a model whose purpose is a verb the data does not know
    "Trained a model to imitate expert drivers in traffic.",
    "Trained a ResNet-50 to imitate expert drivers in traffic.",
    # a name that is no model before "to" is no model built
    "Trained Kestrel to predict churn for the retail team.",
    # an object too long to fold into a compound or carry
    "Trained a model to predict the number of late deliveries per depot per week in three regions of Spain.",
    # an analysis whose adjective is a fact of its own ("predictive"), not a manner the adverb keeps
    "Conducted rigorous predictive analysis investigating the link between sleep and memory.",
    "Conducted a predictive analysis to examine the link between rainfall and crop yield.",
    # a purpose that claims a finding ("identify", "prove") is no analysing verb
    "Conducted an analysis to identify drivers of churn.",
    "Performed statistical analysis to prove that the new dosage works.",
    # a duty over a share keeps the share; a duty with no verb of work has nothing to lead with
    "Responsible for helping the team train models.",
    "Responsible for the training pipeline of the fraud model.",
    "Was responsible for learning-based planning of drone routes.",
    # an object cut mid-list: "a click prediction model / likes / shares" is no English
    "Created a model which predicts clicks / likes / shares from product photos.",
    # "worked on" sits on the rung of a share: "Detected fraud" would climb it
    "Worked on detecting fraud in card payments.",
    # a thing built to cause an outcome: "a tool that improves Y" would say it happened
    "Developed a tool to improve forecast accuracy for the sales team.",
    "Built a dashboard to reduce churn among trial users.",
    # a verb the data does not know as a function stays with the prompt
    "Designed a module to imitate expert drivers in traffic.",
    # a phrase between the thing and its purpose: which of them does it?
    "Designed a module for the robot arm to infer grip force.",
    # an aim is no licence to claim a deployment or an outcome
    "The main goal of this project was to deploy the classifier for the hospital.",
    "The goal of this project is to improve flood warnings for the harbour.",
    # an -ing word before a noun it modifies is no share of work
    "Participated in training sessions on deep learning for radiology.",
    "Assisted in testing data collection for the survey team.",
]


@pytest.mark.parametrize("before", MUST_NOT_REFRAME)
def test_shape_leaves_what_does_not_fit_to_the_prompt(tmp_path, before):
    from retitle.api import _rewriter

    rewriter = _rewriter(())
    doc = rewriter.nlp(before)
    assert rewriter.shapes.reframe(doc, 0, len(before)) in (None, before)


def test_no_reframe_keeps_the_flagged_words(tmp_path):
    bullets = [b for b, _ in MUST_REFRAME]
    report_dir = tmp_path
    resume = report_dir / "r.md"
    resume.write_text("## Experience\n\n" + "".join(f"- {b}\n" for b in bullets))
    report = retitle.analyze(resume)
    for f in report.findings:
        for s in f.suggestions:
            if s.kind == "reframe" and s.safe:
                assert not keeps_flagged(f.text, s.text)


def test_a_share_of_the_work_stays_a_share():
    """"Participated in building X" may become "Helped build X", never "Built X"."""
    from retitle.api import _rewriter

    rewriter = _rewriter(())
    text = "Participated in building a speech recognition service for call centres."
    doc = rewriter.nlp(text)
    out = rewriter.shapes.reframe(doc, 0, 16)
    assert out == "Helped build a speech recognition service for call centres."
    assert rewriter.guard.passes(text, out)
    assert not rewriter.guard.passes(text, "Built a speech recognition service for call centres.")


def test_articles_and_singulars():
    assert [article(w) for w in ("SVM", "CNN", "LSTM", "image", "user", "random")] == ["an", "a", "an", "an", "a", "a"]
    assert [article(w) for w in ("XGBoost", "YOLOv5", "LSTMs", "ResNet")] == ["an", "a", "an", "a"]
    assert [singular(w) for w in ("tickets", "images", "batches", "analysis", "queries")] == [
        "ticket", "image", "batch", "analysis", "query"]


def test_shape_limits_are_pinned():
    assert (MAX_COMPOUND_WORDS, MAX_PHRASE_WORDS, MAX_METRIC_WORDS) == (3, 6, 8)
    assert MAX_OBJECT_WORDS == 8


def test_compound_past_its_limit_goes_after_for(tmp_path):
    before = "Classified long customer support email threads with an SVM."
    [after] = safe_reframes(tmp_path, before)[before]
    assert after == "Built an SVM classifier for long customer support email threads."


# Fixes found by reading real reframes: each was once offered and must not be again.
NEVER_OFFERED = [
    ("Research assistant in topics of applied statistics for graph models.", "Analyse assistant"),
    ("Research on deep learning for retinal scans", "Worked on"),
    ("Trained the walking controller online to learn gaits across robot bodies.", "Built the walking controller"),
    ("Analysis of finding a link between sleep and memory in mouse models.", "Analysed finding"),
    # the noun of a later phrase ("comparing the algorithm") is not the thing designed
    ("Designed and ran experiments contrasting the new tokenizer with the old one on support tickets.", "Built and ran"),
    # the coordinated verb already says the build
    ("Designed and implemented network architectures for reading meter dials on phones.",
     "Built and implemented"),
    # an approach or a method is developed, not built
    ("Developed an innovative approach to turn sketches into floor plans.", "Built an approach"),
    # a title is no line of work, whatever its first word
    ("Research and Development Engineer at the robotics lab", "Analyse and Development"),
    ("Research integrated into the vendor's speech service, cutting labelling needs by half.", "Analyse integrated"),
    ("Thesis: Forecasting of Harbour Flood Levels with Gradient Boosting", "Forecasted Harbour"),
    ("Thesis: Forecasting of Harbour Flood Levels with Gradient Boosting", "for of"),
    # an outcome after two clauses is not the first clause's alone to lead with
    ("Conducted thorough churn analyses and led the rollout of a billing dashboard, improving invoice accuracy by 20%.",
     "by running"),
    # the verb the swap would bring is already the sentence's other verb
    ("Developed pricing prototypes for the shop and built a tagging tool for the help desk.", "Built pricing prototypes"),
]


@pytest.mark.parametrize("before,bad", NEVER_OFFERED)
def test_reframes_that_read_wrong_are_not_offered(tmp_path, before, bad):
    resume = tmp_path / "r.md"
    resume.write_text(f"## Experience\n\n- {before}\n")
    report = retitle.analyze(resume)
    assert report.findings  # the bullet is flagged, so a reframe could have been offered
    assert not any(bad in s.text for f in report.findings for s in f.suggestions)


def test_outcome_first_reorder_forms_the_gerund_of_a_hyphenated_verb(tmp_path):
    before = ("Trained and fine-tuned a graph neural network for grade prediction using PyTorch, "
              "improving prediction accuracy by 20%.")
    assert ("Improved prediction accuracy by 20% by training and fine-tuning a graph neural network for grade "
            "prediction using PyTorch.") in safe_reframes(tmp_path, before)[before]


def test_a_finding_that_opens_a_coordinated_clause_gets_its_verb_swapped(tmp_path):
    before = "Built a database of shelf photos and proposed a CNN-based model to rate photo quality."
    assert ("Built a database of shelf photos and designed a CNN-based model to rate photo quality."
            in safe_reframes(tmp_path, before)[before])


def test_state_of_the_art_without_hyphens_is_dropped(tmp_path):
    before = "Building state of the art deep learning models in Python for invoice reading."
    assert "Building deep learning models in Python for invoice reading." in safe_reframes(tmp_path, before)[before]


SHARES = [
    "Helped train a model to predict parcel delays from depot scans.",
    "Assisted in building a ticket classifier with an SVM for the help desk.",
    "Contributed to developing a random forest model to predict loan default, achieving 0.8 AUC.",
    "Participated in building a speech recognition service for call centres.",
    "Supported the team to classify support tickets with an SVM.",
]


def test_no_suggestion_climbs_the_ownership_ladder(tmp_path):
    """Every suggestion for a bullet that claims a share of the work claims no more than a share:
    no verb of the ladder in it sits on a higher rung than the bullet's highest."""
    from retitle.api import _engine

    ladder = _engine(()).lex.claims["ownership_ladder"]
    rung = {w: r for r, words in enumerate(ladder) for w in words}
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n" + "".join(f"- {b}\n" for b in SHARES))
    report = retitle.analyze(resume)
    checked = 0
    for f in report.findings:
        before = report.block(f.block_id).text
        top = max((rung[w] for w in before.lower().replace(",", " ").split() if w in rung), default=1)
        for s in f.suggestions:
            if s.kind == "prompt":
                continue
            first = s.text.split()[0].lower()
            assert rung.get(first, 0) <= rung.get(before.split()[0].lower(), 1), (before, s.text)
            assert max((rung[w] for w in s.text.lower().replace(",", " ").split() if w in rung), default=0) <= top
            checked += 1
    assert checked >= 2  # the shares above do get reframes, each checked


# A bullet glyph a PDF's text layer leaves at the start of a block ("○ Trained …") stays where it
# was; the sentence after it is rebuilt as if the glyph were not there.
GLYPH_BULLETS = [
    ("○ Trained a model to predict customer churn from usage logs.",
     "○ Built a customer churn prediction model from usage logs."),
    ("| Created NER model using spaCy that tags drug names in prescriptions.",
     "| Built NER model using spaCy that tags drug names in prescriptions."),
    ("● Conducted a thorough analysis of sales data across regions.", "● Analysed sales data across regions."),
    ("○␣ Conducted an analysis to examine customer churn across regions.",
     "○␣ Analysed customer churn across regions."),
]


@pytest.mark.parametrize("before,after", GLYPH_BULLETS)
def test_a_leading_bullet_glyph_does_not_block_a_reframe(before, after):
    from retitle.api import _rewriter

    rewriter = _rewriter(())
    doc = rewriter.nlp(before)
    got = rewriter.shapes.reframe(doc, 2, len(before) - 1) or rewriter.reframer.reframe_finding(doc, 2, 20)
    assert got == after
    assert rewriter.guard.passes(before, after)


@pytest.mark.parametrize("before,bad", [
    # a name the original never had is still caught after a glyph
    ("○ Trained a model to predict customer churn from usage logs.",
     "○ Built a customer churn prediction model on Kubernetes from usage logs."),
    # and a climb of the ownership ladder
    ("○ Helped train a model to predict customer churn.", "○ Led the training of a customer churn model."),
    # and a number
    ("○ Trained a model to predict customer churn.", "○ Built a customer churn prediction model for 40 stores."),
])
def test_the_guard_still_gates_after_a_glyph(before, bad):
    from retitle.api import _rewriter

    assert not _rewriter(()).guard.passes(before, bad)


@pytest.mark.parametrize("before", [
    "○ Published a paper at a workshop on speech models.",  # no shape for a publication
    "| Shipped an API | Trained a model to predict churn from logs.",  # a "|" list after the lead
    "○ Research on deep learning for retinal scans",  # the glyph is no licence for "Worked on"
])
def test_a_glyph_bullet_that_fits_no_shape_gets_none(before):
    from retitle.api import _rewriter

    rewriter = _rewriter(())
    doc = rewriter.nlp(before)
    assert rewriter.shapes.reframe(doc, 2, len(before)) in (None, before)


# "<subject> analysis": the words before the analysis noun name what was analysed
# (`analysis_subjects`); a method or a task before it ("cluster analysis") is a fact and stays.
ANALYSIS_SUBJECTS = [
    ("Conducted thorough churn analyses and led the rollout of a billing dashboard, improving invoice accuracy by 20%.",
     "Analysed churn and led the rollout of a billing dashboard, improving invoice accuracy by 20%."),
    ("Performed use case analyses and wrote specs for the booking app.",
     "Analysed use cases and wrote specs for the booking app."),
]


@pytest.mark.parametrize("before,after", ANALYSIS_SUBJECTS)
def test_analysis_subject_becomes_the_object(tmp_path, before, after):
    assert after in safe_reframes(tmp_path, before)[before]


@pytest.mark.parametrize("before,after", [
    ("Performed root cause analysis of outages in the sorting line.",
     "Analysed the root causes of outages in the sorting line."),
    ("Conducted competitor analysis for the pricing team.", "Analysed competitors for the pricing team."),
])
def test_analysis_subject_shape_itself(before, after):
    from retitle.api import _rewriter

    rewriter = _rewriter(())
    doc = rewriter.nlp(before)
    out = rewriter.shapes.reframe(doc, 0, len(before))
    assert out == after
    assert rewriter.guard.passes(before, out)


@pytest.mark.parametrize("before", [
    "Conducted cluster analysis of shoppers for the loyalty team.",  # a method, not the thing analysed
    "Conducted survival analysis of hotel guests.",  # a method too
    "Conducted cohort analysis on trial users.",  # "on": which relation would the verb take?
    "Conducted churn analyses and data cleaning for the shop.",  # "and" a noun: a list, not a clause
])
def test_analysis_subject_leaves_other_analyses_to_the_prompt(before):
    from retitle.api import _rewriter

    rewriter = _rewriter(())
    doc = rewriter.nlp(before)
    assert rewriter.shapes.reframe(doc, 0, len(before)) in (None, before)


def test_hype_sota_is_dropped_before_a_noun(tmp_path):
    before = "Building SOTA speech models for call centres"
    assert "Building speech models for call centres" in safe_reframes(tmp_path, before)[before]


@pytest.mark.parametrize("before,bad", [
    # before a result noun the novelty word is the result claimed: "show performance" says nothing
    ("Conducted experiments that show SOTA performance on three parcel datasets.", "show performance"),
    ("Trained a novel ranking model with state-of-the-art results on the shop benchmark.", "with results"),
])
def test_hype_kept_before_a_result_noun(tmp_path, before, bad):
    resume = tmp_path / "r.md"
    resume.write_text(f"## Experience\n\n- {before}\n")
    report = retitle.analyze(resume)
    assert report.findings
    assert not any(bad in s.text for f in report.findings for s in f.suggestions)


def test_hype_kept_before_is_read_from_the_lexicon():
    from retitle.api import _rewriter

    assert {"performance", "results"} <= _rewriter(()).reframer.hype_kept_before


def test_flagged_words_count_as_kept_only_as_whole_words():
    """"predict" made "a prediction model" is rewritten; "to predict X" keeps it."""
    assert keeps_flagged("predict", "Used logs to predict churn.")
    assert keeps_flagged("Trained a CNN", "Trained a CNN on scans.")
    assert not keeps_flagged("predict", "Built a churn prediction model.")
    assert not keeps_flagged("Trained", "Built a model; retrained it weekly.")
