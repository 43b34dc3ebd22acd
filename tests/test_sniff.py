"""The format is chosen by content as well as by name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from retitle.errors import InputError
from retitle.parse import parse, sniff

from conftest import FIXTURES

JAKE = (FIXTURES / "latex" / "jake.tex").read_bytes()
RESUME_JSON = (FIXTURES / "jsonresume" / "mini.resume.json").read_bytes()


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, fmt", [
    ("resume.txt", JAKE, "latex"),
    ("resume", JAKE, "latex"),
    ("resume.txt", RESUME_JSON, "jsonresume"),
    ("resume.txt", RESUME_JSON.decode().encode("utf-16"), "jsonresume"),
    ("resume.txt", b"\xef\xbb\xbf" + RESUME_JSON, "jsonresume"),
    ("resume.txt", b"EXPERIENCE\n- Built \\ things {with} braces\n", "text"),
    ("resume.txt", b'{"not": "a resume"}', "text"),
    ("resume.tex", b"plain words only", "latex"),
    ("resume.md", b"# Jo\n\n\\section{Experience}\n\\item a\n\\item b\n", "markdown"),
    ("resume.json", b"not json at all", "jsonresume"),
    ("resume.pdf", minimal_docx(), "docx"),
    ("resume.docx", b"%PDF-1.7\n...", "pdf"),
    ("resume.txt", b"%PDF-1.4\n...", "pdf"),
])
def test_sniff_reads_content_first(name, data, fmt):
    assert sniff(Path(name), data) == fmt


def test_latex_in_txt_is_parsed_as_latex(tmp_path):
    src = tmp_path / "resume.txt"
    src.write_bytes(JAKE)
    doc = parse(src)
    assert doc.format == "latex" and any(b.kind == "entry" for b in doc.blocks)


def test_json_resume_in_txt_is_parsed_as_json_resume(tmp_path):
    src = tmp_path / "resume.txt"
    src.write_bytes(RESUME_JSON)
    doc = parse(src)
    assert doc.format == "jsonresume" and doc.blocks[0].anchor.pointer == "/basics/name"


def test_json_name_without_json_content_is_refused_clearly(tmp_path):
    src = tmp_path / "resume.json"
    src.write_text("Jane Doe\nML Engineer\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"resume\.json: not valid JSON \(line 1 column 1"):
        parse(src)
