"""The terminal report: readable at 80 columns, coloured with rich on a TTY, plain otherwise.

Indented text is wrapped by rich (`Text.wrap`) to the width left after the indent, so every
wrapped line keeps its indentation; no line carries trailing padding.
"""

from __future__ import annotations

import io
import os
from typing import TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from retitle.model import Report
from retitle.render.line import location
from retitle.render.summary import current_line, experience_line, money, shown_titles

_LEVEL_STYLE = {"warning": "bold yellow", "suggestion": "cyan"}
_SHOWN_PER_AREA = 2


def make_console(stream: TextIO, color: bool | None = None) -> Console:
    """A rich console: colour only on a terminal and never with NO_COLOR set."""
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    if color is None:
        color = is_tty and not os.environ.get("NO_COLOR")
    return Console(file=stream, width=None if is_tty else 80, no_color=not color,
                   color_system="auto" if color else None, highlight=False, soft_wrap=False,
                   force_terminal=color, emoji=False)


def render(report: Report, color: bool = False) -> str:
    buffer = io.StringIO()
    print_report(report, make_console(buffer, color))
    return buffer.getvalue()


def _indent(console: Console, text: Text, left: int = 0) -> None:
    """Print `text` wrapped to the console width, every wrapped line indented by `left`."""
    for line in text.wrap(console, max(20, console.width - left)):
        line.rstrip()
        console.print(Text(" " * left) + line)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def print_report(report: Report, console: Console) -> None:
    doc = report.document
    _indent(console, Text(report.file, style="bold") + Text(f"  ({doc.format}, {len(doc.blocks)} blocks)"))
    for warning in doc.warnings:
        _indent(console, Text(f"note: {warning}", style="dim"), 2)
    by_block: dict[str, list] = {}
    for finding in report.findings:
        by_block.setdefault(finding.block_id, []).append(finding)
    for block_id, findings in by_block.items():
        block = report.block(block_id)
        console.print()
        _indent(console, Text(location(report, block_id, 0), style="dim"))
        _indent(console, _highlighted(block.text, findings), 2)
        for f in findings:
            head = Text(f.code, style=_LEVEL_STYLE.get(f.level, "")) + Text(f" {f.level} · {f.name} · {f.area}")
            _indent(console, head + Text(f": “{f.text}”", style="bold"), 2)
            _indent(console, Text(f.message), 6)
            for s in f.suggestions:
                body = s.text + (f" ({s.reason})" if s.reason else "")
                label = f"→ {s.kind}{' (safe to apply)' if s.safe else ''}: "
                _indent(console, Text(label, style="green") + Text(body), 6)
    console.print()
    print_summary(report, console)


def print_summary(report: Report, console: Console) -> None:
    s = report.summary
    units = s.get("units", {})
    score = s.get("framing_score")
    _indent(console, Text("Framing score: ", style="bold")
                  + Text(f"{score}/100" if score is not None
                         else f"n/a ({s.get('framing_note') or 'no research- or systems-framed bullets'})",
                         style="bold green" if (score or 0) >= 50 else "bold yellow"))
    _indent(console, Text(f"{units.get('systems', 0)} systems-framed, {units.get('mixed', 0)} mixed, "
                          f"{units.get('research', 0)} research-framed, {units.get('neutral', 0)} neutral "
                          "bullets (systems 1, mixed ½, research 0; neutral not counted)"), 2)
    if "suggestions_shown" in s:
        _indent(console, Text(f"Suggestions: {s['suggestions_shown']} shown, "
                              f"{s.get('suggestions_dropped', 0)} dropped by the claim guard"), 2)
    console.print()
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Skill-matrix area", style="bold")
    table.add_column("research", justify="right")
    table.add_column("systems", justify="right")
    for area in s.get("areas", {}).values():
        table.add_row(area["name"], str(area["research"]), str(area["systems"]))
    console.print(Padding(table, (0, 0, 0, 2), expand=False))
    for area in s.get("areas", {}).values():
        shown = [("research", b) for b in area["research_blocks"][:_SHOWN_PER_AREA]]
        shown += [("systems", b) for b in area["systems_blocks"][:_SHOWN_PER_AREA]]
        if not shown:
            continue
        _indent(console, Text(area["name"], style="bold"), 2)
        for kind, block_id in shown:
            style = "yellow" if kind == "research" else "green"
            _indent(console, Text(f"{kind[0].upper()} ", style=style) + Text(_shorten(report.block(block_id).text, 68)), 4)
        more = len(area["research_blocks"]) + len(area["systems_blocks"]) - len(shown)
        if more > 0:
            _indent(console, Text(f"… and {more} more", style="dim"), 4)
    if s.get("publications"):
        _indent(console, Text(f"Publications: {s['publications']} listed (research evidence; not flagged line by line)"), 2)
    console.print()
    titles = s.get("titles", {})
    _indent(console, Text("Current title(s): ", style="bold") + Text(current_line(titles)))
    years = s.get("years_experience")
    market = s.get("market") or {}
    _indent(console, Text("Experience: ", style="bold") + Text(experience_line(years, s.get("experience_basis"), market)))
    supported, more = shown_titles(titles)
    _indent(console, Text("Evidence supports: ", style="bold")
                  + Text(", ".join(t["title"] for t in supported) or "no title in the taxonomy")
                  + Text(f" (strongest first; {more} more in the JSON report)" if more else ""))
    for title in supported:
        why = title.get("why") or f"{len(title['bullets'])} bullets"
        _indent(console, Text(title["title"], style="bold") + Text(f": {why}"), 2)
        for block_id in title["bullets"][:3]:
            _indent(console, Text("· " + _shorten(report.block(block_id).text, 70)), 4)
    if titles.get("note"):
        _indent(console, Text(titles["note"]), 2)
    if market:
        ml, ai = market.get("ml_engineer") or {}, market.get("ai_engineer") or {}
        _indent(console, Text(f"Market reference, {market['level']}:", style="bold"))
        _indent(console, Text(f"ML Engineer {money(ml.get('base'))} base / {money(ml.get('total'))} total · "
                              f"AI Engineer {money(ai.get('base'))} base / {money(ai.get('total'))} total"), 2)
        _indent(console, Text(f"Source: {market.get('source')}, {market.get('date')}", style="dim"), 2)
    levels = s.get("findings_by_level", {})
    _indent(console, Text(f"{len(report.findings)} finding(s): {levels.get('warning', 0)} warning, "
                       f"{levels.get('suggestion', 0)} suggestion", style="bold"))


def _highlighted(text: str, findings) -> Text:
    out = Text(text)
    for f in findings:
        out.stylize("bold underline", f.start, f.end)
    return out

