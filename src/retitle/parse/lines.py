"""Turn source lines into blocks: the shared back half of the text, Markdown and LaTeX parsers.

Each front end hands over `Line`s that already know whether they are a heading,
a bullet or plain text, with their pieces mapped to source line:column. This
module decides sections, entry headers, contact lines and paragraphs, joins
wrapped lines and undoes end-of-line hyphenation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from retitle.model import Anchor, Document
from retitle.parse.common import (
    CONTACT_RE,
    MAX_CONTACT_LINE_CHARS,
    MAX_ENTRY_LINE_CHARS,
    MAX_HEAD_PLAIN_CHARS,
    MAX_STANDALONE_CHARS,
    MIN_WRAPPING_PARAGRAPH_CHARS,
    clean_text,
    section_for_heading,
    section_named,
)
from retitle.parse.dates import find_date_range
from retitle.parse.entries import ENTRY_SECTIONS, group_entries, header_evidence, heading_as_entry_line
from retitle.parse.head import mark_head

# A wrapped bullet line that ends like this cannot be the bullet's end: "… served to\nAPI clients".
JOINING_END_RE = re.compile(r"(?:,|\b(?:and|or|for|to|of|with|in|on|at|by|from|into|the|a|an|via|across))\s*$",
                             re.IGNORECASE)


@dataclass
class Piece:
    """A stretch of block text that is contiguous in the source.

    Text formats set `line`/`column`; the PDF reader sets `page` and `bbox` instead.
    """

    text: str
    line: int = 0
    column: int = 0
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class Line:
    """One logical source line, as a front end understood it."""

    pieces: list[Piece]
    kind: str = "text"  # text | heading | bullet | entry | blank
    indent: int = 0
    level: int = 0  # heading level when the source marks it (Markdown #, LaTeX \section); 0 when inferred from style
    ignore: list[str] = field(default_factory=list)  # inline `retitle: ignore` codes
    fields: dict = field(default_factory=dict)  # an entry's title/organisation/dates when the source says

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def source_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: split on LF, CRLF or CR only (not form feeds or U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def separator_pieces(text: str, line: int, column: int) -> list[Piece]:
    """Text a parser inserts (" | " between cells): every character points at one real source column."""
    return [Piece(char, line, column) for char in text]


class _Builder:
    """Accumulates a block's text and the segments that map it back to the source."""

    def __init__(self) -> None:
        self.text = ""
        self.segments: list[list[int]] = []
        self.boxes: list[tuple[int, tuple[float, float, float, float]]] = []

    def add_line(self, pieces: list[Piece]) -> None:
        pieces = [p for p in pieces if p.text]
        if not pieces:
            return
        if self.text:
            if re.search(r"[A-Za-z]-$", self.text) and pieces[0].text[:1].islower():
                self.text = self.text[:-1]  # undo end-of-line hyphenation: "deploy-\nment"
            elif re.search(r"[A-Za-z]-$", self.text) and pieces[0].text[:1].isupper():
                pass  # a compound broken at its hyphen: "Resource-\nConstrained"
            elif not self.text.endswith(" "):
                self.text += " "
        for piece in pieces:
            self.segments.append([len(self.text), piece.line, piece.column])
            if piece.page is not None and piece.bbox is not None:
                self.boxes.append((piece.page, piece.bbox))
            self.text += piece.text

    @classmethod
    def of_line(cls, line: Line) -> tuple[str, Anchor] | None:
        """The text and anchor of a block that is exactly one line (a heading, an entry header)."""
        builder = cls()
        builder.add_line(line.pieces)
        return builder.finish()

    def finish(self) -> tuple[str, Anchor] | None:
        raw = self.text
        stripped = raw.strip()
        if not stripped:
            return None
        segments = _rebase(self.segments, len(raw) - len(raw.lstrip()), len(stripped), len(raw))
        source = Anchor("text", line=segments[0][1], column=segments[0][2], segments=segments)
        if stripped.isascii() and stripped.isprintable():
            return stripped, self._anchor(source)  # nothing to normalise: the common case, kept fast
        # Clean character by character (NFKC: "ﬁ" -> "fi", soft hyphen -> ""); where a character
        # changes length, a new segment keeps the characters after it on their source column.
        out, starts, resized = [], [], []
        position = 0
        for index, char in enumerate(stripped):
            starts.append(position)
            cleaned = clean_char(char)
            out.append(cleaned)
            position += len(cleaned)
            if len(cleaned) != 1:
                resized.append(index)
        starts.append(position)
        moved = {starts[o]: [starts[o], ln, col] for o, ln, col in segments}
        for index in resized:
            line, column = source.locate(index)
            for extra in range(1, len(out[index])):  # every letter of "ffi" points at the ligature
                moved[starts[index] + extra] = [starts[index] + extra, line, column]
            if index + 1 < len(stripped):
                moved[starts[index + 1]] = [starts[index + 1], *source.locate(index + 1)]
        new_segments = [moved[o] for o in sorted(moved)]
        text = "".join(out)
        trimmed = text.strip()  # NFKC can turn a character into a space: "¨" -> " ̈"
        if not trimmed:
            return None
        if trimmed != text:
            new_segments = _rebase(new_segments, len(text) - len(text.lstrip()), len(trimmed), len(text))
            text = trimmed
        return text, self._anchor(Anchor("text", line=new_segments[0][1], column=new_segments[0][2],
                                         segments=new_segments))

    def _anchor(self, text_anchor: Anchor) -> Anchor:
        """PDF pieces carry boxes, not line:col: their block is anchored by page and box."""
        return _pdf_anchor(self.boxes) if self.boxes else text_anchor


def _rebase(segments: list[list[int]], lead: int, length: int, total: int) -> list[list[int]]:
    """Segments of a text cut to [lead, lead + length); a segment wholly outside is dropped."""
    bounds = [o for o, _, _ in segments[1:]] + [total]
    return [[max(o, lead) - lead, ln, col + max(lead - o, 0)]
            for (o, ln, col), stop in zip(segments, bounds)
            if max(o, lead) < min(stop, lead + length)]


def _pdf_anchor(boxes: list[tuple[int, tuple[float, float, float, float]]]) -> Anchor:
    """One box around the block's lines on the page where the block starts."""
    page = boxes[0][0]
    on_page = [box for p, box in boxes if p == page]
    bbox = [round(min(b[0] for b in on_page), 2), round(min(b[1] for b in on_page), 2),
            round(max(b[2] for b in on_page), 2), round(max(b[3] for b in on_page), 2)]
    return Anchor("pdf", page=page, bbox=bbox)


@lru_cache(maxsize=4096)
def clean_char(char: str) -> str:
    """One character as `clean_text` makes it (a space stays one); cached: text repeats its characters."""
    cleaned = clean_text(char)
    return " " if cleaned and not cleaned.strip() else cleaned


def build_document(path: str, fmt: str, lines: list[Line]) -> Document:
    """Group lines into blocks with sections, in reading order."""
    doc = Document(path=path, format=fmt)
    section = "summary"  # what comes before the first heading: name, contact, profile
    pending: _Builder | None = None
    pending_kind = ""
    pending_indent = 0
    pending_ignore: list[str] = []
    upcoming_ignore: list[str] = []  # from a comment on a line of its own: for the next block
    seen_heading = False

    def flush() -> None:
        nonlocal pending, pending_ignore
        if pending is None:
            return
        built = pending.finish()
        pending = None
        if built is None:
            return
        text, anchor = built
        kind = pending_kind
        fields: dict = {}
        if pending_ignore:
            fields["ignore"] = list(pending_ignore)
        pending_ignore = []
        if kind == "paragraph":
            kind, extra = classify_plain(text, section, seen_heading, doc)
            fields.update(extra)
        block_section = "other" if kind == "contact" else section
        doc.add(kind, block_section, text, anchor, **fields)

    for index, line in enumerate(lines):
        if line.kind == "blank":
            flush()
            continue
        if line.ignore and not line.text.strip() and line.kind != "bullet":
            upcoming_ignore.extend(line.ignore)
            continue
        if line.kind == "entry":
            flush()
            result = _Builder.of_line(line)
            if result is not None:
                text, anchor = result
                fields = {"_given": dict(line.fields)} if line.fields else {}
                codes = upcoming_ignore + line.ignore
                if codes:
                    fields["ignore"] = codes
                upcoming_ignore = []
                doc.add("entry", section, text, anchor, **fields)
            continue
        if line.kind == "heading":
            flush()
            result = _Builder.of_line(line)
            if result is None:
                continue
            text, anchor = result
            known = section_for_heading(text)
            if known is None and not seen_heading and not doc.blocks:
                doc.add("contact", "other", text, anchor)  # "# Jane Doe" tops a Markdown resume
                continue
            as_line = heading_as_entry_line(text, section, seen_heading, line.level, inferred=line.level == 0)
            if as_line:
                doc.add(as_line, section, text, anchor)
                continue
            section = section_named(text) or "other"
            seen_heading = True
            doc.add("heading", section, text, anchor, level=line.level or 1)
            continue
        if line.kind == "bullet":
            flush()
            pending, pending_kind, pending_indent = _Builder(), "bullet", line.indent
            pending_ignore, upcoming_ignore = upcoming_ignore + line.ignore, []
            pending.add_line(line.pieces)
            continue
        # Plain text: a continuation of the open bullet/paragraph, or a new paragraph.
        if pending is not None and _continues(pending_kind, pending_indent, pending.text, line, lines, index):
            pending.add_line(line.pieces)
            pending_ignore = pending_ignore + line.ignore
            continue
        flush()
        pending, pending_kind, pending_indent = _Builder(), "paragraph", line.indent
        pending_ignore, upcoming_ignore = upcoming_ignore + line.ignore, []
        pending.add_line(line.pieces)
        after_entry = bool(doc.blocks) and doc.blocks[-1].kind == "entry" and section in ENTRY_SECTIONS
        if _is_standalone(line.text, section, seen_heading) or after_entry and header_evidence(line.text) > 0:
            flush()  # a header line, or the organisation line under a role line: never joined to what follows
    flush()
    group_entries(doc)
    mark_head(doc)
    return doc


def _continues(kind: str, indent: int, text_so_far: str, line: Line, lines: list[Line], index: int) -> bool:
    """Is this plain line the wrapped tail of the open bullet or paragraph?"""
    text = line.text.strip()
    if kind == "bullet":
        # Set level with the bullet: its wrapped tail, unless it is a short line with dates (the next entry's header).
        header = len(text) < MAX_STANDALONE_CHARS and find_date_range(text)
        return line.indent > indent or (line.indent == indent and line.indent > 0 and not header) or (
            (text[:1].islower() or JOINING_END_RE.search(text_so_far)) and not find_date_range(text)
        )
    # paragraph: keep joining sentences; a short line with dates starts an entry instead
    return not find_date_range(text) and not text_so_far.rstrip().endswith(":") and len(text_so_far) > MIN_WRAPPING_PARAGRAPH_CHARS


_CELL_GAP_RE = re.compile(r"\t|\s{3,}")  # the gap between the aligned cells of a plain-text row


def _row_length(text: str) -> int:
    """A line's length as a header line's limit reads it: its longest cell when spaces or tabs align
    it into cells ("University of Northmere      Graduated May 2024      MSc in ..."), else its length."""
    cells = [c for c in _CELL_GAP_RE.split(text.strip()) if c]
    return max(map(len, cells)) if len(cells) > 1 else len(re.sub(r"\s+", " ", text.strip()))


def _is_standalone(text: str, section: str, seen_heading: bool) -> bool:
    """Lines that are blocks on their own even without a blank line after them."""
    stripped = re.sub(r"\s+", " ", text.strip())  # "ENGINEER      Jan 2020 – Present": spaces align, they say nothing
    if not seen_heading:
        return True
    if CONTACT_RE.search(stripped) and len(stripped) < MAX_CONTACT_LINE_CHARS:
        return True
    return section in ENTRY_SECTIONS and _row_length(text) < MAX_STANDALONE_CHARS and not stripped.endswith(".") and (
        bool(find_date_range(stripped)) or stripped.count("|") >= 1 or " — " in stripped
    )


def classify_plain(text: str, section: str, seen_heading: bool, doc: Document) -> tuple[str, dict]:
    """Decide whether a plain (non-bullet) block is contact, an entry header or a paragraph."""
    if not seen_heading:
        if CONTACT_RE.search(text) or not doc.blocks or len(text) < MAX_HEAD_PLAIN_CHARS and not text.endswith("."):
            return "contact", {}
        return "paragraph", {}
    if CONTACT_RE.search(text) and len(text) < MAX_CONTACT_LINE_CHARS and section in ("summary", "other"):
        return "contact", {}
    if section in ENTRY_SECTIONS and _row_length(text) < MAX_ENTRY_LINE_CHARS and not text.endswith("."):
        if find_date_range(text) or text.count("|") >= 1 or " — " in text:
            return "entry", {}
    return "paragraph", {}
