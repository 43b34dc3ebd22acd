"""The run: every input through an executor (local processes or a Dask cluster), each file's
stdout streamed as it finishes, its outcome recorded, and the summary and index written."""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from retitle.batch.progress import Progress, is_tty
from retitle.batch.walk import OUTPUT_SUFFIXES, check_out_dir, collect, output_clashes
from retitle.batch.work import Options, summary_row, write_atomic
from retitle.errors import InputError
from retitle.parse import EXTENSIONS

EXIT_INTERRUPTED = 130


@dataclass
class Result:
    """What a batch did: one row per finished file, and whether it was cut short."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r["error"])

    @property
    def worst_level(self) -> str | None:
        if any(r["findings_warning"] for r in self.rows):
            return "warning"
        return "suggestion" if any(r["findings_suggestion"] for r in self.rows) else None


def run_batch(paths: Iterable[str | os.PathLike], options: Options, *, jobs: int | None = None,
              timeout: float | None = 60.0, stderr=None, scheduler: str | None = None,
              send_files: bool = False) -> Result:
    """Analyse every input with a progress bar (on a terminal), stream each file's stdout text,
    write --out outputs and the summary, and say how it went in one line on stderr.

    Files run in `jobs` local worker processes, or, with `scheduler` (a Dask scheduler's
    address), on that cluster's workers, which read each file by its path or, with
    `send_files`, receive its bytes from here."""
    stderr = stderr or sys.stderr
    _check_lexicons(options.analyze.get("lexicons", ()), build=scheduler is None)
    items = collect(paths, options.out)
    if not items:
        raise InputError(", ".join(map(str, paths)), "no resume files found "
                         f"(looked for {', '.join(sorted(EXTENSIONS))})")
    if options.out:
        check_out_dir(items, options.out)
    clashes = output_clashes(items, options.out) if options.out else {}
    cluster = None
    if scheduler:  # before the progress bar and the summary: an unreachable scheduler leaves nothing behind
        from retitle.batch.distributed import Cluster

        cluster = Cluster(scheduler, options, timeout)
    result = Result(total=len(items))
    progress = Progress(stderr, len(items)) if is_tty(stderr) else None
    writer = _StdoutWriter(options.fmt)
    started = time.monotonic()
    pool = None
    try:
        if progress:
            progress.start()
        for index, reason in clashes.items():
            _record(result, summary_row(items[index].path, None, reason, 0.0), None, writer, progress, stderr)
        todo = [item for index, item in enumerate(items) if index not in clashes]
        tick = progress.refresh if progress else lambda: None
        if cluster:
            pool = cluster.run(todo, options, send_files=send_files, on_tick=tick)
        else:
            from retitle.batch.local import run_pool

            jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
            pool = run_pool(todo, options, jobs, timeout, on_tick=tick)
        for _, row, stdout in pool:
            _record(result, row, stdout, writer, progress, stderr)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if pool is not None:
            pool.close()  # stops the workers now, wherever the interrupt landed
        if cluster:
            cluster.close()
        if progress:
            progress.stop()
        writer.close()
        result.seconds = time.monotonic() - started
        if options.out:
            write_summary(options.out, result)
            if options.html:
                write_index_page(options.out, result)
        _say(stderr, _closing_line(result, options))
    return result


def _check_lexicons(lexicons, build: bool) -> None:
    """A broken lexicon is a usage error before any worker starts. Forked local workers inherit
    the parent's engine, so it is built here (compiling the lexicon once, not twice); spawned or
    remote workers build their own, so the parent only compiles it to check it."""
    from retitle.batch.local import context

    if build and context().get_start_method() == "fork":
        from retitle.api import prepare

        prepare(lexicons)
    else:
        from retitle.lexicon import compile_lexicon

        compile_lexicon(lexicons)


def _record(result: Result, row, stdout, writer, progress, stderr) -> None:
    result.rows.append(row)
    if stdout is not None:
        writer.write(stdout)
    if row["error"]:
        line = f"retitle: error: {row['path']}: {row['error']}"
        if progress:
            progress.log(line)
        else:
            _say(stderr, line)
    if progress:
        progress.advance(failed=bool(row["error"]))


def _say(stream, line: str) -> None:
    stream.write(line + "\n")
    stream.flush()


class _StdoutWriter:
    """Streams each file's output as it finishes; `json` becomes one array written piece by piece."""

    def __init__(self, fmt: str | None):
        self.fmt, self.count = fmt, 0

    def write(self, text: str) -> None:
        if self.fmt == "json":
            text = ("[\n" if self.count == 0 else ",\n") + text
        elif not text.endswith("\n"):
            text += "\n"
        self.count += 1
        sys.stdout.write(text)  # looked up each time: rich's live display may be proxying it
        sys.stdout.flush()

    def close(self) -> None:
        if self.fmt == "json":
            sys.stdout.write("[]\n" if self.count == 0 else "\n]\n")
            sys.stdout.flush()


def write_summary(out: str, result: Result) -> None:
    """summary.csv and summary.json, one row per finished file, sorted by path; written atomically."""
    from retitle.batch.work import ROW_FIELDS
    from retitle.model import SCHEMA_VERSION
    from retitle.render.json_out import dumps

    rows = sorted(result.rows, key=lambda r: r["path"])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "suggested_titles": "; ".join(row["suggested_titles"] or [])})
    document = {"schema_version": SCHEMA_VERSION, "files": result.total, "finished": len(rows),
                "failed": result.failed, "interrupted": result.interrupted, "rows": rows}
    out_dir = Path(out)
    write_atomic(out_dir / "summary.csv", lambda tmp: Path(tmp).write_text(buffer.getvalue(), encoding="utf-8"))
    write_atomic(out_dir / "summary.json", lambda tmp: Path(tmp).write_text(dumps(document) + "\n", encoding="utf-8"))


def write_index_page(out: str, result: Result) -> None:
    """index.html: one row per finished file, linked to its page (the page sits beside its JSON report)."""
    from retitle.render.html import write_index

    json_suffix, html_suffix = OUTPUT_SUFFIXES[0], OUTPUT_SUFFIXES[2]
    pages = {row["path"]: row["output"][: -len(json_suffix)] + html_suffix
             for row in result.rows if row["output"] and row["output"].endswith(json_suffix)}
    write_index(out, result.rows, pages, total=result.total, interrupted=result.interrupted)


def _closing_line(result: Result, options: Options) -> str:
    done = len(result.rows)
    rate = done / result.seconds if result.seconds > 0 else 0.0
    line = (f"retitle: {done - result.failed} of {result.total} file(s) analysed, {result.failed} failed, "
            f"in {result.seconds:.1f} s ({rate:.1f} files/s)")
    if result.interrupted:
        line += f"; interrupted — {result.total - done} not started or stopped"
    if options.out:
        line += f"; summary in {Path(options.out) / 'summary.csv'}"
        if options.html:
            line += f", pages listed in {Path(options.out) / 'index.html'}"
    return line
