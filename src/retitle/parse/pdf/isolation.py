"""PDFium runs in a helper process, so a crash in its native code costs one file, not the run.

The helper is forked once per process (and again after a crash) and then reads file after file:
a fork per file would cost more than PDFium's reading. It gets the file's bytes over a pipe, lays
the glyphs out into a `Document` itself and sends that back: a page's thousands of glyph records
cost more to pickle, send and unpickle than the layout costs. When the helper dies (a segfault on
a hostile file), the file in hand gets a one-line reason and the next file starts a new helper. A
helper inherited from another process (a batch worker forked after its parent read a PDF) is never
used: its pipe is the parent's.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
from multiprocessing.connection import Connection, Pipe

from retitle.errors import InputError, one_line
from retitle.model import Document
from retitle.parse.pdf import layout, pdfium_source

_PR_SET_PDEATHSIG = 1  # Linux prctl: the helper is killed when the process that forked it dies


class HelperCrashed(Exception):
    """The helper process died while reading a file; `reason` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Helper:
    def __init__(self) -> None:
        self.owner = os.getpid()
        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            try:
                ours.close()
                _serve(theirs)
            finally:
                os._exit(0)
        theirs.close()
        self.pid, self.conn = pid, ours

    def read(self, request: tuple):
        try:
            self.conn.send(request)
            return self.conn.recv()
        except (EOFError, OSError):
            raise HelperCrashed(self._death()) from None

    def _death(self) -> str:
        """Why the helper died, after reaping it."""
        self.conn.close()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return "PDFium's helper process ended unexpectedly"
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = f"signal {number}"
            return f"PDFium crashed reading this file ({name})"
        return f"PDFium's helper process ended unexpectedly (exit code {os.WEXITSTATUS(status)})"


def _serve(conn: Connection) -> None:
    """The helper's loop: one request (name, bytes, password, page limit) in, one reply out, until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    keep = conn.fileno()
    # Inherited pipes (a batch worker's to its parent) must not outlive their owner in here, or the
    # other end would never see EOF when that owner dies.
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    # The collector neither scans what the helper inherited (the parent's engine, frozen) nor runs
    # while a file is read: it collects once each reply is sent, while the parent analyses the file.
    gc.freeze()
    gc.disable()
    while True:
        try:
            name, data, password, max_pages = conn.recv()
        except EOFError:
            return
        conn.send(_reply(name, data, password, max_pages))
        gc.collect()


def _reply(name: str, data: bytes, password: str, max_pages: int) -> tuple:
    """One file's answer: ("ok", document or None when PDFium found no text, repaired),
    ("error", kind, detail) when PDFium cannot read it, ("input", reason) when the layout refuses
    it, or ("raise", exception) for a bug in the layout, which the parent raises as its own."""
    try:
        sources, repaired = pdfium_source.read_pages(data, password, max_pages)
    except pdfium_source.PdfiumError as exc:
        return "error", exc.kind, exc.detail
    except Exception as exc:  # a Python-level failure in here must still answer, in one line
        return "error", "damaged", f"{type(exc).__name__}: {' '.join(str(exc).split())[:100]}"
    if not any(s.glyphs for s in sources):
        return "ok", None, repaired
    try:
        return "ok", layout.build(name, sources), repaired
    except InputError as exc:
        return "input", exc.reason
    except Exception as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(one_line(exc))
        return "raise", exc


_helper: _Helper | None = None
_lock = threading.Lock()  # one request at a time on the helper's pipe, whichever thread parses


def read_document(name: str, data: bytes, password: str, max_pages: int) -> tuple[Document | None, bool]:
    """The PDF read by PDFium and laid out, in the helper: the document (None when PDFium found no
    text) and whether PDFium rebuilt a broken cross-reference table. Raises `PdfiumError`,
    `InputError` (the layout's refusals), or `HelperCrashed` when the helper died on this file
    (the next call starts another)."""
    global _helper
    with _lock:
        if _helper is None or _helper.owner != os.getpid():
            _helper = _Helper()
        try:
            reply = _helper.read((name, data, password, max_pages))
        except HelperCrashed:
            _helper = None
            raise
    if reply[0] == "error":
        raise pdfium_source.PdfiumError(reply[1], reply[2])
    if reply[0] == "input":
        raise InputError(name, reply[1])
    if reply[0] == "raise":
        raise reply[1]
    return reply[1], reply[2]
