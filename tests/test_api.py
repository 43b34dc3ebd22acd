"""The library API the CLI wraps."""

from __future__ import annotations

import retitle
from retitle.model import Report


def test_analyze_returns_a_report(sample_md):
    report = retitle.analyze(sample_md)
    assert isinstance(report, Report)
    codes = {f.code for f in report.findings}
    assert {"RP001", "RP010", "RP030"} <= codes
    assert report.summary.framing.score is not None


def test_analysis_is_deterministic(sample_md):
    first = retitle.analyze(sample_md).to_dict()
    second = retitle.analyze(sample_md).to_dict()
    assert first == second


def test_systems_framed_bullet_is_not_flagged(tmp_path):
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n- Deployed the model behind a FastAPI service.\n")
    report = retitle.analyze(resume)
    assert report.findings == []
    assert {e.code for e in report.evidence} == {"SF001", "SF002"}
