"""Title verdicts a user reads: the titles they held, AI Engineer only on strong evidence, at most
three supported titles shown, every title kept in the JSON. All bullets here are fictional."""

from __future__ import annotations

from datetime import date

import pytest

import retitle
from retitle.engine import Engine
from retitle.lexicon import compile_lexicon
from retitle.model import Anchor, Document
from retitle.render import markdown
from retitle.render.text import render
from retitle.report import (CLAIM_SECTIONS, MAX_CURRENT_TITLES, MIN_EVIDENCE_WORDS, NAME_LINE_SHARE, NOT_THE_TITLE,
                            current_positions, is_role, summarize, taxonomy_title)
from retitle.sentences import MAX_SHOWN_TITLES

LEX = compile_lexicon()
TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(LEX)


def test_constants_are_pinned():
    assert MAX_CURRENT_TITLES == 2 and MAX_SHOWN_TITLES == 3 and MIN_EVIDENCE_WORDS == 5
    assert NAME_LINE_SHARE == 0.6 and "intern" in NOT_THE_TITLE
    ai = next(t for t in LEX.titles if t["id"] == "ai_engineer")
    assert ai["min_bullets"] == 3 and ai["systems_only"] is True
    assert "systems.foundation_models" in ai["not_alone"] and "systems.product_integration" in ai["not_alone"]
    assert CLAIM_SECTIONS == ("summary",) and "academic" in ai["research_excludes"]


def positions(*rows) -> Document:
    doc = Document(path="x", format="text")
    for title, kind, start, end in rows:
        doc.add("entry", "experience", f"{title} {start} – {end}", Anchor(kind="text"),
                title=title, organisation="Example Co", kind=kind, start=start, end=end)
    return doc


@pytest.mark.parametrize(("held", "taxonomy"), [
    ("Senior Machine Learning Engineer", "ML Engineer"),
    ("Staff Research Scientist", "Research Scientist"),
    ("Data Scientist", "Data Scientist"),
    ("Research Assistant", None),                 # not a Research Scientist
    ("Undergraduate Research Assistant", None),
    ("Data Analyst", None),                       # not a Data Scientist
    ("Research Engineer", None),
    ("Machine Learning Engineer Intern", None),   # an intern has not held the title
    ("Forward-Deployed AI Engineer", "Forward-Deployed AI Engineer"),
    ("Software Engineer", None),
])
def test_taxonomy_title_only_where_the_held_title_means_it(held, taxonomy):
    assert taxonomy_title(held, LEX) == taxonomy


def test_current_titles_are_the_latest_positions_as_written():
    doc = positions(("Research Assistant", "research_position", "2023-09", "present"),
                    ("Data Analyst", "job", "2020-01", "2023-08"),
                    ("Teaching Assistant", "teaching", "2024-01", "present"))
    got = current_positions(doc, LEX, TODAY)
    assert [p.title for p in got] == ["Teaching Assistant", "Research Assistant"]   # latest start first
    assert all(p.taxonomy is None for p in got)


def test_an_older_bigger_title_is_not_current():
    doc = positions(("Machine Learning Engineer", "job", "2018", "2021"), ("Backend Developer", "job", "2021-03", "present"))
    assert [p.title for p in current_positions(doc, LEX, TODAY)] == ["Backend Developer"]


def test_lines_that_are_not_roles_are_not_titles():
    assert not is_role("Working remotely from Lisbon") and not is_role("Northwind Labs")
    assert is_role("Lab Lead") and is_role("Co-founder")
    doc = positions(("Working remotely from Lisbon", "job", "2024-01", "present"),
                    ("Data Engineer", "job", "2021-01", "2023-12"))
    assert [p.title for p in current_positions(doc, LEX, TODAY)] == ["Data Engineer"]


def test_undated_positions_give_the_first_listed():
    doc = positions(("Platform Engineer", "job", None, None), ("Junior Developer", "job", None, None))
    assert [p.title for p in current_positions(doc, LEX, TODAY)] == ["Platform Engineer"]


def _titles(engine, texts, section="experience"):
    doc, findings, evidence = engine.analyze_texts(texts)
    for block in doc.blocks:
        block.section = section
    return summarize(doc, findings, evidence, LEX, TODAY).titles


def _ai(titles):
    return next(t for t in titles.verdicts if t.id == "ai_engineer")


STRONG = [
    "Built a RAG assistant over policy documents with pgvector for the support team.",
    "Served the fine-tuned classifier behind a FastAPI inference endpoint at 40 requests per second.",
    "Added guardrails and PII redaction to the customer chatbot before launch.",
]


def test_three_bullets_of_systems_around_models_support_ai_engineer(engine):
    titles = _titles(engine, STRONG)
    assert "ai_engineer" in {t.id for t in titles.supported}
    assert titles.note.startswith("The evidence supports the AI Engineer title: 3 bullets")


def test_two_such_bullets_say_what_is_missing(engine):
    titles = _titles(engine, STRONG[:2])
    assert "ai_engineer" not in {t.id for t in titles.supported}
    assert "2 bullets show it; 3 are needed" in titles.note


@pytest.mark.parametrize("bullets", [
    # plain backend and web work without a model
    ["Built a REST API for the booking service in Flask.", "Integrated the payment service into the web app.",
     "Deployed the signup form backend to production on Kubernetes."],
    # training and research on large models, no system around them
    ["Fine-tuned Llama 3 on legal questions and compared it with GPT-4.",
     "Published a paper on diffusion model sampling at NeurIPS.",
     "Integrated pruning into the architecture search to make smaller models."],
    # teaching and talks about models
    ["Gave lectures on deploying LLM chatbots behind an API.", "Mentored students building RAG assistants in production.",
     "Ran a workshop on serving models with FastAPI endpoints."],
    # ML platform work: training pipelines and CI put into production serve no model to anyone
    ["Set up the production training pipeline for the forecasting models on Kubeflow.",
     "Designed the CI/CD ML platform for model training with Terraform and Docker.",
     "Moved the feature pipelines for our ML models into production with Airflow."],
    # a firm's name and a risk role are not an API
    ["Model Validation Associate at Northwind Global Services reviewing pricing models.",
     "Wrote model risk methodology for the Harbour Financial Services credit desk.",
     "Led customer service for the bank's model portfolio clients."],
])
def test_work_that_is_not_ai_engineering_does_not_support_it(engine, bullets):
    titles = _titles(engine, bullets)
    assert "ai_engineer" not in {t.id for t in titles.supported}
    assert _ai(titles).score < 3


def test_summary_claims_and_project_names_do_not_count(engine):
    assert _ai(_titles(engine, STRONG, section="summary")).score == 0
    assert _ai(_titles(engine, ["Customer Support Chatbot: RAG Pipeline With Vector Search And Guardrails"])).score == 0


def test_supported_titles_ranked_at_most_three_shown_json_keeps_all(engine, tmp_path):
    resume = tmp_path / "r.md"
    resume.write_text("# Sam Rivera\n\n## Experience\n\n### Machine Learning Engineer — Example Co | 2021 – Present\n\n"
                      + "".join(f"- {b}\n" for b in [
                          *STRONG,
                          "Deployed the churn model to production with Docker and monitoring dashboards.",
                          "Built an Airflow data pipeline feeding the feature store.",
                          "Tuned hyperparameters and ran ablation studies on the ranking model.",
                          "Published a paper at ICML on calibration.",
                          "Ran A/B tests and tracked conversion metrics for the pricing model.",
                      ]))
    report = retitle.analyze(resume, today=TODAY)
    titles = report.summary.titles
    assert len(titles.verdicts) == len(LEX.titles) and all("score" in t for t in titles.to_dict()["all"])
    strengths = [t.score / t.needed for t in titles.supported]
    assert strengths == sorted(strengths, reverse=True)
    text = render(report)
    shown = text.split("Evidence supports: ")[1].splitlines()[0]
    assert len(shown.split(" (strongest")[0].split(", ")) <= MAX_SHOWN_TITLES
    if len(titles.supported) > MAX_SHOWN_TITLES:
        assert "more in the JSON report" in text
    assert "Current title(s): Machine Learning Engineer (ML Engineer)" in text
    md = "\n".join(markdown.summary_lines(report))
    assert md.count(" needed)") <= MAX_SHOWN_TITLES


def test_ai_products_named_as_such_count(engine):
    titles = _titles(engine, [
        "Built AI-driven review tools for the claims team that summarise each case file.",
        "Led delivery of AI tools that draft safety reports for the pharmacovigilance group.",
        "Used generative AI to draft the weekly incident summaries for on-call engineers.",
    ])
    assert _ai(titles).score == 3 and "ai_engineer" in {t.id for t in titles.supported}
