"""Property-based fuzzing of the text-side parsers and of `analyze` on text input.

Whatever the bytes: a Document or an InputError, never a traceback; every block's kind and
section are members of their enums (`BlockKind`, `Section`), however a parser set them; every
text anchor lands on the source character it came from (modulo NFKC), and every JSON pointer
resolves. Example counts are sized so
this file runs in well under 30 s on the 2-core CI machine.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import retitle
from retitle.errors import InputError
from retitle.model import BlockKind, Document, Section
from retitle.parse import _parser, sniff
from retitle.parse.jsonresume import RESUME_KEYS
from retitle.parse.lines import source_lines

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GLYPHS = "•●▪◦‣–—*·-+>#|=~_ \t\u00a0\u00ad\ufb01\ufb03\u200b"
WORDS = ["Experience", "EXPERIENCE", "Skills", "Tuned hyperparameters", "Jan 2020 – Present", "2019-2021",
         "Engineer, Acme", "a@b.io", "github.com/x", "<!-- retitle: ignore RP001 -->", "**bold**", "[l](u)",
         "---", "===", "```", "| a | b |", "|---|---|", "1.", "- ", "  ", "\r", "deploy-"]
TEX_BITS = ["\\section{", "\\section*{Experience}", "\\item ", "\\resumeItem{", "\\resumeSubheading{",
            "\\cventry{", "\\cvsection{", "\\begin{itemize}", "\\end{itemize}", "\\begin{document}",
            "\\end{document}", "\\begin{comment}", "\\href{", "\\textbf{", "\\url{", "\\'", "\\c ", "\\\\",
            "\\&", "\\%", "%", "% retitle: ignore RP001\n", "{", "}", "[", "]", "$", "~", "--", "``", "''",
            "\\def\\x{", "\\newcommand{\\y}[1]{", "\\runsubsection{", "\\location{", "\\name{", "Jan 2020",
            "Tuned", " ", "\n", "\n\n", "\\", "\\LaTeX", "é", "\ufb01"]

text_like = st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=GLYPHS, max_size=4), st.text(max_size=20)),
                     max_size=40).map(lambda parts: "".join(p + ("\n" if i % 3 == 2 else " ") for i, p in enumerate(parts)))
tex_like = st.lists(st.one_of(st.sampled_from(TEX_BITS), st.text(max_size=8)), max_size=60).map("".join)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["name", "position", "highlights", "startDate", "endDate", "summary",
                                     "keywords", "location", "profiles", "studyType", "area", "x"]), inner, max_size=5),
), max_leaves=25)
resume_like = st.dictionaries(st.sampled_from(RESUME_KEYS + ("meta",)), json_values, max_size=6)


def check_document(doc: Document, source: str | None, data: bytes) -> None:
    """Blocks are well formed and every anchor points back into the source."""
    assert isinstance(doc, Document)
    lines = source_lines(source) if source is not None else []
    parsed = None
    for block in doc.blocks:
        assert isinstance(block.kind, BlockKind) and isinstance(block.section, Section)
        assert block.text and block.text == block.text.strip()
        anchor = block.anchor
        if anchor.kind == "json":
            if parsed is None:
                parsed = json.loads(data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode("utf-16"))
            node = parsed
            for part in anchor.pointer.split("/")[1:]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            continue
        assert anchor.kind == "text"
        for offset in range(len(block.text)):
            line, column = anchor.locate(offset)
            assert 1 <= line <= len(lines), (block.text, offset, line)
            assert 1 <= column <= len(lines[line - 1]) + 1, (block.text, offset, line, column)
            char = block.text[offset]
            if doc.format in ("text", "markdown") and char.isascii() and char.isalnum():
                assert char in unicodedata.normalize("NFKC", lines[line - 1][column - 1]), (block.text, offset)


def run_parser(fmt: str, name: str, data: bytes) -> None:
    """Parse as the format would be; InputError is a fine outcome, anything else is a bug."""
    from retitle.parse.text import decode

    try:
        doc = _parser(fmt)(Path(name), data)
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    check_document(doc, decode(data, name) if fmt != "jsonresume" else None, data)


@FUZZ
@given(st.one_of(text_like, st.text()), st.sampled_from(["utf-8", "utf-16", "latin-1"]))
@example("E" * 200_000 + "\n- " + "x" * 200_000, "utf-8")  # huge lines
@example("- " + "\n".join("  " * i + "- deep" for i in range(400)), "utf-8")  # deep nesting
@example("a-\n-\nb\u00ad\u00ad\n\ufb03\u00ad\ufb01x", "utf-8")
@example("\u00a8", "utf-8")  # found: NFKC turns "¨" into a space and a combining mark
@example("Experience\nEXPERIENCE A B \nExperience Experience\n| ", "utf-8")  # found: " | " joiner past line end
@example("x\x1e0\u2028y\x0cz", "utf-8")  # found: str.splitlines() counts lines no editor shows
def test_plain_text_parser(source, encoding):
    run_parser("text", "r.txt", source.encode(encoding, errors="replace"))


@FUZZ
@given(st.one_of(text_like, st.text()))
@example("\n".join(">" * i + " - item" for i in range(300)))
@example("---\n" + "title: x\n" * 500)  # front matter that never closes
@example("| a | b |\n|---|---|\n| " + "| " * 5000 + "\n")
def test_markdown_parser(source):
    run_parser("markdown", "r.md", source.encode("utf-8", errors="replace"))


@FUZZ
@given(st.one_of(tex_like, st.text()))
@example("{" * 50_000 + "x" + "}" * 50_000)  # deep braces
@example("\\resumeItem" + "{" * 20_000 + "deep")  # unclosed deep argument
@example("\\begin{document}\\section{Experience}\\item " + "\\textbf{" * 5000 + "x" + "}" * 5000)
@example("\\cventry" * 3000)
@example("\x1e0")  # found: line numbering differed from the text parser's
@example("a &\nb")
@example("\\'")
@example("\\c")
@example("\\item[")
@example("\\item \\\\")  # found: a line break inside a bullet wrote a malformed space token
def test_latex_parser(source):
    run_parser("latex", "r.tex", source.encode("utf-8", errors="replace"))


@FUZZ
@given(st.one_of(resume_like.map(json.dumps), json_values.map(json.dumps), st.text(max_size=50)))
@example("[" * 5000 + "]" * 5000)
@example('{"work": ' + "[" * 5000 + "]" * 5000 + "}")
@example('{"basics": {"name": "\\ud800"}}')
def test_jsonresume_parser(source):
    run_parser("jsonresume", "r.json", source.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["r.txt", "r.md", "r.tex", "r.json", "r", "r.pdf", "r.docx"]))
def test_sniff_never_crashes(data, name):
    try:
        assert sniff(Path(name), data) in ("text", "markdown", "latex", "jsonresume", "pdf", "docx")
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason


_WORKDIR = tempfile.TemporaryDirectory(prefix="retitle-fuzz-")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(text_like, tex_like, st.text(max_size=300)), st.sampled_from(["r.txt", "r.md", "r.tex"]))
@example("EXPERIENCE\n\n- " + "lorem ipsum " * 110_000, "r.txt")  # found: a block over spaCy's 1M-character limit
def test_analyze_on_text_input(source, name):
    path = Path(_WORKDIR.name) / name
    path.write_bytes(source.encode("utf-8", errors="replace"))
    try:
        report = retitle.analyze(path)
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    ids = {b.id: b for b in report.document.blocks}
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(ids[finding.block_id].text)
    report.to_dict()
