"""Batch runs: many resumes over worker processes, streamed, with per-file outputs and a summary.

Processes, because parsing and spaCy are CPU-bound Python. A small pool of our own rather than
`multiprocessing.Pool`, because each file has a deadline and a worker that overruns it must be
killed and replaced without losing the rest of the run — which neither Pool nor
concurrent.futures can do for a single task. Each worker builds the spaCy pipeline once and holds
exactly one file at a time, so memory stays flat however large the folder.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import glob
import io
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from retitle.errors import InputError, RetitleError
from retitle.parse import _CONVERT_HINT, EXTENSIONS

OUTPUT_SUFFIXES = (".retitle.json", ".retitle.docx", ".retitle.html")
SUMMARY_FILES = ("summary.csv", "summary.json", "index.html")
ROW_FIELDS = ("path", "format", "pages", "bullets", "findings_warning", "findings_suggestion",
              "framing_score", "level", "suggested_titles", "seconds", "output", "error")
# What a folder walk picks up: what retitle reads, plus the formats it can name a conversion for.
WALK_EXTENSIONS = frozenset(EXTENSIONS) | frozenset(_CONVERT_HINT)
EXIT_INTERRUPTED = 130
_TICK = 0.25  # seconds between progress refreshes while every worker is busy
# A worker is replaced after this many files: what a long-lived process accumulates (spaCy's
# string store grows with every new word, parser caches) is dropped, so memory stays flat.
FILES_PER_WORKER = 200


@dataclass(frozen=True)
class Item:
    """One input file: `path` as the user would name it, `rel` its place in the --out mirror."""

    path: str
    rel: str


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


# ---------------------------------------------------------------- collecting inputs


def collect(paths: Iterable[str | os.PathLike], out: str | None = None) -> list[Item]:
    """Expand files and folders into a de-duplicated list of inputs, in name order per folder.

    Folders are walked recursively through symlinks that stay inside them (each real folder once,
    so loops end; links out of the folder are not followed); hidden files and folders, Word `~$`
    lock files, retitle's own outputs and the --out folder are skipped; only resume-like extensions
    are taken from folders, while a file named explicitly is always tried. `rel` is the path below
    the common parent of all arguments, so `--out` mirrors the tree.
    """
    roots = [str(p) for p in paths]
    anchors = [os.path.abspath(r) if os.path.isdir(r) else os.path.dirname(os.path.abspath(r)) for r in roots]
    common = os.path.commonpath(anchors) if anchors else os.getcwd()
    out_abs = os.path.abspath(out) if out else None
    items: list[Item] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            items.append(Item(path, os.path.relpath(os.path.abspath(path), common)))

    for root in roots:
        if os.path.isdir(root) and Path(root).suffix.lower() not in _CONVERT_HINT:
            for path in _walk(root, out_abs):
                add(path)
        else:
            add(root)
    return items


def _walk(root: str, out_abs: str | None) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    inside = os.path.join(os.path.realpath(root), "")

    def escapes(path: str) -> bool:
        """A link out of the folder given: a shared folder must not make retitle read (and copy
        into its reports) files from elsewhere on the machine."""
        return os.path.islink(path) and not os.path.join(os.path.realpath(path), "").startswith(inside)

    for folder, dirs, files in os.walk(root, followlinks=True):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in visited:
            dirs[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        folder_abs = os.path.abspath(folder)
        keep = []
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if name.startswith(".") or escapes(path) or (out_abs and os.path.abspath(path) == out_abs
                                                           and out_abs != os.path.abspath(root)):
                continue
            if Path(name).suffix.lower() in _CONVERT_HINT:  # a macOS .pages bundle is a folder
                yield path
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            lower = name.lower()
            if name.startswith((".", "~$")) or lower.endswith(OUTPUT_SUFFIXES):
                continue
            if folder_abs == out_abs and name in SUMMARY_FILES:
                continue
            path = os.path.join(folder, name)
            if Path(lower).suffix in WALK_EXTENSIONS and not escapes(path):
                yield path


# ---------------------------------------------------------------- one file, in a worker


def one_line(exc: BaseException) -> str:
    """An unexpected exception as one short line: no traceback ever reaches a user."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def analyze_file(path: str, options: Options):
    """(report, None) or (None, one-line reason) — whatever goes wrong inside the file. A
    configuration error (a broken lexicon) is not the file's fault and is raised."""
    from retitle.api import analyze

    try:
        return analyze(path, **options.analyze), None
    except InputError as exc:
        return None, exc.reason
    except RetitleError:
        raise
    except Exception as exc:  # a parser bug must cost one file, not the batch
        return None, f"could not be analysed ({one_line(exc)})"


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


def output_paths(item: Item, out: str) -> dict[str, Path]:
    """Where a file's outputs go: the input's full name plus .retitle.json / .retitle.docx, so
    `cv.pdf` and `cv.docx` in one folder never share an output."""
    base = Path(out) / item.rel
    return {suffix: base.with_name(base.name + suffix) for suffix in OUTPUT_SUFFIXES}


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


def _docx_writer():
    try:
        from retitle.render.docx_out import write_docx
    except ImportError:
        return None
    return write_docx


def process(item: Item, options: Options) -> tuple[dict[str, Any], str | None]:
    """Analyse one file, write its outputs, and return its summary row and its stdout text."""
    from retitle.model import error_dict
    from retitle.render import render_report
    from retitle.render.json_out import dumps

    start = time.perf_counter()
    report, error = analyze_file(item.path, options)
    output = None
    if report is not None and options.out:
        targets = output_paths(item, options.out)
        try:
            text = dumps(report.to_dict())
            write_atomic(targets[".retitle.json"], lambda tmp: Path(tmp).write_text(text + "\n", encoding="utf-8"))
            write_docx = _docx_writer() if options.docx else None
            if write_docx is not None:
                write_atomic(targets[".retitle.docx"], lambda tmp: write_docx(report, tmp))
            if options.html:
                write_page(report, targets[".retitle.html"], Path(options.out))
            output = str(targets[".retitle.json"])
        except OSError as exc:
            error = f"could not write its output ({exc.strerror or one_line(exc)})"
        except Exception as exc:
            error = f"could not write its output ({one_line(exc)})"
    row = summary_row(item.path, report if error is None else None, error, time.perf_counter() - start)
    row["output"] = output if error is None else None
    stdout = None
    if options.fmt:
        if error is None:
            stdout = render_report(report, options.fmt, options.color)
        elif options.fmt in ("json", "jsonl"):
            stdout = dumps(error_dict(item.path, error), pretty=options.fmt == "json")
    return row, stdout


def _worker(conn, options: Options) -> None:
    """A worker process: build the engine once, then analyse one file per message until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from retitle.api import prepare

    try:
        prepare(options.analyze.get("lexicons", ()))
    except Exception as exc:
        conn.send(("fatal", str(exc) if isinstance(exc, RetitleError) else one_line(exc)))
        return
    gc.freeze()  # the engine lives as long as the worker: the collector need not rescan it as files come and go
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, item = task
        conn.send(("done", index, *process(item, options)))


# ---------------------------------------------------------------- the pool


class BatchError(RetitleError):
    """The batch itself cannot run (a worker could not start); exit code 3."""

    exit_code = 3


@dataclass
class _Slot:
    process: Any
    conn: Any
    ready: bool = False
    task: tuple[int, Item] | None = None
    started: float = 0.0
    done: int = 0


def _context():
    """fork on Linux: workers inherit the engine the parent built once, so they (and the
    replacements of killed ones) start at once; spawn elsewhere, where fork is unsafe."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def run_pool(items: list[Item], options: Options, jobs: int, timeout: float | None,
             on_tick: Callable[[], None] = lambda: None) -> Iterator[tuple[int, dict[str, Any], str | None]]:
    """Yield (index, row, stdout) for every item, in completion order, with at most `jobs` files
    in flight. A file over `timeout` seconds, or whose worker dies, yields a failure row and the
    worker is replaced. Closing the generator (or Ctrl-C) stops every worker."""
    ctx = _context()
    pending = iter(enumerate(items))
    remaining = len(items)
    slots: list[_Slot] = []

    def start() -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, options), daemon=True, name="retitle-worker")
        with _sigint_ignored():  # a Ctrl-C during the fork must not reach the new worker
            proc.start()
        child.close()
        return _Slot(proc, parent)

    def retire(slot: _Slot, force: bool = False) -> None:
        """Stop a worker. A busy one is killed outright (it may be deep inside a parser, where an
        exception could print noise) and the temporary files of its file are removed here."""
        slots.remove(slot)
        if force and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        if force and slot.task is not None and options.out:
            _remove_partial_outputs(slot.task[1], options.out)

    def failure(slot: _Slot, reason: str):
        index, item = slot.task
        return index, summary_row(item.path, None, reason, time.monotonic() - slot.started), None

    if ctx.get_start_method() == "fork" and remaining:
        from retitle.api import prepare

        prepare(options.analyze.get("lexicons", ()))  # once here: forked workers (and replacements) start warm
    try:
        slots.extend(start() for _ in range(min(jobs, remaining)))
        exhausted = False
        while remaining:
            for slot in slots:
                if slot.ready and slot.task is None and not exhausted:
                    slot.task = next(pending, None)
                    if slot.task is None:
                        exhausted = True
                    else:
                        slot.started = time.monotonic()
                        slot.conn.send(slot.task)
            now = time.monotonic()
            wait_for = _TICK
            if timeout:
                for slot in slots:
                    if slot.task is not None:
                        wait_for = min(wait_for, max(0.0, slot.started + timeout - now))
            for conn in wait([s.conn for s in slots], wait_for):
                slot = next(s for s in slots if s.conn is conn)
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    slot.process.join(1)
                    code = slot.process.exitcode
                    retire(slot, force=True)
                    if not slot.ready:
                        raise BatchError(f"a worker process could not start (exit code {code})")
                    if slot.task is not None:
                        remaining -= 1
                        yield failure(slot, _death_reason(code))
                    if not exhausted:
                        slots.append(start())
                    elif not slots and remaining:
                        raise BatchError("every worker process stopped before the batch finished")
                    continue
                if message[0] == "fatal":
                    raise BatchError(message[1])
                if message[0] == "ready":
                    slot.ready = True
                else:
                    _, index, row, stdout = message
                    slot.task = None
                    slot.done += 1
                    remaining -= 1
                    if slot.done >= FILES_PER_WORKER and not exhausted:
                        slot.conn.send(None)
                        retire(slot)
                        slots.append(start())
                    yield index, row, stdout
            if timeout:
                now = time.monotonic()
                for slot in [s for s in slots if s.task is not None and now - s.started > timeout]:
                    retire(slot, force=True)
                    remaining -= 1
                    yield failure(slot, f"took longer than {timeout:g} s and was stopped (raise the limit with --timeout)")
                    if not exhausted:
                        slots.append(start())
            on_tick()
    finally:
        for slot in list(slots):
            if slot.process.is_alive() and slot.task is None and slot.ready:
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
            retire(slot, force=slot.task is not None or not slot.ready)


@contextlib.contextmanager
def _sigint_ignored():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _remove_partial_outputs(item: Item, out: str) -> None:
    """Temporary files a killed worker left for this item (write_atomic's, and any nested ones)."""
    for target in output_paths(item, out).values():
        if target.parent.is_dir():
            for leftover in target.parent.glob(f".*{glob.escape(target.name)}*.tmp"):
                leftover.unlink(missing_ok=True)


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        hint = " — out of memory?" if exitcode == -signal.SIGKILL else ""
        return f"the worker reading it was killed ({name}{hint})"
    return f"the worker reading it stopped unexpectedly (exit code {exitcode})"


# ---------------------------------------------------------------- the whole run


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


def check_out_dir(items: list[Item], out: str) -> None:
    """Refuse an --out that would overwrite an input (summary files or per-file outputs)."""
    inputs = {os.path.realpath(i.path) for i in items}
    for name in SUMMARY_FILES:
        if os.path.realpath(os.path.join(out, name)) in inputs:
            raise InputError(os.path.join(out, name), "is an input; choose another --out folder")
    if os.path.exists(out) and not os.path.isdir(out):
        raise InputError(out, "--out must be a folder, and this is a file")


def run_batch(paths: Iterable[str | os.PathLike], options: Options, *, jobs: int | None = None,
              timeout: float | None = 60.0, stderr=None) -> Result:
    """Analyse every input with a progress bar (on a terminal), stream each file's stdout text,
    write --out outputs and the summary, and say how it went in one line on stderr."""
    stderr = stderr or sys.stderr
    _check_lexicons(options.analyze.get("lexicons", ()))
    items = collect(paths, options.out)
    if not items:
        raise InputError(", ".join(map(str, paths)), "no resume files found "
                         f"(looked for {', '.join(sorted(EXTENSIONS))})")
    if options.out:
        check_out_dir(items, options.out)
    clashes = _output_clashes(items, options.out) if options.out else {}
    result = Result(total=len(items))
    progress = _Progress(stderr, len(items)) if _is_tty(stderr) else None
    writer = _StdoutWriter(options.fmt)
    started = time.monotonic()
    pool = None
    try:
        if progress:
            progress.start()
        for index, reason in clashes.items():
            _record(result, summary_row(items[index].path, None, reason, 0.0), None, writer, progress, stderr)
        todo = [item for index, item in enumerate(items) if index not in clashes]
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        pool = run_pool(todo, options, jobs, timeout, on_tick=progress.refresh if progress else lambda: None)
        for _, row, stdout in pool:
            _record(result, row, stdout, writer, progress, stderr)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if pool is not None:
            pool.close()  # stops the workers now, wherever the interrupt landed
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


def _check_lexicons(lexicons) -> None:
    """A broken lexicon is a usage error before any worker starts. Forked workers inherit the
    parent's engine, so it is built here (compiling the lexicon once, not twice); spawned workers
    build their own, so the parent only compiles it to check it."""
    if _context().get_start_method() == "fork":
        from retitle.api import prepare

        prepare(lexicons)
    else:
        from retitle.lexicon import compile_lexicon

        compile_lexicon(lexicons)


def _output_clashes(items: list[Item], out: str) -> dict[int, str]:
    """Files whose output path is itself an input: they fail rather than overwrite it."""
    inputs = {os.path.realpath(i.path) for i in items}
    clashes = {}
    for index, item in enumerate(items):
        clash = [p for p in output_paths(item, out).values() if os.path.realpath(p) in inputs]
        if clash:
            clashes[index] = f"its output {clash[0]} is an input; choose another --out folder"
    return clashes


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


def _is_tty(stream) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


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


class _Progress:
    """A rich progress bar on stderr; refreshed by hand, so no thread runs beside the workers."""

    def __init__(self, stream, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")))
        self.progress = Progress(
            TextColumn("retitle"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[failures]}"),
            console=console, auto_refresh=False, transient=False,
        )
        self.task = self.progress.add_task("batch", total=total, rate="", failures="")
        self.failed, self.done, self.started = 0, 0, time.monotonic()

    def start(self) -> None:
        self.progress.start()
        self.refresh()

    def stop(self) -> None:
        self.refresh()
        self.progress.stop()

    def log(self, line: str) -> None:
        from rich.markup import escape

        self.progress.console.print(escape(line), style="red", highlight=False, soft_wrap=True)

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress.update(self.task, advance=1, rate=f"{self.done / elapsed:.1f}/s",
                             failures=f"[red]{self.failed} failed" if self.failed else "")
        self.refresh()

    def refresh(self) -> None:
        self.progress.refresh()


def write_summary(out: str, result: Result) -> None:
    """summary.csv and summary.json, one row per finished file, sorted by path; written atomically."""
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


def write_page(report, target: Path, out: Path) -> None:
    """A file's HTML page, linking back to the batch's index.html."""
    from retitle.render.html import INDEX_NAME, page_href, write_html

    write_atomic(target, lambda tmp: write_html(report, tmp, index_href=page_href(target, out / INDEX_NAME)))


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
