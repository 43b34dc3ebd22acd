"""PDFium (the pypdfium2 wheel's library) as a glyph source, read through its C API with ctypes.

About 3× faster than pdfminer's interpreter and more forgiving of damaged files. It runs inside
the helper process of `isolation` (native code can crash). PDFium's text page differs from
pdfminer's glyphs, and this module evens that out:

- boxes: PDFium's character boxes are the ink's (or looser); pdfminer's — which the layout code's
  spacing and line rules are tuned on — start at the glyph's origin, are one advance wide and one em
  high from the font's descent. Those are rebuilt from the origin, the advance width and the
  descent, per text object's font, size and matrix (fetched once per text object, and the advance
  once per font and character);
- characters PDFium makes up: its generated spaces (zero-size boxes) and line breaks are dropped
  (the layout code spaces by gaps), a line-end hyphen it returns as U+0002 is a hyphen again, and
  characters of a font with no Unicode map (pdfminer's "(cid:N)") are counted as unmapped;
- glyphs PDFium reads differently from pdfminer: a symbol-font glyph with no Unicode map that
  starts several lines at the same x is a list bullet and becomes "•" (pdfminer guesses a character
  from the font's encoding; PDFium only flags it); a punctuation glyph (a hyphen the font maps to
  U+00AD) or one with no advance is as wide as its ink, so no stray space follows it; a spacing
  accent drawn over a letter (TeX's "\\'e") is merged into that letter ("é") rather than left as a
  glyph of its own, which PDFium may hand over out of order and so on a line of its own;
- ligatures: PDFium splits "ﬁ" into "f" and "i" sharing one origin; they become one glyph again
  (and so does an ActualText replacement, which PDFium also draws from one origin: `_fit_spans`);
- page size: `FPDF_GetPageBoundingBox`, which honours a MediaBox inherited from the page tree.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import math
import os
import unicodedata
from ctypes import POINTER, byref, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_void_p

from retitle.parse.pdf.glyphs import Glyph, SourcePage, is_bold, is_mark

_SAME_ORIGIN = 0.01  # pt: two characters drawn from one origin are pieces of one glyph (a ligature)
_MAX_LIGATURE = 3  # more pieces from one origin than "ffi" are an ActualText replacement
_UPRIGHT = 1e-6  # text matrix skew below this is upright text
_GENERATED_BREAKS = {"\r", "\n"}
_LINE_END_HYPHENS = {"\x02", "\ufffe", "\xad"}  # PDFium marks a hyphen that ends a line
_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY = 4, 5
_FPDF_PAGEOBJ_PATH, _FPDF_PAGEOBJ_FORM = 2, 5
_BULLET = "\u2022"
_MIN_BULLET_LINES = 2  # an unmapped glyph starting this many lines at one x is a list bullet
_SAME_LINE_EM = 0.5  # origins further apart than this (in font sizes) vertically are on different lines
# Spacing accents (and combining marks) drawn over a letter, as the combining mark they stand for.
_ACCENTS = {"\u00b4": "\u0301", "\u00a8": "\u0308", "\u00af": "\u0304", "\u00b8": "\u0327",
            "\u02c6": "\u0302", "\u02c7": "\u030c", "\u02d8": "\u0306", "\u02d9": "\u0307",
            "\u02da": "\u030a", "\u02dc": "\u0303", "\u02dd": "\u030b", "\u02ca": "\u0301",
            "\u02cb": "\u0300", **{chr(c): chr(c) for c in range(0x300, 0x370)}}
_ACCENT_RISE_EM = 0.6  # an accent's origin sits at most this far above (or below) its letter's
_MAX_ACCENT_REACH = 50.0  # pt: an accent in a larger font than ~80 pt is left alone (bounds the search)


class PdfiumError(Exception):
    """PDFium could not open or read the file. `kind` is password, security, pages or damaged."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail


def available() -> bool:
    """Whether the pypdfium2 wheel (its bundled library) is installed."""
    return importlib.util.find_spec("pypdfium2_raw") is not None


class _FS_RECTF(ctypes.Structure):
    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


class _FS_MATRIX(ctypes.Structure):
    _fields_ = [(name, c_float) for name in "abcdef"]


_lib = None


def _library():
    """Load the bundled libpdfium once per process with prototypes for the calls used here. The
    handles are plain addresses (`c_void_p`): pypdfium2's generated bindings take ~60 ms to import
    and wrap every handle in a pointer object, both per call."""
    global _lib
    if _lib is not None:
        return _lib
    folder = importlib.util.find_spec("pypdfium2_raw").submodule_search_locations[0]
    names = [n for n in glob.glob(os.path.join(folder, "*pdfium*")) if n.endswith((".so", ".dylib", ".dll"))]
    lib = ctypes.CDLL(names[0])
    P = c_void_p
    for name, res, args in [
        ("FPDF_InitLibrary", None, []),
        ("FPDF_LoadMemDocument64", P, [P, c_size_t, c_char_p]),
        ("FPDF_GetLastError", c_ulong, []),
        ("FPDF_CloseDocument", None, [P]),
        ("FPDF_GetPageCount", c_int, [P]),
        ("FPDF_DocumentHasValidCrossReferenceTable", c_int, [P]),
        ("FPDF_LoadPage", P, [P, c_int]),
        ("FPDF_ClosePage", None, [P]),
        ("FPDF_GetPageBoundingBox", c_int, [P, POINTER(_FS_RECTF)]),
        ("FPDFText_LoadPage", P, [P]),
        ("FPDFText_ClosePage", None, [P]),
        ("FPDFText_CountChars", c_int, [P]),
        ("FPDFText_GetText", c_int, [P, c_int, c_int, P]),
        ("FPDFText_GetUnicode", c_uint, [P, c_int]),
        ("FPDFText_IsGenerated", c_int, [P, c_int]),
        ("FPDFText_HasUnicodeMapError", c_int, [P, c_int]),
        ("FPDFText_GetCharOrigin", c_int, [P, c_int, POINTER(c_double), POINTER(c_double)]),
        ("FPDFText_GetCharBox", c_int, [P, c_int] + [POINTER(c_double)] * 4),
        ("FPDFText_GetTextObject", P, [P, c_int]),
        ("FPDFText_GetFontSize", c_double, [P, c_int]),
        ("FPDFTextObj_GetFont", P, [P]),
        ("FPDFTextObj_GetFontSize", c_int, [P, POINTER(c_float)]),
        ("FPDFPageObj_GetMatrix", c_int, [P, POINTER(_FS_MATRIX)]),
        ("FPDFFont_GetBaseFontName", c_size_t, [P, c_char_p, c_size_t]),
        ("FPDFFont_GetDescent", c_int, [P, c_float, POINTER(c_float)]),
        ("FPDFFont_GetGlyphWidth", c_int, [P, c_uint, c_float, POINTER(c_float)]),
        ("FPDFPage_CountObjects", c_int, [P]),
        ("FPDFPage_GetObject", P, [P, c_int]),
        ("FPDFPageObj_GetType", c_int, [P]),
        ("FPDFPageObj_GetBounds", c_int, [P] + [POINTER(c_float)] * 4),
        ("FPDFFormObj_CountObjects", c_int, [P]),
        ("FPDFFormObj_GetObject", P, [P, c_ulong]),
    ]:
        function = getattr(lib, name)
        function.restype, function.argtypes = res, args
    lib.FPDF_InitLibrary()
    _lib = lib
    return lib


_per_char = None


def _per_char_calls():
    """GetCharOrigin, GetTextObject, HasUnicodeMapError and IsGenerated without argument
    prototypes, for the loop that calls them for every character: converting the arguments is
    most of a prototyped call's cost (the text page is passed as a `c_void_p`, the index as the
    C int ctypes makes of a Python int)."""
    global _per_char
    if _per_char is None:
        lib = _library()
        calls = [lib[name] for name in ("FPDFText_GetCharOrigin", "FPDFText_GetTextObject",
                                        "FPDFText_HasUnicodeMapError", "FPDFText_IsGenerated")]
        calls[1].restype = c_void_p
        _per_char = tuple(calls)
    return _per_char


def read_pages(data: bytes, password: str, max_pages: int) -> tuple[list[SourcePage], bool]:
    """Every page's glyphs and marks, and whether PDFium had to rebuild the file's cross-reference
    table (a damaged file). Raises `PdfiumError`."""
    lib = _library()
    buffer = ctypes.create_string_buffer(data, len(data))  # PDFium reads from it while the document is open
    document = lib.FPDF_LoadMemDocument64(buffer, len(data), password.encode() if password else None)
    if not document:
        error = lib.FPDF_GetLastError()
        if error == _FPDF_ERR_PASSWORD:
            raise PdfiumError("password")
        raise PdfiumError("security" if error == _FPDF_ERR_SECURITY else "damaged", f"PDFium error {error}")
    try:
        count = lib.FPDF_GetPageCount(document)
        if count > max_pages:
            raise PdfiumError("pages", str(count))
        if count <= 0:
            raise PdfiumError("damaged", "no pages found")
        repaired = not lib.FPDF_DocumentHasValidCrossReferenceTable(document)
        pages = []
        for index in range(count):
            page = lib.FPDF_LoadPage(document, index)
            if not page:
                raise PdfiumError("damaged", f"page {index + 1} cannot be loaded")
            try:
                pages.append(_page(lib, page, index + 1))
            finally:
                lib.FPDF_ClosePage(page)
        return pages, repaired
    finally:
        lib.FPDF_CloseDocument(document)
        del buffer


def _page(lib, page: int, number: int) -> SourcePage:
    box = _FS_RECTF()
    if not lib.FPDF_GetPageBoundingBox(page, byref(box)):
        raise PdfiumError("damaged", f"page {number} has no page box")
    left, bottom = box.left, min(box.bottom, box.top)
    glyphs, counted, unmapped = _glyphs(lib, page, left, bottom)
    marks: list[tuple[float, float, float, float]] = []
    _marks(lib, [lib.FPDFPage_GetObject(page, i) for i in range(lib.FPDFPage_CountObjects(page))], left, bottom, marks)
    return SourcePage(number, abs(box.top - box.bottom), [glyphs], marks, counted, unmapped)


def _glyphs(lib, page: int, left: float, bottom: float) -> tuple[list[Glyph], int, int]:
    """The page's characters in PDFium's order as glyphs, with the counts of glyphs and of
    unmapped ones. Per character: its origin and text object (two calls); per text object: font,
    size, matrix, descent and name; per font and character: the advance."""
    text_page = lib.FPDFText_LoadPage(page)
    if not text_page:
        return [], 0, 0
    try:
        total = lib.FPDFText_CountChars(text_page)
        if total <= 0:
            return [], 0, 0
        units = (ctypes.c_uint16 * (total + 1))()
        written = lib.FPDFText_GetText(text_page, 0, total, units)
        if written - 1 == total:  # one UTF-16 unit per character: no character outside the BMP
            chars = [chr(u) for u in units[:total]]
        else:
            chars = [chr(lib.FPDFText_GetUnicode(text_page, i)) for i in range(total)]
        x, y = c_double(), c_double()
        px, py = byref(x), byref(y)
        page_handle = c_void_p(text_page)
        get_origin, get_object, unmapped_at, generated = _per_char_calls()
        objects: dict[int, tuple] = {}  # per text object: `_object_info` and what its glyphs share
        widths: dict[int, dict[str, float]] = {}  # per font and character: the advance, per 1000 of size
        fonts: dict[tuple[int, float], tuple] = {}  # per font and size: `_font_info`
        out: list[Glyph] = []
        spans: set[int] = set()  # glyphs that hold an ActualText replacement
        marks: list[tuple] = []  # unmapped glyphs that start a line: (position in out, key, glyph)
        accents: list[tuple] = []  # (glyph, ink centre x) of accents to merge into a letter
        counted = unmapped = 0
        last_object = last_x = last_y = None
        line_y = None  # origin y of the last glyph kept or dropped
        current = None  # the text object whose shared values are unpacked below (runs of characters share one)
        for i, ch in enumerate(chars):
            space = ch.isspace()
            if space and (ch in _GENERATED_BREAKS or generated(page_handle, i)):
                continue
            handle = get_object(page_handle, i)
            if not space and unmapped_at(page_handle, i):
                unmapped += 1
                counted += 1
                if handle:
                    info = (objects.get(handle) or _object(lib, objects, widths, fonts, handle))[0]
                    get_origin(page_handle, i, px, py)
                    starts = line_y is None or abs(y.value - line_y) > _SAME_LINE_EM * info[1] * info[3]
                    line_y = y.value
                    if starts and info[4] and _mapped_next(chars, i, unmapped_at, page_handle):
                        marks.append((len(out), (info[6], ch, round(x.value)), _ink_glyph(lib, text_page, i, x.value, y.value, left, bottom, info)))
                continue
            if not handle:
                continue
            if handle != current:
                shared = objects.get(handle) or _object(lib, objects, widths, fonts, handle)
                _, font_widths, font, upright, font_size, scale_x, descent, em, size, name, bold = shared
                current = handle
            get_origin(page_handle, i, px, py)
            ox, oy = x.value, y.value
            line_y = oy
            if ch in _LINE_END_HYPHENS:
                ch = "-"
            advance = 0.0
            if upright:
                units_wide = font_widths.get(ch)
                if units_wide is None:
                    units_wide = font_widths[ch] = _advance(lib, font, ch)
                advance = units_wide * font_size / 1000
            if handle == last_object and abs(ox - last_x) < _SAME_ORIGIN and abs(oy - last_y) < _SAME_ORIGIN and out:
                # A ligature's next piece: one glyph (already counted), as wide as its pieces together.
                glyph = out[-1]
                glyph.text += ch
                if upright:
                    glyph.x1 += advance * scale_x
                if len(glyph.text) > _MAX_LIGATURE:
                    spans.add(len(out) - 1)
                continue
            last_object, last_x, last_y = handle, ox, oy
            if not space:
                counted += 1
            if upright:
                if (advance <= 0 or not (space or ch.isalnum())) and scale_x:
                    # No advance, or punctuation whose looked-up advance may be another glyph's
                    # (a hyphen the font codes as U+00AD): at least as wide as its ink.
                    advance = max(advance, (_ink_right(lib, text_page, i) - ox) / scale_x)
                x0 = ox - left
                y0 = oy - bottom + descent
                out.append(Glyph(ch, x0, y0, x0 + advance * scale_x, y0 + em, size, name, bold))
                if ch in _ACCENTS:
                    accents.append((out[-1], _ink_right(lib, text_page, i, centre=True) - left))
            else:  # rotated or skewed text: PDFium's own box
                l, r, b, t = c_double(), c_double(), c_double(), c_double()
                lib.FPDFText_GetCharBox(text_page, i, byref(l), byref(r), byref(b), byref(t))
                char_size = lib.FPDFText_GetFontSize(text_page, i)
                out.append(Glyph(ch, l.value - left, b.value - bottom, r.value - left, t.value - bottom,
                                 round(max(t.value - b.value, 0.0), 1) or round(char_size, 1), name, bold))
        _fit_spans(out, spans)
        unmapped -= _bullets(out, marks)
        _merge_accents(out, accents)
        # A hostile file can place text at infinity or NaN; the layout's arithmetic needs finite boxes.
        finite = math.isfinite
        return [g for g in out if finite(g.x0) and finite(g.y0) and finite(g.x1) and finite(g.y1) and finite(g.size)], \
            counted, unmapped
    finally:
        lib.FPDFText_ClosePage(text_page)


def _fit_spans(out: list[Glyph], spans: set[int]) -> None:
    """PDFium squeezes an ActualText replacement (a LaTeX icon and the link text after it, as
    "tel:+44 20…") into the first glyph's box, in that glyph's (icon) font size. Stretch it to the
    next glyph on its baseline and give it that glyph's size, so the row reads as the text it is."""
    for index in sorted(spans):
        glyph = out[index]
        following = out[index + 1] if index + 1 < len(out) else None
        if following is not None and abs(following.y0 - glyph.y0) < glyph.size and following.x0 > glyph.x0:
            glyph.x1 = max(glyph.x0, following.x0 - 0.25 * following.size)
            glyph.size = following.size
            glyph.y1 = glyph.y0 + following.y1 - following.y0


def _object(lib, objects: dict[int, tuple], widths: dict[int, dict[str, float]], fonts: dict, handle: int) -> tuple:
    """A text object's `_object_info` and what every glyph of it shares, computed once: its font's
    advances (by character), font, uprightness, font size, horizontal scale, descent below the
    baseline, em height, rounded size, name and boldness."""
    info = _object_info(lib, handle, fonts)
    font, size, scale_x, scale_y, upright, descent, name, bold = info
    em = size * scale_y
    shared = objects[handle] = (info, widths.setdefault(font, {}), font, upright, size, scale_x, descent * scale_y,
                                em, round(em, 1), name, bold)
    return shared


def _object_info(lib, handle: int, fonts: dict[tuple[int, float], tuple[float, str, bool]]) -> tuple:
    """A text object's font handle, font size, horizontal and vertical scale, whether it is upright,
    the font's descent (per unit of size), base name and boldness. `fonts` holds the descent, name
    and boldness per font and size: a page's objects share a few fonts."""
    font = lib.FPDFTextObj_GetFont(handle)
    size = c_float()
    lib.FPDFTextObj_GetFontSize(handle, byref(size))
    matrix = _FS_MATRIX()
    lib.FPDFPageObj_GetMatrix(handle, byref(matrix))
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    upright = abs(b) < _UPRIGHT and abs(c) < _UPRIGHT and a > 0 and d > 0
    key = (font or 0, size.value)
    known = fonts.get(key)
    if known is None:
        known = fonts[key] = _font_info(lib, font, size.value)
    return (font or 0, size.value, a, d, upright, *known)


def _font_info(lib, font: int | None, size: float) -> tuple[float, str, bool]:
    """A font's descent at a size, its base name (without a subset prefix) and boldness."""
    descent = c_float()
    if not font or not lib.FPDFFont_GetDescent(font, size, byref(descent)):
        descent.value = 0.0
    name = ""
    if font:
        length = lib.FPDFFont_GetBaseFontName(font, None, 0)
        if length > 0:
            raw = ctypes.create_string_buffer(length)
            lib.FPDFFont_GetBaseFontName(font, raw, length)
            name = raw.value.decode("latin-1")
    name = name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name  # subset prefix ABCDEF+
    return descent.value, name, is_bold(name)


def _advance(lib, font: int, ch: str) -> float:
    """The character's advance width in thousandths of the font size (0 when the font cannot say)."""
    width = c_float()
    if not font or len(ch) != 1 or ord(ch) > 0xFFFF or not lib.FPDFFont_GetGlyphWidth(font, ord(ch), 1000.0, byref(width)):
        return 0.0
    return width.value


def _ink_right(lib, text_page: int, index: int, centre: bool = False) -> float:
    """The right edge (or the centre) of a character's ink box; -inf when PDFium has none."""
    l, r, b, t = c_double(), c_double(), c_double(), c_double()
    if not lib.FPDFText_GetCharBox(text_page, index, byref(l), byref(r), byref(b), byref(t)):
        return -math.inf
    return (l.value + r.value) / 2 if centre else r.value


def _mapped_next(chars: list[str], index: int, unmapped_at, text_page: int) -> bool:
    """Whether the next character that is not a space has a Unicode map (a lone unmapped glyph,
    not a word of a font without a map)."""
    for j in range(index + 1, len(chars)):
        if not chars[j].isspace():
            return not unmapped_at(text_page, j)
    return False


def _ink_glyph(lib, text_page: int, index: int, ox: float, oy: float, left: float, bottom: float,
               info: tuple) -> Glyph:
    """A bullet glyph in place of an unmapped one: its ink's width from its origin, an em high."""
    _, size, scale_x, scale_y, _, descent, name, bold = info
    x0, y0, em = ox - left, oy - bottom + descent * scale_y, size * scale_y
    right = _ink_right(lib, text_page, index) - left
    return Glyph(_BULLET, x0, y0, max(right, x0 + 0.3 * em), y0 + em, round(em, 1), name, bold)


def _bullets(out: list[Glyph], marks: list[tuple]) -> int:
    """Put back as "•" the unmapped glyphs that start several lines, one glyph of one font at one x
    (a list's bullets; the icons of a contact line differ), and say how many were put back."""
    counts: dict[tuple, int] = {}
    for _, key, _ in marks:
        counts[key] = counts.get(key, 0) + 1
    chosen = [(position, glyph) for position, key, glyph in marks if counts[key] >= _MIN_BULLET_LINES]
    for position, glyph in reversed(chosen):
        out.insert(position, glyph)
    return len(chosen)


def _merge_accents(out: list[Glyph], accents: list[tuple]) -> None:
    """Fold each accent drawn over a letter into that letter (NFC: "e" + "´" is "é") and drop the
    accent's own glyph; an accent over no letter stays as it is."""
    if not accents:
        return
    letters: dict[int, list[Glyph]] = {}  # by baseline, to the point: each accent looks at a few rows only
    for glyph in out:
        if glyph.text[-1:].isalpha():
            letters.setdefault(round(glyph.y0), []).append(glyph)
    drop: set[int] = set()
    for accent, centre in accents:
        reach = _ACCENT_RISE_EM * accent.size
        text = accent.text
        if text not in _ACCENTS:  # drawn from its letter's origin, so already one glyph with it ("¨a")
            if len(text) == 2 and text[0] in _ACCENTS and text[1].isalpha():
                accent.text = unicodedata.normalize("NFC", text[1] + _ACCENTS[text[0]])
            continue
        if not math.isfinite(centre) or reach > _MAX_ACCENT_REACH:
            continue
        rows = range(round(accent.y0 - reach), round(accent.y0 + reach) + 1)
        match = next((g for y in rows for g in letters.get(y, ()) if g is not accent and g.x0 <= centre <= g.x1
                      and abs(accent.y0 - g.y0) <= reach), None)
        if match is not None:
            match.text = unicodedata.normalize("NFC", match.text + _ACCENTS[text])
            drop.add(id(accent))
    if drop:
        out[:] = [g for g in out if id(g) not in drop]


def _marks(lib, objects: list[int], left: float, bottom: float, out: list) -> None:
    """Small drawn paths (possible bullets), through form XObjects too, in drawing order."""
    l, b, r, t = c_float(), c_float(), c_float(), c_float()
    for obj in objects:
        if not obj:
            continue
        kind = lib.FPDFPageObj_GetType(obj)
        if kind == _FPDF_PAGEOBJ_PATH:
            if lib.FPDFPageObj_GetBounds(obj, byref(l), byref(b), byref(r), byref(t)):
                bbox = (l.value - left, b.value - bottom, r.value - left, t.value - bottom)
                if all(map(math.isfinite, bbox)) and is_mark(*bbox):
                    out.append(bbox)
        elif kind == _FPDF_PAGEOBJ_FORM:
            _marks(lib, [lib.FPDFFormObj_GetObject(obj, i) for i in range(lib.FPDFFormObj_CountObjects(obj))],
                   left, bottom, out)
