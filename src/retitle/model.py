"""The plain result types every stage passes along.

Parsers build a `Document` of `Block`s, the engine adds `Finding`s, the rewriter
adds `Suggestion`s, and every renderer formats the same `Report`. Nothing here
imports spaCy or a file-format library, so the CLI stays fast to start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

BLOCK_KINDS = ("heading", "entry", "bullet", "paragraph", "contact")
SECTIONS = (
    "summary",
    "experience",
    "projects",
    "research",
    "publications",
    "skills",
    "education",
    "other",
)


@dataclass
class Anchor:
    """Where a block came from, so a finding can be drawn back onto the source.

    `kind` says which fields matter:
    - "text" (txt, md, tex): `line`/`column` (1-based) of the block's first
      character, and `segments` — `[offset, line, column]` triples marking where
      each joined source line starts inside the block text.
    - "pdf": `page` (1-based) and `bbox` `[x0, y0, x1, y1]` in PDF points.
    - "docx": `part` ("document", "header", "footer"), `path` and `offset`.
      `path` walks from the part's root down to one w:p (retitle.parse.docx
      `iter_paragraphs` is the walk). A header/footer path starts with the part
      name ("/word/header1.xml"). Integers index the paragraphs and tables of a
      container (body, cell, text box; content controls w:sdt unwrapped); after a
      table's index come its row and cell indices, then an index inside that cell;
      after a paragraph's index, "tx", k enters the paragraph's k-th text box
      (w:txbxContent; the mc:Fallback copy is not counted). So [4] is the fifth
      body item, [2, 0, 1, 3] paragraph 3 of row 0 / cell 1 of table 2, and
      [7, "tx", 0, 1] the second paragraph of the first text box in paragraph 7.
      `offset` is where the block text starts inside that paragraph's text: the
      w:t/w:tab/w:br characters of its own runs (hyperlinks, insertions and
      fields included; deletions, text boxes and fallbacks excluded), one
      character per character — the block text never changes length.
    - "json": `pointer`, a JSON Pointer into the JSON Resume file.
    """

    kind: str
    line: int | None = None
    column: int | None = None
    segments: list[list[int]] = field(default_factory=list)
    page: int | None = None
    bbox: list[float] | None = None
    part: str | None = None
    path: list[Any] | None = None
    offset: int | None = None
    pointer: str | None = None

    def locate(self, offset: int) -> tuple[int, int] | None:
        """Source line and column of a character offset inside the block text."""
        if self.kind != "text" or self.line is None:
            return None
        line, column, start = self.line, self.column or 1, 0
        for seg_offset, seg_line, seg_column in self.segments:
            if seg_offset > offset:
                break
            start, line, column = seg_offset, seg_line, seg_column
        return line, column + (offset - start)

    def to_dict(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in self.__dict__.items()
            if value is not None and value != []
        }


@dataclass
class Block:
    """One unit of a resume: a heading, an entry header, a bullet, a paragraph or a contact line."""

    id: str
    kind: str
    section: str
    text: str
    anchor: Anchor
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "section": self.section,
            "text": self.text,
            "anchor": self.anchor.to_dict(),
        }
        if self.fields:
            out["fields"] = self.fields
        return out


@dataclass
class Document:
    """A parsed resume: its blocks in reading order, plus what the parser noticed."""

    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    def add(self, kind: str, section: str, text: str, anchor: Anchor, /, **fields: Any) -> Block:
        block = Block(f"b{len(self.blocks)}", kind, section, text, anchor, dict(fields))
        self.blocks.append(block)
        return block


@dataclass
class Suggestion:
    """A rewrite offered for a finding; `safe` means it may be applied as is."""

    kind: str  # reframe | prompt | trim
    text: str
    rule: str
    safe: bool = False
    placeholders: list[str] = field(default_factory=list)
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "placeholders": self.placeholders,
            "rule": self.rule,
            "safe": self.safe,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class Finding:
    """A span of a block that reads as research framing, and why."""

    code: str
    name: str
    group: str
    level: str
    area: str
    block_id: str
    start: int
    end: int
    text: str
    message: str
    suggestions: list[Suggestion] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "group": self.group,
            "level": self.level,
            "area": self.area,
            "block_id": self.block_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


@dataclass
class Evidence:
    """A span of systems-framed wording: positive evidence, counted, never flagged."""

    code: str
    name: str
    area: str
    block_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Report:
    """Everything retitle knows about one file; every output is rendered from it."""

    document: Document
    findings: list[Finding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.document.path

    def block(self, block_id: str) -> Block:
        return next(b for b in self.document.blocks if b.id == block_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "file": self.document.path,
            "format": self.document.format,
            "pages": self.document.pages,
            "warnings": self.document.warnings,
            "blocks": [b.to_dict() for b in self.document.blocks],
            "findings": [f.to_dict() for f in self.findings],
            "evidence": [e.to_dict() for e in self.evidence],
            "summary": self.summary,
        }


def error_dict(path: str, reason: str) -> dict[str, Any]:
    """The JSON object for a file that could not be read (DESIGN.md, version 1)."""
    return {"schema_version": SCHEMA_VERSION, "file": path, "error": reason}
