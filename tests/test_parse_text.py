"""Plain-text and Markdown parsing: sections, entries, bullets, wrapped lines and anchors."""

from __future__ import annotations

from retitle.parse import parse


def kinds(doc):
    return [(b.kind, b.section, b.text) for b in doc.blocks]


def test_text_sections_entries_and_wrapped_bullets(sample_txt):
    doc = parse(sample_txt)
    bullets = [b for b in doc.blocks if b.kind == "bullet" and b.section == "experience"]
    assert len(bullets) == 10
    assert bullets[0].text.startswith("Tuned hyperparameters") and bullets[0].text.endswith("94.8%.")
    entries = [b for b in doc.blocks if b.kind == "entry" and b.section == "experience"]
    assert entries[0].fields["start"] == "2022-03" and entries[0].fields["end"] == "present"
    assert entries[0].fields["title"] == "Machine Learning Engineer"


def test_anchor_locates_characters_on_wrapped_lines(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("EXPERIENCE\n\n  - Tuned the first part\n    and then tuned hyperparameters\n")
    doc = parse(src)
    bullet = next(b for b in doc.blocks if b.kind == "bullet")
    assert bullet.text == "Tuned the first part and then tuned hyperparameters"
    assert bullet.anchor.locate(0) == (3, 5)
    offset = bullet.text.index("hyperparameters")
    assert bullet.anchor.locate(offset) == (4, 20)


def test_hyphenation_at_line_end_is_undone(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("EXPERIENCE\n\n- Owned the deploy-\n  ment of models\n")
    bullet = next(b for b in parse(src).blocks if b.kind == "bullet")
    assert bullet.text == "Owned the deployment of models"


def test_markdown_front_matter_headings_and_inline_markup(tmp_path):
    src = tmp_path / "r.md"
    src.write_text(
        "---\nlayout: resume\ntitle: CV\n---\n# Jo Park\n\n## Work Experience\n\n"
        "### ML Engineer, Quill (2021 – Present)\n\n- **Tuned** [models](http://x) for `search`\n"
    )
    doc = parse(src)
    assert kinds(doc) == [
        ("contact", "other", "Jo Park"),
        ("heading", "experience", "Work Experience"),
        ("entry", "experience", "ML Engineer, Quill (2021 – Present)"),
        ("bullet", "experience", "Tuned models for search"),
    ]
    bullet = doc.blocks[-1]
    assert bullet.anchor.locate(bullet.text.index("models")) == (11, 14)
    assert bullet.anchor.locate(bullet.text.index("search")) == (11, 37)


def test_markdown_emoji_shortcodes_are_dropped(tmp_path):
    """GitHub renders ":briefcase:" as a picture: it is no word of a heading or a degree."""
    src = tmp_path / "r.md"
    src.write_text("# Jo Park\n\n## :briefcase: Experience\n\n- Ran jobs at 10:30:45 on key:value:pairs\n\n"
                   "## :mortar_board: Education\n\n:scroll: MSc in Statistics | Northmere University | 2019 – 2021\n")
    doc = parse(src)
    assert [(k, s, t) for k, s, t in kinds(doc) if k in ("heading", "bullet")] == [
        ("heading", "experience", "Experience"), ("bullet", "experience", "Ran jobs at 10:30:45 on key:value:pairs"),
        ("heading", "education", "Education")]
    (entry,) = [b for b in doc.blocks if b.kind == "entry"]
    assert entry.fields["title"] == "MSc in Statistics"
    assert entry.anchor.locate(0) == (9, 10)  # "MSc", after the shortcode


def test_markdown_inline_ignore_comment(tmp_path):
    src = tmp_path / "r.md"
    src.write_text("## Experience\n\n- Tuned hyperparameters <!-- retitle: ignore RP001 -->\n- Tuned hyperparameters\n")
    import retitle

    report = retitle.analyze(src)
    assert [(f.code, f.block_id) for f in report.findings] == [("RP001", "b2")]


def test_text_encodings(tmp_path):
    for encoding, bom in (("utf-16", b""), ("utf-8-sig", b""), ("latin-1", b"")):
        src = tmp_path / f"r-{encoding}.txt"
        src.write_bytes(bom + "EXPERIENCE\n\n- Café résumé tuned\n".encode(encoding))
        bullet = next(b for b in parse(src).blocks if b.kind == "bullet")
        assert bullet.text == "Café résumé tuned"
