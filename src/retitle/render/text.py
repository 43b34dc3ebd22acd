"""The terminal report: readable at 80 columns, coloured with rich on a TTY, plain otherwise."""

from __future__ import annotations

import io
import os
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from retitle.model import Report
from retitle.render.line import location
from retitle.render.summary import summary_lines

_LEVEL_STYLE = {"warning": "bold yellow", "suggestion": "cyan"}


def make_console(stream: TextIO, color: bool | None = None) -> Console:
    """A rich console: colour only on a terminal and never with NO_COLOR set."""
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    if color is None:
        color = is_tty and not os.environ.get("NO_COLOR")
    return Console(file=stream, width=80 if not is_tty else None, no_color=not color,
                   color_system="auto" if color else None, highlight=False, soft_wrap=False,
                   force_terminal=color, emoji=False)


def render(report: Report, color: bool = False) -> str:
    buffer = io.StringIO()
    console = make_console(buffer, color)
    print_report(report, console)
    return buffer.getvalue()


def print_report(report: Report, console: Console) -> None:
    doc = report.document
    console.print(Text(f"{report.file}", style="bold") + Text(f"  ({doc.format}, {len(doc.blocks)} blocks)"))
    for warning in doc.warnings:
        console.print(Text(f"  note: {warning}", style="dim"))
    by_block: dict[str, list] = {}
    for finding in report.findings:
        by_block.setdefault(finding.block_id, []).append(finding)
    for block_id, findings in by_block.items():
        block = report.block(block_id)
        console.print()
        console.print(Text(location(report, block_id, 0), style="dim"))
        console.print(_highlighted(block.text, findings))
        for f in findings:
            console.print(
                Text("  ")
                + Text(f"{f.code}", style=_LEVEL_STYLE.get(f.level, ""))
                + Text(f" {f.level} · {f.name} · {f.area}: “{f.text}”")
            )
            console.print(Text(f"    {f.message}"), overflow="fold")
            for s in f.suggestions:
                label = f"    → {s.kind}{' (safe to apply)' if s.safe else ''}: "
                console.print(Text(label, style="green") + Text(s.text + (f" ({s.reason})" if s.reason else "")))
    console.print()
    for line in summary_lines(report):
        console.print(escape(line))
    levels = report.summary.get("findings_by_level", {})
    console.print(
        Text(f"{len(report.findings)} finding(s): {levels.get('warning', 0)} warning, "
             f"{levels.get('suggestion', 0)} suggestion", style="bold")
    )


def _highlighted(text: str, findings) -> Text:
    out = Text("  ") + Text(text)
    for f in findings:
        out.stylize("bold underline", f.start + 2, f.end + 2)
    return out
