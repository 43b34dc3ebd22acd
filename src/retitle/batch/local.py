"""The local executor: worker processes on this machine, each holding one file at a time.

Processes, because parsing and spaCy are CPU-bound Python. A small pool of our own rather than
`multiprocessing.Pool`, because each file has a deadline and a worker that overruns it must be
killed and replaced without losing the rest of the run — which neither Pool nor
concurrent.futures can do for a single task. Each worker builds the spaCy pipeline once and holds
exactly one file at a time, so memory stays flat however large the folder.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import multiprocessing
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator

from retitle.batch.walk import Item, output_paths
from retitle.batch.work import Options, error_stdout, process, summary_row, timeout_reason, warm
from retitle.errors import BatchError, RetitleError, one_line

_TICK = 0.25  # seconds between progress refreshes while every worker is busy
# A worker is replaced after this many files: what a long-lived process accumulates (spaCy's
# string store grows with every new word, parser caches) is dropped, so memory stays flat.
FILES_PER_WORKER = 200


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


@dataclass
class _Slot:
    process: Any
    conn: Any
    ready: bool = False
    task: tuple[int, Item] | None = None
    started: float = 0.0
    done: int = 0


def context():
    """fork on Linux: workers inherit the engine the parent built once, so they (and the
    replacements of killed ones) start at once; spawn elsewhere, where fork is unsafe."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def run_pool(items: list[Item], options: Options, jobs: int, timeout: float | None,
             on_tick: Callable[[], None] = lambda: None) -> Iterator[tuple[int, dict[str, Any], str | None]]:
    """Yield (index, row, stdout) for every item, in completion order, with at most `jobs` files
    in flight. A file over `timeout` seconds, or whose worker dies, yields a failure row and the
    worker is replaced. Closing the generator (or Ctrl-C) stops every worker."""
    ctx = context()
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
        return index, summary_row(item.path, None, reason, time.monotonic() - slot.started), error_stdout(item, reason, options)

    if ctx.get_start_method() == "fork" and remaining:
        from retitle.api import prepare

        prepare(options.analyze.get("lexicons", ()))  # once here: forked workers (and replacements) start warm
        warm(options)
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
                    yield failure(slot, timeout_reason(timeout))
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
