"""The resume summary: framing score, years and level, titles, market reference, text report."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retitle
from retitle.engine import Engine
from retitle.lexicon import compile_lexicon
from retitle.model import Anchor, Document, FramingUnits, Pay
from retitle.render.text import render
from retitle.report import framing_score, level_for, summarize, years_of_experience

LEX = compile_lexicon()
TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(LEX)


def entries(*ranges) -> list:
    doc = Document(path="x", format="text")
    for start, end in ranges:
        doc.add("entry", "experience", f"Engineer {start} – {end}", Anchor(kind="text"), start=start, end=end, kind="job")
    return doc.blocks


@pytest.mark.parametrize(("ranges", "years"), [
    ([("2020-01", "2021-12")], 2.0),
    ([("2018", "2019")], 2.0),                                    # year-only end runs to December
    ([("2018-01", "2020-12"), ("2020-01", "2021-12")], 4.0),      # overlap counted once
    ([("2018-01", "2018-12"), ("2018-03", "2018-06")], 1.0),      # nested range
    ([("2016-01", "2016-12"), ("2019-01", "2019-12")], 2.0),      # gap not counted
    ([("2024-06", "present")], 2.1),                              # open-ended, up to today
    ([("2015-01", "2019-12"), ("2019-06", "present")], 11.5),     # open-ended overlapping an older job
])
def test_years_merge_overlaps_and_open_ends(ranges, years):
    assert years_of_experience(entries(*ranges), today=TODAY) == years


def test_today_is_injectable():
    blocks = entries(("2020-06", "present"))
    assert years_of_experience(blocks, today=date(2022, 5, 1)) == 2.0   # Jun 2020 … May 2022, inclusive
    assert years_of_experience(blocks, today=date(2030, 5, 1)) == 10.0


def test_no_dated_entries_means_no_years():
    assert years_of_experience(entries(), today=TODAY) is None


@pytest.mark.parametrize(("years", "level"), [(0.5, "entry"), (2.9, "entry"), (3.0, "mid"), (5.9, "mid"),
                                              (6.0, "senior"), (14, "senior")])
def test_level_bands_follow_the_seed(years, level):
    assert level_for(years, LEX)["id"] == level


def test_framing_score_definition():
    assert framing_score({"a": "systems", "b": "research"}) == 50
    assert framing_score({"a": "systems", "b": "mixed", "c": "neutral"}) == 75
    assert framing_score({"a": "neutral"}) is None


BULLETS = [
    "Tuned hyperparameters for the churn model.",
    "Deployed the churn model behind a REST API.",
    "Ran ablation studies on the retrieval settings. Shipped the winner to production.",
    "Mentored two junior engineers.",
    "Built a RAG assistant with pgvector for customers.",
    "Published a paper at ICML.",
]


def _summary(engine, texts):
    doc, findings, evidence = engine.analyze_texts(texts)
    return summarize(doc, findings, evidence, LEX, TODAY)


@settings(max_examples=25, deadline=None)
@given(st.permutations(BULLETS))
def test_framing_score_stable_under_reordering(engine, order):
    assert _summary(engine, list(order)).framing.score == _summary(engine, BULLETS).framing.score


def test_areas_count_research_and_systems_evidence(engine):
    summary = _summary(engine, BULLETS)
    assert summary.framing.units == FramingUnits(research=2, systems=2, mixed=1, neutral=1)
    assert summary.framing.score == 50
    areas = {a.id: a for a in summary.areas}
    assert areas["core_ml"].research >= 2 and areas["core_ml"].research_blocks == ("b0", "b5")
    assert areas["data_engineering"].systems_blocks == ("b4",)


def test_titles_supported_with_their_bullets_and_plain_statement(engine):
    research_only = _summary(engine, ["Tuned hyperparameters.", "Ran ablation studies.", "Published a paper at ICML."])
    supported = {t.title for t in research_only.titles.supported}
    assert "Research Scientist" in supported and "AI Engineer" not in supported
    assert research_only.titles.note.startswith("The evidence does not support a rebrand to AI Engineer")

    systems = _summary(engine, ["Built a RAG pipeline with pgvector.", "Integrated the OpenAI API into billing.",
                                "Built an LLM evaluation harness that runs in CI.", "Added guardrails to the chatbot."])
    ai = next(t for t in systems.titles.supported if t.title == "AI Engineer")
    assert ai.bullets == ("b0", "b1", "b2", "b3")
    assert systems.titles.note.startswith("The evidence supports the AI Engineer title")


def test_forward_deployed_title_needs_the_ai_engineer_title_first(engine):
    """Customer delivery alone is not forward-deployed AI engineering: the AI Engineer evidence must be there too."""
    customers = _summary(engine, ["Deployed the churn model for three enterprise clients.",
                                  "Integrated forecasts into the client's ERP.", "Onboarded customers to the dashboard."])
    names = {t.title for t in customers.titles.supported}
    assert "AI Engineer" not in names and "Forward-Deployed AI Engineer" not in names
    both = _summary(engine, ["Built a RAG pipeline with pgvector for enterprise clients.",
                             "Integrated the OpenAI API into the client's ERP.",
                             "Built an LLM evaluation harness that runs in CI for customer releases."])
    names = {t.title for t in both.titles.supported}
    assert {"AI Engineer", "Forward-Deployed AI Engineer"} <= names


def test_report_of_the_sample(sample_md):
    report = retitle.analyze(sample_md, today=TODAY)
    s = report.summary
    assert s.titles.current == ["Machine Learning Engineer"]      # the latest position, as written
    assert s.titles.positions[0].taxonomy == "ML Engineer"
    assert s.years == 6.1 and s.level == "senior"   # 3 + 18 + 52 months
    assert s.market.ai_engineer == Pay(base=210000, total=300000)
    assert s.market.source.startswith("Valenx Press") and s.market.date == "2026-06"
    assert s.publications == 1
    json.dumps(report.to_dict())


def test_text_report_fits_80_columns_and_keeps_indentation(sample_md):
    text = render(retitle.analyze(sample_md, today=TODAY))
    lines = text.splitlines()
    assert max(map(len, lines)) <= 80
    assert all(line == line.rstrip() for line in lines)
    assert "\x1b[" not in text
    message = next(i for i, line in enumerate(lines) if line.startswith("  RP001 research.hyperparameter_tuning: Tuning"))
    assert lines[message + 1].startswith("  ") and lines[message + 1][2] != " "
    for needle in ("Framing score:", "Skill-matrix area", "Current title(s): Machine Learning Engineer (ML Engineer)", "Market reference, Senior",
                   "Source: Valenx Press", "does not support a rebrand to AI Engineer"):
        assert needle in text


def test_text_report_colour_only_when_asked(sample_md, monkeypatch):
    report = retitle.analyze(sample_md, today=TODAY)
    assert "\x1b[" in render(report, color=True)
    from retitle.render.text import make_console

    class Tty:
        def isatty(self):
            return True

        def write(self, _):
            pass

        def flush(self):
            pass

    monkeypatch.setenv("NO_COLOR", "1")
    assert make_console(Tty()).no_color
    monkeypatch.delenv("NO_COLOR")
    assert not make_console(Tty()).no_color
