"""The library API the CLI wraps: `analyze(path) -> Report`."""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from typing import Iterable

from retitle.model import Report
from retitle.parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_MEMBERS, DEFAULT_MAX_PAGES, DEFAULT_MAX_UNZIPPED


@lru_cache(maxsize=4)
def compiled_lexicon(lexicon_dirs: tuple[str, ...]):
    """One compiled lexicon (one spaCy pipeline) per process and lexicon set; raises `LexiconError`."""
    from retitle.lexicon import compile_lexicon

    return compile_lexicon(lexicon_dirs)


@lru_cache(maxsize=4)
def _engine(lexicon_dirs: tuple[str, ...]):
    """One engine per process and lexicon set."""
    from retitle.engine import Engine

    return Engine(compiled_lexicon(lexicon_dirs))


@lru_cache(maxsize=4)
def _rewriter(lexicon_dirs: tuple[str, ...]):
    """The rewriter and claim guard, on the engine's compiled lexicon."""
    from retitle.rewrite import Rewriter

    return Rewriter(compiled_lexicon(lexicon_dirs))


def prepare(lexicons: Iterable[str] = ()) -> None:
    """Build the engine and rewriter now (a batch does this once, before its first file)."""
    _rewriter(tuple(str(d) for d in lexicons))


def analyze(
    path: str | os.PathLike,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    lexicons: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unzipped: int = DEFAULT_MAX_UNZIPPED,
    max_members: int = DEFAULT_MAX_MEMBERS,
    password: str = "",
    max_pages: int = DEFAULT_MAX_PAGES,
    pdf_engine: str | None = None,
    today: date | None = None,
    data: bytes | None = None,
) -> Report:
    """Parse one resume, tag its research-style phrasing and build the report.

    `password` opens an encrypted PDF; `max_pages` caps the pages of a PDF; `pdf_engine` (auto,
    pdfium or pdfminer) reads PDFs, by default RETITLE_PDF_ENGINE or else auto.
    `today` dates open-ended ranges ("2021 – present"); it defaults to the current date.
    `data` is the file's content when it was read elsewhere (a cluster worker without the file):
    `path` then only names it.
    Raises `retitle.errors.InputError` (one-line reason) when the file cannot be read.
    """
    from retitle.model import SuggestionStats
    from retitle.parse import parse
    from retitle.report import summarize

    dirs = tuple(str(d) for d in lexicons)
    engine = _engine(dirs)
    document = parse(path, max_bytes=max_bytes, password=password, max_pages=max_pages,
                     max_unzipped=max_unzipped, max_members=max_members, pdf_engine=pdf_engine,
                     data=data)
    parses: dict = {}
    findings, evidence = engine.analyze(document, select=select, ignore=ignore, parses=parses)
    blocks = {b.id: b for b in document.blocks}
    stats = _rewriter(dirs).suggest_all(findings, blocks, engine.rules, parses)
    summary = summarize(document, findings, evidence, engine.lex, today, SuggestionStats(stats.shown, stats.dropped))
    return Report(document=document, findings=findings, evidence=evidence, summary=summary)


def analyze_file(path: str | os.PathLike, **options) -> tuple[Report | None, str | None]:
    """`analyze` for one file of many: (report, None) or (None, one-line reason), whatever goes
    wrong inside the file. A configuration error (a broken lexicon) is not the file's fault and
    is raised."""
    from retitle.errors import InputError, RetitleError, one_line

    try:
        return analyze(path, **options), None
    except InputError as exc:
        return None, exc.reason
    except RetitleError:
        raise
    except Exception as exc:  # a parser bug must cost one file, not the batch
        return None, f"could not be analysed ({one_line(exc)})"


def verify(
    before: str | os.PathLike,
    after: str | os.PathLike,
    *,
    lexicons: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unzipped: int = DEFAULT_MAX_UNZIPPED,
    max_members: int = DEFAULT_MAX_MEMBERS,
    password: str = "",
    max_pages: int = DEFAULT_MAX_PAGES,
    pdf_engine: str | None = None,
):
    """Which claims AFTER (a rewrite, any format) adds to BEFORE, bullet by bullet.

    Returns a `retitle.verification.Verification`; raises `InputError` when a file cannot be read.
    The size, zip, page and password limits and the PDF engine apply to both files as in `analyze`.
    """
    from retitle.parse import parse
    from retitle.verification import compare

    options = dict(max_bytes=max_bytes, password=password, max_pages=max_pages,
                   max_unzipped=max_unzipped, max_members=max_members, pdf_engine=pdf_engine)
    return compare(parse(before, **options), parse(after, **options),
                   _rewriter(tuple(str(d) for d in lexicons)).guard)
