"""Renderers: each formats a `Report` (or an error) and nothing else."""

from __future__ import annotations

FORMATS = ("text", "json", "jsonl", "line", "markdown")


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
