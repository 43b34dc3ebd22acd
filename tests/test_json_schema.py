"""Every JSON object retitle prints validates against the shipped version-1 schema."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import CORPUS, SAMPLES, needs_corpus
from retitle.cli import main
from retitle.render.json_out import schema

VALIDATOR = Draft202012Validator(schema())


def errors(obj) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(obj)]


def test_schema_itself_is_valid():
    Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("name", ["ada_okafor_resume.txt", "ada_okafor_resume.md",
                                  "ada_okafor_resume.docx", "ada_okafor_resume.pdf"])
def test_sample_reports_validate(name):
    result = CliRunner().invoke(main, ["analyze", str(SAMPLES / name), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["findings"] and report["blocks"]
    assert errors(report) == []


def test_error_objects_validate_and_a_broken_report_does_not(tmp_path):
    missing = tmp_path / "gone.pdf"
    result = CliRunner().invoke(main, ["analyze", str(missing), "--format", "jsonl"])
    (line,) = result.stdout.splitlines()
    assert errors(json.loads(line)) == []
    report = json.loads(CliRunner().invoke(main, ["analyze", str(SAMPLES / "ada_okafor_resume.md"),
                                                  "--format", "json"]).stdout)
    report["findings"][0]["level"] = "fatal"
    del report["blocks"][0]["anchor"]
    assert len(errors(report)) >= 1


@needs_corpus()
def test_corpus_reports_validate():
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".pdf", ".docx", ".json"))
    result = CliRunner().invoke(main, ["analyze", *map(str, files), "--format", "jsonl"])
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == len(files)
    for obj in objects:
        assert errors(obj) == [], obj["file"]
