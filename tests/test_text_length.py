"""The terminal report stays short: one title reason, templates without their question, a flagged
block on one line with its location, rewrites of about a line and a half (the other formats carry
everything)."""

from __future__ import annotations

import retitle
from retitle.render import text as text_render


def test_text_report_limits_are_pinned():
    assert text_render.TERMINAL_REASONS == 1
    assert text_render._EXCERPT == 110
    assert text_render.MIN_EXCERPT == 60


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


def test_a_flagged_block_takes_one_line_with_its_location(tmp_path):
    """The block is cut to the terminal's width; each finding line under it quotes its own words."""
    bullet = ("Tuned hyperparameters for the parts classifier across four plants, three shifts and two "
              "camera vendors, with weekly retraining on new defect photos from the line.")
    resume = tmp_path / "r.md"
    resume.write_text("## Experience\n\n- " + bullet + "\n")
    report = retitle.analyze(resume)
    assert report.findings
    lines = text_render.render(report).split("\n\n")[1].splitlines()
    assert lines[0].startswith("line ") or ":" in lines[0]
    assert lines[0].endswith("…") and len(lines[0]) <= 80 and "Tuned hyperparameters" in lines[0]
    assert lines[1].lstrip().startswith("RP")  # the finding line follows at once: no wrapped rest of the block
