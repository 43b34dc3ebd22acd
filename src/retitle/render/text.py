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
from retitle.sentences import SCORECARD_COLUMNS, Line, Tone, summary_text

_LEVEL_STYLE = {"warning": "bold yellow", "suggestion": "cyan"}
_TONE_STYLE = {Tone.PLAIN: "", Tone.GOOD: "bold green", Tone.WEAK: "bold yellow", Tone.QUIET: "dim", Tone.STRONG: "bold"}


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


# The terminal shows the reason of the strongest supported title only, so a report stays short.
TERMINAL_REASONS = 1

_EXCERPT = 110  # characters of a long rewrite shown around its change (about a line and a half)
# A flagged block is shown on one line with its location (a narrow terminal: at least this many
# characters): each finding line under it quotes its own words.
MIN_EXCERPT = 60


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
        # a long block is shown around its first finding only; each finding line quotes its own words
        shown, shift = excerpt(block.text, findings[0].start, findings[0].end,
                               max(MIN_EXCERPT, console.width - len(where) - 4))  # ": " and two "…"
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
            if prompt:  # the template alone (its question is in the JSON, Markdown and HTML reports)
                _indent(console, Text("Template: ", style="green") + Text(prompt[prompt.find("["):]), 4)
    console.print()
    print_summary(report, console)


def print_summary(report: Report, console: Console) -> None:
    """The summary lines of `retitle.sentences`: the score, the scorecard as a table, then the
    other lines, asides and details indented (one reason per line, `TERMINAL_REASONS`)."""
    text = summary_text(report.summary)
    _indent(console, _styled(text.framing))
    if text.scorecard:
        table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
        area, research, systems = SCORECARD_COLUMNS
        table.add_column(area, style="bold")
        table.add_column(research, justify="right")
        table.add_column(systems, justify="right")
        for row in text.scorecard:
            table.add_row(row.name, str(row.research), str(row.systems))
        console.print(Padding(table, (0, 0, 0, 2), expand=False))
    for line in text.lines:
        _indent(console, _styled(line), 2 if line.tone == Tone.QUIET else 0)
        labelled = 0
        for detail in line.details:
            labelled += bool(detail.label)
            if detail.label and labelled > TERMINAL_REASONS:
                continue  # the other titles' reasons are in the JSON, Markdown and HTML reports
            _indent(console, _styled(detail), 2)


def _styled(line: Line) -> Text:
    """A summary line with its label bold and its value in the line's tone; an aside or the closing
    count is styled whole."""
    if line.tone in (Tone.QUIET, Tone.STRONG):
        return Text(str(line), style=_TONE_STYLE[line.tone])
    label = Text(f"{line.label}: ", style="bold") if line.label else Text("")
    return label + Text(line.value, style=_TONE_STYLE[line.tone]) + Text(line.note)


def _highlighted(text: str, findings, shift: int = 0) -> Text:
    out = Text(text)
    for f in findings:
        if f.start - shift >= 0 and f.end - shift <= len(text):
            out.stylize("bold underline", f.start - shift, f.end - shift)
    return out

