"""Regenerate the TXT, DOCX and PDF samples from the one Markdown source.

    python samples/make_samples.py        # needs python-docx and LibreOffice (soffice)

The DOCX is written with python-docx (real heading styles, list-bullet paragraphs,
one table for the skills line); the PDF is LibreOffice's export of that DOCX, so
the two are true twins of the Markdown.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from docx import Document as new_docx
from docx.shared import Pt

from retitle.parse import parse

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "ada_okafor_resume.md"


def write_text(doc, out: Path) -> None:
    lines: list[str] = []
    for block in doc.blocks:
        if block.kind == "heading":
            lines += ["", block.text.upper(), ""]
        elif block.kind == "entry":
            lines += ["", block.text]
        elif block.kind == "bullet":
            lines.append(textwrap.fill(block.text, 88, initial_indent="  - ", subsequent_indent="    "))
        else:
            lines.append(textwrap.fill(block.text, 88))
    out.write_text("\n".join(lines).strip() + "\n", encoding="utf-8")


def write_docx(doc, out: Path) -> None:
    document = new_docx()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    for block in doc.blocks:
        if block.kind == "contact" and block.id == "b0":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "entry":
            run = document.add_paragraph().add_run(block.text)
            run.bold = True
        elif block.kind == "bullet":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.section == "skills":
            table = document.add_table(rows=1, cols=2)
            table.cell(0, 0).text = "Tools"
            table.cell(0, 1).text = block.text
        else:
            document.add_paragraph(block.text)
    document.core_properties.author = "Ada Okafor (fictional)"
    document.save(out)


def write_pdf(docx_path: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice (LibreOffice) is needed to export the PDF")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )
        shutil.move(Path(tmp) / (docx_path.stem + ".pdf"), out)


def main() -> None:
    doc = parse(SOURCE)
    write_text(doc, HERE / "ada_okafor_resume.txt")
    docx_path = HERE / "ada_okafor_resume.docx"
    write_docx(doc, docx_path)
    write_pdf(docx_path, HERE / "ada_okafor_resume.pdf")


if __name__ == "__main__":
    main()
