"""Reading order of a PDF from its glyphs, whichever engine found them.

A glyph source (`pdfium_source`, `pdfminer_source`) hands over each page's glyph runs in drawing
order; this module groups them into text lines by pdfminer's own rule (`_same_line`) and rebuilds
the page from those lines:

1. each line's characters are re-spaced by their x-gaps relative to the font
   size (letter-by-letter placed glyphs from Word and Chrome, tracked capitals)
   and cut where a gap is wide enough to be a column break;
2. a vertical gutter with enough text on both sides makes a page read column by
   column, unless the narrow side is only dates/locations aligned with rows of
   the other side (a date column, read as part of the entry it sits beside);
3. rows are rebuilt per column; short cells standing right (or left) of the
   body text are stacked into one annotation and attached to the row at the top
   of the stack ("Engineer, Acme | London | Jan 2020 – Present");
4. headings come from the heading vocabulary plus whatever else shares their
   font style, bullets from glyphs, icon-font glyphs, drawn dots and hanging
   indents; `lines.build_document` then joins wrapped lines and sections as it
   does for every other format.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from retitle.errors import InputError
from retitle.model import Document
from retitle.parse.common import (
    BULLET_GLYPHS,
    MAX_ANNOTATION_CHARS,
    MAX_ANNOTATION_WORDS,
    MAX_MARGIN_HEADING_WORDS,
    MAX_STYLED_HEADING_CHARS,
    MAX_STYLED_HEADING_WORDS,
    MAX_VOCABULARY_HEADING_CHARS,
    PAGE_MARGIN_BAND,
    clean_text,
    is_private_use,
    rejoin_small_caps,
    section_for_heading,
    split_bullet,
)
from retitle.parse.dates import DASH_CLASS, find_date_range, is_date_only
from retitle.parse.entries import first_part_kind, is_header_like
from retitle.parse.lines import JOINING_END_RE, Line, Piece, build_document
from retitle.parse.pdf.glyphs import Glyph, SourcePage

NO_TEXT_LAYER = "no text layer — scanned image? OCR is not supported"
_WIDE_GAP_EM = 1.5  # a gap wider than this (in font sizes) separates cells of a row
_LINE_OVERLAP, _CHAR_MARGIN = 0.5, 2.0  # pdfminer's LAParams defaults for grouping glyphs into lines
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s*)?#(?:\s*(?:/|of)\s*#)?$", re.IGNORECASE)
_X0, _Y0, _X1, _Y1 = attrgetter("x0"), attrgetter("y0"), attrgetter("x1"), attrgetter("y1")


@dataclass
class Cell:
    """Glyphs of one row with no wide gap between them, as text."""

    glyphs: list[Glyph]
    text: str = ""

    # Cached: a cell's glyphs never change once it is cut, and row grouping, gutters and
    # regions ask for these edges thousands of times a page.
    @cached_property
    def x0(self) -> float:
        return min(map(_X0, self.glyphs))

    @cached_property
    def x1(self) -> float:
        return max(map(_X1, self.glyphs))

    @cached_property
    def y0(self) -> float:
        return min(map(_Y0, self.glyphs))

    @cached_property
    def y1(self) -> float:
        return max(map(_Y1, self.glyphs))

    @cached_property
    def size(self) -> float:
        return statistics.median(g.size for g in self.glyphs)


@dataclass
class Row:
    """One visual line of a column: its main text, annotations and bullet mark."""

    page: int
    cells: list[Cell]
    annotation: str = ""
    annotation_left: bool = False
    marked: bool = False  # a drawn dot or square stands left of it
    extra_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        main = " | ".join(c.text for c in self.cells if c.text)
        if not self.annotation:
            return main
        if not main:
            return self.annotation
        return f"{self.annotation} {main}" if self.annotation_left else f"{main} | {self.annotation}"

    @property
    def glyphs(self) -> list[Glyph]:
        return [g for c in self.cells for g in c.glyphs]

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.cells)

    @property
    def y0(self) -> float:
        return min(c.y0 for c in self.cells)

    @property
    def y1(self) -> float:
        return max(c.y1 for c in self.cells)

    # Cached: asked for (many times a row) only once the row's cells and text are final, after
    # `_rows` and `_join_wrapped_dates`.
    @cached_property
    def size(self) -> float:
        glyphs = [g for g in self.glyphs if g.text.strip()] or self.glyphs
        return statistics.median(g.size for g in glyphs)

    @cached_property
    def clean(self) -> str:
        """The row's text as a block would show it (`_row_text`)."""
        return _row_text(self)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        boxes = [(c.x0, c.y0, c.x1, c.y1) for c in self.cells] + self.extra_boxes
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass
class PageText:
    """One page's glyph runs cut into cells and candidate bullet shapes, with glyph counts for the text-layer checks."""

    number: int
    height: float
    segments: list[Cell]
    marks: list[tuple[float, float, float, float]]
    glyphs: int = 0
    unmapped: int = 0


def build(path: str, sources: list[SourcePage]) -> Document:
    """A PDF's pages, from either engine, as a `Document`; refuse pages that are images or unreadable fonts."""
    pages = [page_text(s) for s in sources]
    warnings: list[str] = []
    glyphs = sum(p.glyphs for p in pages)
    unmapped = sum(p.unmapped for p in pages)
    if glyphs == 0:
        raise InputError(path, NO_TEXT_LAYER)
    if unmapped * 2 >= glyphs:
        raise InputError(path, f"fonts without a Unicode map: {unmapped} of {glyphs} glyphs are unreadable "
                               "(cid:N) — export the PDF again, or analyse the DOCX/text source instead")
    if unmapped:
        where = ", ".join(str(p.number) for p in pages if p.unmapped)
        warnings.append(f"{unmapped} glyph(s) with no Unicode mapping were dropped (page {where})")
    blank = [str(p.number) for p in pages if p.glyphs == 0]
    if blank:
        warnings.append(f"page {', '.join(blank)}: no text layer (scanned image?) — skipped")
    unreadable = [str(p.number) for p in pages if p.glyphs and p.unmapped * 2 >= p.glyphs]
    if unreadable:
        warnings.append(f"page {', '.join(unreadable)}: mostly unmapped glyphs — text there is missing")
    doc = build_document(path, "pdf", _lines(pages))
    doc.pages = len(pages)
    doc.warnings.extend(warnings)
    return doc


def page_text(source: SourcePage) -> PageText:
    """Group each glyph run into text lines (pdfminer's rule), each line deduplicated and cut into cells."""
    segments: list[Cell] = []
    for run in source.runs:
        line: list[Glyph] = []
        previous = None
        for glyph in run:
            if previous is not None and not _same_line(previous, glyph):
                segments.extend(_split_wide(_dedupe(line)))
                line = []
            previous = glyph
            line.append(glyph)
        segments.extend(_split_wide(_dedupe(line)))
    return PageText(source.number, source.height, segments, source.marks, source.glyphs, source.unmapped)


def _same_line(a: Glyph, b: Glyph) -> bool:
    """pdfminer's rule for two glyphs drawn one after the other to share a text line (its
    default LAParams: heights overlap by over half, gap under two glyph widths). Asked once per
    glyph, so written with comparisons rather than min() and max() calls."""
    a_y0, a_y1, b_y0, b_y1 = a.y0, a.y1, b.y0, b.y1
    if b_y0 > a_y1 or a_y0 > b_y1:
        return False
    a_height, b_height = a_y1 - a_y0, b_y1 - b_y0
    apart_low, apart_high = abs(a_y0 - b_y1), abs(a_y1 - b_y0)
    if (a_height if a_height < b_height else b_height) * _LINE_OVERLAP >= \
            (apart_low if apart_low < apart_high else apart_high):
        return False
    a_x0, a_x1, b_x0, b_x1 = a.x0, a.x1, b.x0, b.x1
    if b_x0 <= a_x1 and a_x0 <= b_x1:
        gap = 0.0
    else:
        left_gap, right_gap = abs(a_x0 - b_x1), abs(a_x1 - b_x0)
        gap = left_gap if left_gap < right_gap else right_gap
    a_width, b_width = a_x1 - a_x0, b_x1 - b_x0
    return gap < (a_width if a_width > b_width else b_width) * _CHAR_MARGIN


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop glyphs drawn twice at (almost) the same spot — Word's fake bold, shadows."""
    out: list[Glyph] = []
    for g in sorted(glyphs, key=_X0):
        if out and out[-1].text == g.text and abs(out[-1].x0 - g.x0) < 0.3 * max(g.x1 - g.x0, 0.5) \
                and abs(out[-1].y0 - g.y0) < 0.5:
            continue
        out.append(g)
    return out


def _split_wide(glyphs: list[Glyph]) -> list[Cell]:
    """Cut a glyph run where the gap is wide enough to be a column or tab stop."""
    cells: list[Cell] = []
    current: list[Glyph] = []
    last = None
    for g in glyphs:
        if g.text.isspace():
            if current:
                current.append(g)
            continue
        if last is not None and g.x0 - last.x1 > _WIDE_GAP_EM * (g.size if g.size > last.size else last.size):
            cells.append(Cell(current))
            current = []
        current.append(g)
        last = g
    if current:
        cells.append(Cell(current))
    for cell in cells:
        cell.text = _spaced_text(cell.glyphs)
    return [c for c in cells if c.text]


def _spaced_text(glyphs: list[Glyph]) -> str:
    """Join glyphs, putting a space where the x-gap is wider than letter spacing."""
    ink: list[Glyph] = []
    spaced: list[bool] = []  # an explicit space glyph follows this ink glyph
    for g in glyphs:
        if not g.text.isspace():
            ink.append(g)
            spaced.append(False)
        elif ink:
            spaced[-1] = True
    if not ink:
        return ""
    gaps = [b.x0 - a.x1 for a, b in zip(ink, ink[1:])]
    # Letter-spaced text (tracked capitals, glyph-by-glyph placement) has a positive
    # typical gap; a word gap is that plus roughly a space.
    tracking = max(0.0, statistics.median(gaps)) if len(gaps) >= 3 else 0.0
    out = [ink[0].text]
    for i, gap in enumerate(gaps):
        a, b = ink[i], ink[i + 1]
        if spaced[i] or gap > tracking + 0.13 * (a.size if a.size > b.size else b.size):
            out.append(" ")
        elif i == 0 and a.text in BULLET_GLYPHS and not a.text.isascii() and gap > 0:
            out.append(" ")  # "•Designed" drawn tight: still a bullet glyph
        out.append(b.text)
    return "".join(out).strip()


# --- reading order -----------------------------------------------------------


def _lines(pages: list[PageText]) -> list[Line]:
    """All pages' rows in reading order, as `Line`s for `build_document`."""
    furniture = _furniture(pages)
    regions: list[tuple[int, list[Row]]] = []
    margin: set[int] = set()  # section headings set in a left margin, beside their sections' text
    for page in pages:
        segments = [s for s in page.segments if (page.number, _furniture_key(s.text)) not in furniture
                    or not _in_margin(s, page)]
        page_regions: list[list[Row]] = []
        for region in _regions(segments):
            rows = _rows(page.number, region)
            if not rows:
                continue
            _attach_marks(rows, page.marks)
            if page_regions and _margin_headings(page_regions[-1]) and rows[0].x0 > page_regions[-1][0].x0:
                headings = _stacked(page_regions.pop())
                margin.update(map(id, headings))
                rows = _beside(headings, rows)
            page_regions.append(rows)
        regions.extend((page.number, rows) for rows in page_regions)
    for _, rows in regions:
        _join_wrapped_dates(rows)
    all_rows = [row for _, rows in regions for row in rows]
    if not all_rows:
        return []
    body = _body_size(all_rows)
    heading_styles = {_style(r) for r in all_rows if _vocabulary_heading(r)}
    lines: list[Line] = []
    previous: Row | None = None
    for page_number, rows in regions:
        if previous is not None and previous.page == page_number and rows[0].y1 > previous.y0:
            lines.append(Line([], kind="blank"))  # back up the page: the next column starts
            previous = None
        left = min((r.x0 for r in rows if id(r) not in margin), default=min(r.x0 for r in rows))
        for position, row in enumerate(rows):
            if previous is not None and previous.page == row.page and \
                    previous.y0 - row.y0 > 1.6 * max(previous.size, row.size, body * 0.8):
                lines.append(Line([], kind="blank"))
            following = rows[position + 1] if position + 1 < len(rows) else None
            lines.append(_line(row, left, body, heading_styles, following))
            previous = row
    return lines


def _margin_headings(rows: list[Row]) -> bool:
    """A column of nothing but section headings ("EDUCATION" level with the first line of its
    section, the section's text in a column of its own to the right)."""
    if len(rows) < 2 or any(len(r.clean.split()) > MAX_MARGIN_HEADING_WORDS for r in rows):
        return False  # most columns: a line of text settles it before any heading is looked up
    named = [r for r in rows if _vocabulary_heading(r)]
    styles = {_style(r) for r in named}
    return 2 * len(named) >= len(rows) and all(_style(r) in styles for r in rows)


def _stacked(rows: list[Row]) -> list[Row]:
    """Margin headings wrapped over lines ("RESEARCH" / "AND WORK" / "EXPERIENCE") as one row each."""
    out: list[Row] = []
    for row in rows:
        last = out[-1] if out else None
        if last is not None and last.page == row.page and last.y0 - row.y1 < 0.6 * row.size:
            cell = Cell([g for r in (last, row) for g in r.glyphs], f"{last.text} {row.text}")
            out[-1] = Row(row.page, [cell])
        else:
            out.append(row)
    return out


def _beside(headings: list[Row], rows: list[Row]) -> list[Row]:
    """The text's rows with each margin heading placed before the first row whose top is level with
    its top or below it."""
    out = list(rows)
    placed = {id(h) for h in headings}
    for heading in sorted(headings, key=lambda r: -r.y1):
        at = next((i for i, r in enumerate(out) if id(r) not in placed
                   and r.y1 <= heading.y1 + 0.5 * heading.size), len(out))
        out.insert(at, heading)
    return out


def _join_wrapped_dates(rows: list[Row]) -> None:
    """'Engineer, Acme | Mar 2022 –' over 'Present': the date range was wrapped, put it back."""
    for index in range(len(rows) - 1, 0, -1):
        above, below = rows[index - 1], rows[index]
        if re.search(r"\d{4}\s*[-–—]$", above.text) and _is_datelike(below.text) and len(below.cells) == 1 \
                and not below.annotation:
            if above.annotation and not above.annotation_left:
                above.annotation += " " + below.text
            else:
                above.cells[-1].text += " " + below.text
            above.extra_boxes.append(below.bbox)
            del rows[index]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", clean_text(text).strip().lower())


def _in_margin(cell: Cell, page: PageText) -> bool:
    return cell.y0 > page.height * (1 - PAGE_MARGIN_BAND) or cell.y1 < page.height * PAGE_MARGIN_BAND


def _furniture(pages: list[PageText]) -> set[tuple[int, str]]:
    """Running headers/footers and page numbers: in the margin band and repeated, or a bare number."""
    seen: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    for page in pages:
        keys = {_furniture_key(s.text) for s in page.segments if _in_margin(s, page)}
        for key in keys:
            seen[key] += 1
            where.setdefault(key, []).append(page.number)
    return {(number, key) for key, count in seen.items() for number in where[key]
            if count >= 2 or _PAGE_NUMBER_RE.match(key)}


def _regions(segments: list[Cell], depth: int = 0) -> list[list[Cell]]:
    """Split a page into columns where a vertical gutter separates two independent flows."""
    gutter = _gutter(segments) if depth < 2 else None
    if gutter is None:
        return [segments] if segments else []
    ordered = sorted(segments, key=lambda s: -s.y1)
    regions: list[list[Cell]] = []
    left: list[Cell] = []
    right: list[Cell] = []

    def close() -> None:
        # Lines of one side above everything on the other (a title under the name) come first.
        if left and right:
            head = [s for s in left if s.y0 > max(r.y1 for r in right)] + \
                   [s for s in right if s.y0 > max(l.y1 for l in left)]
            if head:
                regions.append(sorted(head, key=lambda s: -s.y1))
                left[:] = [s for s in left if s not in head]
                right[:] = [s for s in right if s not in head]
        for side in (left, right):
            if side:
                regions.extend(_regions(list(side), depth + 1))
            side.clear()

    for seg in ordered:
        if seg.x1 <= gutter:
            left.append(seg)
        elif seg.x0 >= gutter:
            right.append(seg)
        else:  # a full-width line (name, contact line) ends the band above it
            close()
            regions.append([seg])
    close()
    return regions


def _gutter(segments: list[Cell]) -> float | None:
    """The x of a vertical gutter between two real columns, or None."""
    if len(segments) < 8:
        return None
    lo = int(min(s.x0 for s in segments))
    hi = int(max(s.x1 for s in segments)) + 1
    # Coverage changes only where a line starts or ends: walk those points, not every unit of x,
    # so a crafted coordinate of 1e9 costs nothing.
    change: dict[int, int] = defaultdict(int)
    for s in segments:
        a, b = int(s.x0) + 1, int(s.x1)
        if a < b:
            change[a] += 1
            change[b] -= 1
    allowed = max(1, len(segments) // 12)  # the name and contact lines may cross it
    runs: list[tuple[int, int]] = []
    start = None
    cover = 0
    for x in sorted({*change, lo + 1}):
        if x > hi - 1:
            break
        cover += change.get(x, 0)
        if cover <= allowed:
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x))
            start = None
    sizes = [s.size for s in segments]
    size = statistics.median(sizes)
    for start, end in sorted(runs, key=lambda r: r[0] - r[1]):
        if end - start < size:  # narrower than a letter: a word gap, not a gutter
            continue
        x = (start + end) / 2
        left = [s for s in segments if s.x1 <= x]
        right = [s for s in segments if s.x0 >= x]
        if len(left) < 4 or len(right) < 4:
            continue
        if _is_annotation_column(left, right, size) or _is_annotation_column(right, left, size):
            continue
        return x
    return None


def _is_annotation_column(side: list[Cell], other: list[Cell], size: float) -> bool:
    """Dates and places set beside entries: rows aligned with the other side, no headings."""
    if any(section_for_heading(s.text) or s.size >= 1.2 * size for s in side):
        return False
    if sum(len(s.text) for s in side) > sum(len(s.text) for s in other):
        return False
    baselines = [s.y0 for s in other]
    aligned = sum(1 for s in side if any(abs(s.y0 - y) <= 0.25 * s.size for y in baselines))
    return aligned >= 0.6 * len(side)


def _rows(page: int, segments: list[Cell]) -> list[Row]:
    """Group a column's glyph runs into rows, re-cut them into cells, stack annotations."""
    groups: list[list[Cell]] = []
    for seg in sorted(segments, key=lambda s: (-s.y1, s.x0)):
        for group in groups[-3:]:
            top = max(s.y1 for s in group)
            bottom = min(s.y0 for s in group)
            overlap = min(top, seg.y1) - max(bottom, seg.y0)
            # side by side only: runs stacked over the same x are different rows of a taller neighbour
            beside = all(seg.x0 >= s.x1 - 1 or seg.x1 <= s.x0 + 1 for s in group)
            if beside and overlap >= 0.5 * min(seg.y1 - seg.y0, top - bottom):
                group.append(seg)
                break
        else:
            groups.append([seg])
    rows = []
    for group in groups:
        if len(group) == 1:  # one run is already deduplicated and cut: cutting it again changes nothing
            rows.append(Row(page, group))
            continue
        group.sort(key=lambda s: s.x0)
        lead: list[Cell] = []
        if _is_datelike(group[0].text) and group[1].x0 - group[0].x1 > 0.5 * group[0].size:
            lead = [group.pop(0)]  # a date set in its own left column, however close
        cells = lead + _split_wide(_dedupe([g for s in group for g in s.glyphs]))
        if cells:
            rows.append(Row(page, cells))
    rows.sort(key=lambda r: -r.y1)
    _stack_annotations(rows)
    return [r for r in rows if r.cells or r.annotation]


def _stack_annotations(rows: list[Row]) -> None:
    """Move short cells standing apart from the body text into one annotation per stack."""
    if len(rows) < 2:
        return
    body_x0 = Counter(round(r.cells[0].x0) for r in rows).most_common(1)[0][0]
    notes: list[tuple[Row, Cell, bool]] = []  # (row, cell, is_left)
    for row in rows:
        keep: list[Cell] = []
        for position, cell in enumerate(row.cells):
            short = len(cell.text) <= MAX_ANNOTATION_CHARS and len(cell.text.split()) <= MAX_ANNOTATION_WORDS
            if cell.x1 < body_x0 - 2 and short and (len(row.cells) > 1 or position == 0 and _is_datelike(cell.text)):
                notes.append((row, cell, True))
            elif position > 0 and keep and short and cell.x0 - keep[-1].x1 > _WIDE_GAP_EM * cell.size:
                notes.append((row, cell, False))
            else:
                keep.append(cell)
        row.cells = keep
    stacks: list[list[tuple[Row, Cell, bool]]] = []
    for note in notes:
        row, cell, is_left = note
        for stack in stacks:
            _, last, last_left = stack[-1]
            if last_left == is_left and (abs(last.x1 - cell.x1) <= 2 or abs(last.x0 - cell.x0) <= 2) \
                    and 0 <= last.y0 - cell.y1 <= 0.8 * cell.size and not _own_dates(last, cell, row):
                stack.append(note)
                break
        else:
            stacks.append([note])
    for stack in stacks:
        home = stack[0][0]
        parts: list[str] = []
        for _, cell, _ in stack:
            if parts and re.search(r"(?:[-–—]|\bto)$", parts[-1]):
                parts[-1] += " " + cell.text
            else:
                parts.append(cell.text)
            home.extra_boxes.append((cell.x0, cell.y0, cell.x1, cell.y1))
        text = " | ".join(parts)
        home.annotation = f"{home.annotation} | {text}" if home.annotation else text
        home.annotation_left = stack[0][2]
        if not home.cells:  # nothing beside it: the stack stands as its own line
            home.cells = [cell for _, cell, _ in stack[:1]]
            home.annotation = " | ".join(parts[1:]) if len(parts) > 1 else ""
            home.cells[0].text = parts[0]
            home.annotation_left = False


def _own_dates(last: Cell, cell: Cell, row: Row) -> bool:
    """Two whole ranges stacked in the dates column, each level with text of its own ("2022 – present"
    beside one role, "2019 – 2022" beside the next): two rows' dates, not one wrapped annotation."""
    return bool(row.cells) and is_date_only(cell.text) and is_date_only(last.text) \
        and not re.search(rf"[{DASH_CLASS}]\s*$", last.text)


def _is_datelike(text: str) -> bool:
    """A date, a range, or one half of a range wrapped over two lines ('2021 –' / 'Present')."""
    text = text.strip()
    return bool(find_date_range(text)) or bool(re.fullmatch(r"(?i)present|current|now|today", text))


def _attach_marks(rows: list[Row], marks: list[tuple[float, float, float, float]]) -> None:
    """A small drawn dot or square just left of a row's first glyph is that row's bullet."""
    for row in rows:
        x0, size = row.x0, row.size
        for mx0, my0, mx1, my1 in marks:
            centre = (my0 + my1) / 2
            if mx1 <= x0 and 0.2 * size <= x0 - mx1 <= 2.5 * size and row.y0 <= centre <= row.y0 + 0.7 * size \
                    and mx1 - mx0 <= 0.6 * size:
                row.marked = True
                row.extra_boxes.append((mx0, my0, mx1, my1))
                break


# --- classifying rows --------------------------------------------------------


def _body_size(rows: list[Row]) -> float:
    counts = Counter(round(g.size) for row in rows for cell in row.cells for g in cell.glyphs if not g.text.isspace())
    return counts.most_common(1)[0][0]


def _row_text(row: Row) -> str:
    """Clean text; icon-font glyphs become separators unless one leads the row as its bullet."""
    text = row.text.replace("\u00ad", "-") if row.text.rstrip().endswith("\u00ad") else row.text
    text = rejoin_small_caps(clean_text(text).strip())
    icons = [c for c in text if is_private_use(c)]
    if icons and not (len(icons) == 1 and is_private_use(text[0])):
        text = re.sub(r"^[\ue000-\uf8ff]\s*", "", text)
        text = re.sub(r"\s*[\ue000-\uf8ff]\s*", " · ", text)
    return text


def _style(row: Row) -> tuple[float, bool, bool]:
    glyphs = [g for g in row.glyphs if not g.text.isspace()]
    bold = sum(g.bold for g in glyphs) * 2 > len(glyphs)
    letters = [c for c in row.text if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    return (round(row.size), bold, caps)


def _vocabulary_heading(row: Row) -> bool:
    text = row.clean
    return len(text) <= MAX_VOCABULARY_HEADING_CHARS and not row.annotation and section_for_heading(text) is not None \
        and split_bullet(text) is None


def _line(row: Row, left: float, body: float, heading_styles: set, following: Row | None) -> Line:
    text = row.clean
    piece = Piece(text, page=row.page, bbox=row.bbox)
    indent = max(0, round(row.x0 - left))
    if row.marked:
        return Line([piece], kind="bullet", indent=indent)
    bullet = split_bullet(text)
    if bullet is not None:
        rest, _ = bullet
        return Line([Piece(rest.strip(), page=row.page, bbox=row.bbox)], kind="bullet", indent=indent)
    if _is_heading(row, text, body, heading_styles):
        return Line([piece], kind="heading")  # level 0: inferred from the row's style
    if following is not None and _hangs(row, following, text):
        return Line([piece], kind="bullet", indent=indent)
    return Line([piece], indent=indent)


def _is_heading(row: Row, text: str, body: float, heading_styles: set) -> bool:
    if _vocabulary_heading(row):
        return True
    words = text.split()
    if not words or len(words) > MAX_STYLED_HEADING_WORDS or len(text) > MAX_STYLED_HEADING_CHARS \
            or text.endswith((".", ",", ";", ":")) \
            or find_date_range(text) or row.annotation or "@" in text:
        return False
    if heading_styles:
        return _style(row) in heading_styles
    return row.size >= 1.25 * body


def _hangs(row: Row, following: Row, text: str) -> bool:
    """A hanging indent: the next line starts further right and carries on this one's sentence."""
    shift = following.x0 - row.x0
    size = row.size
    return 0.8 * size <= shift <= 4 * size and following.y0 < row.y0 and row.y0 - following.y0 <= 1.6 * size \
        and not find_date_range(text) and split_bullet(following.clean) is None and not following.marked \
        and not _names_itself(text, following.clean)


def _names_itself(text: str, following: str) -> bool:
    """A degree or role line over an indented line that starts afresh ("PhD, Mathematics" over its
    thesis title): two lines of an entry, not one item with a hanging indent."""
    return following[:1].isupper() and not JOINING_END_RE.search(text) and is_header_like(text) \
        and first_part_kind(text) in ("degree", "title")
