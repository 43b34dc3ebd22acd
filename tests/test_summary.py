"""The typed summary (issue 16): every report shows exactly the sentences of `retitle.sentences`,
a missing or renamed summary field fails loudly in every renderer, and `to_dict()` is the
version-1 JSON the schema describes. The resumes here are fictional."""

from __future__ import annotations

import re
import zipfile
from dataclasses import fields
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

import retitle
from retitle.batch import summary_row
from retitle.lexicon import LEVELS
from retitle.model import Anchor, Document, FramingScore, FramingUnits, Level, Report, Summary
from retitle.parse.docx import W
from retitle.render import markdown
from retitle.render.docx_out import write_docx
from retitle.render.html import render_page
from retitle.render.json_out import schema
from retitle.render.text import render as render_text
from retitle.sentences import (GOOD_FRAMING_SCORE, SCORECARD_CAPTION, SCORECARD_COLUMNS, Tone, counts_line,
                               framing_line, summary_text)

TODAY = date(2026, 6, 15)
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "ada_okafor_resume.md"
# No ML or data work: the framing score is n/a with the note, and no title is supported.
SHOP = """# Robin Marsh

## Experience

### Shift Supervisor, Corner Bakery (2019 – 2022)

- Kept friendly customer interactions at the counter during the lunch rush.
- Handled monitoring of accounts payable and vendor invoices each month.
"""
# No dated position: no years, no level, no market reference.
UNDATED = """# Kit Ames

## Research

- Tuned hyperparameters for the sentiment classifier.
- Ran ablation studies on the tokenizer choices.
"""


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["sample", "shop", "undated"])
def report(request, tmp_path_factory) -> Report:
    if request.param == "sample":
        return retitle.analyze(SAMPLE, today=TODAY)
    path = tmp_path_factory.mktemp("cv") / f"{request.param}.md"
    path.write_text(SHOP if request.param == "shop" else UNDATED, encoding="utf-8")
    return retitle.analyze(path, today=TODAY)


def expected_lines(report: Report, scorecard: list[str]) -> list[str]:
    """The summary as the sentences module writes it: the score, the scorecard, then each line and its details."""
    text = summary_text(report.summary)
    return [str(text.framing), *scorecard, *(str(line) for line in text.every_line()[1:])]


def test_the_fixtures_reach_every_kind_of_line(report):
    """Each fixture exercises different sentences; together they cover n/a, no years and no title."""
    s = report.summary
    text = _flat(render_text(report))
    if "shop" in report.file:
        assert s.framing.score is None and "n/a (no ML or data work found" in text
        assert "Evidence supports: no title in the taxonomy" in text
    elif "undated" in report.file:
        assert s.experience is None and s.market is None and "Experience: no dated positions found" in text
        assert "Market reference" not in text
    else:
        assert s.framing.score is not None and s.market is not None and "Market reference, Senior" in text


def terminal_lines(report: Report, scorecard: list[str]) -> list[str]:
    """The same, as the terminal shows it: of a line's labelled details only the first
    `TERMINAL_REASONS` (the strongest title's reason), every unlabelled one (the rebrand note)."""
    from retitle.render.text import TERMINAL_REASONS

    text = summary_text(report.summary)
    out = [str(text.framing), *scorecard]
    for line in text.lines:
        out.append(str(line))
        labelled = [d for d in line.details if d.label][:TERMINAL_REASONS]
        out += [str(d) for d in line.details if not d.label or d in labelled]
    return out


def test_text_report_summary_is_exactly_the_sentences(report):
    text = render_text(report)
    shown = text[text.index("Framing score:"):]
    card = summary_text(report.summary).scorecard
    table = [" ".join(SCORECARD_COLUMNS), *(f"{r.name} {r.research} {r.systems}" for r in card)] if card else []
    assert _flat(shown) == _flat(" ".join(terminal_lines(report, table)))


def test_markdown_summary_is_exactly_the_sentences(report):
    out = markdown.render(report)
    shown = out[out.index("- **Framing score:**"):out.index("\n\n## Findings") if report.findings else None]
    rows = [f"| {r.name} | {r.research} | {r.systems} |" for r in summary_text(report.summary).scorecard]
    table = ["| " + " | ".join(SCORECARD_COLUMNS) + " |", "| --- | ---: | ---: |", *rows] if rows else []
    plain = [re.sub(r"^\s*- ", "", line).replace("**", "").strip("*") for line in shown.splitlines() if line]
    assert plain == expected_lines(report, table)


def test_docx_summary_comment_is_exactly_the_sentences(report, tmp_path):
    out = tmp_path / "review.docx"
    write_docx(report, out)
    with zipfile.ZipFile(out) as archive:
        comments = etree.fromstring(archive.read("word/comments.xml"))
    texts = [["".join(p.itertext()) for p in c.iter(W + "p")] for c in comments]
    summary = next(t for t in texts if t[0] == "retitle summary")
    rows = [f"{r.name}: {r.research} / {r.systems}" for r in summary_text(report.summary).scorecard]
    expected = expected_lines(report, [SCORECARD_CAPTION, *rows] if rows else [])
    assert [line.removeprefix("• ") for line in summary[1:1 + len(expected)]] == expected


def test_csv_row_holds_the_summary_values(report):
    row = summary_row(report.file, report, None, 0.5)
    s = report.summary
    assert row["framing_score"] == s.framing.score and row["level"] == s.level
    assert row["suggested_titles"] == [t.title for t in s.titles.supported]
    assert (row["findings_warning"], row["findings_suggestion"]) == (s.findings_by_level.warning,
                                                                      s.findings_by_level.suggestion)


RENDERERS = {
    "text": render_text,
    "markdown": markdown.render,
    "docx": lambda report: write_docx(report, Path(report.document.path).with_suffix(".review.docx")),
    "html": render_page,
}


@pytest.mark.parametrize("renderer", RENDERERS.values(), ids=RENDERERS.keys())
def test_a_summary_missing_a_field_fails_loudly_in_every_renderer(renderer, tmp_path):
    """A renamed or dropped field is an AttributeError, never a default printed as "0"."""
    path = tmp_path / "cv.md"
    path.write_text(SHOP, encoding="utf-8")
    report = retitle.analyze(path, today=TODAY)
    full = report.summary
    for name in [f.name for f in fields(Summary)]:
        report.summary = SimpleNamespace(**{f.name: getattr(full, f.name) for f in fields(Summary) if f.name != name})
        with pytest.raises(AttributeError, match=name):
            renderer(report)
    report.summary = full.to_dict()   # the old dict summary
    with pytest.raises(AttributeError):
        renderer(report)


def test_csv_row_fails_loudly_without_the_fields_it_reads(tmp_path):
    path = tmp_path / "cv.md"
    path.write_text(UNDATED, encoding="utf-8")
    report = retitle.analyze(path, today=TODAY)
    full = report.summary
    for name in ("framing", "findings_by_level", "titles", "market"):
        report.summary = SimpleNamespace(**{f.name: getattr(full, f.name) for f in fields(Summary) if f.name != name})
        with pytest.raises(AttributeError):
            summary_row(report.file, report, None, 0.1)


def test_to_dict_has_exactly_the_keys_of_the_schema(report):
    """The typed summary and the JSON schema name the same fields, so neither can drift alone."""
    summary_schema = schema()["$defs"]["summary"]
    data = report.summary.to_dict()
    assert set(data) == set(summary_schema["properties"])
    titles = summary_schema["properties"]["titles"]["properties"]
    assert set(data["titles"]) == set(titles)
    if data["experience_basis"] is not None:
        assert set(data["experience_basis"]) == set(summary_schema["properties"]["experience_basis"]["required"])
        assert all(type(e["kind"]) is str for e in data["experience_basis"]["entries"])   # plain JSON strings


def test_framing_tone_turns_at_the_named_threshold():
    units = FramingUnits(research=1, systems=1, mixed=0, neutral=0)
    assert GOOD_FRAMING_SCORE == 50
    assert framing_line(FramingScore(GOOD_FRAMING_SCORE, units, True)).tone == Tone.GOOD
    assert framing_line(FramingScore(GOOD_FRAMING_SCORE - 1, units, True)).tone == Tone.WEAK
    assert framing_line(FramingScore(None, units, True)).value == "n/a (no research- or systems-framed bullets)"


def test_counts_are_singular_for_one(tmp_path):
    path = tmp_path / "cv.md"
    path.write_text("## Experience\n\n- Tuned hyperparameters for the classifier.\n\n## Publications\n\n"
                    "- A study of calibration. Workshop on Examples, 2022.\n", encoding="utf-8")
    summary = retitle.analyze(path, today=TODAY).summary
    assert summary.publications == 1 and summary.suggestions.shown == 1
    assert str(counts_line(summary)).startswith("1 publication listed; 1 suggestion, ")


def test_closed_sets_are_enums_that_refuse_unknown_values():
    assert {level.value for level in Level} == set(LEVELS)   # the rule levels a lexicon may use
    doc = Document(path="x", format="text")
    doc.add("bullet", "experience", "Built it.", Anchor(kind="text"))
    with pytest.raises(ValueError, match="experiance"):
        doc.add("bullet", "experiance", "Built it.", Anchor(kind="text"))
    with pytest.raises(ValueError, match="bulet"):
        doc.add("bulet", "experience", "Built it.", Anchor(kind="text"))
