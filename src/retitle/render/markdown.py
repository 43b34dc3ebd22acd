"""A Markdown report, for pasting into a ticket, a coaching note or a pull request.

Each finding names its rule; the rule's explanation is given once, under "Why these read as
research framing", however many findings it has.
"""

from __future__ import annotations

from retitle.model import Report
from retitle.sentences import SCORECARD_COLUMNS, Line, Tone, summary_text


def _line(line: Line) -> str:
    """A summary line with its label bold; an aside in italics, the closing count in bold."""
    if line.tone == Tone.QUIET:
        return f"*{line}*"
    if line.tone == Tone.STRONG:
        return f"**{line}**"
    return (f"**{line.label}:** " if line.label else "") + line.value + line.note


def summary_lines(report: Report) -> list[str]:
    """The summary lines of `retitle.sentences` as a list, with the scorecard as a table after the score."""
    text = summary_text(report.summary)
    out = [f"- {_line(text.framing)}", ""]
    if text.scorecard:
        out += ["| " + " | ".join(SCORECARD_COLUMNS) + " |", "| --- | ---: | ---: |"]
        out += [f"| {row.name} | {row.research} | {row.systems} |" for row in text.scorecard]
        out.append("")
    for line in text.lines:
        out.append(f"- {_line(line)}")
        out += [f"  - {_line(detail)}" for detail in line.details]
    return out


def render(report: Report) -> str:
    out = [f"# retitle report: {report.file}", ""]
    out += summary_lines(report)
    out.append("")
    by_block: dict[str, list] = {}
    for finding in report.findings:
        by_block.setdefault(finding.block_id, []).append(finding)
    if by_block:
        out += ["## Findings", ""]
    why: dict[str, tuple[str, str]] = {}
    for block_id, findings in by_block.items():
        block = report.block(block_id)
        out.append(f"> {block.text}")
        out.append("")
        for f in findings:
            why.setdefault(f.code, (f.name, f.message))
            out.append(f"- **{f.code}** `{f.name}` ({f.level}, {f.area}): “{f.text}”")
            for s in f.suggestions:
                safe = " (safe to apply)" if s.safe else ""
                out.append(f"  - *{s.kind}*{safe}: {s.text}" + (f" ({s.reason})" if s.reason else ""))
        out.append("")
    if why:
        out += ["## Why these read as research framing", ""]
        out += [f"- **{code}** `{name}`: {message}" for code, (name, message) in why.items()]
        out.append("")
    return "\n".join(out) + "\n"
