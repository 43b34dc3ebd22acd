"""The marked-up DOCX: Word comments on the exact flagged characters, optional tracked-change reframes.

DOCX in: a copy of the user's document. Runs are split at the span edges (each
piece keeps its w:rPr), a comment is anchored on the pieces, and nothing else
changes. Any other format in: a clean new DOCX of the parsed blocks with the same
comments. The input file is only ever read; the output goes to a temporary file
in the target folder and is renamed into place, so a failed write leaves nothing.

Tracked changes are written here by hand (w:del/w:ins): in 2026 python-docx has
no revisions API (upstream PRs #1534/#1538 are unmerged) and the add-on packages
that do it (docx-revisions, reddocx, docx-editor) are 0.0.x/0.1.x single-author
releases — not a dependency to trust with a user's resume.
"""

from __future__ import annotations

import copy
import difflib
import functools
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from retitle.model import Finding, Report, Suggestion
from retitle.parse.docx import W, anchor_paths, load_docx, paragraph_runs, run_pieces
from retitle.render import check_output_path
from retitle.sentences import SCORECARD_CAPTION, summary_text

AUTHOR, INITIALS = "retitle", "rt"
_KIND_LABEL = {"reframe": "Reframe", "prompt": "Ask yourself", "trim": "Trim"}
_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def write_docx(report: Report, out_path: str | os.PathLike, revisions: bool = False,
               notes: list[str] | None = None) -> Path:
    """Write the marked-up DOCX for one report; returns the output path. `notes` collects what a
    user should hear about the output (with `revisions`, that no tracked change was added, and why).

    Raises `UsageError` when the output would overwrite the input.
    """
    out = Path(out_path)
    check_output_path(out, Path(report.document.path), "a .docx file path")
    _save_atomically(_marked_up(report, revisions, notes), out)
    return out


def docx_bytes(report: Report, source: bytes | None = None) -> bytes:
    """The marked-up DOCX as bytes, for a batch whose worker is not the machine writing --out.
    `source` is the input's content when the worker received it rather than reading the path."""
    import io

    buffer = io.BytesIO()
    _marked_up(report, source=source).save(buffer)
    return buffer.getvalue()


def _marked_up(report: Report, revisions: bool = False, notes: list[str] | None = None,
               source: bytes | None = None):
    if report.document.format == "docx":
        document, paragraphs = _copy_of_input(report, source)
    else:
        document, paragraphs = _new_document(report)
    tracked = annotate(document, report, paragraphs, revisions=revisions)
    if revisions and not tracked and notes is not None:
        notes.append(no_revisions_note(report))
    return document


# --- documents -------------------------------------------------------------------

def _copy_of_input(report: Report, source: bytes | None = None):
    """The user's DOCX, read from disk (never opened for writing) unless its bytes are given, and
    its paragraphs by anchor."""
    path = report.document.path
    data = Path(path).read_bytes() if source is None else source
    # Size limits were applied (with the user's settings) when the report was parsed; the DTD check runs again.
    document = load_docx(path, data, max_unzipped=2**62, max_members=2**31)
    by_anchor = {(part, tuple(route)): p for part, route, p in anchor_paths(document)}
    paragraphs = {}
    for block in report.document.blocks:
        key = (block.anchor.part, tuple(block.anchor.path or ()))
        if key in by_anchor:
            paragraphs[block.id] = (block.anchor.part, by_anchor[key], block.anchor.offset or 0)
    return document, paragraphs


def _new_document(report: Report):
    """A clean DOCX of the parsed resume: name, contact, headings, entries, bullets as list paragraphs."""
    template, style_ids = _blank_template()
    document = copy.deepcopy(template)
    section = document.element.body.find(W + "sectPr")  # paragraphs go before the page settings
    paragraphs = {}
    name = next((b for b in report.document.blocks if b.fields.get("contact") == "name"), None)
    for block in report.document.blocks:
        style = None
        if block is name:
            style = "Title"
        elif block.kind == "heading":
            style = "Heading 1"
        elif block.kind == "bullet":
            style = "List Bullet"
        paragraph = _paragraph(block.text, style_ids.get(style), bold=block.kind == "entry")
        section.addprevious(paragraph)
        paragraphs[block.id] = ("document", paragraph, 0)
    return document, paragraphs


def _paragraph(text: str, style_id: str | None, bold: bool):
    """A w:p built directly: python-docx's add_paragraph resolves a style name by scanning every
    style per call and searches each element's successors per child, most of this writer's time."""
    paragraph = OxmlElement("w:p")
    if style_id:
        properties = OxmlElement("w:pPr")
        properties.append(OxmlElement("w:pStyle", attrs={qn("w:val"): style_id}))
        paragraph.append(properties)
    if text or bold:
        paragraph.append(_run(text, bold))
    return paragraph


def _run(text: str, bold: bool):
    """A w:r holding `text`, bold when asked."""
    run = OxmlElement("w:r")
    if bold:
        run_properties = OxmlElement("w:rPr")
        run_properties.append(OxmlElement("w:b"))
        run.append(run_properties)
    _set_text(run, text)
    return run


def _set_text(run, text: str) -> None:
    """python-docx's `Run.text = text` (tabs and line breaks become w:tab / w:br) without its
    character-by-character loop for the usual text that has neither: one w:t, spaces kept."""
    if "\t" in text or "\n" in text or "\r" in text:
        Run(run, None).text = text
    elif text:
        element = OxmlElement("w:t")
        element.text = text
        if len(text.strip()) < len(text):
            element.set(_XML_SPACE, "preserve")
        run.append(element)


@functools.cache
def _blank_template():
    """python-docx's default template without its empty paragraphs or optional parts, and the ids
    of the styles used, read once per process: each new document is a deep copy (half the time of reading it again)."""
    from docx import Document

    template = Document()
    body = template.element.body
    for existing in list(body):
        if existing.tag == W + "p":
            body.remove(existing)
    # Optional parts no reader of this file needs: Word 2010's duplicate of the styles (438 kB of
    # XML to copy, serialise and deflate per file) and the thumbnail of an empty page.
    for owner in (template.part, template.part.package):
        for rel_id, rel in list(owner.rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                owner.rels.pop(rel_id)
    style_ids = {name: template.styles[name].style_id for name in ("Title", "Heading 1", "List Bullet")}
    # The styles (350 kB of XML, never changed here) as their serialised bytes: each file then
    # neither deep-copies nor re-serialises them, and writes the very same bytes.
    styles = template.part.part_related_by(RT.STYLES)
    template.part.rels.pop(next(r for r, rel in template.part.rels.items() if rel.reltype == RT.STYLES))
    template.part.relate_to(Part(styles.partname, styles.content_type, styles.blob, styles.package), RT.STYLES)
    return template, style_ids


def _save_atomically(document, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".docx.tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            document.save(stream)
        os.replace(temp, out)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


# --- comments --------------------------------------------------------------------

def no_revisions_note(report: Report) -> str:
    """Why `--revisions` added no tracked change."""
    if not safe_reframes(report):
        return ("--revisions: no tracked changes added: no finding has a reframe safe to apply as is "
                "(prompts and trims are in the comments)")
    return ("--revisions: no tracked changes added: the safe reframes are on text this DOCX cannot "
            "take a tracked change in (a header, footer or a paragraph not in the body)")


def annotate(document, report: Report, paragraphs: dict, revisions: bool = False) -> int:
    """Comment every finding on its characters, add the summary comment, then the tracked reframes.
    Returns how many tracked changes were added."""
    blocks = {b.id: b for b in report.document.blocks}
    unplaced: list[Finding] = []
    for finding in report.findings:
        where = paragraphs.get(finding.block_id)
        if where is None or where[0] != "document" or finding.end <= finding.start:
            unplaced.append(finding)  # Word keeps comments in the body only, not in headers/footers
            continue
        _, paragraph, offset = where
        runs = isolate(paragraph, offset + finding.start, offset + finding.end)
        if not runs:
            unplaced.append(finding)
            continue
        _comment(document, runs, comment_lines(finding))
    tracked = 0
    placeable = {}
    if revisions:
        placeable = {block_id: s for block_id, s in safe_reframes(report).items()
                     if (paragraphs.get(block_id) or ("",))[0] == "document"}
    note = no_revisions_note(report) if revisions and not placeable else None
    _summary_comment(document, report, unplaced, paragraphs, note)
    if revisions:
        ids = _Revisions(document.element)
        for block_id, suggestion in placeable.items():
            where = paragraphs[block_id]
            track_replace(where[1], where[2], blocks[block_id].text, suggestion.text, ids)
            tracked += 1
    return tracked


def comment_lines(finding: Finding) -> list[str]:
    """Rule name, why it reads as research framing, then each suggestion."""
    lines = [f"{finding.code} {finding.name} ({finding.level})", finding.message]
    for s in finding.suggestions:
        lines.append(f"{_KIND_LABEL.get(s.kind, s.kind)}: {s.text}" + (f" ({s.reason})" if s.reason else ""))
    return lines


def _comment(document, runs: list, lines: list[str]) -> None:
    """The comment python-docx's `add_comment(text=…)` and `add_paragraph` would build, with
    its paragraphs made as elements directly (python-docx's per-character text loop and child
    searches were most of a comment's cost)."""
    comment = document.add_comment([Run(runs[0], None), Run(runs[-1], None)], author=AUTHOR, initials=INITIALS)
    if lines[0]:
        comment.paragraphs[0]._p.append(_run(lines[0], bold=True))  # after the annotation mark, which stays plain
    for line in lines[1:]:
        comment._comment_elm.append(_paragraph(line, "CommentText", bold=False))


def _summary_comment(document, report: Report, unplaced: list[Finding], paragraphs: dict,
                     note: str | None = None) -> None:
    """The summary lines of `retitle.sentences` (details and scorecard rows as "•" lines), then the
    findings that could not be commented where they are, on the first paragraph with text."""
    text = summary_text(report.summary)
    lines = ["retitle summary", str(text.framing)]
    if text.scorecard:
        lines.append(SCORECARD_CAPTION)
        lines += [f"• {row}" for row in text.scorecard]
    for line in text.lines:
        lines.append(str(line))
        lines += [f"• {detail}" for detail in line.details]
    if note:
        lines.append(note)
    for finding in unplaced:
        lines.append(f"Also: {finding.code} {finding.name} on “{finding.text}” — {finding.message}")
    first = next((p for part, p, _ in paragraphs.values() if part == "document" and paragraph_runs(p)
                  and any(text for r in paragraph_runs(p) for _, text in run_pieces(r))), None)
    if first is None:
        return
    runs = [r for r in paragraph_runs(first) if any(t for _, t in run_pieces(r))]
    _comment(document, runs, lines)


# --- run surgery ----------------------------------------------------------------

def _spans(paragraph) -> list[tuple]:
    """(w:r, start, end) of each run of the paragraph's own text."""
    out, pos = [], 0
    for run in paragraph_runs(paragraph):
        length = sum(len(text) for _, text in run_pieces(run))
        out.append((run, pos, pos + length))
        pos += length
    return out


def _split_run(run, at: int):
    """Split a run at a character offset; both halves keep the run's properties (w:rPr)."""
    right = copy.deepcopy(run)
    left_pieces = [(c, t) for c, t in run_pieces(run) if c.tag != W + "rPr"]
    right_children = [c for c in right if c.tag != W + "rPr"]
    pos = 0
    for (left_child, text), right_child in zip(left_pieces, right_children):
        start, end = pos, pos + len(text)
        pos = end
        if end <= at and not (start == at and not text):
            right.remove(right_child)
        elif start >= at:
            run.remove(left_child)
        else:  # a w:t that straddles the cut
            left_child.text, right_child.text = text[:at - start], text[at - start:]
            for child in (left_child, right_child):
                child.set(_XML_SPACE, "preserve")
    run.addnext(right)
    return right


def _cut(paragraph, at: int) -> None:
    for run, start, end in _spans(paragraph):
        if start < at < end:
            _split_run(run, at - start)
            return


def isolate(paragraph, start: int, end: int) -> list:
    """The runs covering exactly characters [start, end) of the paragraph, splitting runs at both edges."""
    _cut(paragraph, end)
    _cut(paragraph, start)
    return [run for run, a, b in _spans(paragraph) if start <= a and b <= end and b > a]


# --- tracked changes --------------------------------------------------------------

def safe_reframes(report: Report) -> dict[str, Suggestion]:
    """The first safe reframe offered for each block (one tracked change per block)."""
    chosen: dict[str, Suggestion] = {}
    for finding in report.findings:
        for s in finding.suggestions:
            if s.safe and s.kind == "reframe" and s.text.strip() and finding.block_id not in chosen:
                chosen[finding.block_id] = s
    return chosen


class _Revisions:
    """Revision ids and the one timestamp for a document's tracked changes."""

    def __init__(self, root):
        used = [int(v) for v in root.xpath("//w:ins/@w:id | //w:del/@w:id") if v.lstrip("-").isdigit()]
        self.next_id = max(used, default=0)
        self.date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def element(self, tag: str):
        self.next_id += 1
        return OxmlElement(tag, attrs={qn("w:id"): str(self.next_id), qn("w:author"): AUTHOR, qn("w:date"): self.date})


def track_replace(paragraph, offset: int, old: str, new: str, ids: _Revisions) -> None:
    """Turn the block text `old` (at `offset` in the paragraph) into `new` as word-level w:del/w:ins changes.

    Later edits go first, so the offsets of earlier ones stay valid.
    """
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    starts = [0]
    for token in a:
        starts.append(starts[-1] + len(token))
    for tag, i1, i2, j1, j2 in reversed(_readable_opcodes(a, b)):
        if tag == "equal":
            continue
        lo, hi = offset + starts[i1], offset + starts[i2]
        inserted = "".join(b[j1:j2])
        doomed = isolate(paragraph, lo, hi) if hi > lo else []
        anchor_run = doomed[-1] if doomed else None
        template = doomed[0] if doomed else _run_before(paragraph, lo)
        for run in doomed:
            deletion = ids.element("w:del")
            run.addprevious(deletion)
            deletion.append(run)
            for t in run.iter(W + "t", W + "instrText"):
                t.tag = W + ("delText" if t.tag == W + "t" else "delInstrText")
        if inserted:
            _insert(paragraph, ids, inserted, template, after=anchor_run, at=lo)


def _readable_opcodes(a: list[str], b: list[str]) -> list[tuple]:
    """Word-level diff with tiny unchanged islands (a space, "a", "of") folded into the changes around them,
    so Word shows "~~Tuned hyperparameters for~~ Raised accuracy" rather than a word-by-word zipper."""
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        island = tag == "equal" and len("".join(a[i1:i2]).strip()) <= 3 and 0 < index < len(ops) - 1
        if merged and merged[-1][0] != "equal" and (tag != "equal" or island):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in merged]


def _run_before(paragraph, at: int):
    """The run whose text ends at `at` (or the first run when `at` is 0): where an insertion goes."""
    _cut(paragraph, at)
    spans = _spans(paragraph)
    for run, start, end in spans:
        if end == at and end > start:
            return run
    return next((run for run, start, end in spans if end > start), None)


def _insert(paragraph, ids: _Revisions, text: str, template, after, at: int) -> None:
    """Add `text` as a w:ins: after the deletion it replaces, or at character `at` of the paragraph."""
    insertion = ids.element("w:ins")
    run = OxmlElement("w:r")
    if template is not None and template.find(W + "rPr") is not None:
        run.append(copy.deepcopy(template.find(W + "rPr")))
    t = OxmlElement("w:t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    run.append(t)
    insertion.append(run)
    if after is not None:
        after.getparent().addnext(insertion)  # after the w:del that now wraps the last deleted run
    elif template is None:
        paragraph.append(insertion)
    elif at == 0:
        template.addprevious(insertion)
    else:
        template.addnext(insertion)
