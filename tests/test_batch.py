"""Batch runs over folders: walking, parallel workers, --out mirror, summary, failures, interrupts."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from retitle.batch import Options, collect, run_batch
from retitle.cli import main

from conftest import SAMPLES, stderr_on_a_terminal

MD = SAMPLES / "ada_okafor_resume.md"
TXT = SAMPLES / "ada_okafor_resume.txt"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture
def tree(tmp_path) -> Path:
    """resumes/ with nested folders, a hidden folder, a Word lock file, a loop and a broken file."""
    root = tmp_path / "resumes"
    (root / "2026" / "spring").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(MD, root / "ada.md")
    shutil.copy(TXT, root / "2026" / "ada.txt")
    shutil.copy(MD, root / "2026" / "spring" / "Zoë Smith resume.md")
    (root / ".git" / "notes.md").write_text("- Tuned hyperparameters\n")
    (root / ".draft.md").write_text("- Tuned hyperparameters\n")
    (root / "~$ada.docx").write_bytes(b"\x00lock")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n")
    (root / "2026" / "empty.txt").write_bytes(b"")
    (root / "2026" / "spring" / "up").symlink_to("../..")  # a loop back to resumes/
    return root


def test_walk_finds_resume_files_recursively_and_skips_noise(tree):
    names = sorted(Path(i.path).relative_to(tree).as_posix() for i in collect([tree]))
    assert names == ["2026/ada.txt", "2026/empty.txt", "2026/spring/Zoë Smith resume.md", "ada.md"]


def test_mixed_files_and_folders_mirror_below_their_common_parent(tree, tmp_path):
    loose = tmp_path / "loose.md"
    shutil.copy(MD, loose)
    rels = sorted(i.rel for i in collect([tree, loose, tree / "ada.md"]))  # ada.md twice: once
    assert rels == ["loose.md", "resumes/2026/ada.txt", "resumes/2026/empty.txt",
                    "resumes/2026/spring/Zoë Smith resume.md", "resumes/ada.md"]


def test_file_named_explicitly_is_tried_whatever_its_extension(tmp_path):
    odd = tmp_path / "resume.xyz"
    odd.write_text("x")
    assert [i.path for i in collect([odd])] == [str(odd)]


def test_out_writes_mirrored_reports_and_a_summary_of_every_file(tree, tmp_path):
    out = tmp_path / "reports"
    result = run("analyze", tree, "--out", out, "--jobs", "2")
    assert result.exit_code == 3  # empty.txt failed
    assert json.loads((out / "2026" / "spring" / "Zoë Smith resume.md.retitle.json").read_text())["format"] == "markdown"
    assert (out / "ada.md.retitle.json").is_file() and (out / "2026" / "ada.txt.retitle.json").is_file()
    assert not (out / "2026" / "empty.txt.retitle.json").exists()
    with open(out / "summary.csv", newline="", encoding="utf-8") as handle:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(handle)}
    assert set(rows) == {"ada.md", "ada.txt", "empty.txt", "Zoë Smith resume.md"}
    assert rows["empty.txt"]["error"] == "empty file"
    ada = rows["ada.md"]
    assert ada["format"] == "markdown" and ada["error"] == ""
    assert int(ada["bullets"]) > 5 and int(ada["findings_warning"]) > 0
    report = json.loads((out / "ada.md.retitle.json").read_text())
    assert ada["level"] == report["summary"]["level"] == "senior"
    supported = [t["title"] for t in report["summary"]["titles"]["supported"]]
    assert supported and ada["suggested_titles"] == "; ".join(supported)
    assert int(ada["framing_score"]) == report["summary"]["framing_score"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["files"] == 4 and summary["failed"] == 1 and summary["interrupted"] is False
    assert {"path", "format", "pages", "bullets", "findings_warning", "findings_suggestion", "framing_score",
            "level", "suggested_titles", "error"} <= summary["rows"][0].keys()
    assert "empty.txt: empty file" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("retitle: 3 of 4 file(s) analysed, 1 failed")
    assert result.stdout == ""  # with --out the text reports live in the files


def test_out_writes_the_marked_up_docx_unless_told_not_to(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MD, folder / "a.md")
    assert run("analyze", folder, "--out", tmp_path / "with").exit_code == 0
    from docx import Document

    marked = Document(str(tmp_path / "with" / "a.md.retitle.docx"))
    assert any("Tuned hyperparameters" in p.text for p in marked.paragraphs)
    assert run("analyze", folder, "--out", tmp_path / "without", "--no-docx").exit_code == 0
    assert (tmp_path / "without" / "a.md.retitle.json").is_file()
    assert not list((tmp_path / "without").glob("*.docx"))


def test_rerun_into_same_out_replaces_only_retitles_outputs(tree, tmp_path):
    out = tmp_path / "reports"
    assert run("analyze", tree / "ada.md", "--out", out).exit_code == 0
    (out / "my notes.txt").write_text("keep me")
    (out / "ada.md.retitle.json").write_text("stale")
    assert run("analyze", tree / "ada.md", "--out", out).exit_code == 0
    assert (out / "my notes.txt").read_text() == "keep me"
    assert json.loads((out / "ada.md.retitle.json").read_text())["file"] == str(tree / "ada.md")
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_out_inside_the_input_folder_is_not_read_back_as_input(tree):
    out = tree / "reports"
    assert run("analyze", tree, "--out", out).exit_code == 3
    again = run("analyze", tree, "--out", out)
    rows = json.loads((out / "summary.json").read_text())["rows"]
    assert len(rows) == 4, again.stderr
    assert not any("reports" in r["path"] or r["path"].endswith(".retitle.json") for r in rows)


def test_out_into_the_input_folder_never_overwrites_an_input(tmp_path):
    folder = tmp_path / "cv"
    folder.mkdir()
    shutil.copy(MD, folder / "a.md")
    trap = folder / "a.md.retitle.json"  # an input that sits where a.md's output would go
    trap.write_text('{"basics": {"name": "not retitle output"}}')
    before = trap.read_bytes()
    result = run("analyze", folder / "a.md", trap, "--out", folder)
    assert result.exit_code == 3
    assert trap.read_bytes() == before
    assert "is an input; choose another --out folder" in result.stderr


def test_jsonl_streams_one_object_per_file_including_failures(tree):
    result = run("analyze", tree, "--format", "jsonl", "--jobs", "2")
    lines = result.stdout.strip().splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 4
    errors = [o for o in objects if "error" in o]
    assert [Path(o["file"]).name for o in errors] == ["empty.txt"]
    assert all(o["schema_version"] == 1 for o in objects)


def test_json_batch_is_one_valid_array(tree):
    data = json.loads(run("analyze", tree, "--format", "json").stdout)
    assert sorted(Path(d["file"]).name for d in data) == ["Zoë Smith resume.md", "ada.md", "ada.txt", "empty.txt"]


def test_fail_on_applies_to_a_batch(tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    shutil.copy(MD, folder / "a.md")
    assert run("analyze", folder, "--fail-on", "warning").exit_code == 1
    assert run("analyze", folder).exit_code == 0


def test_folder_without_resumes_is_one_line_exit_3(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"x")
    result = run("analyze", tmp_path)
    assert result.exit_code == 3
    assert "no resume files found" in result.stderr and "Traceback" not in result.output


def test_a_file_over_the_time_limit_is_stopped_and_the_rest_finish(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MD, folder / "a.md")
    shutil.copy(TXT, folder / "b.txt")
    bullet = "- Tuned hyperparameters and ran ablations in Jupyter notebooks for the research team.\n"
    (folder / "huge.md").write_text("## Experience\n\n" + bullet * 40000)  # ~3.5 MB of bullets
    started = time.monotonic()
    result = run("analyze", folder, "--out", tmp_path / "out", "--timeout", "1", "--jobs", "1")
    assert time.monotonic() - started < 40
    assert result.exit_code == 3
    rows = {Path(r["path"]).name: r for r in json.loads((tmp_path / "out" / "summary.json").read_text())["rows"]}
    assert "took longer than 1 s" in rows["huge.md"]["error"]
    assert rows["a.md"]["error"] is None and rows["b.txt"]["error"] is None
    assert not list((tmp_path / "out").rglob("*.tmp"))
    streamed = run("analyze", folder / "huge.md", "--format", "jsonl", "--timeout", "1", "--jobs", "1")
    assert [json.loads(line) for line in streamed.stdout.splitlines()] == [
        {"schema_version": 1, "file": str(folder / "huge.md"),
         "error": "took longer than 1 s and was stopped (raise the limit with --timeout)"}]


def _many(tmp_path, count: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(count):
        shutil.copy(MD, folder / f"r{n:03}.md")
    return folder


def test_ctrl_c_stops_workers_keeps_outputs_and_writes_the_summary(tmp_path):
    folder, out = _many(tmp_path, 300), tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "retitle", "analyze", str(folder), "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.retitle.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the parent and every worker
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    summary = json.loads((out / "summary.json").read_text())
    # a worker may have written a report whose result had not reached the parent yet: kept, not counted
    assert summary["interrupted"] is True and 1 <= summary["finished"] < 300
    written = {p.name for p in out.glob("*.retitle.json")}
    assert {Path(r["path"]).name + ".retitle.json" for r in summary["rows"]} <= written
    for path in out.glob("*.retitle.json"):
        json.loads(path.read_text())  # every output kept is whole
    assert not list(out.rglob("*.tmp"))


def test_progress_bar_only_on_a_terminal(tmp_path):
    folder = _many(tmp_path, 3)
    piped = subprocess.run([sys.executable, "-m", "retitle", "analyze", str(folder), "--out", str(tmp_path / "o1")],
                           capture_output=True, text=True)
    assert piped.returncode == 0
    assert piped.stderr.splitlines() == [piped.stderr.splitlines()[-1]]  # only the closing line
    assert "\x1b[" not in piped.stderr and "━" not in piped.stderr
    text = stderr_on_a_terminal([sys.executable, "-m", "retitle", "analyze", str(folder), "--out", str(tmp_path / "o2")])
    assert "3/3" in text and "files" in text and "ETA" in text
    assert "retitle: 3 of 3 file(s) analysed, 0 failed" in text


def test_run_batch_library_call(tree, tmp_path):
    result = run_batch([tree / "2026"], Options(out=str(tmp_path / "o")), jobs=1)
    assert result.total == 3 and result.failed == 1 and not result.interrupted
    # spring/up links out of 2026/ (to resumes/): not followed, so ada.md is not read
    assert sorted(Path(r["path"]).name for r in result.rows) == ["Zoë Smith resume.md", "ada.txt", "empty.txt"]


def test_links_out_of_the_folder_are_not_followed(tree, tmp_path):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "notes.txt").write_text("- Tuned hyperparameters on the secret project\n")
    (tree / "linked-notes.txt").symlink_to(secret / "notes.txt")
    (tree / "linked-folder").symlink_to(secret)
    names = {Path(i.path).name for i in collect([tree])}
    assert "notes.txt" not in names and "linked-notes.txt" not in names
    assert [i.path for i in collect([tree / "linked-notes.txt"])] == [str(tree / "linked-notes.txt")]  # named: read


def test_rule_options_reach_the_workers(tree):
    result = run("analyze", tree / "2026", "--format", "jsonl", "--select", "RP001", "--jobs", "2")
    codes = {f["code"] for line in result.stdout.splitlines() for f in json.loads(line).get("findings", [])}
    assert codes == {"RP001"}


def test_broken_lexicon_is_a_usage_error_before_any_worker_starts(tree, tmp_path):
    bad = tmp_path / "lex"
    (bad / "rules").mkdir(parents=True)
    (bad / "rules" / "bad.yaml").write_text("rules: [ {code: RP001")
    result = run("analyze", tree, "--lexicons", bad, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    single = run("analyze", tree / "ada.md", "--lexicons", bad)
    assert single.exit_code == 2 and "invalid YAML" in single.stderr


def test_workers_are_replaced_after_their_share_of_files(tmp_path, monkeypatch):
    import retitle.batch.local as batch

    monkeypatch.setattr(batch, "FILES_PER_WORKER", 2)
    folder = _many(tmp_path, 7)
    real_process = batch.process

    def tagged(item, options):
        row, stdout = real_process(item, options)
        return {**row, "worker": os.getpid()}, stdout

    monkeypatch.setattr(batch, "process", tagged)
    result = run_batch([folder], Options(), jobs=1)
    pids = {r["worker"] for r in result.rows}
    assert len(result.rows) == 7 and result.failed == 0
    assert len(pids) == 4  # 2 + 2 + 2 + 1 files


def test_docx_option_is_for_one_file_a_batch_uses_out(tree, tmp_path):
    result = run("analyze", tree, "--docx", tmp_path / "x.docx")
    assert result.exit_code == 2 and "a batch writes DOCX files with --out" in result.stderr
