"""One finding a line, `file:line:col: CODE level message`, for editors and grep."""

from __future__ import annotations

from retitle.model import Report


def location(report: Report, block_id: str, offset: int) -> str:
    """`file:line:col` for text sources, `file:page N` for PDF, `file:¶path` for DOCX."""
    anchor = report.block(block_id).anchor
    where = anchor.locate(offset)
    if where:
        return f"{report.file}:{where[0]}:{where[1]}"
    if anchor.page is not None:
        return f"{report.file}:page {anchor.page}"
    if anchor.path is not None:
        return f"{report.file}:¶{'/'.join(map(str, anchor.path))}"
    if anchor.pointer is not None:
        return f"{report.file}:{anchor.pointer}"
    return report.file


def render(report: Report) -> str:
    return "".join(
        f"{location(report, f.block_id, f.start)}: {f.code} {f.level} {f.message.split('. ')[0].rstrip('.')}. "
        f"[{f.name}] “{f.text}”\n"
        for f in report.findings
    )
