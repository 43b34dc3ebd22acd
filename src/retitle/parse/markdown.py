"""Markdown resumes: ATX and setext headings, lists, inline markup stripped, front matter skipped."""

from __future__ import annotations

import re
from pathlib import Path

from retitle.model import Document
from retitle.parse.entries import is_dated_header, is_header_like
from retitle.parse.lines import Line, Piece, build_document, separator_pieces, source_lines
from retitle.parse.text import decode, is_plain_heading

_ATX_RE = re.compile(r"^(\s{0,3})(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE_RE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_TABLE_DELIM_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_HARD_BREAK_RE = re.compile(r"(?: {2,}|\\)$")  # CommonMark: two trailing spaces or a backslash end a line
_IGNORE_RE = re.compile(r"<!--\s*retitle:\s*ignore\s+([\w.,\s-]+?)\s*-->", re.IGNORECASE)
# Inline markup whose delimiters are dropped; the text between them is kept.
_INLINE_RE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\([^)]*\)"          # image: keep alt text
    r"|\[(?P<link>[^\]]+)\]\([^)]*\)"         # link: keep its text
    r"|<!--.*?-->"                            # comment
    r"|(?<![\w:]):[a-z0-9_+-]*[a-z][a-z0-9_+-]*:(?![\w:])\s?"  # GitHub emoji shortcode: ":briefcase: "
    r"|<[^>\s]+>"                             # html tag / autolink brackets
    r"|(?P<delim>\*\*|__|\*|_|`|~~)"          # emphasis / code delimiters
)


def inline_pieces(text: str, line: int, column: int) -> list[Piece]:
    """Strip inline Markdown, keeping each surviving stretch mapped to its source column."""
    pieces: list[Piece] = []
    pos = 0
    for m in _INLINE_RE.finditer(text):
        if m.group("delim") and _is_intraword(text, m):
            continue  # snake_case_names and 2*3 stay as they are
        if m.start() > pos:
            pieces.append(Piece(text[pos:m.start()], line, column + pos))
        kept = m.group("alt") or m.group("link")
        if kept:
            offset = m.start() + (2 if m.group("alt") is not None else 1)
            pieces.append(Piece(kept, line, column + offset))
        pos = m.end()
    if pos < len(text):
        pieces.append(Piece(text[pos:], line, column + pos))
    return pieces


def _is_intraword(text: str, m: re.Match) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return m.group("delim") in ("_", "*") and before.isalnum() and after.isalnum()


def markdown_lines(source: str) -> list[Line]:
    raw = source_lines(source)
    start = 0
    if raw and raw[0].strip() == "---":  # Jekyll / Hugo front matter
        for i in range(1, len(raw)):
            if raw[i].strip() in ("---", "..."):
                start = i + 1
                break
    lines: list[Line] = []
    in_fence = in_table = False
    split_item: int | None = None  # indent of a list item whose dated head ended at a hard break
    for number in range(start + 1, len(raw) + 1):
        text = raw[number - 1]
        if _FENCE_RE.match(text):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        next_text = raw[number] if number < len(raw) else ""
        if "|" in text and _TABLE_DELIM_RE.match(next_text) and "-" in next_text:
            in_table = True  # the header row names the columns: it is not resume content
            continue
        if in_table and _TABLE_DELIM_RE.match(text) and "-" in text:
            continue
        if in_table and "|" in text:
            lines.append(Line(_table_row(text, number)))
            lines.append(Line([], kind="blank"))  # one row, one block
            continue
        in_table = False
        ignore = [code for group in _IGNORE_RE.findall(text) for code in re.split(r"[\s,]+", group) if code]
        if not text.strip() or _RULE_RE.match(text) and not (lines and lines[-1].kind == "text"):
            lines.append(Line([], kind="blank"))
            split_item = None
            continue
        setext = _SETEXT_RE.match(text)
        if setext and lines and lines[-1].kind == "text":
            lines[-1].kind = "heading"
            lines[-1].level = 1 if setext.group(1)[0] == "=" else 2
            continue
        atx = _ATX_RE.match(text)
        if atx:
            split_item = None
            col = atx.start(3) + 1
            lines.append(Line(inline_pieces(atx.group(3), number, col), kind="heading",
                              level=len(atx.group(2)), ignore=ignore))
            continue
        item = _LIST_RE.match(text)
        if item:
            line = Line(inline_pieces(text[item.end():].rstrip().rstrip("\\"), number, item.end() + 1),
                        kind="bullet", indent=len(item.group(1)), ignore=ignore)
            lines.append(line)
            split_item = None
            if _HARD_BREAK_RE.search(text) and is_dated_header(line.text.strip()):
                # "- [2019 - 2023] — **PhD in Statistics**  " over "  University of Northmere": the
                # author broke the item into header lines; each is a line of its own, not one bullet.
                split_item = len(item.group(1))
                lines.append(Line([], kind="blank"))
            continue
        indent = len(text) - len(text.lstrip())
        body = text.strip()
        if not _SETEXT_RE.match(next_text) and is_plain_heading(text, raw[number - 2] if number >= 2 else "", next_text):
            # a resume written as plain text in a .md file: "WORK EXPERIENCE" on a line of its own
            lines.append(Line(inline_pieces(body, number, indent + 1), kind="heading", ignore=ignore))
            continue
        if body.startswith(">"):
            body = body.lstrip("> ")
        line = Line(inline_pieces(body.rstrip("\\"), number, text.index(body[:1]) + 1 if body else 1),
                    indent=indent, ignore=ignore)
        lines.append(line)
        if split_item is not None and indent > split_item:
            if is_header_like(line.text):
                lines.append(Line([], kind="blank"))  # one more header line ("University of Northmere")
                continue
            # the item's description, after its header lines: the bullet the rest of the item joins
            line.kind, line.indent = "bullet", split_item
        split_item = None
    return lines


def _table_row(text: str, number: int) -> list[Piece]:
    """A pipe-table row as one line: its non-empty cells joined by " | ", each cell anchored."""
    pieces: list[Piece] = []
    bounds = [-1] + [m.start() for m in _CELL_SPLIT_RE.finditer(text)] + [len(text)]
    for left, right in zip(bounds, bounds[1:]):
        cell = text[left + 1:right]
        body = cell.strip()
        if not body:
            continue
        column = left + 1 + cell.index(body) + 1
        if pieces:
            pieces.extend(separator_pieces(" | ", number, column))
        pieces.extend(inline_pieces(body, number, column))
    return pieces


def parse_markdown(path: Path, data: bytes) -> Document:
    return build_document(str(path), "markdown", markdown_lines(decode(data, str(path))))
