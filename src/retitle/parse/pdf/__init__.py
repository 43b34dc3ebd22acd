"""PDF resumes: a glyph engine finds the characters, `layout` decides the reading order.

Two engines feed the same layout code with the same glyph record (`glyphs.Glyph`):

- `pdfium` (`pdfium_source`, the pypdfium2 wheel's PDFium): ~3× faster, repairs damaged files;
  it runs in a helper process (`isolation`) because native code can crash;
- `pdfminer` (`pdfminer_source`, pdfminer.six): pure Python, the fallback.

`auto` (the default; `--pdf-engine`, RETITLE_PDF_ENGINE) uses PDFium when it is installed and
reads the file, and pdfminer when PDFium is missing, cannot open the file, finds no text in it or
crashes on it.
"""

from __future__ import annotations

import os
from pathlib import Path

from retitle.errors import InputError
from retitle.model import Document
from retitle.parse import DEFAULT_MAX_PAGES
from retitle.parse.pdf import layout

ENGINES = ("auto", "pdfium", "pdfminer")
ENGINE_ENV = "RETITLE_PDF_ENGINE"
NO_TEXT_LAYER = layout.NO_TEXT_LAYER
REPAIRED = ("damaged PDF: its cross-reference table is broken and PDFium rebuilt it to read the text "
            "— check that nothing is missing")


def resolve_engine(engine: str | None) -> str:
    """The engine asked for: the argument, else RETITLE_PDF_ENGINE, else auto."""
    value = (engine or os.environ.get(ENGINE_ENV, "") or "auto").strip().lower()
    if value not in ENGINES:
        raise ValueError(f"unknown PDF engine '{value}' (choose {', '.join(ENGINES)})")
    return value


def parse_pdf(path: Path, data: bytes, *, password: str = "", max_pages: int = DEFAULT_MAX_PAGES,
              engine: str | None = None) -> Document:
    """Parse a PDF resume into blocks with page + box anchors, with the engine asked for."""
    from retitle.parse.pdf import pdfium_source

    name = str(path)
    choice = resolve_engine(engine)
    if choice == "pdfminer" or (choice == "auto" and not pdfium_source.available()):
        return _with_pdfminer(name, data, password, max_pages)
    if not pdfium_source.available():
        raise InputError(name, "the PDFium engine is not installed (pip install pypdfium2) — "
                               "or choose --pdf-engine pdfminer")
    from retitle.parse.pdf import isolation

    try:
        doc, repaired = isolation.read_document(name, data, password, max_pages)
    except pdfium_source.PdfiumError as exc:
        if exc.kind == "password":
            if password:
                raise InputError(name, "encrypted PDF: the password given is wrong") from None
            raise InputError(name, "encrypted PDF: it needs a password to open (give it with --password)") from None
        if exc.kind == "pages":
            raise InputError(name, f"too many pages ({exc.detail} > {max_pages} limit; "
                                   "raise it with --max-pages)") from None
        if choice == "auto":  # pdfminer may still read it, and says precisely why when it cannot
            return _with_pdfminer(name, data, password, max_pages)
        if exc.kind == "security":
            raise InputError(name, "encrypted PDF: unsupported encryption") from None
        raise InputError(name, f"damaged PDF: PDFium cannot read it ({exc.detail})") from None
    except isolation.HelperCrashed as exc:
        if choice == "pdfium":
            raise InputError(name, exc.reason) from None
        doc = _with_pdfminer(name, data, password, max_pages)
        doc.warnings.insert(0, f"{exc.reason}; read with pdfminer instead")
        return doc
    if doc is None:  # PDFium found no text
        if choice == "auto":
            return _with_pdfminer(name, data, password, max_pages)  # pdfminer's turn
        raise InputError(name, NO_TEXT_LAYER)
    if repaired:
        doc.warnings.insert(0, REPAIRED)
    return doc


def _with_pdfminer(name: str, data: bytes, password: str, max_pages: int) -> Document:
    from retitle.parse.pdf import pdfminer_source

    return layout.build(name, pdfminer_source.read_pages(name, data, password, max_pages))
