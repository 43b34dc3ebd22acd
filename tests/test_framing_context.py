"""The framing score counts systems evidence only in ML, data or engineering work; a resume with no
ML or data work says so instead of a score. Fictional bullets."""

from __future__ import annotations

from datetime import date

import pytest

from retitle.engine import Engine
from retitle.lexicon import compile_lexicon
from retitle.report import ENGINEERING_TERMS, ML_DATA_TERMS, names_tech_context, summarize
from retitle.sentences import NO_ML_OR_DATA_NOTE

LEX = compile_lexicon()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(LEX)


def _summary(engine, texts):
    doc, findings, evidence = engine.analyze_texts(texts)
    return summarize(doc, findings, evidence, LEX, date(2026, 6, 15))


def test_terms_are_pinned():
    assert {"model", "data", "sql"} <= set(ML_DATA_TERMS) and {"api", "kubernetes", "pipeline"} <= set(ENGINEERING_TERMS)
    assert NO_ML_OR_DATA_NOTE.startswith("no ML or data work")


@pytest.mark.parametrize("bullet", [
    "Handled monitoring of accounts payable and vendor invoices each month.",
    "Kept friendly customer interactions at the counter during the lunch rush.",
])
def test_one_keyword_outside_technical_work_is_not_systems_framing(bullet):
    assert not names_tech_context(bullet)


def test_accounts_payable_does_not_make_a_resume_systems_framed(engine):
    s = _summary(engine, ["Handled monitoring of accounts payable and vendor invoices each month.",
                          "Kept friendly customer interactions at the counter during the lunch rush.",
                          "Trained a gradient boosting model on the sales data."])
    assert s.framing.units.systems == 0 and s.framing.score != 100


def test_a_resume_without_ml_or_data_work_says_so_instead_of_a_score(engine):
    s = _summary(engine, ["Kept friendly customer interactions at the counter during the lunch rush.",
                          "Handled monitoring of accounts payable and vendor invoices each month."])
    assert s.framing.score is None and s.framing.note == NO_ML_OR_DATA_NOTE


def test_technical_monitoring_still_counts(engine):
    s = _summary(engine, ["Set up monitoring and alerting for the model serving cluster in Grafana."])
    assert s.framing.units.systems == 1 and s.framing.score == 100 and s.framing.note is None
