"""The two PDF engines: choosing one, PDFium's quirks evened out, damaged files, and a crash in
PDFium's native code costing one file (the PDF reading traps themselves run on both engines in
test_parse_pdf.py and test_parse_pdf_corpus.py)."""

from __future__ import annotations

import json
import os
import signal

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SAMPLES
from retitle.api import analyze
from retitle.cli import main
from retitle.errors import InputError
from retitle.parse import parse
from retitle.parse.pdf import REPAIRED, isolation, pdfium_source, resolve_engine
from retitle.parse.pdf.glyphs import MARK_MAX, MARK_MAX_RATIO, MARK_MIN, MARK_MIN_RATIO, Glyph, is_mark

PDF = FIXTURES / "pdf"
CRASH_MARK = b"%crash-pdfium-here"


def bullets(doc):
    return [b.text for b in doc.blocks if b.kind == "bullet"]


def truncated_before_xref(tmp_path):
    """A download cut off before the cross-reference table and trailer: pdfminer finds no /Root,
    PDFium rebuilds the table from the objects."""
    data = (PDF / "two_columns.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:data.rfind(b"xref")])
    return path


def test_constants_are_pinned():
    assert (pdfium_source._SAME_ORIGIN, pdfium_source._MAX_LIGATURE, pdfium_source._UPRIGHT) == (0.01, 3, 1e-6)
    assert (pdfium_source._MIN_BULLET_LINES, pdfium_source._SAME_LINE_EM, pdfium_source._ACCENT_RISE_EM,
            pdfium_source._MAX_ACCENT_REACH) == (2, 0.5, 0.6, 50.0)
    assert (MARK_MIN, MARK_MAX, MARK_MIN_RATIO, MARK_MAX_RATIO) == (1.0, 8.0, 0.5, 2.0)
    assert is_mark(0, 0, 4, 4) and is_mark(0, 0, 8, 8) and is_mark(0, 0, 2, 1)
    assert not is_mark(0, 0, 8.5, 8) and not is_mark(0, 0, 0.5, 0.5) and not is_mark(0, 0, 3, 1)


def test_engine_is_the_argument_then_the_environment_then_auto(monkeypatch):
    monkeypatch.delenv("RETITLE_PDF_ENGINE", raising=False)
    assert resolve_engine(None) == "auto"
    monkeypatch.setenv("RETITLE_PDF_ENGINE", "pdfminer")
    assert resolve_engine(None) == "pdfminer"
    assert resolve_engine("pdfium") == "pdfium"
    with pytest.raises(ValueError, match="unknown PDF engine 'poppler'"):
        resolve_engine("poppler")


@pytest.mark.parametrize("engine", ["auto", "pdfium", "pdfminer"])
def test_every_engine_reads_the_sample_alike(engine):
    doc = parse(SAMPLES / "ada_okafor_resume.pdf", pdf_engine=engine)
    reference = parse(SAMPLES / "ada_okafor_resume.pdf", pdf_engine="pdfminer")
    assert [(b.kind, b.section, b.text) for b in doc.blocks] == [(b.kind, b.section, b.text) for b in reference.blocks]
    assert not doc.warnings


def test_pdfium_glyphs_carry_pdfminers_boxes():
    """The layout's spacing and line rules are tuned on pdfminer's boxes: PDFium's glyphs are
    rebuilt to the same origin, advance and em box (within PDFium's single-precision drift, descents aside)."""
    from retitle.parse.pdf import pdfminer_source

    data = (PDF / "letter_spaced.pdf").read_bytes()
    miner = [g for run in pdfminer_source.read_pages("x", data, "", 5)[0].runs for g in run if not g.text.isspace()]
    pages, repaired = pdfium_source.read_pages(data, "", 5)
    ium = [g for g in pages[0].runs[0] if not g.text.isspace()]
    assert not repaired and len(miner) == len(ium)
    for a, b in zip(miner, ium):
        assert a.text == b.text and abs(a.x0 - b.x0) < 0.2 and abs(a.x1 - b.x1) < 0.7 and a.size == b.size
        assert a.bold == b.bold and a.font.endswith(b.font)


def test_pdfium_ligatures_are_one_glyph_and_line_end_hyphens_hyphens():
    pages, _ = pdfium_source.read_pages((PDF / "ligatures.pdf").read_bytes(), "", 5)
    texts = [g.text for g in pages[0].runs[0]]
    assert "fi" in texts and "ffl" not in "".join(t for t in texts if len(t) == 1)  # pieces stay together
    assert bullets(parse(PDF / "hyphenation.pdf", pdf_engine="pdfium"))[0] == \
        "Automated the deployment of ranking models to a Resource-Constrained edge fleet"


def test_pdfium_reads_the_glyphs_it_used_to_read_worse_than_pdfminer():
    """glyph_quirks.pdf: unmapped symbol-font bullets starting two lines at one x, a hyphen drawn
    from a code whose width lookup by character is wrong, tracked capitals whose "I" has no width,
    and acute accents drawn over "e" (and after everything else on the page)."""
    doc = parse(PDF / "glyph_quirks.pdf", pdf_engine="pdfium")
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["EXPERIENCE", "EDUCATION"]
    assert bullets(doc) == ["Served ranking models behind a gRPC API", "Cut p95 latency from 80 ms to 35 ms"]
    (work, school) = [b for b in doc.blocks if b.kind == "entry"]
    assert work.text == "ML Engineer, Quill Labs | 2018-2019" and work.fields["start"] == "2018"
    assert school.text == "MSc Informatics, Université | 2016 - 2018"
    assert "Montréal" in [b.text for b in doc.blocks]
    assert not any("\u0301" in b.text or "\u00b4" in b.text for b in doc.blocks)
    # the contact line's icon is one of a kind: still an unmapped glyph, dropped and reported
    assert doc.blocks[0].text == "rin.tanaka@example.org"
    assert doc.warnings == ["1 glyph(s) with no Unicode mapping were dropped (page 1)"]


def test_a_font_without_a_unicode_map_is_not_read_as_bullets():
    """Every line of unmapped_most.pdf starts at one x in one such font, but its glyphs come in
    words, not alone before mapped text: no bullets are made up and the file is still refused."""
    pages, _ = pdfium_source.read_pages((PDF / "unmapped_most.pdf").read_bytes(), "", 5)
    assert "\u2022" not in [g.text for g in pages[0].runs[0]]
    assert pages[0].unmapped * 2 >= pages[0].glyphs


def test_fonts_without_a_unicode_map_give_the_clean_error_with_pdfium():
    with pytest.raises(InputError, match="fonts without a Unicode map: .* unreadable"):
        parse(PDF / "unmapped_most.pdf", pdf_engine="pdfium")
    doc = parse(PDF / "unmapped_some.pdf", pdf_engine="pdfium")
    assert any("no Unicode mapping were dropped" in w for w in doc.warnings)


def test_damaged_pdf_pdfium_can_read_is_read_with_a_warning(tmp_path):
    path = truncated_before_xref(tmp_path)
    with pytest.raises(InputError, match="damaged PDF"):
        parse(path, pdf_engine="pdfminer")
    for engine in ("auto", "pdfium"):
        doc = parse(path, pdf_engine=engine)
        assert doc.warnings[0] == REPAIRED
        assert bullets(doc)[0] == "Served ranking models behind a gRPC API"
    intact = parse(PDF / "two_columns.pdf", pdf_engine="pdfium")
    assert REPAIRED not in intact.warnings


def test_auto_falls_back_to_pdfmineer_when_pdfium_cannot_open_the_file():
    with pytest.raises(InputError, match=r"damaged PDF: PDFium cannot read it"):
        parse(PDF / "truncated.pdf", pdf_engine="pdfium")
    with pytest.raises(InputError, match=r"damaged PDF: unexpected end of file \(truncated\?\)"):
        parse(PDF / "truncated.pdf", pdf_engine="auto")  # pdfminer's precise reason


def test_pdfium_limits_and_passwords_read_like_pdfminers():
    with pytest.raises(InputError, match=r"too many pages \(2 > 1 limit"):
        parse(SAMPLES / "ada_okafor_resume.pdf", pdf_engine="pdfium", max_pages=1)
    with pytest.raises(InputError, match="encrypted PDF: it needs a password"):
        parse(PDF / "encrypted_user_password.pdf", pdf_engine="pdfium")
    with pytest.raises(InputError, match="encrypted PDF: the password given is wrong"):
        parse(PDF / "encrypted_user_password.pdf", pdf_engine="pdfium", password="nope")
    assert bullets(parse(PDF / "encrypted_user_password.pdf", pdf_engine="pdfium", password="s3cret"))


@pytest.fixture
def crashing_pdfium(monkeypatch):
    """PDFium's reader dies of SIGSEGV on files carrying CRASH_MARK, as native code does on a
    hostile file; helpers forked from now on (fresh ones: the old helper is dropped) inherit it."""
    real = pdfium_source.read_pages

    def read_pages(data, password, max_pages):
        if CRASH_MARK in data:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(data, password, max_pages)

    monkeypatch.setattr(pdfium_source, "read_pages", read_pages)
    monkeypatch.setattr(isolation, "_helper", None)
    yield
    monkeypatch.setattr(isolation, "_helper", None)  # no helper with the patch outlives the test


def crashing_copy(tmp_path, name="crash.pdf"):
    path = tmp_path / name
    path.write_bytes((SAMPLES / "ada_okafor_resume.pdf").read_bytes() + b"\n" + CRASH_MARK + b"\n")
    return path


def test_a_crash_in_pdfium_costs_one_file_with_a_one_line_reason(tmp_path, crashing_pdfium):
    path = crashing_copy(tmp_path)
    with pytest.raises(InputError) as caught:
        parse(path, pdf_engine="pdfium")
    assert str(caught.value) == f"{path}: PDFium crashed reading this file (SIGSEGV)"
    # the next file gets a new helper and is read
    assert bullets(parse(SAMPLES / "ada_okafor_resume.pdf", pdf_engine="pdfium"))


def test_auto_reads_a_file_pdfium_crashes_on_with_pdfminer(tmp_path, crashing_pdfium):
    doc = parse(crashing_copy(tmp_path), pdf_engine="auto")
    assert doc.warnings[0] == "PDFium crashed reading this file (SIGSEGV); read with pdfminer instead"
    assert bullets(doc) == bullets(parse(SAMPLES / "ada_okafor_resume.pdf", pdf_engine="pdfminer"))


def test_single_file_cli_reports_the_crash_in_one_line(tmp_path, crashing_pdfium):
    path = crashing_copy(tmp_path)
    result = CliRunner().invoke(main, ["analyze", "--pdf-engine", "pdfium", str(path)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == f"retitle: error: {path}: PDFium crashed reading this file (SIGSEGV)"


def test_batch_finishes_every_other_file_when_pdfium_crashes_on_one(tmp_path, crashing_pdfium):
    folder = tmp_path / "in"
    folder.mkdir()
    crashing_copy(folder, "a_crash.pdf")
    (folder / "b_fine.pdf").write_bytes((SAMPLES / "ada_okafor_resume.pdf").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(folder), "--out", str(out), "--no-docx", "--no-html",
                                       "--jobs", "1", "--pdf-engine", "pdfium"])
    assert "Traceback" not in result.output
    assert (out / "b_fine.pdf.retitle.json").is_file() and not (out / "a_crash.pdf.retitle.json").exists()
    assert "a_crash.pdf" in result.output and "PDFium crashed reading this file (SIGSEGV)" in result.output


def test_pdfminer_engine_still_works_from_the_cli_and_the_environment(tmp_path, monkeypatch):
    runner = CliRunner()
    chosen = runner.invoke(main, ["analyze", "--pdf-engine", "pdfminer", "--format", "json",
                                  str(SAMPLES / "ada_okafor_resume.pdf")])
    assert chosen.exit_code in (0, 1), chosen.output
    report = json.loads(chosen.output)
    assert any(b["kind"] == "bullet" for b in report["blocks"])
    # the damaged file pdfminer cannot read shows which engine ran
    path = truncated_before_xref(tmp_path)
    monkeypatch.setenv("RETITLE_PDF_ENGINE", "pdfminer")
    assert runner.invoke(main, ["analyze", str(path)]).exit_code == 3
    monkeypatch.setenv("RETITLE_PDF_ENGINE", "pdfium")
    assert runner.invoke(main, ["analyze", str(path)]).exit_code in (0, 1)
    bad = runner.invoke(main, ["analyze", "--pdf-engine", "poppler", str(path)])
    assert bad.exit_code == 2 and "poppler" in bad.output


def test_library_keyword_reaches_analyze_and_verify(tmp_path):
    from retitle.api import verify

    path = truncated_before_xref(tmp_path)
    with pytest.raises(InputError):
        analyze(path, pdf_engine="pdfminer")
    assert analyze(path, pdf_engine="pdfium").document.warnings[0] == REPAIRED
    with pytest.raises(InputError):
        verify(path, path, pdf_engine="pdfminer")
    assert verify(path, path, pdf_engine="pdfium").clean


def test_accents_fold_into_the_letter_under_them_and_nowhere_else():
    def glyph(text, x0, y0, size=10.0):
        return Glyph(text, x0, y0, x0 + 5, y0 + size, size, "Serif", False)

    out = [glyph("e", 10, 0), glyph("t", 40, 0), glyph("\u00b4", 10.5, 2), glyph("\u00b4", 60, 0), glyph("\u00a8a", 80, 0)]
    pdfium_source._merge_accents(out, [(out[2], 12.5), (out[3], 62.5), (out[4], 82.5)])
    assert [g.text for g in out] == ["\u00e9", "t", "\u00b4", "\u00e4"]  # over "e"; over nothing; drawn from "a"'s origin
    high = [glyph("e", 10, 0), glyph("\u00b4", 10.5, 7)]  # more than 0.6 em above the letter: not its accent
    pdfium_source._merge_accents(high, [(high[1], 12.5)])
    assert [g.text for g in high] == ["e", "\u00b4"]
    huge = [glyph("e", 10, 0, 100), glyph("\u00b4", 10.5, 2, 100)]  # reach beyond _MAX_ACCENT_REACH: left alone
    pdfium_source._merge_accents(huge, [(huge[1], 12.5)])
    assert [g.text for g in huge] == ["e", "\u00b4"]
