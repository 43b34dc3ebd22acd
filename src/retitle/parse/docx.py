"""Word DOCX resumes: body, tables, nested tables, text boxes, lists and header/footer contact lines.

The walk over the XML (`iter_paragraphs`, `run_pieces`) is public because the
marked-up DOCX writer must find the very same paragraph and characters an
anchor points at; one walk for both keeps parse and write in step.

The zip is checked from its directory before anything is inflated (member count
and total uncompressed size), and any XML part that carries a DTD is refused:
OOXML never needs one, and a DTD is how "billion laughs" entity expansion works.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from retitle.errors import InputError
from retitle.model import Anchor, Document
from retitle.parse import DEFAULT_MAX_MEMBERS, DEFAULT_MAX_UNZIPPED
from retitle.parse.common import clean_text, section_for_heading, section_named, split_bullet
from retitle.parse.entries import ENTRY_SECTIONS, group_entries, heading_as_entry_line, is_dated_header, is_header_like
from retitle.parse.common import CONTACT_RE, MAX_HEADER_FOOTER_CONTACT_CHARS, MAX_HEADING_CHARS
from retitle.parse.head import mark_head
from retitle.parse.lines import classify_plain, clean_char


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Run content that is not displayed text of this paragraph.
_SKIP_ANCESTORS = {W + "txbxContent", MC + "Fallback", W + "del", W + "moveFrom"}
_TRANSPARENT = {W + "sdt", W + "sdtContent", W + "customXml"}
_RUN_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


# --- the walk ---------------------------------------------------------------

def block_items(container) -> list:
    """The paragraphs and tables of a body, cell, text box, header or footer, content controls unwrapped."""
    out = []
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            out.append(child)
        elif child.tag in _TRANSPARENT:
            out.extend(block_items(child))
    return out


def _cells(table) -> list[list]:
    rows = [r for r in table if r.tag == W + "tr"]
    return [[c for c in row if c.tag == W + "tc"] for row in rows]


def text_boxes(paragraph) -> list:
    """The text boxes anchored in a paragraph, each once: the mc:Fallback (VML) copy is skipped."""
    boxes = []
    for box in paragraph.iter(W + "txbxContent"):
        node = box.getparent()
        while node is not None and node is not paragraph:
            if node.tag in (MC + "Fallback", W + "txbxContent", W + "p"):
                break
            node = node.getparent()
        else:
            boxes.append(box)
    return boxes


def iter_paragraphs(container, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every paragraph in reading order with its anchor path (see `Anchor`).

    A table contributes its cells row by row; a paragraph is followed by the text
    boxes anchored in it.
    """
    for index, item in enumerate(block_items(container)):
        if item.tag == W + "tbl":
            for r, row in enumerate(_cells(item)):
                for c, cell in enumerate(row):
                    yield from iter_paragraphs(cell, path + (index, r, c))
            continue
        yield path + (index,), item
        for k, box in enumerate(text_boxes(item)):
            yield from iter_paragraphs(box, path + (index, "tx", k))


def paragraph_runs(paragraph) -> list:
    """The w:r elements whose text is this paragraph's own (not text boxes, deletions, fallbacks)."""
    runs = []
    for run in paragraph.iter(W + "r"):
        node = run.getparent()
        while node is not paragraph:
            if node.tag in _SKIP_ANCESTORS or node.tag == W + "p":
                break
            node = node.getparent()
        else:
            runs.append(run)
    return runs


def run_pieces(run) -> list[tuple[Any, str]]:
    """(child element, the characters it shows) for each child of a run, in order."""
    pieces = []
    for child in run:
        if child.tag == W + "t":
            pieces.append((child, child.text or ""))
        elif child.tag == W + "br":
            pieces.append((child, "" if child.get(W + "type") in ("page", "column") else "\n"))
        else:
            pieces.append((child, _RUN_CHARS.get(child.tag, "")))
    return pieces


def paragraph_text(paragraph) -> str:
    return "".join(text for run in paragraph_runs(paragraph) for _, text in run_pieces(run))


def docx_parts(document) -> list[tuple[str, str, Any]]:
    """(part kind, part name, root element): the headers, the body, then the footers."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    found: dict[str, tuple[str, Any]] = {}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        kind = "header" if rel.reltype == RT.HEADER else "footer"
        found[str(rel.target_part.partname)] = (kind, rel.target_part.element)
    ordered = sorted(found.items())
    return ([(kind, name, el) for name, (kind, el) in ordered if kind == "header"]
            + [("document", "", document.element.body)]
            + [(kind, name, el) for name, (kind, el) in ordered if kind == "footer"])


def anchor_paths(document) -> Iterator[tuple[str, list, Any]]:
    """(part, anchor path, w:p) for every paragraph of every part; header/footer paths start with the part name."""
    for kind, name, root in docx_parts(document):
        prefix = (name,) if name else ()
        for path, paragraph in iter_paragraphs(root, prefix):
            yield kind, list(path), paragraph


# --- safety checks ------------------------------------------------------------

def check_zip(path: str, data: bytes, max_unzipped: int, max_members: int) -> None:
    """Refuse zip bombs from the zip directory alone, and XML parts with a DTD, before python-docx reads them."""
    # zipfile and zlib raise many types on a crafted archive (BadZipFile, zlib.error, struct.error,
    # EOFError, ValueError …); every one of them means "damaged", and none may reach the user as a traceback.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        raise InputError(path, "not a readable zip container, so not a DOCX") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise InputError(path, f"DOCX zip has {len(infos)} members (limit {max_members}; raise it with --max-zip-members)")
        total = sum(info.file_size for info in infos)
        if total > max_unzipped:
            raise InputError(path, f"DOCX would unzip to {total / 1048576:.0f} MB (limit {max_unzipped / 1048576:.0f} MB; "
                                   "raise it with --max-unzipped) — refused as a possible zip bomb")
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise InputError(path, "a zip file without word/document.xml — not a DOCX")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                head = archive.read(info)
            except Exception as exc:
                raise InputError(path, f"damaged DOCX: cannot unzip {info.filename} ({exc})") from None
            if b"<!DOCTYPE" in head or "<!DOCTYPE".encode("utf-16-le") in head:
                raise InputError(path, f"{info.filename} declares a DTD/entities, which DOCX never uses — "
                                       "refused (possible entity-expansion attack)")


# --- blocks -------------------------------------------------------------------

@dataclass
class _Style:
    name: str
    outline: int | None
    is_list: bool
    bold: bool


def _style_table(document) -> dict[str, _Style]:
    """Paragraph styles by id, with outline level, list-ness and boldness inherited through w:basedOn."""
    elements = {el.get(W + "styleId"): el for el in document.styles.element.iter(W + "style")
                if el.get(W + "type") == "paragraph"}

    table: dict[str, _Style] = {}
    for style_id, element in elements.items():
        name_el = element.find(W + "name")
        name = name_el.get(W + "val", "") if name_el is not None else style_id
        outline, is_list, bold = None, False, None
        chain, seen = element, set()
        while chain is not None and chain.get(W + "styleId") not in seen:
            seen.add(chain.get(W + "styleId"))
            level = chain.find(f"{W}pPr/{W}outlineLvl")
            if outline is None and level is not None and level.get(W + "val", "").isdigit():
                outline = int(level.get(W + "val"))
            is_list = is_list or chain.find(f"{W}pPr/{W}numPr") is not None
            b = chain.find(f"{W}rPr/{W}b")
            if bold is None and b is not None:
                bold = b.get(W + "val", "true").lower() not in ("0", "false", "off")
            based = chain.find(W + "basedOn")
            chain = elements.get(based.get(W + "val")) if based is not None else None
        table[style_id] = _Style(name, outline, is_list or "list" in name.lower(), bool(bold))
    return table


def _heading_level(style: _Style | None, ppr) -> int | None:
    """Heading level from the style name (Title = 0, Heading N = N) or the outline level."""
    if ppr is not None:
        level = ppr.find(W + "outlineLvl")
        if level is not None and level.get(W + "val", "").isdigit() and int(level.get(W + "val")) < 9:
            return int(level.get(W + "val")) + 1
    if style is None:
        return None
    m = re.fullmatch(r"(?i)heading\s*(\d)", style.name)
    if m:
        return int(m.group(1))
    if style.name.lower() in ("title", "subtitle"):
        return 0
    return style.outline + 1 if style.outline is not None and style.outline < 9 else None


def _numbered(ppr, style: _Style | None) -> bool:
    """A list paragraph: numbering set directly or by its style; numId 0 is Word's "numbering removed"."""
    num = ppr.find(f"{W}numPr/{W}numId") if ppr is not None else None
    if num is not None:
        return num.get(W + "val") != "0"
    return bool(style and style.is_list)


def _all_bold(paragraph, style: _Style | None) -> bool:
    """True when every run with visible text is bold (directly or through the paragraph style)."""
    seen = False
    for run in paragraph_runs(paragraph):
        text = "".join(t for _, t in run_pieces(run))
        if not text.strip():
            continue
        seen = True
        bold = run.find(f"{W}rPr/{W}b")
        if bold is None:
            if not (style and style.bold):
                return False
        elif bold.get(W + "val", "true").lower() in ("0", "false", "off"):
            return False
    return seen


def _groups(text: str, header_lines: bool) -> list[tuple[int, int]]:
    """Split a paragraph at line breaks where the following line starts with a bullet glyph, and at
    every line break when it opens with a dated header line ("Northmere University  Jan 2020 – Present"
    over the role line): with `header_lines` (in an entry section), those are the lines of a header."""
    lines = text.split("\n")
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    head = 0  # how many lines, from the first, are the lines of a header
    if header_lines and len(lines) > 1 and is_dated_header(_plain_text(lines[0])):
        head = 1
        while head < len(lines) - 1 and is_header_like(_plain_text(lines[head])):
            head += 1
    cuts = [0] + [s for i, s in enumerate(starts[1:], 1) if i <= head or split_bullet(lines[i])]
    return [(cuts[i], cuts[i + 1] - 1 if i + 1 < len(cuts) else len(text)) for i in range(len(cuts))]


def _plain_text(line: str) -> str:
    return " ".join(clean_text(line).split())


class _DocxBuilder:
    def __init__(self, doc: Document, styles: dict[str, _Style]):
        self.doc = doc
        self.styles = styles
        self.section = "summary"
        self.seen_heading = False

    def paragraph(self, part: str, path: list, paragraph) -> None:
        raw = paragraph_text(paragraph)
        if not raw.strip():
            return
        ppr = paragraph.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style = self.styles.get(style_el.get(W + "val")) if style_el is not None else None
        is_list = _numbered(ppr, style)
        cleaned = "".join(" " if c == "\n" else clean_char(c) for c in raw)
        groups = _groups(raw, self.seen_heading and self.section in ENTRY_SECTIONS)
        for start, end in groups:
            chunk = cleaned[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            text, offset = chunk.strip(), start + lead
            if not text:
                continue
            glyph = split_bullet(text)
            if part != "document":
                self._header_line(part, path, text, offset)
                continue
            anchor = Anchor("docx", part=part, path=list(path), offset=offset)
            if glyph is not None:
                rest, skip = glyph
                self.doc.add("bullet", self.section, rest.rstrip(),
                             Anchor("docx", part=part, path=list(path), offset=offset + skip))
            elif is_list:
                self.doc.add("bullet", self.section, text, anchor)
            elif len(groups) == 1:
                self._plain(text, anchor, paragraph, style, ppr)
            else:
                self._plain(text, anchor, paragraph, None, None)

    def _plain(self, text: str, anchor: Anchor, paragraph, style: _Style | None, ppr) -> None:
        level = _heading_level(style, ppr)
        short = len(text) <= MAX_HEADING_CHARS and not text.endswith((".", ",", ";"))
        known = section_for_heading(text) if short else None
        letters = [c for c in text if c.isalpha()]
        caps_bold = (short and len(letters) >= 4 and all(c.isupper() for c in letters)
                     and len(text.split()) <= 5 and not re.search(r"\d", text) and _all_bold(paragraph, style))
        if level is not None and short or known or caps_bold:
            if known is None and not self.seen_heading and not self._body_blocks():
                self.doc.add("contact", "other", text, anchor)  # the name, set in Title style
                return
            as_line = heading_as_entry_line(text, self.section, self.seen_heading, level or 0, inferred=level is None)
            if as_line:
                self._add(as_line, text, anchor, {})
                return
            self.section = section_named(text) or "other"
            self.seen_heading = True
            self.doc.add("heading", self.section, text, anchor, level=level or 1)
            return
        kind, fields = classify_plain(text, self.section, self.seen_heading, self.doc)
        if kind == "paragraph" and self.seen_heading and self.section in ENTRY_SECTIONS and short \
                and _all_bold(paragraph, style):
            kind, fields = "entry", {}  # a bold job title or organisation line
        self._add(kind, text, anchor, fields)

    def _add(self, kind: str, text: str, anchor: Anchor, fields: dict) -> None:
        self.doc.add(kind, "other" if kind == "contact" else self.section, text, anchor, **fields)

    def _body_blocks(self) -> bool:
        return any(b.anchor.part == "document" for b in self.doc.blocks)

    def _header_line(self, part: str, path: list, text: str, offset: int) -> None:
        """Header/footer lines matter only as contact details (name, email, phone, links)."""
        name_like = part == "header" and len(text.split()) <= 4 and not re.search(r"\d", text) \
            and not any(b.kind == "contact" for b in self.doc.blocks)
        if CONTACT_RE.search(text) and len(text) < MAX_HEADER_FOOTER_CONTACT_CHARS or name_like:
            self.doc.add("contact", "other", text, Anchor("docx", part=part, path=list(path), offset=offset))


def load_docx(path: str, data: bytes, max_unzipped: int = DEFAULT_MAX_UNZIPPED,
              max_members: int = DEFAULT_MAX_MEMBERS):
    """python-docx Document after the safety checks; every failure is a one-line InputError."""
    check_zip(path, data, max_unzipped, max_members)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken packages; none may escape as a traceback
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError(path, f"damaged or unsupported DOCX ({reason})") from None
    from docx.oxml.ns import qn

    root = document.element
    if root.tag != qn("w:document") or root.find(qn("w:body")) is None:
        raise InputError(path, "damaged DOCX: word/document.xml has no document body")
    return document


def parse_docx(path: Path, data: bytes, max_unzipped: int = DEFAULT_MAX_UNZIPPED,
               max_members: int = DEFAULT_MAX_MEMBERS) -> Document:
    document = load_docx(str(path), data, max_unzipped, max_members)
    doc = Document(path=str(path), format="docx")
    builder = _DocxBuilder(doc, _style_table(document))
    for part, anchor_path, paragraph in anchor_paths(document):
        builder.paragraph(part, anchor_path, paragraph)
    group_entries(doc)
    mark_head(doc)
    return doc
