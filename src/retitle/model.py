"""The plain result types every stage passes along.

Parsers build a `Document` of `Block`s, the engine adds `Finding`s, the rewriter
adds `Suggestion`s, and every renderer formats the same `Report`. Nothing here
imports spaCy or a file-format library, so the CLI stays fast to start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1


# The closed sets of the result. Each is a StrEnum, so a member equals its JSON string ("bullet")
# and serialises as it; building one from an unknown string fails at once (ValueError) instead of
# letting a typo travel into the report.

class BlockKind(StrEnum):
    HEADING = "heading"
    ENTRY = "entry"
    BULLET = "bullet"
    PARAGRAPH = "paragraph"
    CONTACT = "contact"


class Section(StrEnum):
    SUMMARY = "summary"
    EXPERIENCE = "experience"
    PROJECTS = "projects"
    RESEARCH = "research"
    PUBLICATIONS = "publications"
    SKILLS = "skills"
    EDUCATION = "education"
    OTHER = "other"


class EntryKind(StrEnum):
    """What an entry header is (`retitle.parse.entries.entry_kind`)."""

    JOB = "job"
    INTERNSHIP = "internship"
    RESEARCH_POSITION = "research_position"
    TEACHING = "teaching"
    DEGREE = "degree"
    PROJECT = "project"
    VOLUNTEER = "volunteer"
    OTHER = "other"


class Level(StrEnum):
    """How strongly a finding reads as research framing (a rule's `level`)."""

    WARNING = "warning"
    SUGGESTION = "suggestion"


class Framing(StrEnum):
    """How an analysed bullet reads: research-framed, systems-framed, both, or neither."""

    RESEARCH = "research"
    SYSTEMS = "systems"
    MIXED = "mixed"
    NEUTRAL = "neutral"


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
    kind: BlockKind
    section: Section
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
        """Append a block; an unknown kind or section is a ValueError here, not a surprise later."""
        block = Block(f"b{len(self.blocks)}", BlockKind(kind), Section(section), text, anchor, dict(fields))
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


# --- the summary -----------------------------------------------------------------
# Facts only: every sentence shown about them (a title's reason, the rebrand note, the lines of
# the text, Markdown and DOCX reports) is written by `retitle.sentences`. `to_dict()` gives the
# version-1 JSON of DESIGN.md, key for key.


@dataclass(frozen=True)
class FramingUnits:
    """How many analysed bullets read each way (`Framing`)."""

    research: int
    systems: int
    mixed: int
    neutral: int

    def to_dict(self) -> dict[str, int]:
        return {"research": self.research, "systems": self.systems, "mixed": self.mixed, "neutral": self.neutral}


@dataclass(frozen=True)
class FramingScore:
    """The 0-100 framing score (None with nothing to score) and the bullets it counts.

    `ml_or_data_work` is False when no analysed bullet names ML or data work: such a resume gets
    a note instead of a score.
    """

    score: int | None
    units: FramingUnits
    ml_or_data_work: bool

    @property
    def note(self) -> str | None:
        from retitle.sentences import framing_note

        return framing_note(self)


@dataclass(frozen=True)
class FindingCounts:
    """Findings by level."""

    warning: int
    suggestion: int

    @property
    def total(self) -> int:
        return self.warning + self.suggestion

    def to_dict(self) -> dict[str, int]:
        return {"warning": self.warning, "suggestion": self.suggestion}


@dataclass(frozen=True)
class AreaScore:
    """One row of the skill-matrix scorecard: research- and systems-framed mentions in an area."""

    id: str
    name: str
    research: int
    systems: int
    research_blocks: tuple[str, ...]
    systems_blocks: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "research": self.research, "systems": self.systems,
                "research_blocks": list(self.research_blocks), "systems_blocks": list(self.systems_blocks)}


@dataclass(frozen=True)
class Position:
    """A most recent position, its title as the person wrote it; `taxonomy` only where the title means one."""

    title: str
    taxonomy: str | None
    block_id: str
    organisation: str | None
    start: str | None
    end: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "taxonomy": self.taxonomy, "block_id": self.block_id,
                "organisation": self.organisation, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class TitleVerdict:
    """A title of the taxonomy, the bullets that count for it, and whether they are enough.

    `groups` are the rule groups those bullets show; `requires_any` and `requires_titles` are the
    title's conditions (titles.yaml), kept so the reason can say which one is unmet.
    """

    title: str
    id: str
    bullets: tuple[str, ...]
    needed: int
    supported: bool
    groups: tuple[str, ...] = ()
    requires_any: tuple[str, ...] = ()
    requires_titles: tuple[str, ...] = ()

    @property
    def score(self) -> int:
        return len(self.bullets)

    @property
    def strength(self) -> float:
        """The score over the bullets needed: what ranks the titles."""
        return round(self.score / self.needed, 2)

    @property
    def why(self) -> str:
        from retitle.sentences import title_reason

        return title_reason(self)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "id": self.id, "score": self.score, "needed": self.needed,
                "supported": self.supported, "bullets": list(self.bullets), "why": self.why}

    def supported_dict(self) -> dict[str, Any]:
        """The shorter shape of `titles.supported` in the JSON."""
        return {"title": self.title, "id": self.id, "bullets": list(self.bullets), "score": self.score,
                "needed": self.needed, "why": self.why}


@dataclass(frozen=True)
class Titles:
    """The titles held most recently, and every taxonomy title ranked (supported first, strongest first)."""

    positions: tuple[Position, ...]
    verdicts: tuple[TitleVerdict, ...]

    @property
    def current(self) -> list[str]:
        return [p.title for p in self.positions]

    @property
    def supported(self) -> list[TitleVerdict]:
        return [t for t in self.verdicts if t.supported]

    @property
    def note(self) -> str:
        """Whether the evidence supports the rebrand title, in one plain sentence."""
        from retitle.sentences import rebrand_statement

        return rebrand_statement(self)

    def to_dict(self) -> dict[str, Any]:
        return {"current": self.current, "current_positions": [p.to_dict() for p in self.positions],
                "supported": [t.supported_dict() for t in self.supported],
                "all": [t.to_dict() for t in self.verdicts], "note": self.note}


@dataclass(frozen=True)
class ExperienceEntry:
    """A dated position counted towards years of experience."""

    block_id: str
    kind: EntryKind
    title: str | None
    start: str
    end: str

    def to_dict(self) -> dict[str, Any]:
        return {"block_id": self.block_id, "kind": self.kind.value, "title": self.title, "start": self.start,
                "end": self.end}


@dataclass(frozen=True)
class Experience:
    """Years of experience and what they were counted from: the positions, the first and last month."""

    years: float
    first: str
    last: str
    entries: tuple[ExperienceEntry, ...]

    @property
    def positions(self) -> int:
        return len(self.entries)

    def to_dict(self) -> dict[str, Any]:
        return {"positions": self.positions, "from": self.first, "to": self.last,
                "entries": [e.to_dict() for e in self.entries]}


@dataclass(frozen=True)
class Pay:
    """US dollars a year."""

    base: int
    total: int

    def to_dict(self) -> dict[str, int]:
        return {"base": self.base, "total": self.total}


@dataclass(frozen=True)
class Market:
    """The market reference for the level the years reach (market.yaml): ML vs AI Engineer pay, and its source.

    Levels are lexicon data (a custom market.yaml may define its own), so `level_id` is a string.
    """

    level_id: str
    level: str
    ml_engineer: Pay
    ai_engineer: Pay
    currency: str | None
    source: str | None
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "ml_engineer": self.ml_engineer.to_dict(),
                "ai_engineer": self.ai_engineer.to_dict(), "currency": self.currency, "source": self.source,
                "date": self.date}


@dataclass(frozen=True)
class SuggestionStats:
    """Suggestions shown, and those the claim guard dropped because they would add a claim."""

    shown: int
    dropped: int


@dataclass(frozen=True)
class Summary:
    """The resume-level summary (`retitle.report.summarize`)."""

    framing: FramingScore
    findings_by_level: FindingCounts
    areas: tuple[AreaScore, ...]
    publications: int
    titles: Titles
    experience: Experience | None
    market: Market | None
    suggestions: SuggestionStats | None = None

    @property
    def years(self) -> float | None:
        return self.experience.years if self.experience else None

    @property
    def level(self) -> str | None:
        """The id of the market level the years reach ("senior"), if any."""
        return self.market.level_id if self.market else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "framing_score": self.framing.score,
            "framing_note": self.framing.note,
            "units": self.framing.units.to_dict(),
            "findings_by_level": self.findings_by_level.to_dict(),
            "areas": {a.id: a.to_dict() for a in self.areas},
            "publications": self.publications,
            "titles": self.titles.to_dict(),
            "years_experience": self.years,
            "experience_basis": self.experience.to_dict() if self.experience else None,
            "level": self.level,
            "market": self.market.to_dict() if self.market else None,
        }
        if self.suggestions is not None:
            out["suggestions_shown"] = self.suggestions.shown
            out["suggestions_dropped"] = self.suggestions.dropped
        return out


@dataclass
class Report:
    """Everything retitle knows about one file; every output is rendered from it."""

    document: Document
    findings: list[Finding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    summary: Summary = field(kw_only=True)

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
            "summary": self.summary.to_dict(),
        }


def error_dict(path: str, reason: str) -> dict[str, Any]:
    """The JSON object for a file that could not be read (DESIGN.md, version 1)."""
    return {"schema_version": SCHEMA_VERSION, "file": path, "error": reason}
