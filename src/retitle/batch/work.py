"""The work on one file, wherever it runs: analyse it, render its outputs, and write them.

Rendering and writing are apart so that an executor whose workers cannot reach --out (a cluster
without a shared file system) sends the rendered bytes back and the run writes them; local
workers do both, so their writes run in parallel too.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from retitle.batch.walk import OUTPUT_SUFFIXES, Item, output_paths
from retitle.errors import one_line

ROW_FIELDS = ("path", "format", "pages", "bullets", "findings_warning", "findings_suggestion",
              "framing_score", "level", "suggested_titles", "seconds", "output", "error")


@dataclass(frozen=True)
class Options:
    """Everything a worker needs; picklable, so it travels to spawned workers too. `analyze` holds
    the keyword arguments of `retitle.api.analyze` (select, lexicons, max_bytes, parser limits…),
    so a new parser option reaches batches without touching this module."""

    analyze: dict[str, Any] = field(default_factory=dict)
    out: str | None = None
    fmt: str | None = None  # what each file prints to stdout, or None
    color: bool = False
    docx: bool = True  # write <name>.retitle.docx into --out (off: --no-docx, for speed)
    html: bool = True  # write <name>.retitle.html and index.html into --out (off: --no-html)


@dataclass
class Outcome:
    """One file's result before anything is written: its summary row, its stdout text, and the
    bytes of each output by suffix (in writing order; a failed render keeps those before it)."""

    row: dict[str, Any]
    stdout: str | None
    files: dict[str, bytes] = field(default_factory=dict)


def summary_row(path: str, report, error: str | None, seconds: float) -> dict[str, Any]:
    """The summary.csv / summary.json row of one file."""
    row: dict[str, Any] = dict.fromkeys(ROW_FIELDS)
    row.update(path=path, seconds=round(seconds, 3), error=error)
    if report is not None:
        summary = report.summary
        row.update(
            format=report.document.format,
            pages=report.document.pages,
            bullets=sum(b.kind == "bullet" for b in report.document.blocks),
            findings_warning=summary.findings_by_level.warning,
            findings_suggestion=summary.findings_by_level.suggestion,
            framing_score=summary.framing.score,
            level=summary.level,
            suggested_titles=[t.title for t in summary.titles.supported],
        )
    return row


def timeout_reason(timeout: float) -> str:
    """The row's reason for a file stopped at the time limit, whichever executor stopped it."""
    return f"took longer than {timeout:g} s and was stopped (raise the limit with --timeout)"


def _docx_renderer():
    try:
        from retitle.render.docx_out import docx_bytes
    except ImportError:
        return None
    return docx_bytes


def render_file(item: Item, options: Options, data: bytes | None = None) -> Outcome:
    """Analyse one file (its `data`, when given, instead of reading `item.path`) and render what
    it prints and what it writes under --out; nothing touches the disk but the input."""
    from retitle.api import analyze_file
    from retitle.render import render_report
    from retitle.render.json_out import dumps

    start = time.perf_counter()
    report, error = analyze_file(item.path, **options.analyze, **({"data": data} if data is not None else {}))
    files: dict[str, bytes] = {}
    if report is not None and options.out:
        try:
            files[OUTPUT_SUFFIXES[0]] = (dumps(report.to_dict()) + "\n").encode("utf-8")
            docx_bytes = _docx_renderer() if options.docx else None
            if docx_bytes is not None:
                files[OUTPUT_SUFFIXES[1]] = docx_bytes(report, source=data)
            if options.html:
                files[OUTPUT_SUFFIXES[2]] = _page(report, item).encode("utf-8")
        except Exception as exc:
            error = f"could not write its output ({one_line(exc)})"
    stdout = render_report(report, options.fmt, options.color) if options.fmt and error is None else None
    row = summary_row(item.path, report if error is None else None, error, time.perf_counter() - start)
    return Outcome(row, stdout, files)


def warm(options: Options) -> None:
    """Import the renderers a file will use and build what they cache per process (the DOCX
    template, the page template), so that a worker's first file costs what every other one does
    and is not stopped at a short --timeout for work that was not its own."""
    from retitle.render import json_out  # noqa: F401
    from retitle.render.text import render  # noqa: F401

    if options.out and options.docx and _docx_renderer() is not None:
        from retitle.render.docx_out import _blank_template

        _blank_template()
    if options.out and options.html:
        from retitle.render.html import _environment

        _environment().get_template("page.html.j2")


def _page(report, item: Item) -> str:
    """A file's HTML page, linking back to the batch's index.html (the link depends only on the
    file's place in the mirror, so a worker needs no --out to render it)."""
    from retitle.render.html import INDEX_NAME, page_href, render_page

    return render_page(report, index_href=page_href(Path(item.rel + OUTPUT_SUFFIXES[2]), Path(INDEX_NAME)))


def finish(outcome: Outcome, item: Item, options: Options) -> tuple[dict[str, Any], str | None]:
    """Write an outcome's files under --out atomically and return its final row and stdout text
    (a file that could not be written is a failure, reported as such on stdout too)."""
    from retitle.render import check_output_path

    start = time.perf_counter()
    row, error = dict(outcome.row), outcome.row["error"]
    output = None
    if outcome.files and options.out:
        targets = output_paths(item, options.out)
        try:
            for suffix, content in outcome.files.items():
                if suffix != OUTPUT_SUFFIXES[0]:
                    check_output_path(targets[suffix], Path(item.path),
                                      "a .docx file path" if suffix == OUTPUT_SUFFIXES[1] else "an .html file path")
                write_atomic(targets[suffix], lambda tmp, content=content: Path(tmp).write_bytes(content))
            if error is None:
                output = str(targets[OUTPUT_SUFFIXES[0]])
        except OSError as exc:
            error = error or f"could not write its output ({exc.strerror or one_line(exc)})"
        except Exception as exc:
            error = error or f"could not write its output ({one_line(exc)})"
    if error is not None and row["error"] is None:
        row = summary_row(item.path, None, error, 0.0)
    row["seconds"] = round(outcome.row["seconds"] + time.perf_counter() - start, 3)
    row["output"] = output if error is None else None
    return row, outcome.stdout if error is None else error_stdout(item, error, options)


def error_stdout(item: Item, reason: str, options: Options) -> str | None:
    """What a failed file prints: its error object in the JSON formats, nothing in the others."""
    from retitle.model import error_dict
    from retitle.render.json_out import dumps

    if options.fmt in ("json", "jsonl"):
        return dumps(error_dict(item.path, reason), pretty=options.fmt == "json")
    return None


def process(item: Item, options: Options) -> tuple[dict[str, Any], str | None]:
    """Analyse one file, write its outputs, and return its summary row and its stdout text."""
    return finish(render_file(item, options), item, options)


def write_atomic(target: Path, write: Callable[[str], None]) -> None:
    """Write through a temporary file in the same folder and rename it into place, so a reader
    (or an interrupted run) never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
