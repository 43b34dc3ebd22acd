"""Each layout cut-off of the parsers, pinned: its value, and the behaviour on either side of it."""

from __future__ import annotations

import docx
import pytest

from retitle.parse import common, parse
from retitle.parse.lines import Line, Piece, build_document
from retitle.parse.text import is_plain_heading


def test_values_are_pinned():
    assert (common.MAX_HEADING_CHARS, common.MAX_VOCABULARY_HEADING_CHARS, common.MAX_STYLED_HEADING_CHARS,
            common.MAX_STYLED_HEADING_WORDS) == (48, 40, 50, 6)
    assert (common.MIN_WRAPPING_PARAGRAPH_CHARS, common.MAX_HEAD_PLAIN_CHARS, common.MAX_CONTACT_LINE_CHARS,
            common.MAX_HEADER_FOOTER_CONTACT_CHARS) == (60, 60, 120, 160)
    assert (common.MAX_STANDALONE_CHARS, common.MAX_ENTRY_LINE_CHARS, common.MAX_MARGIN_HEADING_WORDS) == (120, 140, 3)
    assert (common.MAX_ANNOTATION_CHARS, common.MAX_ANNOTATION_WORDS, common.PAGE_MARGIN_BAND) == (60, 8, 0.08)


def test_plain_heading_length():
    at_limit = "A" * common.MAX_HEADING_CHARS
    assert is_plain_heading(at_limit, "", "")
    assert not is_plain_heading(at_limit + "A", "", "")


def lines(*texts, kind="text"):
    return [Line([Piece(text, line=n + 1, column=1)], kind=kind) for n, text in enumerate(texts)]


def build(*body):
    return build_document("cv.txt", "text", lines("Jane Roe") + lines("EXPERIENCE", kind="heading") + list(body))


def test_a_short_line_ends_its_paragraph_a_long_one_wraps():
    short = "x" * (common.MIN_WRAPPING_PARAGRAPH_CHARS - 10)
    long = "Built the nightly ingestion service that loads the ledger tables into the warehouse and"
    assert len(long) > common.MIN_WRAPPING_PARAGRAPH_CHARS
    joined = build(*lines(long, "checks every row against the source system."))
    assert [b.text for b in joined.blocks if b.kind == "paragraph"] == [
        long + " checks every row against the source system."]
    apart = build(*lines(short, "checks every row against the source system."))
    assert len([b for b in apart.blocks if b.kind == "paragraph"]) == 2


def test_contact_line_length():
    near = "Jane Roe · jane@example.org · " + "x" * (common.MAX_CONTACT_LINE_CHARS - 40)
    far = "Jane Roe · jane@example.org · " + "x" * common.MAX_CONTACT_LINE_CHARS
    doc = build_document("cv.txt", "text", lines("Jane Roe") + lines("SUMMARY", kind="heading") + lines(near))
    assert doc.blocks[-1].kind == "contact"
    doc = build_document("cv.txt", "text", lines("Jane Roe") + lines("SUMMARY", kind="heading") + lines(far))
    assert doc.blocks[-1].kind == "paragraph"


def test_entry_line_length():
    dated = "Data Engineer, Pellwood Bank | 2020 – 2023 | " + "x" * 40
    assert len(dated) < common.MAX_STANDALONE_CHARS
    (entry,) = [b for b in build(*lines(dated)).blocks if b.kind == "entry"]
    assert entry.fields["start"] == "2020"
    too_long = "Data Engineer, Pellwood Bank | 2020 – 2023 | " + "word " * 30
    assert len(too_long) > common.MAX_ENTRY_LINE_CHARS
    assert not [b for b in build(*lines(too_long)).blocks if b.kind == "entry"]


def test_entry_line_length_of_a_row_aligned_into_cells_is_its_longest_cell():
    """Tabs or runs of spaces align a plain-text row into cells; the limits read each cell."""
    row = ("University of Northmere, Eastland Campus\t\t" + " " * 20 + "Graduated May 2024      "
           "MSc in Applied Statistics and Data Science, Evening Track for Working Analysts (Part Time)")
    assert len(" ".join(row.split())) > common.MAX_ENTRY_LINE_CHARS > common.MAX_STANDALONE_CHARS > len(row.split("      ")[-1])
    doc = build(*lines(row, "Took the evening track while working full time at the county records office."))
    (entry,) = [b for b in doc.blocks if b.kind == "entry"]
    assert (entry.fields["organisation"], entry.fields["end"]) == ("University of Northmere", "2024-05")
    assert entry.fields["title"].startswith("MSc in Applied Statistics")
    run_on = "University of Northmere " + "and its partner colleges " * 5 + "Graduated May 2024"
    assert not [b for b in build(*lines(run_on, "Took the evening track.")).blocks if b.kind == "entry"]


def test_head_plain_line_length():
    short = "Glasgow, United Kingdom"
    long = "x" * common.MAX_HEAD_PLAIN_CHARS + " y"
    doc = build_document("cv.txt", "text", lines("Jane Roe", short, long))
    assert [b.kind for b in doc.blocks] == ["contact", "contact", "paragraph"]


@pytest.mark.parametrize(("extra", "kept"), [(0, True), (1, False)])
def test_docx_header_contact_length(tmp_path, extra, kept):
    document = docx.Document()
    line = ("jane@example.org · +44 20 7946 0000 · " + "x" * common.MAX_HEADER_FOOTER_CONTACT_CHARS)[
        :common.MAX_HEADER_FOOTER_CONTACT_CHARS - 1 + extra]
    document.sections[0].header.paragraphs[0].text = line
    document.add_heading("Experience", level=1)
    document.add_paragraph("Built the ledger pipeline.", style="List Bullet")
    path = tmp_path / "cv.docx"
    document.save(path)
    contacts = [b.text for b in parse(path).blocks if b.kind == "contact"]
    assert (line in contacts) is kept


def test_a_short_dated_line_level_with_a_bullet_starts_the_next_entry():
    """A PDF bullet list without a hanging indent: a line level with the bullets wraps the bullet it
    follows, unless it is as short as a header line and dated (then it is the next entry)."""
    def line(text, kind="text", indent=0):
        return Line([Piece(text, page=1, bbox=(0, 0, 1, 1))], kind=kind, indent=indent)

    def blocks(after):
        doc = build_document("cv.pdf", "pdf", [line("Jane Roe"), line("EXPERIENCE", "heading"),
                                               line("Data Engineer | Pellwood Bank | 2020 – 2023"),
                                               line("Built the ledger pipeline", "bullet", 4), line(after, indent=4)])
        return [(b.kind, b.text) for b in doc.blocks if b.kind in ("bullet", "entry")]

    header = "Analyst | Kiln Data | 2018 – 2020"
    assert blocks(header)[-2:] == [("bullet", "Built the ledger pipeline"), ("entry", header)]
    tail = "Used by the Finance Team Every Night"
    assert blocks(tail)[-1] == ("bullet", "Built the ledger pipeline " + tail)
    long_tail = "Finance Team 2020 – 2023 " + "and the auditors, " * 6
    assert len(long_tail) >= common.MAX_STANDALONE_CHARS
    assert blocks(long_tail)[-1] == ("bullet", "Built the ledger pipeline " + long_tail.strip())


def test_margin_heading_line_words():
    """A left column reads as margin headings only while each of its lines has at most
    MAX_MARGIN_HEADING_WORDS words: a longer line is text, and the column is a column."""
    from retitle.parse.pdf.glyphs import Glyph
    from retitle.parse.pdf.layout import Cell, Row, _margin_headings

    def row(text, y):
        glyphs = [Glyph(c, 50 + 6 * i, y, 56 + 6 * i, y + 9, 9, "Bold", True) for i, c in enumerate(text)]
        return Row(1, [Cell(glyphs, text)])

    words = " ".join(["WORK"] * common.MAX_MARGIN_HEADING_WORDS)
    assert _margin_headings([row("EDUCATION", 700), row(words, 500), row("SKILLS", 300)])
    assert not _margin_headings([row("EDUCATION", 700), row(words + " WORK", 500), row("SKILLS", 300)])

