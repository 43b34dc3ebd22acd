"""The progress display of a batch: a rich bar on stderr, only when stderr is a terminal."""

from __future__ import annotations

import os
import time


def is_tty(stream) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


class Progress:
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
