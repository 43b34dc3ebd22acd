"""PDF reading traps, each on a tiny fictional fixture (regenerate: tests/fixtures/pdf/make_fixtures.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SAMPLES
from retitle.cli import main
from retitle.errors import InputError
from retitle.parse import parse

PDF = FIXTURES / "pdf"


@pytest.fixture(autouse=True, params=["pdfium", "pdfminer"])
def pdf_engine(request, monkeypatch):
    """Every test here runs with each PDF engine: both must read these files the same way."""
    monkeypatch.setenv("RETITLE_PDF_ENGINE", request.param)
    return request.param


def bullets(doc):
    return [b.text for b in doc.blocks if b.kind == "bullet"]


def test_ligatures_and_nbsp_are_normalised():
    doc = parse(PDF / "ligatures.pdf")
    assert bullets(doc) == ["Defined offline evaluation flows for efficient classifiers",
                            "Shipped the final model behind a search API"]


def test_two_columns_read_column_by_column():
    doc = parse(PDF / "two_columns.pdf")
    assert [(b.kind, b.section) for b in doc.blocks if b.kind in ("heading", "entry")] == [
        ("heading", "skills"), ("heading", "education"), ("entry", "education"),
        ("heading", "experience"), ("entry", "experience")]
    assert bullets(doc)[0] == "Served ranking models behind a gRPC API"
    skills = [b.text for b in doc.blocks if b.section == "skills" and b.kind == "paragraph"]
    assert skills[0] == "Python, Go, SQL"  # nothing from the right column leaked into the left


def test_every_bullet_glyph_drawn_dot_and_hanging_indent():
    doc = parse(PDF / "bullets.pdf")
    found = bullets(doc)
    for glyph in "•●▪◦‣–—-*·":
        assert f"Item drawn with U+{ord(glyph):04X} as its bullet" in found
    assert "Item whose bullet is a drawn dot" in found
    assert "Item set with a hanging indent whose second line starts further right, as some templates do" in found
    assert all(b.section == "experience" for b in doc.blocks if b.kind == "bullet")


def test_a_degree_line_over_an_indented_fresh_line_is_two_lines_of_the_entry():
    doc = parse(PDF / "degree_lines.pdf")
    got = [(b.fields["title"], b.fields["organisation"]) for b in doc.blocks if b.kind == "entry"]
    assert got[:3] == [("PhD, Statistics", "University of Northmere"), ("BS, Biology", "Pellwood College"),
                       ("B.Tech. Computer Science", "Marsh Institute of Technology")]
    texts = [b.text for b in doc.blocks]
    assert "Sequential Tests for Streaming Sensor Data (Tanaka, J. Fictional Stat. Soc.)" in texts
    assert "Advisors: Ada Quill, Ben Kiln" in texts
    # a line that runs on ("... service for") over its indented tail is still one item
    assert "Data Engineer building the ingestion service for Marsh sensor feeds, with alerting on late batches" in bullets(doc)


def test_section_headings_in_the_left_margin_head_the_text_beside_them():
    doc = parse(PDF / "margin_headings.pdf")
    assert [(b.kind, b.section, b.text) for b in doc.blocks if b.kind == "heading"] == [
        ("heading", "education", "EDUCATION"), ("heading", "experience", "RESEARCH AND EXPERIENCE"),
        ("heading", "skills", "SKILLS"), ("heading", "other", "AWARDS")]
    sections = {b.fields.get("title"): b.section for b in doc.blocks if b.kind == "entry"}
    assert sections["MSc in Statistics"] == "education" and sections["Data Engineer"] == "experience"
    assert [b.text for b in doc.blocks if b.section == "skills" and b.kind == "paragraph"][0] == "Python, SQL, Rust"


def test_whole_ranges_stacked_in_the_dates_column_belong_to_their_own_rows():
    doc = parse(PDF / "stacked_dates.pdf")
    got = [(b.fields["title"], b.fields["start"], b.fields["end"]) for b in doc.blocks if b.kind == "entry"]
    # ... while a range wrapped over two lines of the column stays one range
    assert got == [("Machine Learning Engineer", "2022", "present"), ("Data Analyst", "2019", "2022"),
                   ("Platform Engineer", "2017-03", "2019-01")]


def test_icon_font_glyph_is_a_bullet_not_text():
    doc = parse(PDF / "icon_bullet.pdf")
    assert bullets(doc) == ["Served ranking models behind a gRPC API"]
    assert not any("\uf0da" in b.text for b in doc.blocks)


def test_wrapped_lines_joined_and_hyphenation_undone():
    doc = parse(PDF / "hyphenation.pdf")
    assert bullets(doc) == ["Automated the deployment of ranking models to a Resource-Constrained edge fleet",
                            "Wrote the monitoring runbook"]


def test_letter_by_letter_glyphs_and_tracked_heading():
    doc = parse(PDF / "letter_spaced.pdf")
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert (heading.text, heading.section) == ("EXPERIENCE", "experience")
    entry = next(b for b in doc.blocks if b.kind == "entry")
    assert entry.text == "ML Engineer, Quill Labs | 2021 – Present"
    assert (entry.fields["start"], entry.fields["end"]) == ("2021", "present")
    assert bullets(doc) == ["Built the feature store used by four teams"]


def test_anchor_is_page_and_box_around_the_block():
    doc = parse(PDF / "two_columns.pdf")
    bullet = next(b for b in doc.blocks if b.kind == "bullet")
    assert bullet.anchor.kind == "pdf" and bullet.anchor.page == 1
    x0, y0, x1, y1 = bullet.anchor.bbox
    assert 295 <= x0 <= 305 and x0 < x1 <= 612 and 0 < y0 < y1 <= 792
    assert doc.pages == 1


def test_unmapped_glyphs_are_dropped_and_reported():
    doc = parse(PDF / "unmapped_some.pdf")
    assert bullets(doc) == ["Served ranking models behind a gRPC API"]
    assert not any("(cid:" in b.text for b in doc.blocks)
    assert any("no Unicode mapping" in w for w in doc.warnings)


@pytest.mark.parametrize("name, options, reason", [
    ("scanned.pdf", {}, "no text layer — scanned image? OCR is not supported"),
    ("unmapped_most.pdf", {}, "fonts without a Unicode map"),
    ("encrypted_user_password.pdf", {}, "encrypted PDF: it needs a password"),
    ("encrypted_user_password.pdf", {"password": "nope"}, "encrypted PDF: the password given is wrong"),
    ("truncated.pdf", {}, "damaged PDF:"),
    ("two_columns.pdf", {"max_pages": 0}, "too many pages (1 > 0 limit; raise it with --max-pages)"),
])
def test_unreadable_pdfs_get_one_line_reasons(name, options, reason):
    with pytest.raises(InputError) as caught:
        parse(PDF / name, **options)
    assert reason in caught.value.reason and "\n" not in caught.value.reason
    assert caught.value.path.endswith(name)


def test_encrypted_pdf_opens_with_password_and_without_a_user_password():
    assert bullets(parse(PDF / "encrypted_user_password.pdf", password="s3cret")) == [
        "Served ranking models behind a gRPC API"]
    assert bullets(parse(PDF / "encrypted_owner_only.pdf")) == ["Served ranking models behind a gRPC API"]


def test_random_bytes_after_a_pdf_header_are_damaged(tmp_path):
    bad = tmp_path / "résumé final.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(InputError) as caught:
        parse(bad)
    assert caught.value.reason.startswith("damaged PDF")


def test_cli_password_and_max_pages_options():
    runner = CliRunner()
    locked = runner.invoke(main, ["analyze", str(PDF / "encrypted_user_password.pdf")])
    assert locked.exit_code == 3 and "--password" in locked.output
    opened = runner.invoke(main, ["analyze", "--format", "json", "--password", "s3cret",
                                  str(PDF / "encrypted_user_password.pdf")])
    assert opened.exit_code == 0 and '"format": "pdf"' in opened.output
    long = runner.invoke(main, ["analyze", "--max-pages", "1", str(SAMPLES / "ada_okafor_resume.pdf")])
    assert long.exit_code == 3 and "too many pages (2 > 1 limit" in long.output


@pytest.mark.parametrize("path", [PDF / "two_columns.pdf", PDF / "letter_spaced.pdf", PDF / "bullets.pdf",
                                  PDF / "unmapped_some.pdf", SAMPLES / "ada_okafor_resume.pdf"], ids=lambda p: p.name)
def test_glyph_boxes_are_where_pdfminer_puts_its_characters(path):
    """retitle collects glyphs with its own slim device; every box, text and size must match
    pdfminer's LTChar for the same page, or reading order and spacing would drift."""
    import io

    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from retitle.parse.pdf.glyphs import Glyph
    from retitle.parse.pdf.pdfminer_source import _glyph_device_class

    def glyphs(device, kind):
        manager = PDFResourceManager()
        found = []
        interpreter = PDFPageInterpreter(manager, device(manager))
        for page in PDFPage.get_pages(io.BytesIO(path.read_bytes())):
            interpreter.process_page(page)
            layout = interpreter.device.get_result()
            found += [(g.get_text() if kind is LTChar else g.text, g.x0, g.y0, g.x1, g.y1, round(g.size, 1))
                      for g in layout if isinstance(g, kind)]
        return found

    ours = glyphs(_glyph_device_class(), Glyph)
    assert ours and ours == glyphs(PDFPageAggregator, LTChar)
