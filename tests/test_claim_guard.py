"""The claim guard: every kind of inflation is caught, honest rewording is not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retitle.api import _rewriter

PAIRS = Path(__file__).resolve().parent / "data" / "claim_pairs.yaml"


@pytest.fixture(scope="module")
def guard():
    return _rewriter(()).guard


def kinds(guard, before, after):
    return {a.kind for a in guard.added(before, after)}


INFLATIONS = [
    ("new_number", "Reduced latency by caching embeddings.", "Reduced latency by 40% by caching embeddings."),
    ("new_number", "Built a labelling tool for the vision team.", "Built a labelling tool used by 12 engineers."),
    ("new_number", "Cut cloud costs with spot instances.", "Cut cloud costs by $1.2M with spot instances."),
    ("new_number", "Sped up the feature job.", "Sped up the feature job 10x."),
    ("changed_number", "Improved recall from 71% to 78%.", "Improved recall from 71% to 85%."),
    ("changed_number", "Served 30,000 requests per day.", "Served 300,000 requests per day."),
    ("changed_number", "Used by three product teams.", "Used by five product teams."),
    ("new_quantity", "Trained a ranking model.", "Trained dozens of ranking models."),
    ("new_quantity", "Processed support tickets.", "Processed millions of support tickets."),
    ("new_quantity", "Reduced false positives.", "Significantly reduced false positives."),
    ("new_tool", "Deployed the model behind a service.", "Deployed the model behind a service on Kubernetes."),
    ("new_tool", "Built a retrieval prototype.", "Built a retrieval prototype with langchain."),
    ("new_tool", "Evaluated answers with a rubric.", "Evaluated answers with a rubric and GPT-4."),
    ("new_organisation", "Built a churn model for a retailer.", "Built a churn model for Acme Retail Inc."),
    ("ownership_climb", "Contributed to the fraud pipeline.", "Led the fraud pipeline."),
    ("ownership_climb", "Helped build the monitoring service.", "Built the monitoring service."),
    ("ownership_climb", "Built the feature store.", "Architected the feature store."),
    ("ownership_climb", "Supported the migration to Airflow.", "Owned the migration to Airflow."),
    ("ownership_climb", "Co-led the migration to Airflow.", "Led the migration to Airflow."),
    ("ownership_climb", "Co-founded the ML reading group.", "Founded the ML reading group."),
    ("new_scope", "Built a fraud model.", "Built a real-time fraud model."),
    ("new_scope", "Built a fraud model.", "Built a fraud model in production."),
    ("new_scope", "Built a document classifier.", "Built a document classifier for enterprise customers."),
    ("new_scope", "Built a dashboard.", "Built a company-wide dashboard."),
    ("new_scope", "Ran batch scoring jobs.", "Ran batch scoring jobs at scale."),
    ("new_title", "Machine Learning Engineer, Larkspur", "Senior Machine Learning Engineer, Larkspur"),
    ("new_title", "Research Engineer, Helix AI Lab", "AI Engineer, Helix AI Lab"),
    ("new_title", "Built the evaluation harness.", "As tech lead, built the evaluation harness."),
]


@pytest.mark.parametrize("kind,before,after", INFLATIONS, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(INFLATIONS)])
def test_guard_catches_each_kind_of_inflation(guard, kind, before, after):
    assert kind in kinds(guard, before, after)
    assert not guard.passes(before, after)


HONEST = [
    ("Served 30,000 requests per day.", "Served 30k requests/day."),
    ("Used by three product teams.", "Used by 3 product teams."),
    ("Cut costs by $12,000 per month.", "Saved $12k per month."),
    ("Doubled forecast accuracy.", "Improved forecast accuracy 2x."),
    ("Built machine learning models with Hugging Face.", "Built ML models with HuggingFace."),
    ("Tuned hyperparameters, improving accuracy from 91% to 94%.", "Improved accuracy from 91% to 94% by tuning hyperparameters."),
    ("Built the monitoring service.", "Helped build the monitoring service."),
    ("Deployed the classifier on Kubernetes.", "Deployed the classifier to a Kubernetes cluster."),
    ("Tuned the model.", "[outcome] for [service/product], tuning [model] hyperparameters to reach it"),
    ("Built a proof of concept.", "[prototype] piloted with [team/customer], leading to [decision/launch]"),
]


@pytest.mark.parametrize("before,after", HONEST, ids=[f"honest-{i}" for i in range(len(HONEST))])
def test_guard_passes_honest_rewording(guard, before, after):
    assert guard.added(before, after) == []


def test_labelled_set_meets_detection_and_false_alarm_targets(guard):
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 60
    inflated = [p for p in pairs if p["inflated"]]
    honest = [p for p in pairs if not p["inflated"]]
    detected = sum(bool(guard.added(p["before"], p["after"])) for p in inflated)
    alarms = sum(bool(guard.added(p["before"], p["after"])) for p in honest)
    assert detected / len(inflated) >= 0.95
    assert alarms / len(honest) <= 0.05


# -- property-based: any bullet, any single inflation, is caught ------------------------------

VERBS = st.sampled_from(["Built", "Implemented", "Developed", "Trained", "Tuned", "Ran", "Analysed"])
OBJECTS = st.sampled_from(["a churn model", "the ranking service", "a document classifier",
                           "the labelling workflow", "an evaluation harness", "the feature pipeline"])
TEAMS = st.sampled_from(["for the finance team", "for the search team", "with the data team", ""])


@st.composite
def bullets(draw):
    figure = draw(st.one_of(st.none(), st.integers(2, 95)))
    tail = f", improving recall by {figure}%" if figure else ""
    return f"{draw(VERBS)} {draw(OBJECTS)} {draw(TEAMS)}".strip() + tail + "."


def _insert(bullet: str, words: str) -> str:
    return bullet[:-1] + f" {words}."


INFLATE = {
    "new_number": lambda b, n: _insert(b, f"across {n + 100} training runs"),
    "new_quantity": lambda b, n: _insert(b, "for millions of documents"),
    "new_tool": lambda b, n: _insert(b, "on Kubernetes"),
    "new_scope": lambda b, n: _insert(b, "in production"),
    "new_title": lambda b, n: "As senior engineer, " + b[0].lower() + b[1:],
    "ownership_climb": lambda b, n: "Led and " + b[0].lower() + b[1:],
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bullet=bullets(), kind=st.sampled_from(sorted(INFLATE)), n=st.integers(1, 900))
def test_guard_catches_generated_inflation(guard, bullet, kind, n):
    inflated = INFLATE[kind](bullet, n)
    assert kind in kinds(guard, bullet, inflated), (bullet, inflated)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bullet=bullets())
def test_a_bullet_never_inflates_itself(guard, bullet):
    assert guard.added(bullet, bullet) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_any_text_is_honest_to_itself_and_never_crashes(guard, text):
    assert guard.added(text, text) == []
    assert guard.added(text, "") == []


# -- issue 15: causes of false alarms on real rewrites, each with fictional pairs -----------------
# (cause, before, after): honest rewrites the guard must pass.
HONEST_BY_CAUSE = [
    # one ownership ladder: every individual-contributor verb is the same rung
    ("ladder", "Constructed a gradient-boosted churn model.", "Built a gradient-boosted churn model."),
    ("ladder", "Conducted a survey of label quality in the parts catalogue.", "Ran a survey of label quality in the parts catalogue."),
    ("ladder", "Composed the quarterly evaluation report.", "Wrote the quarterly evaluation report."),
    ("ladder", "Cleaned and analysed sensor logs for the plant team.", "Analysed and cleaned the plant team's sensor logs."),
    ("ladder", "Used Pandas to profile the orders table.", "Implemented orders-table profiling in Pandas."),
    ("ladder", "Identified drift in the scoring model.", "Developed drift checks that identified drift in the scoring model."),
    ("ladder", "Monitoring queues integrated with the broker.", "Monitor broker-integrated queues."),
    ("ladder", "I led a group of four analysts.", "Led a group of four analysts."),
    ("ladder", "Contributed to the Lumen parser by fixing three lexer bugs.", "Fixed 3 lexer bugs in the Lumen parser."),
    ("ladder", "Worked on a triage model for the help desk.", "[outcome], used by [who]"),
    # names that are not new
    ("names", "Trained machine learning models for ticket triage.", "Trained ML models for ticket triage."),
    ("names", "Ported the Kestrel AML jobs to the new cluster.", "Ported the Kestrel ML jobs to the new cluster."),
    ("names", "Wrote the firmware driver in C/C++.", "Wrote the firmware driver in C and C++."),
    ("names", "Scripts for the lab in Ruby, Go, and R.", "Wrote lab scripts in R, Ruby and Go."),
    ("names", "Built the viewer [C++, Qt]", "Built the viewer in C++ and Qt."),
    ("names", "Parsed system logs like audit logs and kernel events.", "Parsed system logs (e.g. audit logs, kernel events)."),
    ("names", "Paper accepted at Harbor Workshop 2023.", "Paper accepted at Harbor Workshop’23."),
    ("names", "Passed the Level‐2 safety review.", "Passed the Level-2 safety review."),
    ("names", "Evaluated on the Kestrel Benchmrk suite.", "Evaluated on the Kestrel Benchmark suite."),
    ("names", "Trained CRFs for address tagging.", "Trained a CRF for address tagging."),
    ("names", "Built the Quill Stage rig for capture.", "Built the QuillStage capture rig."),
    # a word that opens a sentence after a label is no name
    ("label", "Churn Study (Spring 2022): Analysed cancellations by cohort.",
     "Analysed cancellations by cohort in a churn study (Spring 2022)."),
    ("label", "Analysed cancellations by cohort.", "Churn study: Analysed cancellations by cohort."),
    ("label", "Forecasting (Fall 2021) Compared three demand models.", "Compared three demand models (Fall 2021)."),
    # numbers respelled or rounded
    ("numbers", "Scored 568,454 product reviews.", "Scored 568K+ product reviews."),
    ("numbers", "Made the nightly job ten times faster.", "Made the nightly job 10× faster."),
    ("numbers", "Saved $1.2M in compute.", "Saved 1,200,000 dollars in compute."),
    ("numbers", "Reached 94.8% recall on the held-out set.", "Reached 95% recall on the held-out set."),
    ("numbers", "Labelled 2.4 million frames.", "Labelled 2.4M frames."),
    # scope by meaning, not by substring
    ("scope", "Processed terabytes of sensor data.", "Processed large-scale sensor data."),
    ("scope", "Handled large scale data for the survey team.", "Handled large-scale data for the survey team."),
    ("scope", "Built a tool for paying supplier invoices.", "Built a supplier invoice-paying tool."),
    ("scope", "Worked with clients on forecasting.", "Worked with customers on forecasting."),
]


@pytest.mark.parametrize("cause,before,after", HONEST_BY_CAUSE,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(HONEST_BY_CAUSE)])
def test_honest_rewrites_of_each_cause_pass(guard, cause, before, after):
    assert guard.added(before, after) == [], cause


# The same normalisation must not hide a real inflation of each cause.
STILL_CAUGHT = [
    ("ownership_climb", "Built the ranking service.", "Led the ranking service."),
    ("ownership_climb", "Helped build the ranking service.", "Built the ranking service."),
    ("ownership_climb", "Maintained the feature store.", "Owned the feature store."),
    ("ownership_climb", "Constructed the feature store.", "Architected the feature store."),
    ("ownership_climb", "Collaborated on the labelling tool.", "Developed the labelling tool."),
    ("ownership_climb", "Contributed to the Lumen parser.", "Built the Lumen parser."),
    ("new_tool", "Used the Orion API.", "Used the Orbit API."),
    ("new_tool", "Wrote the driver in C/C++.", "Wrote the driver in C/C++ and Rust."),
    ("new_tool", "Churn Study: Analysed cancellations.", "Churn Study: Analysed cancellations in Tableau."),
    ("changed_number", "Scored 568,454 product reviews.", "Scored 600K+ product reviews."),
    ("changed_number", "Scored 568,454 product reviews.", "Scored 570K+ product reviews."),
    ("changed_number", "Made the nightly job ten times faster.", "Made the nightly job 12× faster."),
    ("changed_number", "Saved $1.2M in compute.", "Saved $1.5M in compute."),
    ("changed_number", "Reached 94.8% recall.", "Reached 96% recall."),
    ("changed_number", "Paper accepted at Harbor Workshop 2023.", "Paper accepted at Harbor Workshop’24."),
    ("new_scope", "Built a billing tool.", "Built a billing tool for paying customers."),
    ("new_scope", "Processed sensor data.", "Processed terabytes of sensor data."),
]


@pytest.mark.parametrize("kind,before,after", STILL_CAUGHT, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(STILL_CAUGHT)])
def test_normalisation_still_catches_inflation(guard, kind, before, after):
    assert kind in kinds(guard, before, after)


def test_an_added_claim_says_what_the_original_had(guard):
    [changed] = guard.added("Improved recall from 71% to 78%.", "Improved recall from 71% to 85%.")
    assert changed.to_dict() == {"kind": "changed_number", "text": "85%", "was": "78%",
                                 "detail": "“78%” became “85%”"}
    [climb] = guard.added("Helped build the ranking service.", "Built the ranking service.")
    assert (climb.kind, climb.text, climb.was) == ("ownership_climb", "Built", "Helped")
    [tool] = guard.added("Built a retrieval prototype.", "Built a retrieval prototype with LangChain.")
    assert tool.to_dict()["was"] is None


def test_a_name_may_join_up_to_max_gram_of_the_originals_words(guard):
    """The guard accepts a name that runs the original's words together ("Hugging Face" ->
    "HuggingFace") for runs of at most MAX_GRAM words; a longer run is a name it cannot place."""
    from retitle.rewrite.claims import MAX_GRAM

    assert MAX_GRAM == 6
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    original = f"Wrote glue code for the {' '.join(words)} toolkit."
    joined = "".join(w.title() for w in words[:MAX_GRAM])
    longer = "".join(w.title() for w in words[:MAX_GRAM + 1])
    assert guard.added(original, f"Wrote glue code for {joined}.") == []
    assert kinds(guard, original, f"Wrote glue code for {longer}.") == {"new_tool"}
    initials = "".join(w[0] for w in words[:MAX_GRAM]).upper()
    assert guard.added(original, f"Wrote glue code for the {initials} toolkit.") == []
