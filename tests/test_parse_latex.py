"""LaTeX resumes: the macros of common resume classes, stripped commands, inline ignores, line:col anchors."""

from __future__ import annotations

import retitle
from retitle.parse import parse

from conftest import FIXTURES

LATEX = FIXTURES / "latex"


def blocks(doc, kind):
    return [b for b in doc.blocks if b.kind == kind]


def source_at(path, block, needle):
    """The source text at the line:col the anchor gives for `needle` inside the block."""
    line, column = block.anchor.locate(block.text.index(needle))
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1:]


def test_jake_template_entries_bullets_and_contact():
    doc = parse(LATEX / "jake.tex")
    assert doc.format == "latex"
    assert [b.text for b in blocks(doc, "contact")] == [
        "Mira Quell", "555-010-4477 | mira@example.com | github.com/mquell"]
    assert [(b.text, b.section) for b in blocks(doc, "heading")] == [
        ("Experience", "experience"), ("Projects", "projects")]
    job, project = blocks(doc, "entry")
    assert job.fields == {"title": "Machine Learning Engineer", "organisation": "Fernwood Labs",
                          "location": "Oslo, Norway", "dates": "Jan. 2021 – Present",
                          "start": "2021-01", "end": "present", "kind": "job"}
    assert project.fields["start"] == "2020-06" and project.section == "projects"
    assert [b.text for b in blocks(doc, "bullet")] == [
        "Tuned hyperparameters for a ranking model, raising NDCG by 4%",
        "Served the model behind a gRPC API at 2k req/s",
        "Ran ablation studies in Jupyter notebooks & reported results",
        "Built a full-stack web app with café-grade latency — really",
    ]


def test_anchors_point_at_the_tex_source():
    path = LATEX / "jake.tex"
    doc = parse(path)
    tuned, served, _, built = blocks(doc, "bullet")
    assert (tuned.anchor.line, tuned.anchor.column) == (25, 21)
    assert source_at(path, tuned, "ranking").startswith("ranking}")
    assert source_at(path, tuned, "model,").startswith("model,")
    assert source_at(path, served, "req/s").startswith("req/s")
    assert source_at(path, built, "latency").startswith("latency ---")  # second source line of the bullet
    entry = blocks(doc, "entry")[0]
    assert source_at(path, entry, "Fernwood").startswith("Fernwood Labs}")


def test_inline_ignore_comment_same_line_and_line_before():
    report = retitle.analyze(LATEX / "jake.tex")
    texts = {b.id: b.text for b in report.document.blocks}
    found = [(f.code, texts[f.block_id][:10]) for f in report.findings]
    # RP001 is silenced on its own line, RP010 by the comment line before the bullet; RP030 still fires.
    assert found == [("RP030", "Ran ablati")]


def test_awesome_cv_cventry_cvitems_and_preamble_contact():
    doc = parse(LATEX / "awesome.tex")
    assert [b.text for b in blocks(doc, "contact")][:3] == [
        "Tomasz Wren", "ML Engineer · Data Engineer", "tomasz.wren@example.org"]
    job, honor = blocks(doc, "entry")
    assert job.fields["title"] == "Senior ML Engineer" and job.fields["organisation"] == "Nordlys Analytics"
    assert job.fields["location"] == "Gdańsk, Poland" and job.fields["start"] == "2019-06"
    assert honor.section == "other" and honor.fields["start"] == "2018"
    assert [b.text for b in blocks(doc, "bullet")] == [
        "Fine-tuned a BERT model for efficient ticket routing",  # the ﬃ ligature is undone
        "Ran ablation studies on feature choices",
    ]
    assert [b.text for b in blocks(doc, "paragraph")] == ["Languages: Python, Go, SQL"]


def test_moderncv_six_argument_cventry_with_description():
    doc = parse(LATEX / "moderncv.tex")
    first, second = blocks(doc, "entry")
    assert first.fields == {"title": "Machine Learning Engineer", "organisation": "Kestrel Health",
                            "location": "Leeds", "dates": "2020–2023", "start": "2020", "end": "2023", "kind": "job"}
    assert second.fields["title"] == "Data Scientist"
    paragraphs = [b.text for b in blocks(doc, "paragraph")]
    assert paragraphs[0].startswith("Trained gradient-boosted models")
    assert paragraphs[-1] == "Programming: Python, R, LaTeX"
    assert [b.text for b in blocks(doc, "bullet")] == [
        "Built a churn model in Jupyter notebooks", "Deployed it behind a REST API"]
    assert [b.text for b in blocks(doc, "contact")][:2] == ["Lena Fairbairn", "+44 7700 900123"]


def test_deedy_entry_parts_join_into_one_entry():
    doc = parse(LATEX / "deedy.tex")
    (entry,) = blocks(doc, "entry")
    assert entry.text == "Corvid Robotics | Research Engineer | May 2019 – Present | Pittsburgh, PA"
    assert entry.fields["organisation"] == "Corvid Robotics" and entry.fields["title"] == "Research Engineer"
    assert entry.fields["end"] == "present" and entry.fields["location"] == "Pittsburgh, PA"
    assert len(blocks(doc, "bullet")) == 2
    assert [b.text for b in blocks(doc, "contact")][0] == "Priya Sandoval"


def test_commands_stripped_text_kept(tmp_path):
    src = tmp_path / "r.tex"
    src.write_text(
        "\\begin{document}\n\\section*{Experience}\n"
        "\\textbf{ML Engineer} \\hfill Mar 2020 -- Present\n\n"
        "\\begin{itemize}\n"
        "  \\item Cut p95 latency by 30\\% for the \\href{https://x.example}{search API} % a private note\n"
        "  \\item \\emph{Owned} the R\\&D~pipeline; \\textit{see} \\url{example.com/~me}\n"
        "  \\item[\\textbf{Tools:}] Python, C\\texttt{++}\n"
        "\\end{itemize}\n"
        "\\begin{comment}\nTuned hyperparameters\n\\end{comment}\n"
        "\\input{extra}\n\\end{document}\nTrailing text after the document\n",
        encoding="utf-8",
    )
    doc = parse(src)
    assert [b.text for b in blocks(doc, "bullet")] == [
        "Cut p95 latency by 30% for the search API",
        "Owned the R&D pipeline; see example.com/~me",
        "Tools: Python, C++",
    ]
    (entry,) = blocks(doc, "entry")
    assert entry.fields["start"] == "2020-03" and entry.fields["end"] == "present"
    assert not any("hyperparameters" in b.text or "Trailing" in b.text for b in doc.blocks)
    assert any("\\input{extra}" in w for w in doc.warnings)


def test_fragment_without_document_environment_and_broken_braces(tmp_path):
    src = tmp_path / "r.tex"
    src.write_text("\\section{Projects}\n\\resumeItem{Built {a \\textbf{search} service\n", encoding="utf-8")
    doc = parse(src)
    assert [b.text for b in blocks(doc, "bullet")] == ["Built a search service"]
    assert doc.blocks[0].section == "projects"


def test_altacv_event_header_location_and_tags():
    doc = parse(LATEX / "altacv.tex")
    assert [b.text for b in blocks(doc, "contact")] == [
        "Ada Brennan", "Machine Learning Engineer", "ada@example.com", "Dublin, Ireland"]
    (entry,) = blocks(doc, "entry")
    assert entry.fields["organisation"] == "Brightwater" and entry.fields["end"] == "present"
    assert [b.text for b in blocks(doc, "paragraph")] == ["Python Kafka PyTorch"]


def test_ignore_comment_in_itemize_own_line_is_for_the_next_item(tmp_path):
    src = tmp_path / "r.tex"
    src.write_text(
        "\\section{Experience}\n\\begin{itemize}\n\\item Tuned hyperparameters weekly\n"
        "% retitle: ignore RP010\n\\item Ran ablation studies % retitle: ignore RP030\n  in Jupyter notebooks\n"
        "\\item Ran ablation studies in Jupyter notebooks\n\\end{itemize}\n", encoding="utf-8")
    report = retitle.analyze(src, select=["RP001", "RP010", "RP030"])
    texts = {b.id: b.text for b in report.document.blocks}
    assert [(f.code, texts[f.block_id][:5]) for f in report.findings] == [
        ("RP001", "Tuned"), ("RP010", "Ran a"), ("RP030", "Ran a")]
    assert report.findings[1].block_id == report.findings[2].block_id != "b2"


def test_commented_document_marker_url_at_line_start_and_verb(tmp_path):
    src = tmp_path / "r.tex"
    src.write_text(
        "% Template notes: put \\begin{document} below\n\\documentclass{article}\n"
        "\\newcommand{\\x}{Tuned hyperparameters}\n\\begin{document}\n\\section{Projects}\n"
        "\\url{github.com/me/tool} -- a CLI that wraps \\verb|snake_case_api| calls.\n\\end{document}\n",
        encoding="utf-8")
    doc = parse(src)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Projects"),
        ("paragraph", "github.com/me/tool – a CLI that wraps snake_case_api calls."),
    ]
    paragraph = doc.blocks[1]
    assert (paragraph.anchor.line, paragraph.anchor.column) == (6, 6)
    assert source_at(src, paragraph, "snake_case_api").startswith("snake_case_api|")
