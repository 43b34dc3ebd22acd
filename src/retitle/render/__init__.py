"""Renderers: each formats a `Report` (or an error) and nothing else."""

from __future__ import annotations

import os
from pathlib import Path

FORMATS = ("text", "json", "jsonl", "line", "markdown")


def check_output_path(out: Path, source: Path, expected: str) -> None:
    """Refuse an output file that is the input or a folder (`UsageError`); `expected` names the
    kind of path wanted ("an .html file path")."""
    from retitle.errors import UsageError

    if out.resolve() == source.resolve() or (out.exists() and source.exists() and os.path.samefile(out, source)):
        raise UsageError(f"{out}: the output would overwrite the input; choose another path")
    if out.is_dir():
        raise UsageError(f"{out}: is a directory; give {expected}")


def render_report(report, fmt: str, color: bool = False) -> str:
    """One report as the text a format prints to stdout (json pretty, jsonl one line)."""
    if fmt in ("json", "jsonl"):
        from retitle.render.json_out import dumps

        return dumps(report.to_dict(), pretty=fmt == "json")
    if fmt == "line":
        from retitle.render.line import render
    elif fmt == "markdown":
        from retitle.render.markdown import render
    else:
        from retitle.render.text import render

        return render(report, color)
    return render(report)
