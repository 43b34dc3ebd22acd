"""One tiny fixture per text-side trap: encodings, line endings, invisible characters, glyphs, layout."""

from __future__ import annotations

import pytest

from retitle.parse import parse

from conftest import FIXTURES

TEXT = FIXTURES / "text"


def of_kind(doc, kind):
    return [b for b in doc.blocks if b.kind == kind]


@pytest.mark.parametrize("name, organisation", [
    ("utf16_bom.txt", "Tessel Logistics"),
    ("latin1.txt", "Müller Café Logistics"),
    ("crlf.txt", "Tessel Logistics"),
])
def test_encodings_and_line_endings(name, organisation):
    doc = parse(TEXT / name)
    assert [b.kind for b in doc.blocks] == ["contact", "contact", "heading", "entry", "bullet", "bullet"]
    entry = of_kind(doc, "entry")[0]
    assert entry.fields["organisation"] == organisation and entry.fields["start"] == "2021-02"
    assert of_kind(doc, "bullet")[1].text == "Served forecasts behind a REST API at 300 req/s"
    assert not any("\r" in b.text or "\ufeff" in b.text for b in doc.blocks)
    if name == "utf16_bom.txt":
        assert doc.blocks[0].text == "Noor Vásquez"


def test_nbsp_and_soft_hyphen_are_cleaned_without_moving_anchors():
    doc = parse(TEXT / "nbsp_softhyphen.txt")
    bullet = of_kind(doc, "bullet")[0]
    assert bullet.text == "Owned deployment of the ranking service"
    # The soft hyphen is gone from the text, but "service" still points at its source column.
    assert bullet.anchor.locate(bullet.text.index("service")) == (4, 36)
    assert of_kind(doc, "entry")[0].fields["title"] == "ML Engineer"


def test_ligatures_are_expanded_and_anchors_stay_on_the_source():
    bullet = of_kind(parse(TEXT / "ligatures.txt"), "bullet")[0]
    assert bullet.text == "Built an efficient fine-tuning pipeline and flow dashboards"
    line = (TEXT / "ligatures.txt").read_text(encoding="utf-8").splitlines()[3]
    located = [line[bullet.anchor.locate(i)[1] - 1] for i in range(len(bullet.text))]
    assert "".join(located) == "Built an e\ufb03\ufb03\ufb03cient \ufb01\ufb01ne-tuning pipeline and \ufb02\ufb02ow dashboards"


def test_every_bullet_glyph():
    doc = parse(TEXT / "bullet_glyphs.txt")
    assert [b.text for b in of_kind(doc, "bullet")] == [f"Bullet made with glyph {i}" for i in range(9)]


def test_wrapped_and_hyphenated_bullets_join():
    bullets = [b.text for b in of_kind(parse(TEXT / "wrapped_hyphenated.txt"), "bullet")]
    assert bullets == [
        "Built the feature store that feeds the pricing models and cut data preparation time from days "
        "to hours across four teams",
        "Led the migration of batch scoring to a streaming service",
    ]


def test_unindented_wrap_after_a_joining_word(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("EXPERIENCE\n\n- Served the ranking model to\nAPI clients in three regions\n- Next bullet\n")
    assert [b.text for b in of_kind(parse(src), "bullet")] == [
        "Served the ranking model to API clients in three regions", "Next bullet"]


def test_sentences_are_not_headings_and_entries_span_two_lines():
    doc = parse(TEXT / "sentence_lines.txt")
    assert [b.text for b in of_kind(doc, "heading")] == ["SUMMARY", "EXPERIENCE", "EDUCATION"]
    assert [b.text for b in of_kind(doc, "contact")] == ["Noor Vasquez", "noor@example.com"]
    job, school = of_kind(doc, "entry")
    assert job.fields["title"] == "Senior ML Engineer" and job.fields["organisation"] == "Tessel Logistics"
    assert job.fields["start"] == "2021-02" and job.anchor.line == 11
    assert school.fields["title"] == "BSc Computer Science" and school.section == "education"


def test_capitalised_list_is_not_a_heading(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("SKILLS\n\nPYTHON, SQL, AWS\n")
    doc = parse(src)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "SKILLS"), ("paragraph", "PYTHON, SQL, AWS")]


def test_markdown_front_matter_is_skipped():
    doc = parse(TEXT / "front_matter.md")
    assert not any("layout" in b.text or "tags" in b.text for b in doc.blocks)
    entry = of_kind(doc, "entry")[0]
    assert entry.fields["organisation"] == "Tessel" and entry.anchor.line == 11


def test_markdown_setext_headings():
    doc = parse(TEXT / "setext.md")
    assert [(b.kind, b.text) for b in doc.blocks[:2]] == [("contact", "Noor Vasquez"), ("heading", "Experience")]
    assert of_kind(doc, "entry")[0].text == "ML Engineer, Tessel | 2021 – Present"
    assert len(of_kind(doc, "bullet")) == 2


def test_markdown_nested_items_are_bullets_of_their_own():
    bullets = of_kind(parse(TEXT / "nested_lists.md"), "bullet")
    assert [(b.text, b.anchor.line, b.anchor.column) for b in bullets] == [
        ("Built the ranking service", 5, 3),
        ("Tuned hyperparameters for the ranker", 6, 5),
        ("Ran ablations on features", 7, 8),
        ("Shipped the API", 8, 3),
    ]


def test_markdown_pipe_table_rows_are_blocks_header_row_dropped():
    doc = parse(TEXT / "table.md")
    assert [(b.kind, b.section, b.text) for b in doc.blocks if b.kind != "heading"] == [
        ("paragraph", "skills", "ML | PyTorch, XGBoost"),
        ("paragraph", "skills", "Serving | FastAPI, Triton"),
        ("entry", "experience", "ML Engineer | Tessel | 2021 – Present"),
        ("bullet", "experience", "Tuned hyperparameters weekly"),
    ]
    entry = of_kind(doc, "entry")[0]
    assert entry.anchor.locate(entry.text.index("Tessel")) == (12, 17)


def test_markdown_ignore_comment_on_its_own_line_applies_to_the_next_bullet(tmp_path):
    import retitle

    src = tmp_path / "r.md"
    src.write_text("## Experience\n\n- Tuned hyperparameters\n<!-- retitle: ignore RP001 -->\n- Tuned hyperparameters\n")
    report = retitle.analyze(src, select=["RP001"])
    assert [f.block_id for f in report.findings] == ["b1"]


def test_a_block_longer_than_any_resume_is_cut_with_a_warning(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("EXPERIENCE\n\n- " + "lorem ipsum " * 20_000 + "\n")
    doc = parse(src)
    bullet = of_kind(doc, "bullet")[0]
    assert len(bullet.text) <= 100_000 and bullet.text.endswith("ipsum")
    assert doc.warnings == [f"block {bullet.id} cut to its first {len(bullet.text):,} characters"]
