"""JSON Resume: entries, highlights as bullets, JSON Pointer anchors, one-line errors."""

from __future__ import annotations

import json

import pytest

import retitle
from retitle.errors import InputError
from retitle.parse import parse

from conftest import CORPUS, FIXTURES, needs_corpus

MINI = FIXTURES / "jsonresume" / "mini.resume.json"


def test_work_entry_highlights_and_pointers():
    doc = parse(MINI)
    assert doc.format == "jsonresume"
    entry = next(b for b in doc.blocks if b.kind == "entry" and b.section == "experience")
    assert entry.fields == {"title": "Machine Learning Engineer", "organisation": "Larch Systems",
                            "start": "2021-04", "end": "present", "dates": "2021-04 – present", "kind": "job"}
    assert entry.anchor.kind == "json" and entry.anchor.pointer == "/work/0"
    bullets = [(b.text, b.anchor.pointer) for b in doc.blocks if b.kind == "bullet" and b.section == "experience"]
    assert bullets == [  # the number 42 is not a highlight; pointers keep the source index
        ("Tuned hyperparameters for the ranking model", "/work/0/highlights/0"),
        ("Served the ranker behind a gRPC API", "/work/0/highlights/1"),
        ("Ran ablation studies on feature sets", "/work/0/highlights/3"),
    ]
    summary = next(b for b in doc.blocks if b.anchor.pointer == "/work/0/summary")
    assert summary.kind == "paragraph" and summary.section == "experience"


def test_basics_projects_skills_and_no_references():
    doc = parse(MINI)
    contacts = [b.text for b in doc.blocks if b.kind == "contact"]
    assert contacts == ["Ines Moravec", "ML Engineer", "ines@example.org", "GitHub: imoravec"]
    assert next(b for b in doc.blocks if b.anchor.pointer == "/basics/summary").section == "summary"
    project = next(b for b in doc.blocks if b.kind == "entry" and b.section == "projects")
    assert project.fields["start"] == "2020" and project.fields["end"] == "2020"  # "2020-13" is not a month
    assert any(b.text == "Serving: gRPC, Triton" and b.section == "skills" for b in doc.blocks)
    assert not any("brilliantly" in b.text for b in doc.blocks)  # someone else's words are not analysed


def test_findings_point_into_the_json():
    report = retitle.analyze(MINI, select=["RP001", "RP010"])
    pointers = {b.id: b.anchor.pointer for b in report.document.blocks}
    assert [(f.code, pointers[f.block_id]) for f in report.findings] == [
        ("RP001", "/work/0/highlights/0"), ("RP010", "/work/0/highlights/3")]


@pytest.mark.parametrize("content, reason", [
    ("{\"work\": [", "not valid JSON (line 1 column 11"),
    ("Jane Doe\nEngineer", "not valid JSON (line 1 column 1"),
    ("[1, 2, 3]", "JSON but not a JSON Resume"),
    ("{\"name\": \"x\"}", "JSON but not a JSON Resume"),
    ("[" * 100000 + "]" * 100000, "JSON nested too deeply"),
])
def test_bad_json_gives_one_line_reason(tmp_path, content, reason):
    src = tmp_path / "r.json"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse(src)
    assert err.value.reason.startswith(reason) and "\n" not in err.value.reason


@needs_corpus()
def test_corpus_sample_yields_every_highlight():
    path = CORPUS / "jsonresume" / "sample.resume.json"
    resume = json.loads(path.read_text(encoding="utf-8"))
    expected = [(h, f"/{key}/{i}/highlights/{j}") for key in ("work", "volunteer", "projects")
                for i, item in enumerate(resume.get(key, [])) for j, h in enumerate(item.get("highlights", []))]
    doc = parse(path)
    found = [(b.text, b.anchor.pointer) for b in doc.blocks if b.kind == "bullet" and "/highlights/" in b.anchor.pointer]
    assert found == expected and len(expected) == 7
