"""The terminal report: readable at 80 columns, coloured with rich on a TTY, plain otherwise.

Indented text is wrapped by rich (`Text.wrap`) to the width left after the indent, so every
wrapped line keeps its indentation; no line carries trailing padding.
"""

from __future__ import annotations

import io
import os
import re
from typing import TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from retitle.model import Report
from retitle.render.line import location
from retitle.render.summary import current_line, experience_line, money, shown_titles

_LEVEL_STYLE = {"warning": "bold yellow", "suggestion": "cyan"}


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


_EXCERPT = 150  # characters of a long block shown around its findings


def excerpt(text: str, start: int, end: int, width: int = _EXCERPT) -> tuple[str, int]:
    """The part of a long block around chars start..end, cut at word ends with "…", and the
    offset it begins at (so findings can still be highlighted)."""
    if len(text) <= width:
        return text, 0
    lo = max(0, min(start - width // 4, len(text) - width))
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = min(len(text), max(lo + width, end))
    if hi < len(text):
        hi = text.rfind(" ", lo, hi) if text.rfind(" ", lo, hi) > end else hi
    body = text[lo:hi].strip()
    shift = lo + (len(text[lo:hi]) - len(text[lo:hi].lstrip()))
    return ("…" if lo else "") + body + ("…" if hi < len(text) else ""), shift - (1 if lo else 0)


def changed_part(original: str, rewrite: str) -> str:
    """A long rewrite shown where it differs from the original, with "…" for the rest."""
    if len(rewrite) <= _EXCERPT:
        return rewrite
    i = 0
    while i < min(len(original), len(rewrite)) and original[i] == rewrite[i]:
        i += 1
    j = 0
    while j < min(len(original), len(rewrite)) - i and original[-1 - j] == rewrite[-1 - j]:
        j += 1
    shown, _ = excerpt(rewrite, i, max(i, len(rewrite) - j))
    return shown


def suggestion_line(s, block_text: str) -> str:
    """One suggestion as the report shows it: a trim by what it cuts, a reframe where it changes
    the bullet, a prompt by its rule (the question and template are under the rule's explanation)."""
    if s.kind == "trim" and s.reason and s.reason.startswith("cut "):
        return s.reason
    if s.kind == "prompt":
        return f"fill in the {s.rule} template below"
    body = changed_part(block_text, s.text) if s.kind == "reframe" else s.text
    return body + (f" ({s.reason})" if s.reason else "")


def source_line(market: dict) -> str:
    """The article the figures and advice come from, by title and date, once: "Valenx Press, ML
    Engineer vs AI Engineer: … (2026-06)" without the aggregation note."""
    title = str(market.get("source") or "").split(" (")[0]
    return f"{title} ({market.get('date')})" if market.get("date") else title


def first_sentence(message: str) -> str:
    """The why of a rule's message, for the terminal (JSON, Markdown and DOCX carry it whole)."""
    m = re.search(r"(?<=[a-z0-9)\"”'])[.!?](?=\s+[A-Z\"“])", message)
    return message[: m.end()] if m else message


def explanations(report: Report) -> list[tuple[str, str, str, str]]:
    """(code, name, message, prompt) for each rule with a finding, once, in first-seen order;
    the prompt is the rule's question and template, shown once however many findings use it."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    prompts: dict[str, str] = {}
    for f in report.findings:
        seen.setdefault(f.code, (f.code, f.name, f.message, ""))
        for s in f.suggestions:
            if s.kind == "prompt":
                prompts.setdefault(f.code, s.text)
    return [(c, n, m, prompts.get(c, "")) for c, n, m, _ in seen.values()]


def print_report(report: Report, console: Console) -> None:
    doc = report.document
    _indent(console, Text(report.file, style="bold") + Text(f"  ({doc.format}, {len(doc.blocks)} blocks)"))
    for warning in doc.warnings:
        _indent(console, Text(f"note: {warning}", style="dim"), 2)
    by_block: dict[str, list] = {}
    for finding in report.findings:
        by_block.setdefault(finding.block_id, []).append(finding)
    if by_block:
        console.print()
    for block_id, findings in by_block.items():
        block = report.block(block_id)
        where = location(report, block_id, 0)
        where = where[len(report.file):].lstrip(":") or "—"
        shown, shift = excerpt(block.text, findings[0].start, findings[-1].end)
        _indent(console, Text(f"{where}: ", style="dim") + _highlighted(shown, findings, shift))
        for f in findings:
            head = (Text(f.code, style=_LEVEL_STYLE.get(f.level, "")) + Text(" warning" if f.level == "warning" else "")
                    + Text(f" {f.name.split('.')[-1]}"))
            prompts = [s for s in f.suggestions if s.kind == "prompt"]
            tail = Text(" → template below" if prompts else "", style="green")
            _indent(console, head + Text(f": “{_shorten(f.text, 48)}”", style="bold") + tail, 2)
            for s in f.suggestions:
                if s.kind == "prompt":
                    continue
                label = f"→ {s.kind}{' (safe to apply)' if s.safe else ''}: "
                _indent(console, Text(label, style="green") + Text(suggestion_line(s, block.text)), 4)
    if by_block:
        console.print()
        _indent(console, Text("Why these read as research framing", style="bold"))
        for code, name, message, prompt in explanations(report):
            _indent(console, Text(code, style="bold") + Text(f" {name}: {first_sentence(message)}"), 2)
            if prompt:
                _indent(console, Text("Template: ", style="green") + Text(prompt), 4)
    console.print()
    print_summary(report, console)


def print_summary(report: Report, console: Console) -> None:
    """The summary in a few lines: the score, the scorecard table, titles (at most three),
    experience, the market figures and their source."""
    s = report.summary
    units = s.get("units", {})
    score = s.get("framing_score")
    _indent(console, Text("Framing score: ", style="bold")
                  + Text(f"{score}/100" if score is not None
                         else f"n/a ({s.get('framing_note') or 'no research- or systems-framed bullets'})",
                         style="bold green" if (score or 0) >= 50 else "bold yellow")
                  + Text(f" ({units.get('systems', 0)} systems-framed, {units.get('mixed', 0)} mixed, "
                         f"{units.get('research', 0)} research-framed bullets; systems 1, mixed ½, research 0)"
                         if score is not None else ""))
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Skill-matrix area", style="bold")
    table.add_column("research", justify="right")
    table.add_column("systems", justify="right")
    for area in s.get("areas", {}).values():
        if area["research"] or area["systems"]:
            table.add_row(area["name"], str(area["research"]), str(area["systems"]))
    if table.row_count:
        console.print(Padding(table, (0, 0, 0, 2), expand=False))
    notes = []
    if s.get("publications"):
        notes.append(f"{s['publications']} publications listed")
    if "suggestions_shown" in s:
        notes.append(f"{s['suggestions_shown']} suggestions, {s.get('suggestions_dropped', 0)} dropped by the claim guard")
    if notes:
        _indent(console, Text("; ".join(notes), style="dim"), 2)
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
    if titles.get("note"):
        _indent(console, Text(titles["note"]), 2)
    if market:
        ml, ai = market.get("ml_engineer") or {}, market.get("ai_engineer") or {}
        _indent(console, Text(f"Market reference, {market['level']} (base / total): ", style="bold")
                + Text(f"ML Engineer {money(ml.get('base'))} / {money(ml.get('total'))}, "
                       f"AI Engineer {money(ai.get('base'))} / {money(ai.get('total'))}"))
        _indent(console, Text(f"Source: {source_line(market)}", style="dim"), 2)
    levels = s.get("findings_by_level", {})
    _indent(console, Text(f"{len(report.findings)} finding(s): {levels.get('warning', 0)} warning, "
                       f"{levels.get('suggestion', 0)} suggestion", style="bold"))


def _highlighted(text: str, findings, shift: int = 0) -> Text:
    out = Text(text)
    for f in findings:
        if f.start - shift >= 0 and f.end - shift <= len(text):
            out.stylize("bold underline", f.start - shift, f.end - shift)
    return out

