"""The marked-up DOCX (issue 6): comments on the exact flagged characters, text and formatting unchanged,
tracked-change reframes that accept to the reframe and reject to the original, a clean DOCX for other inputs."""

from __future__ import annotations

import copy
import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import retitle
from conftest import CORPUS, FIXTURES, SAMPLES, needs_corpus
from retitle.errors import UsageError
from retitle.model import Finding, Suggestion
from retitle.parse.docx import MC, W, anchor_paths, load_docx, paragraph_runs, paragraph_text, run_pieces
from retitle.render.docx_out import write_docx

DOCX = FIXTURES / "docx"
DOCX_INPUTS = [SAMPLES / "ada_okafor_resume.docx", *(DOCX / n for n in (
    "tables.docx", "textbox.docx", "lists.docx", "glyphs.docx", "header.docx", "formatting.docx"))]
OTHER_INPUTS = [SAMPLES / "ada_okafor_resume.txt", SAMPLES / "ada_okafor_resume.md", SAMPLES / "ada_okafor_resume.pdf"]


def _open(path: Path):
    return load_docx(str(path), path.read_bytes())


def paragraph_texts(path: Path) -> list[tuple[str, list, str]]:
    return [(part, route, paragraph_text(p)) for part, route, p in anchor_paths(_open(path))]


def char_formats(path: Path) -> list[list[bytes]]:
    """For every paragraph, the serialised w:rPr of the run each character sits in."""
    out = []
    for _, _, paragraph in anchor_paths(_open(path)):
        formats = []
        for run in paragraph_runs(paragraph):
            rpr = run.find(W + "rPr")
            key = etree.tostring(rpr) if rpr is not None else b""
            formats += [key] * sum(len(t) for _, t in run_pieces(run))
        out.append(formats)
    return out


def commented_spans(path: Path) -> list[tuple[str, str]]:
    """(text inside the comment range, comment text) for each comment, in document order.

    Text is collected as Word shows it: w:t of runs outside deletions and outside the VML fallback.
    """
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        comments = etree.fromstring(archive.read("word/comments.xml"))
    texts = {c.get(W + "id"): "\n".join("".join(p.itertext()) for p in c.iter(W + "p")) for c in comments}
    authors = {c.get(W + "author") for c in comments}
    assert authors == {"retitle"}
    spans: dict[str, list[str]] = {}
    open_ids: list[str] = []
    order: list[str] = []

    def walk(element, hidden: bool) -> None:
        tag = element.tag
        if tag == W + "commentRangeStart":
            open_ids.append(element.get(W + "id"))
            spans[element.get(W + "id")] = []
            order.append(element.get(W + "id"))
        elif tag == W + "commentRangeEnd":
            open_ids.remove(element.get(W + "id"))
        elif tag == W + "t" and not hidden:
            for cid in open_ids:
                spans[cid].append(element.text or "")
        elif tag == W + "br" and not hidden:
            for cid in open_ids:
                spans[cid].append("\n")
        for child in element:
            walk(child, hidden or child.tag in (MC + "Fallback", W + "del"))

    walk(body, False)
    return [("".join(spans[cid]), texts[cid]) for cid in order]


def _out(tmp_path: Path, source: Path, **options) -> tuple[retitle.Report, Path]:
    report = retitle.analyze(source)
    out = tmp_path / f"{source.stem}.{source.suffix[1:]}.retitle.docx"
    write_docx(report, out, **options)
    return report, out


# --- DOCX in ---------------------------------------------------------------------

@pytest.mark.parametrize("source", DOCX_INPUTS, ids=lambda p: p.name)
def test_docx_copy_keeps_every_paragraph_text_and_run_format(tmp_path, source):
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    report, out = _out(tmp_path, source)
    assert paragraph_texts(out) == paragraph_texts(source)  # body, tables, nested tables, text boxes, headers
    assert char_formats(out) == char_formats(source)  # bold/italic/size/font of every character, split runs too
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # the temporary file was renamed away


@pytest.mark.parametrize("source", DOCX_INPUTS + OTHER_INPUTS, ids=lambda p: p.name)
def test_one_comment_per_finding_on_exactly_its_characters(tmp_path, source):
    report, out = _out(tmp_path, source)
    spans = commented_spans(out)
    anchorable = [f for f in report.findings if report.block(f.block_id).anchor.part in (None, "document")]
    assert len(spans) == len(anchorable) + 1
    summary_text, summary = spans[0]
    assert summary.startswith("retitle summary") and "Framing score" in summary
    assert [(text, comment.split("\n")[0]) for text, comment in spans[1:]] == [
        (f.text, f"{f.code} {f.name} ({f.level})") for f in anchorable
    ]
    for (_, comment), finding in zip(spans[1:], anchorable):
        assert finding.message in comment
        assert all(s.text in comment for s in finding.suggestions)


def test_each_comment_opens_with_its_headline_in_bold(tmp_path):
    _, out = _out(tmp_path, SAMPLES / "ada_okafor_resume.docx")
    with zipfile.ZipFile(out) as archive:
        comments = etree.fromstring(archive.read("word/comments.xml"))
    for comment in comments:
        bold = ["".join(r.itertext()) for r in comment.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]
        headline = "".join(next(comment.iter(W + "p")).itertext())
        assert bold == [headline] and headline.startswith(("retitle summary", "RP"))


def test_formatting_around_a_span_that_crosses_runs_is_kept(tmp_path):
    report, out = _out(tmp_path, DOCX / "formatting.docx")
    spans = dict(commented_spans(out)[1:])
    assert "tuned hyperparameters" in spans  # starts inside a bold Arial run, ends inside an italic Courier run
    document = _open(out)
    paragraph = next(p for _, _, p in anchor_paths(document) if "hyperparameters" in paragraph_text(p))
    pieces = [("".join(t for _, t in run_pieces(r)), r.find(f"{W}rPr/{W}b") is not None,
               r.find(f"{W}rPr/{W}i") is not None) for r in paragraph_runs(paragraph)]
    assert ("Carefully ", True, False) in pieces and ("tuned ", True, False) in pieces
    assert ("hyperparameters", False, True) in pieces and (" for the ranker", False, True) in pieces


def test_summary_comment_holds_score_scorecard_and_title_notes(tmp_path):
    report, out = _out(tmp_path, SAMPLES / "ada_okafor_resume.docx")
    anchored, summary = commented_spans(out)[0]
    assert anchored == "Ada Okafor"
    assert f"{report.summary.framing.score}/100" in summary
    for area in report.summary.areas:   # the areas the resume mentions, each with its counts
        assert (f"{area.name}: {area.research} / {area.systems}" in summary) == bool(area.research or area.systems)
    assert "Current title(s)" in summary


def test_finding_in_a_header_is_listed_in_the_summary_comment(tmp_path):
    """Word keeps comments in the body only; a finding on a header line must still reach the user."""
    report = retitle.analyze(DOCX / "header.docx")
    contact = next(b for b in report.document.blocks if b.anchor.part == "header")
    start = contact.text.index("github.com")
    report.findings.insert(0, Finding("RP999", "test.header_span", "test", "suggestion", "core_ml", contact.id,
                                      start, start + 10, "github.com", "A hand-made finding on a header line."))
    out = tmp_path / "head.docx"
    write_docx(report, out)
    spans = commented_spans(out)
    assert "RP999 test.header_span on “github.com”" in spans[0][1]
    assert len(spans) == len(report.findings)  # the summary plus every body finding, none for the header one
    assert paragraph_texts(out) == paragraph_texts(DOCX / "header.docx")


# --- other inputs -------------------------------------------------------------

@pytest.mark.parametrize("source", OTHER_INPUTS, ids=lambda p: p.name)
def test_other_inputs_become_a_clean_docx_of_the_blocks(tmp_path, source):
    report, out = _out(tmp_path, source)
    document = _open(out)
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == [b.text for b in report.document.blocks]
    styles = {b.kind: p.style.name for b, p in zip(report.document.blocks, paragraphs)}
    assert styles["bullet"] == "List Bullet" and styles["heading"] == "Heading 1"
    assert paragraphs[0].style.name == "Title"


# --- refusals -------------------------------------------------------------------

def test_output_equal_to_input_is_refused(tmp_path):
    from retitle.cli import main

    src = tmp_path / "cv.docx"
    shutil.copy(DOCX / "tables.docx", src)
    before = src.read_bytes()
    with pytest.raises(UsageError):
        write_docx(retitle.analyze(src), src)
    result = CliRunner().invoke(main, ["analyze", str(src), "--docx", str(tmp_path / "." / "cv.docx")])
    assert result.exit_code == 2 and "overwrite the input" in result.stderr
    assert src.read_bytes() == before


def test_cli_writes_docx_and_refuses_docx_with_several_inputs(tmp_path):
    from retitle.cli import main

    out = tmp_path / "out.docx"
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", str(SAMPLES / "ada_okafor_resume.md"), "--docx", str(out), "--revisions"])
    assert result.exit_code == 0 and out.is_file()
    several = runner.invoke(main, ["analyze", str(SAMPLES / "ada_okafor_resume.md"),
                                   str(SAMPLES / "ada_okafor_resume.txt"), "--docx", str(out)])
    assert several.exit_code == 2
    assert runner.invoke(main, ["analyze", str(SAMPLES / "ada_okafor_resume.md"), "--revisions"]).exit_code == 2


# --- tracked changes -----------------------------------------------------------------

def resolve(path: Path, accept: bool) -> list[str]:
    """Paragraph texts after accepting (drop w:del, unwrap w:ins) or rejecting (the reverse) every change."""
    document = _open(path)
    body = document.element.body
    drop, keep = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
    for element in list(body.iter(drop)):
        element.getparent().remove(element)
    for element in list(body.iter(keep)):
        for text in element.iter(W + "delText"):
            text.tag = W + "t"
        parent, index = element.getparent(), element.getparent().index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    return [paragraph_text(p) for _, _, p in anchor_paths(document)]


def _with_reframe(report, text: str, block_text_contains: str, safe: bool = True, alone: bool = True):
    report = copy.deepcopy(report)
    finding = next(f for f in report.findings if block_text_contains in report.block(f.block_id).text)
    for f in report.findings if alone else ():  # only the reframe under test becomes a tracked change
        f.suggestions = [s for s in f.suggestions if s.kind != "reframe"]
    finding.suggestions.insert(0, Suggestion("reframe", text, finding.code, safe=safe))
    return report, report.block(finding.block_id)


@pytest.mark.parametrize("source, contains, new", [
    (SAMPLES / "ada_okafor_resume.docx", "Tuned hyperparameters",
     "Raised validation accuracy of the transformer-based invoice classifier from 91.2% to 94.8% "
     "by tuning hyperparameters across 40 training runs."),
    (DOCX / "formatting.docx", "tuned hyperparameters", "Tuned the ranker hyperparameters and wrote the Jupyter notebooks."),
    (DOCX / "textbox.docx", "Trained a CNN", "Built invoice field extraction with a CNN in Jupyter notebooks."),
    (DOCX / "tables.docx", "proof-of-concept", "Prototyped models in Jupyter notebooks"),
    (DOCX / "glyphs.docx", "Investigated", "Investigated label noise in the dataset and fixed it"),
], ids=["sample", "formatting", "textbox", "nested-table", "glyph-line"])
def test_revisions_accept_to_the_reframe_and_reject_to_the_original(tmp_path, source, contains, new):
    report, block = _with_reframe(retitle.analyze(source), new, contains)
    out = tmp_path / "rev.docx"
    write_docx(report, out, revisions=True)
    original = paragraph_texts(source)
    expected = [text.replace(block.text, new) if contains in text else text for _, _, text in original]
    assert resolve(out, accept=True) == expected
    assert resolve(out, accept=False) == [text for _, _, text in original]
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml")
    assert b'w:author="retitle"' in xml and b"w:date=" in xml


def test_revisions_on_a_clean_docx_and_unsafe_reframes_left_out(tmp_path):
    report, block = _with_reframe(retitle.analyze(SAMPLES / "ada_okafor_resume.md"),
                                  "Ran ablation studies on tokenizer choices.", "Ran ablation")
    report, _ = _with_reframe(report, "Led the whole platform at scale.", "Tuned hyperparameters", safe=False,
                              alone=False)
    out = tmp_path / "rev.docx"
    write_docx(report, out, revisions=True)
    accepted = resolve(out, accept=True)
    assert "Ran ablation studies on tokenizer choices." in accepted
    assert not any("Led the whole platform" in t for t in accepted)
    assert resolve(out, accept=False) == [b.text for b in report.document.blocks]


def test_real_safe_reframes_from_the_rewriter_become_revisions(tmp_path):
    report = retitle.analyze(SAMPLES / "ada_okafor_resume.docx")
    safe = [s for f in report.findings for s in f.suggestions if s.safe and s.kind == "reframe"]
    if not safe:
        pytest.skip("the rewriter offers no safe reframe yet")
    out = tmp_path / "rev.docx"
    write_docx(report, out, revisions=True)
    accepted = "\n".join(resolve(out, accept=True))
    assert any(s.text in accepted for s in safe)


# --- corpus ----------------------------------------------------------------------------

@needs_corpus()
@pytest.mark.parametrize("source", sorted((CORPUS / "soupboss").glob("*.docx")), ids=lambda p: p.name)
def test_corpus_docx_marked_up_without_changing_text(tmp_path, source):
    report, out = _out(tmp_path, source)
    assert paragraph_texts(out) == paragraph_texts(source)
    assert char_formats(out) == char_formats(source)
    anchorable = [f for f in report.findings if report.block(f.block_id).anchor.part == "document"]
    assert [t for t, _ in commented_spans(out)[1:]] == [f.text for f in anchorable]


# --- LibreOffice opens it -----------------------------------------------------------------

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
LO_CASES = {
    "sample-docx": SAMPLES / "ada_okafor_resume.docx",
    "sample-md": SAMPLES / "ada_okafor_resume.md",
    "sample-pdf": SAMPLES / "ada_okafor_resume.pdf",
    "tables": DOCX / "tables.docx",
    "textbox": DOCX / "textbox.docx",
    "formatting": DOCX / "formatting.docx",
    **{f"corpus-{p.stem}": p for p in sorted((CORPUS / "soupboss").glob("*.docx"))},  # empty without the corpus
}


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    """Every case (plus one with revisions) converted to ODT by ONE soffice run: it is slow."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    work = tmp_path_factory.mktemp("lo")
    reports, outputs = {}, []
    for name, source in LO_CASES.items():
        reports[name] = retitle.analyze(source)
        outputs.append(write_docx(reports[name], work / f"{name}.docx"))
    revised, _ = _with_reframe(reports["sample-docx"], "Compared tokenizer choices in ablation studies "
                               "and reported results in weekly reviews.", "Ran ablation")
    outputs.append(write_docx(revised, work / "revisions.docx", revisions=True))
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "odt",
         "--outdir", str(work / "odt"), *map(str, outputs)],
        capture_output=True, text=True, timeout=300,
    )
    return reports, work / "odt", result


def odt_annotations(odt: Path) -> list[tuple[str, str]]:
    """(anchored text, comment text) for each annotation LibreOffice read, in document order."""
    with zipfile.ZipFile(odt) as archive:
        # LibreOffice 7.4 writes duplicate list xml:ids for text boxes with a fallback; recover past that.
        root = etree.fromstring(archive.read("content.xml"), etree.XMLParser(recover=True))
    found: list[list[str]] = []
    open_: dict[str, list[str]] = {}

    def add(text: str | None) -> None:
        for entry in open_.values():
            entry[0] += text or ""

    def walk(element) -> None:
        if element.tag == f"{{{OFFICE}}}annotation":
            entry = ["", "\n".join("".join(p.itertext()) for p in element if p.tag == f"{{{TEXT}}}p")]
            found.append(entry)
            if element.get(f"{{{OFFICE}}}name"):
                open_[element.get(f"{{{OFFICE}}}name")] = entry
        elif element.tag == f"{{{OFFICE}}}annotation-end":
            open_.pop(element.get(f"{{{OFFICE}}}name"), None)
        else:
            add(element.text)
            for child in element:
                walk(child)
                add(child.tail)

    walk(root)
    return [(anchored, body) for anchored, body in found]


@pytest.mark.parametrize("name", list(LO_CASES))
def test_libreoffice_reads_one_annotation_per_finding_on_the_right_text(libreoffice, name):
    reports, odt_dir, result = libreoffice
    odt = odt_dir / f"{name}.odt"
    assert odt.is_file(), f"LibreOffice did not convert {name}: {result.stderr[-500:]}"
    report = reports[name]
    annotations = odt_annotations(odt)
    findings = [f for f in report.findings if report.block(f.block_id).anchor.part in (None, "document")]
    assert len(annotations) == len(findings) + 1
    assert annotations[0][1].startswith("retitle summary")
    assert [(a, body.split("\n")[0]) for a, body in annotations[1:]] == [
        (f.text, f"{f.code} {f.name} ({f.level})") for f in findings
    ]


def test_libreoffice_sees_the_tracked_changes(libreoffice):
    _, odt_dir, _ = libreoffice
    with zipfile.ZipFile(odt_dir / "revisions.odt") as archive:
        content = etree.fromstring(archive.read("content.xml"), etree.XMLParser(recover=True))
    regions = content.findall(f".//{{{TEXT}}}changed-region")
    kinds = {child.tag.split("}")[1] for region in regions for child in region}
    assert {"deletion", "insertion"} <= kinds
    creators = {"".join(c.itertext()) for c in content.iter("{http://purl.org/dc/elements/1.1/}creator")}
    assert "retitle" in creators


def test_docx_package_is_well_formed(tmp_path):
    """Every part parses and the comments part is declared, so Word has nothing to repair."""
    _, out = _out(tmp_path, DOCX / "textbox.docx")
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "/word/comments.xml" in types and "comments.xml" in rels
