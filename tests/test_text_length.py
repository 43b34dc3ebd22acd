"""The terminal report stays short: one title reason, templates without their question, excerpts
of about a line and a half (the other formats carry everything)."""

from __future__ import annotations

import retitle
from retitle.render import text as text_render


def test_text_report_limits_are_pinned():
    assert text_render.TERMINAL_REASONS == 1
    assert text_render._EXCERPT == 110


def test_text_report_shows_one_title_reason_and_bare_templates(tmp_path):
    resume = tmp_path / "r.md"
    resume.write_text("# Sam Fiction\n\n## Experience\n\n### ML Engineer, Widgetco, 2020 - 2023\n\n"
                      "- Tuned hyperparameters for the parts classifier.\n"
                      "- Ran ablation studies on tokenizer choices.\n"
                      "- Built proof-of-concept summarisation models in Jupyter notebooks.\n")
    report = retitle.analyze(resume)
    out = text_render.render(report)
    assert out.count(" needed)") <= text_render.TERMINAL_REASONS
    templates = [line for line in out.splitlines() if "Template: " in line]
    assert templates and all(line.split("Template: ", 1)[1].startswith("[") for line in templates)
    assert len(out.rstrip().splitlines()) <= 30 + 6 * len(report.findings)


def test_a_long_paragraph_is_shown_around_its_first_finding(tmp_path):
    filler = "The team shipped invoices on time and kept the ledger tidy every single week. " * 4
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\nTuned hyperparameters for the parts classifier. " + filler
                      + "Ran ablation studies on tokenizer choices.\n")
    report = retitle.analyze(resume)
    assert len({f.block_id for f in report.findings}) == 1 and len(report.findings) >= 2
    out = text_render.render(report)
    head = out.split("\n\n")[1].splitlines()[0]
    assert "Tuned hyperparameters" in head and "Ran ablation studies" not in out.split("Why these")[0].split("RP")[0]
