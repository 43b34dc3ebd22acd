"""The Dask executor: the same per-file work on the workers of a dask.distributed cluster.

The client (this process) walks the folder, keeps a few files per worker thread in flight, and
writes every output and the summary itself, so a run against a cluster leaves exactly what a local
run leaves under --out. Workers read each file by its path (a shared file system) or, with
`send_files`, receive its bytes; they return the rendered outputs as bytes. Dask does the rest:
placing files on workers, and rescheduling the files of a worker that dies. A file whose workers
die `distributed.scheduler.allowed-failures` + 1 times ends as `KilledWorker` and is recorded as
failed. Dask has no time limit per task, so each worker stops a file that runs past --timeout
itself (see `_deadline`).
"""

from __future__ import annotations

import ctypes
import gc
from concurrent.futures import CancelledError
import threading
import time
import uuid
from typing import Any, Callable, Iterator

from distributed import Client, WorkerPlugin, get_worker
from distributed import wait as wait_for_futures

from retitle.batch.walk import Item
from retitle.batch.work import Options, Outcome, error_stdout, finish, render_file, summary_row, timeout_reason, warm
from retitle.errors import BatchError, InputError, RetitleError, one_line

# Files out on the cluster per worker thread. One: a worker then holds only the file it is
# analysing, so when it dies Dask counts the death against that file alone (with two, the file
# queued behind a crashing one was given up with it); the client holds, and with --send-files
# sends, nothing beyond what is being analysed.
IN_FLIGHT_PER_THREAD = 1
CONNECT_SECONDS = 10  # how long to try reaching the scheduler before saying it cannot be reached
_TICK = 0.25  # seconds between progress refreshes while files are out on the cluster
_REFIRE = 0.1  # seconds between attempts to stop a file past its deadline


class FileTimeout(BaseException):
    """Raised inside a worker's thread at a file's deadline. A BaseException, so the `except
    Exception` that turns a parser bug into a one-line reason does not swallow it."""


class RetitleWorker(WorkerPlugin):
    """A batch's settings on each worker, and the engine built once when the worker joins (also
    a worker that replaces a dead one), before its first file."""

    def __init__(self, options: Options, timeout: float | None):
        self.options, self.timeout = options, timeout

    def setup(self, worker) -> None:
        from retitle.api import prepare

        prepare(self.options.analyze.get("lexicons", ()))
        warm(self.options)
        gc.freeze()  # the engine lives as long as the worker: the collector need not rescan it

    def run(self, item: Item, data: bytes | None) -> Outcome:
        start = time.perf_counter()
        outcome = _deadline(lambda: render_file(item, self.options, data), self.timeout)
        if outcome is None:
            return Outcome(summary_row(item.path, None, timeout_reason(self.timeout), time.perf_counter() - start), None)
        return outcome


def analyze_on_worker(item: Item, data: bytes | None, plugin: str) -> Outcome:
    """The task each file becomes: its work, with the settings the batch registered as `plugin`."""
    return get_worker().plugins[plugin].run(item, data)


def _deadline(work: Callable[[], Outcome], seconds: float | None) -> Outcome | None:
    """`work()`, or None when it ran past `seconds`: a watcher raises FileTimeout in this thread
    (Python checks for it between bytecodes, so the parsers and the engine stop within
    milliseconds; the worker and its other threads go on). It raises again every `_REFIRE`
    seconds until the work has stopped, because an exception that lands in a finaliser run by the
    garbage collector is printed and dropped. Once this returns, nothing more is raised here."""
    if not seconds:
        return work()
    thread, lock, finished = threading.get_ident(), threading.Lock(), threading.Event()

    def watch() -> None:
        wait = seconds
        while not finished.wait(wait):
            with lock:
                if not finished.is_set():
                    _raise_in(thread, FileTimeout)
            wait = _REFIRE

    def stop() -> None:
        """Stop the watcher for good, and drop an exception it raised that has not landed yet."""
        while True:
            try:
                with lock:
                    finished.set()
                    _raise_in(thread, None)
                return
            except FileTimeout:
                continue

    threading.Thread(target=watch, name="retitle-deadline", daemon=True).start()
    try:
        try:
            return work()
        finally:
            stop()  # on every way out, the work's own errors too
    except FileTimeout:
        return None


def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


class Cluster:
    """A connection to a Dask scheduler, with this batch's settings registered on its workers."""

    def __init__(self, scheduler: str, options: Options, timeout: float | None):
        try:
            self.client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({one_line(exc)})") from None
        self.scheduler, self.plugin = scheduler, f"retitle-batch-{uuid.uuid4().hex}"
        try:
            self.client.register_plugin(RetitleWorker(options, timeout), name=self.plugin)
        except Exception as exc:  # the worker's own error, e.g. a lexicon folder it cannot read
            self.close()
            reason = str(exc) if isinstance(exc, RetitleError) else one_line(exc)
            raise BatchError(f"a Dask worker could not prepare the analysis: {reason}") from None

    def run(self, items: list[Item], options: Options, *, send_files: bool = False,
            on_tick: Callable[[], None] = lambda: None) -> Iterator[tuple[int, dict[str, Any], str | None]]:
        """Yield (index, row, stdout) for every item, in completion order, as `run_pool` does,
        with the files analysed on the cluster. Closing the generator cancels what is still out."""
        from distributed import KilledWorker

        client, out = self.client, {}
        pending = iter(enumerate(items))
        exhausted, window, checked = False, 1, 0.0
        try:
            while not exhausted or out:
                if time.monotonic() - checked > _TICK:
                    window = max(1, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
                    checked = time.monotonic()
                while not exhausted and len(out) < window:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    index, item = task
                    data = None
                    if send_files:
                        try:
                            data = _read(item, options)
                        except InputError as exc:
                            yield index, summary_row(item.path, None, exc.reason, 0.0), error_stdout(item, exc.reason, options)
                            continue
                    future = client.submit(analyze_on_worker, item, data, self.plugin, key=f"{self.plugin}-{index}",
                                           pure=False)
                    out[future] = (index, item)
                if not out:
                    continue
                try:
                    with client.as_current():  # `wait` finds the client here, never a process-wide default
                        done = wait_for_futures(list(out), timeout=_TICK, return_when="FIRST_COMPLETED").done
                except TimeoutError:
                    done = set()
                for future in done:
                    index, item = out.pop(future)
                    try:  # a result is fetched from its worker; if that worker just died, Dask computes it again
                        outcome = future.result()
                    except KilledWorker as exc:
                        reason = (f"every worker reading it died ({exc.allowed_failures + 1} tried; out of memory, "
                                  "or a crash in a parser?)")
                    except RetitleError as exc:
                        raise BatchError(str(exc)) from None
                    except CancelledError:
                        raise BatchError(f"lost the Dask scheduler at {self.scheduler} before the batch finished") from None
                    except Exception as exc:
                        reason = f"could not be analysed ({one_line(exc)})"
                    else:
                        yield index, *finish(outcome, item, options)
                        continue
                    yield index, summary_row(item.path, None, reason, 0.0), error_stdout(item, reason, options)
                on_tick()
        finally:
            for future in out:
                future.cancel()

    def close(self) -> None:
        """Leave the cluster as it was: this batch's settings off the workers, the client closed."""
        try:
            self.client.unregister_worker_plugin(self.plugin)
        except Exception:  # not registered, or a scheduler already gone: nothing left to clean up
            pass
        self.client.close()


def _read(item: Item, options: Options) -> bytes:
    """A file's bytes, read here to send to a worker, with the size limit a worker would apply."""
    from retitle.parse import DEFAULT_MAX_BYTES, read_input

    return read_input(item.path, options.analyze.get("max_bytes", DEFAULT_MAX_BYTES))[1]

