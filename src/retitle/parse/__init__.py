"""Parsers: one file in, one `Document` out. The format is sniffed from content, not only the name."""

from __future__ import annotations

import codecs
import importlib
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Callable

from retitle.errors import InputError
from retitle.model import Document

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNZIPPED = 100 * 1024 * 1024  # total uncompressed size of a DOCX zip
DEFAULT_MAX_MEMBERS = 1000  # members of a DOCX zip
DEFAULT_MAX_PAGES = 50  # pages of a PDF; a resume rarely has more than a few
# No resume bullet or paragraph is this long; longer runs (a file with no line breaks) are cut so that
# analysis stays bounded and within spaCy's text-length limit.
MAX_BLOCK_CHARS = 100_000

# Extensions retitle reads, and what each means before content sniffing has its say.
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".json": "jsonresume",
}
_CONVERT_HINT = {
    ".doc": "legacy Word .doc is not supported — save it as .docx or PDF",
    ".pages": "Apple Pages files are not supported — export to .docx or PDF",
    ".odt": "OpenDocument .odt is not supported — save it as .docx or PDF",
    ".rtf": "RTF is not supported — save it as .docx or PDF",
}


# Each format's parser, imported only when that format is met, so `--help` stays instant.
_PARSERS = {
    "text": ("retitle.parse.text", "parse_text"),
    "markdown": ("retitle.parse.markdown", "parse_markdown"),
    "pdf": ("retitle.parse.pdf", "parse_pdf"),
    "docx": ("retitle.parse.docx", "parse_docx"),
    "latex": ("retitle.parse.latex", "parse_latex"),
    "jsonresume": ("retitle.parse.jsonresume", "parse_jsonresume"),
}


def _parser(fmt: str) -> Callable[[Path, bytes], Document]:
    module, function = _PARSERS[fmt]
    return getattr(importlib.import_module(module), function)


def sniff(path: Path, data: bytes) -> str:
    """Decide the format from the bytes first and the extension second."""
    ext = path.suffix.lower()
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(str(path), "password-protected (encrypted) DOCX — Word stores these as an OLE file; "
                                        "remove the password in Word and save again")
        raise InputError(str(path), _CONVERT_HINT[".doc"] if ext != ".docx" else
                         "this is a legacy Word .doc (or an encrypted .docx) — save it as .docx or PDF")
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(path, data, ext)
    if ext in _CONVERT_HINT:
        raise InputError(str(path), _CONVERT_HINT[ext])
    if ext in (".pdf", ".docx"):
        raise InputError(str(path), f"not a {ext[1:].upper()} file (its content is not {ext[1:].upper()})")
    if ext in EXTENSIONS and EXTENSIONS[ext] != "text":
        return EXTENSIONS[ext]
    if ext in EXTENSIONS or not ext or ext == ".asc":
        return _sniff_text(data)
    raise InputError(str(path), f"unknown format '{ext}' — retitle reads PDF, DOCX, TXT, MD, TEX and JSON Resume")


_JSON_RESUME_KEY = re.compile(r'"(?:basics|work|education|projects|skills|volunteer)"\s*:')


def _sniff_text(data: bytes) -> str:
    """A plain-text name can hold JSON Resume or LaTeX: read it as what it is."""
    head = data[:20000]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("{") and _JSON_RESUME_KEY.search(text):
        return "jsonresume"
    from retitle.parse.latex import looks_like_latex

    return "latex" if looks_like_latex(text) else "text"


def _sniff_zip(path: Path, data: bytes, ext: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise InputError(str(path), "damaged zip container — not a readable DOCX") from None
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names or "content.xml" in names:
        raise InputError(str(path), _CONVERT_HINT[".odt"])
    if any(n.startswith("Index/") for n in names):
        raise InputError(str(path), _CONVERT_HINT[".pages"])
    raise InputError(str(path), "a zip file without word/document.xml — not a DOCX")


def _raised_inside(exc: BaseException, package: str) -> bool:
    """Whether the innermost frame of `exc` is in that library: an exception a file-format library
    raises on malformed input (found by fuzzing: zipfile's ValueError on a bad member offset,
    pdfminer's AssertionError on a bad octal escape or TypeError on a malformed TJ array) is damage
    in the file, while one from retitle's own code stays a bug to fix."""
    frame = exc.__traceback__
    if frame is None:
        return False
    while frame.tb_next is not None:
        frame = frame.tb_next
    source = Path(frame.tb_frame.f_code.co_filename)
    return package in (source.stem, source.parent.name)


_DAMAGE = {
    "docx": ("zipfile", "damaged zip container — a part of this DOCX cannot be unpacked"),
    "pdf": ("pdfminer", "damaged PDF — its content cannot be read"),
}


def check_data(path: str | os.PathLike, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Path, bytes]:
    """The size checks of `read_input` for content read elsewhere (sent to a cluster worker)."""
    p = Path(path)
    if len(data) > max_bytes:
        raise InputError(
            str(p), f"too large ({len(data) / 1048576:.1f} MB > {max_bytes / 1048576:.0f} MB limit; raise it with --max-size)"
        )
    if not data:
        raise InputError(str(p), "empty file")
    return p, data


def read_input(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Path, bytes]:
    """Read a file's bytes with one-line reasons for everything that can go wrong."""
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except OSError as exc:
        raise InputError(str(p), exc.strerror or "cannot be read") from None
    if stat.S_ISDIR(info.st_mode):
        hint = _CONVERT_HINT.get(p.suffix.lower())  # a macOS .pages document is a folder bundle
        raise InputError(str(p), hint or "is a directory, expected a file")
    if info.st_size > max_bytes:
        raise InputError(
            str(p), f"too large ({info.st_size / 1048576:.1f} MB > {max_bytes / 1048576:.0f} MB limit; raise it with --max-size)"
        )
    if info.st_size == 0:
        raise InputError(str(p), "empty file")
    try:
        return p, p.read_bytes()
    except PermissionError:
        raise InputError(str(p), "permission denied") from None
    except OSError as exc:
        raise InputError(str(p), exc.strerror or "cannot be read") from None


def parse(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES, *,
          password: str = "", max_pages: int = DEFAULT_MAX_PAGES,
          max_unzipped: int = DEFAULT_MAX_UNZIPPED, max_members: int = DEFAULT_MAX_MEMBERS,
          pdf_engine: str | None = None, data: bytes | None = None) -> Document:
    """Parse one resume file into a `Document`, or raise `InputError` with a one-line reason.

    `password` opens an encrypted PDF; `max_pages` refuses longer PDFs before any page is interpreted;
    `pdf_engine` (auto, pdfium or pdfminer; default: RETITLE_PDF_ENGINE, else auto) reads PDFs;
    `max_unzipped` and `max_members` bound a DOCX zip, checked before anything is inflated.
    `data`, when given, is the file's content (read on another machine); `path` then only names it.
    """
    p, data = read_input(path, max_bytes) if data is None else check_data(path, data, max_bytes)
    fmt = sniff(p, data)
    options: dict = {}
    if fmt == "pdf":
        options = {"password": password, "max_pages": max_pages, "engine": pdf_engine}
    elif fmt == "docx":
        options = {"max_unzipped": max_unzipped, "max_members": max_members}
    try:
        doc = _parser(fmt)(p, data, **options)
    except InputError:
        raise  # already one line naming the file
    except Exception as exc:
        package, reason = _DAMAGE.get(fmt, ("", ""))
        if package and _raised_inside(exc, package):
            detail = " ".join(str(exc).split())[:80]
            raise InputError(str(p), f"{reason} ({type(exc).__name__}{': ' + detail if detail else ''})") from None
        raise
    for block in doc.blocks:
        if len(block.text) > MAX_BLOCK_CHARS:
            cut = block.text.rfind(" ", 0, MAX_BLOCK_CHARS) if " " in block.text[:MAX_BLOCK_CHARS] else MAX_BLOCK_CHARS
            block.text = block.text[:max(cut, 1)].rstrip()
            doc.warnings.append(f"block {block.id} cut to its first {len(block.text):,} characters")
    if not any(b.kind in ("bullet", "paragraph", "entry") for b in doc.blocks):
        doc.warnings.append("no resume content found (no bullets, paragraphs or entries)")
    return doc
