"""pdfminer.six as a glyph source: its pure-Python page interpreter with a slim glyph device.

The fallback engine (and `--pdf-engine pdfminer`): slower than PDFium, but it reads fonts exactly as
pdfminer always has, and its exceptions give precise reasons for encrypted and damaged files.
"""

from __future__ import annotations

import io
import logging
import re
from functools import cache

from retitle.errors import InputError
from retitle.parse.pdf.glyphs import Glyph, SourcePage, is_bold, is_mark

_CID_RE = re.compile(r"^\(cid:\d+\)$")


def read_pages(path: str, data: bytes, password: str, max_pages: int) -> list[SourcePage]:
    """Run pdfminer's interpreter page by page with the glyph device; turn its exceptions into one-line reasons."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSEOF, PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's business
    truncated = b"%%EOF" not in data[-2048:]
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password=password)
        page_list = list(PDFPage.create_pages(document))
        if len(page_list) > max_pages:
            raise InputError(path, f"too many pages ({len(page_list)} > {max_pages} limit; raise it with --max-pages)")
        if not page_list:
            raise InputError(path, "damaged PDF: no pages found" + (" (file is truncated)" if truncated else ""))
        manager = PDFResourceManager()
        device = _glyph_device_class()(manager)
        interpreter = PDFPageInterpreter(manager, device)
        pages = []
        for number, page in enumerate(page_list, start=1):
            interpreter.process_page(page)
            pages.append(_source_page(number, device.get_result()))
        return pages
    except PDFPasswordIncorrect:
        if password:
            raise InputError(path, "encrypted PDF: the password given is wrong") from None
        raise InputError(path, "encrypted PDF: it needs a password to open (give it with --password)") from None
    except PDFEncryptionError as exc:
        raise InputError(path, f"encrypted PDF: {_reason(exc) or 'unsupported encryption'}") from None
    except PSEOF:
        raise InputError(path, "damaged PDF: unexpected end of file (truncated?)") from None
    except PSException as exc:
        detail = _reason(exc) or type(exc).__name__
        raise InputError(path, f"damaged PDF: {detail}" + (" (file is truncated)" if truncated else "")) from None


def _reason(exc: BaseException) -> str:
    """pdfminer messages can be long reprs; keep one short line."""
    text = " ".join(str(exc).split())
    return text[:120]


@cache
def _glyph_device_class():
    """A pdfminer page aggregator that records each glyph as a slim `Glyph` rather than pdfminer's
    LTChar, and runs no layout analysis (`layout.page_text` groups the glyphs): pdfminer's line and
    box grouping, its LTChars and the walk over them cost ~25 ms of a PDF's ~180 ms parse. Drawn
    shapes and figures stay pdfminer's."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined

    class GlyphDevice(PDFPageAggregator):
        def __init__(self, manager) -> None:
            super().__init__(manager, laparams=None)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
            """Place the glyph's box (the font's em square from its descent, one advance wide) on the
            page: the same box, in the same floating-point steps, as pdfminer's LTChar."""
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            advance = font.char_width(cid) * fontsize * scaling
            vertical = font.is_vertical()
            if vertical:  # CJK vertical writing: the box hangs from the glyph's origin
                vx, vy = font.char_disp(cid)
                vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
                vy = (1000 - vy) * fontsize * 0.001
                left, bottom, right, top = -vx, vy + rise + advance, -vx + fontsize, vy + rise
            else:
                descent = font.get_descent() * fontsize
                left, bottom, right, top = 0, descent + rise, advance, descent + rise + fontsize
            a, b, c, d, e, f = matrix
            xs = (a * left + c * bottom + e, a * right + c * bottom + e, a * right + c * top + e, a * left + c * top + e)
            ys = (b * left + d * bottom + f, b * right + d * bottom + f, b * right + d * top + f, b * left + d * top + f)
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
            name = font.fontname or ""
            self.cur_item.add(Glyph(text, x0, y0, x1, y1, round(x1 - x0 if vertical else y1 - y0, 1), name,
                                    is_bold(name)))
            return advance

    return GlyphDevice


def _source_page(number: int, layout) -> SourcePage:
    """The page's glyph runs (its own, then each figure's) and small drawn shapes that may be bullets."""
    from pdfminer.layout import LTCurve

    page = SourcePage(number, layout.height)

    def read(container) -> list[list[Glyph]]:
        """The container's own glyphs, then those of the figures inside it; marks in drawing order."""
        own: list[Glyph] = []
        nested: list[list[Glyph]] = []
        for item in container:
            if type(item) is Glyph:
                text = item.text
                if text.startswith("(cid:") and _CID_RE.match(text):
                    page.unmapped += 1
                    page.glyphs += 1
                    continue
                if not text.isspace():
                    page.glyphs += 1
                own.append(item)
            elif isinstance(item, LTCurve):  # LTRect and LTLine are curves too
                if is_mark(*item.bbox):
                    page.marks.append(item.bbox)
            elif hasattr(item, "__iter__"):  # a figure (form XObject)
                nested.extend(read(item))
        return [own, *nested]

    page.runs = read(layout)
    return page
