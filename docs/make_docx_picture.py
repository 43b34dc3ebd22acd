"""Render page 1 of a marked-up DOCX to PNG with its comments beside the page, for the README.

    python docs/make_docx_picture.py [RESUME] [OUT.png]    # needs LibreOffice, poppler-utils and Pillow

LibreOffice renders the page (soffice -> PDF -> pdftoppm). LibreOffice 7.4 cannot
put comments in the PDF margin, so the comment texts and positions are read from
the PDF's own annotations (what LibreOffice exported from the DOCX: the end of
each commented range) and drawn in a margin beside the page, numbered, each joined
to its place in the text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from PIL import Image, ImageDraw, ImageFont

import retitle
from retitle.render.docx_out import write_docx

HERE = Path(__file__).resolve().parent
DPI = 110
MARGIN = 520
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def page_comments(pdf: Path) -> list[tuple[float, float, str]]:
    """(x, y from the top, text) of each comment LibreOffice exported on page 1, in PDF points."""
    with pdf.open("rb") as stream:
        page = next(PDFPage.create_pages(PDFDocument(PDFParser(stream))))
        height = page.mediabox[3]
        out = []
        for annot in resolve1(page.annots) or []:
            annot = resolve1(annot)
            if getattr(resolve1(annot.get("Subtype")), "name", "") != "Text":
                continue
            x0, y0, x1, y1 = resolve1(annot["Rect"])
            contents = resolve1(annot.get("Contents"))
            text = contents.decode("utf-16") if contents[:2] in (b"\xfe\xff", b"\xff\xfe") else contents.decode("latin-1")
            out.append((x0, height - y1, text))
    return out


def draw(png: Path, comments: list[tuple[float, float, str]], out: Path) -> None:
    page = Image.open(png).convert("RGB")
    scale = DPI / 72
    canvas = Image.new("RGB", (page.width + MARGIN, page.height), "#f3f3f3")
    canvas.paste(page, (0, 0))
    ink = ImageDraw.Draw(canvas)
    body, head = ImageFont.truetype(FONT, 13), ImageFont.truetype(BOLD, 13)
    top = 12
    for number, (x, y, text) in enumerate(sorted(comments, key=lambda c: (c[1], c[0])), start=1):
        lines = text.splitlines()
        wrapped = [(head, w) for w in textwrap.wrap(f"{number}. {lines[0]}", 62)]
        for line in lines[1:3]:
            wrapped += [(body, w) for w in textwrap.wrap(line, 66)]
        if len(lines) > 3:
            wrapped.append((body, f"… {len(lines) - 3} more line(s) in the comment"))
        box_h = 8 + 17 * len(wrapped)
        box_top = max(top, int(y * scale) - 10)
        if box_top + box_h > canvas.height:
            break
        left = page.width + 14
        ink.rectangle([left, box_top, canvas.width - 10, box_top + box_h], fill="#fff8d6", outline="#d4b200")
        cx, cy = int(x * scale) + 6, int(y * scale) + 8
        ink.line([(cx, cy), (left, box_top + 10)], fill="#d4b200", width=1)
        ink.ellipse([cx - 7, cy - 7, cx + 7, cy + 7], fill="#d4b200")
        ink.text((cx, cy), str(number), font=ImageFont.truetype(BOLD, 10), fill="white", anchor="mm")
        for i, (font, line) in enumerate(wrapped):
            ink.text((left + 8, box_top + 5 + 17 * i), line, font=font, fill="#222222")
        top = box_top + box_h + 6
    canvas.save(out, optimize=True)


def main(source: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or sys.exit("LibreOffice (soffice) is needed")
    with tempfile.TemporaryDirectory() as tmp:
        docx = write_docx(retitle.analyze(source), Path(tmp) / "marked-up.docx")
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                        "--outdir", tmp, str(docx)], check=True, capture_output=True, timeout=300)
        pdf = Path(tmp) / "marked-up.pdf"
        subprocess.run(["pdftoppm", "-hide-annotations", "-r", str(DPI), "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                        f"{tmp}/page"], check=True, capture_output=True, timeout=120)
        draw(Path(tmp) / "page.png", page_comments(pdf), out)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else HERE.parent / "samples" / "ada_okafor_resume.docx",
         Path(args[1]) if len(args) > 1 else HERE / "marked-up-docx.png")
