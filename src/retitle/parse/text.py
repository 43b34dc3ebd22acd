"""Plain-text resumes: any common encoding, headings by vocabulary, capitals or underlines."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from retitle.errors import InputError
from retitle.model import Document
from retitle.parse.common import MAX_HEADING_CHARS, section_for_heading, split_bullet
from retitle.parse.lines import Line, Piece, build_document, source_lines

_UNDERLINE_RE = re.compile(r"^\s*([=\-~_*])\1{2,}\s*$")


def decode(data: bytes, path: str) -> str:
    """Decode by BOM, then UTF-8, then Latin-1 (which never fails, so check for binary first)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not valid {encoding.upper()} text ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise InputError(path, "binary data, not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def is_plain_heading(text: str, prev_text: str, next_text: str) -> bool:
    """Underlined, or a known section name standing apart, or a short line in capitals."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS or stripped.endswith((".", ",", ";")):
        return False
    if _UNDERLINE_RE.match(next_text):
        return True
    if section_for_heading(stripped) and (not prev_text.strip() or not next_text.strip()):
        return True
    if re.search(r"[,|@/]", stripped):
        return False  # "PYTHON, SQL, AWS" is a list, not a heading
    letters = [c for c in stripped if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(stripped.split()) <= 5 \
        and not re.search(r"\d", stripped)


def text_lines(source: str) -> list[Line]:
    raw = source_lines(source)
    lines: list[Line] = []
    for number, text in enumerate(raw, start=1):
        if _UNDERLINE_RE.match(text) and lines and lines[-1].kind == "heading":
            continue
        if not text.strip():
            lines.append(Line([], kind="blank"))
            continue
        indent = len(text) - len(text.lstrip())
        next_text = raw[number] if number < len(raw) else ""
        prev_text = raw[number - 2] if number > 1 else ""
        bullet = split_bullet(text)
        if bullet is not None and not _UNDERLINE_RE.match(text):
            rest, offset = bullet
            lines.append(Line([Piece(rest.rstrip(), number, offset + 1)], kind="bullet", indent=indent))
        elif is_plain_heading(text, prev_text, next_text):
            lines.append(Line([Piece(text.strip(), number, indent + 1)], kind="heading"))
        else:
            lines.append(Line([Piece(text.strip(), number, indent + 1)], indent=indent))
    return lines


def parse_text(path: Path, data: bytes) -> Document:
    return build_document(str(path), "text", text_lines(decode(data, str(path))))
