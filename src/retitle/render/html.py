"""The HTML report: one self-contained page per resume, and an index page for a batch.

The pages are Jinja2 templates (`render/templates/`, shipped in the wheel) with autoescaping on,
so every text that comes from a resume is escaped wherever it lands, and no HTML is built in
strings here. A page loads nothing: its CSS, its chart (inline SVG) and the index's sorting
script are inside it, and its Content-Security-Policy forbids every load (`default-src 'none'`)
and lets only that exact style and script apply (by their SHA-256). Markup that slipped past the
escaping could then neither fetch anything nor run, and the page works from `file://` offline.

This module formats the `Report`; it computes nothing about the resume and phrases no summary fact:
`summary_view` is the one place that reads `Report.summary`, and the page shows the lines of
`retitle.sentences` as they are (the chart draws the areas' counts).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from retitle import __version__
from retitle.model import AreaScore, Block, Finding, Report, Suggestion
from retitle.render.line import location
from retitle.render import check_output_path
from retitle.sentences import SCORECARD_CAPTION, SCORECARD_COLUMNS, ScorecardRow, summary_text

INDEX_NAME = "index.html"
_KIND_LABEL = {"reframe": "Reframe", "prompt": "Ask yourself", "trim": "Trim"}

# The skill-matrix chart, in SVG user units: a label column, then two bars per area (research
# above systems) scaled to the largest count on the page.
CHART_WIDTH = 460
CHART_LABEL_WIDTH = 170
CHART_BAR_SPACE = 240
CHART_ROW_HEIGHT = 32
CHART_BAR_HEIGHT = 11
CHART_LEGEND_HEIGHT = 26


# ---------------------------------------------------------------- templates


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("retitle.render", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=None)
def _asset(name: str) -> tuple[Any, str]:
    """A shipped style sheet or script (our own file, not resume text, so inlined as is) and the
    CSP source that allows exactly it: 'sha256-…' of the text between its tags."""
    from markupsafe import Markup

    text = (resources.files("retitle.render") / "templates" / name).read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"


def _policy(script: str | None = None) -> str:
    """The page's Content-Security-Policy: nothing may load; only our style (and script) apply."""
    _, style = _asset("style.css")
    script = script or "'none'"
    return (f"default-src 'none'; style-src {style}; script-src {script}; "
            "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")


# ---------------------------------------------------------------- one resume


def render_page(report: Report, index_href: str | None = None) -> str:
    """The page of one report. `index_href` links back to a batch's index page."""
    css, _ = _asset("style.css")
    return _environment().get_template("page.html.j2").render(
        css=css, policy=_policy(), version=__version__, index_href=index_href, **page_view(report))


def write_html(report: Report, out_path: str | os.PathLike, index_href: str | None = None) -> Path:
    """Write the page of one report, atomically; returns the output path.

    Raises `UsageError` when the output would overwrite the input or is a folder.
    """
    out = Path(out_path)
    check_output_path(out, Path(report.document.path), "an .html file path")
    _write_text(out, render_page(report, index_href))
    return out


def page_view(report: Report) -> dict[str, Any]:
    """What the page template shows: the document's blocks in reading order, each with its
    findings numbered and their words marked, and the summary."""
    doc = report.document
    summary = summary_view(report)
    by_block: dict[str, list[tuple[int, Finding]]] = {}
    for number, finding in enumerate(report.findings, start=1):
        by_block.setdefault(finding.block_id, []).append((number, finding))
    runs: list[dict[str, Any]] = []
    top_seen = False   # the resume's headings are h3 under the page's h2, sub-headings h4 below an h3
    for block in doc.blocks:
        view = _block_view(report, block, by_block.get(block.id, []), summary["area_names"])
        if block.kind == "heading":
            sub = int(block.fields.get("level") or 1) > 1 and top_seen
            view["heading_level"], top_seen = (4 if sub else 3), top_seen or not sub
        if block.kind == "bullet" and runs and runs[-1]["kind"] == "bullets":
            runs[-1]["blocks"].append(view)
        else:
            runs.append({"kind": "bullets" if block.kind == "bullet" else "block", "blocks": [view]})
    return {"file": report.file, "format": doc.format, "pages": doc.pages, "block_count": len(doc.blocks),
            "warnings": doc.warnings, "runs": runs, "finding_count": len(report.findings),
            "summary": summary}


def _block_view(report: Report, block: Block, findings: list[tuple[int, Finding]],
                area_names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": block.id, "kind": block.kind, "section": block.section, "heading_level": None,
        "segments": segments(block.text, findings),
        "findings": [_finding_view(report, number, f, area_names) for number, f in findings],
    }


def segments(text: str, findings: Iterable[tuple[int, Finding]]) -> list[tuple[str, int | None, Finding | None]]:
    """The block text cut at its findings' character spans: (text, finding number or None, finding).
    The engine never lets two findings overlap; one that did would start where the previous ends."""
    out: list[tuple[str, int | None, Finding | None]] = []
    cursor = 0
    for number, finding in sorted(findings, key=lambda nf: (nf[1].start, nf[1].end)):
        start = min(max(finding.start, cursor), len(text))
        end = min(max(finding.end, start), len(text))
        if start > cursor:
            out.append((text[cursor:start], None, None))
        out.append((text[start:end], number, finding))
        cursor = end
    if cursor < len(text) or not out:
        out.append((text[cursor:], None, None))
    return out


def _finding_view(report: Report, number: int, finding: Finding, area_names: dict[str, str]) -> dict[str, Any]:
    return {
        "number": number, "code": finding.code, "name": finding.name, "level": finding.level,
        "area": area_names.get(finding.area, finding.area), "text": finding.text, "message": finding.message,
        "where": location(report, finding.block_id, finding.start)[len(report.file):].lstrip(":"),
        "suggestions": [_suggestion_view(s) for s in finding.suggestions],
    }


def _suggestion_view(s: Suggestion) -> dict[str, Any]:
    return {"kind": s.kind, "label": _KIND_LABEL.get(s.kind, s.kind), "safe": s.safe,
            "parts": placeholder_parts(s.text, s.placeholders), "reason": s.reason}


def placeholder_parts(text: str, placeholders: list[str]) -> list[tuple[str, bool]]:
    """A prompt's text cut around its `[placeholders]`: (text, is a placeholder), brackets kept."""
    if not placeholders:
        return [(text, False)]
    pattern = re.compile("(" + "|".join(re.escape(f"[{p}]") for p in sorted(set(placeholders), key=len, reverse=True)) + ")")
    return [(part, bool(pattern.fullmatch(part))) for part in pattern.split(text) if part]


def summary_view(report: Report) -> dict[str, Any]:
    """The summary as the page shows it — the one place this renderer reads `Report.summary`: the
    lines of `retitle.sentences`, and the skill-matrix areas for the chart."""
    summary = report.summary
    text = summary_text(summary)
    return {
        "framing": text.framing, "score": summary.framing.score, "lines": text.lines,
        "chart": chart(summary.areas), "legend": SCORECARD_COLUMNS[1:], "chart_caption": SCORECARD_CAPTION,
        "chart_rows": [str(ScorecardRow(a.name, a.research, a.systems)) for a in summary.areas],
        "area_names": {a.id: a.name for a in summary.areas},
    }


def chart(areas: Iterable[AreaScore]) -> dict[str, Any]:
    """The skill-matrix scorecard as bar geometry: every area, research and systems counts."""
    areas = list(areas)
    largest = max([1, *(max(a.research, a.systems) for a in areas)])
    rows = []
    for index, area in enumerate(areas):
        top = CHART_LEGEND_HEIGHT + index * CHART_ROW_HEIGHT
        bars = []
        for offset, side, count in ((0, "research", area.research), (CHART_BAR_HEIGHT + 2, "systems", area.systems)):
            width = round(CHART_BAR_SPACE * count / largest, 1)
            bars.append({"side": side, "count": count, "y": top + 4 + offset, "width": width,
                         "label_x": CHART_LABEL_WIDTH + width + 5})
        rows.append({"key": area.id, "name": area.name, "label_y": top + 4 + CHART_BAR_HEIGHT + 5, "bars": bars})
    return {"width": CHART_WIDTH, "height": CHART_LEGEND_HEIGHT + len(rows) * CHART_ROW_HEIGHT + 4,
            "label_width": CHART_LABEL_WIDTH, "bar_height": CHART_BAR_HEIGHT, "rows": rows}


# ---------------------------------------------------------------- a batch


def render_index(rows: list[dict[str, Any]], pages: dict[str, str], *, total: int,
                 interrupted: bool = False) -> str:
    """The batch index: one table row per input file (summary rows, as summary.csv has them),
    linked to its page; `pages` maps a row's path to its page, relative to the index."""
    css, _ = _asset("style.css")
    script, script_hash = _asset("sort.js")
    shown = sorted(rows, key=lambda r: r["path"])
    failed = sum(1 for r in shown if r["error"])
    return _environment().get_template("index.html.j2").render(
        css=css, script=script, policy=_policy(script_hash), version=__version__,
        rows=[_index_row(r, pages.get(r["path"])) for r in shown],
        total=total, finished=len(shown), failed=failed, interrupted=interrupted)


def write_index(out_dir: str | os.PathLike, rows: list[dict[str, Any]], pages: dict[str, str | os.PathLike], *,
                total: int, interrupted: bool = False) -> Path:
    """Write `index.html` into the batch's --out folder, atomically; `pages` maps a row's path to
    the file of its page."""
    out = Path(out_dir) / INDEX_NAME
    links = {path: os.path.relpath(page, out.parent) for path, page in pages.items()}
    _write_text(out, render_index(rows, links, total=total, interrupted=interrupted))
    return out


def _index_row(row: dict[str, Any], page: str | None) -> dict[str, Any]:
    warnings, suggestions = row.get("findings_warning") or 0, row.get("findings_suggestion") or 0
    return {
        "path": row["path"], "href": quote(Path(page).as_posix()) if page else None,
        "format": row.get("format") or "", "bullets": row.get("bullets"),
        "findings": None if row["error"] else warnings + suggestions,
        "warnings": warnings, "suggestions": suggestions,
        "score": row.get("framing_score"), "level": str(row.get("level") or "").replace("_", " ").capitalize(),
        "titles": row.get("suggested_titles") or [], "error": row["error"] or "",
    }


def page_href(page: str | os.PathLike, index: str | os.PathLike) -> str:
    """The link from a page back to the index, relative to the page's folder."""
    return quote(Path(os.path.relpath(index, Path(page).parent)).as_posix())


def _write_text(out: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, out)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
