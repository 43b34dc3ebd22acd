"""The command line, through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from retitle import __version__
from retitle.cli import main


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("analyze", "rules", "lexicon"):
        assert command in result.output


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from retitle.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('spacy', 'pdfminer', 'docx', 'rich') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_python_dash_m(sample_txt):
    proc = subprocess.run([sys.executable, "-m", "retitle", "analyze", str(sample_txt), "--format", "line"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "RP001" in proc.stdout


def test_analyze_text_report_shows_findings_and_summary(sample_txt):
    result = run("analyze", sample_txt)
    assert result.exit_code == 0, result.output
    assert "RP001" in result.output and "Tuned hyperparameters" in result.output
    assert "Framing score:" in result.output
    assert "\x1b[" not in result.output  # no colour codes when not a terminal


def test_analyze_json_has_version_1_shape(sample_txt):
    result = run("analyze", sample_txt, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema_version"] == 1
    assert data["format"] == "text"
    assert {"blocks", "findings", "summary"} <= data.keys()
    block_ids = {b["id"] for b in data["blocks"]}
    for finding in data["findings"]:
        assert finding["block_id"] in block_ids
        block = next(b for b in data["blocks"] if b["id"] == finding["block_id"])
        assert block["text"][finding["start"]:finding["end"]] == finding["text"]


def test_json_for_several_files_is_an_array(sample_txt, sample_md):
    result = run("analyze", sample_txt, sample_md, "--format", "json")
    data = json.loads(result.output)
    assert [d["format"] for d in data] == ["text", "markdown"]


def test_missing_file_is_one_line_exit_3(tmp_path):
    result = run("analyze", tmp_path / "nope.txt")
    assert result.exit_code == 3
    assert result.output.strip().count("\n") == 0
    assert "nope.txt: no such file" in result.output
    assert "Traceback" not in result.output


def test_unknown_extension_is_one_line_exit_3(tmp_path):
    odd = tmp_path / "resume.xyz"
    odd.write_text("Tuned hyperparameters")
    result = run("analyze", odd)
    assert result.exit_code == 3
    assert "unknown format '.xyz'" in result.output


def test_unreadable_file_in_json_gives_error_object(tmp_path, sample_txt):
    result = run("analyze", sample_txt, tmp_path / "gone.md", "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data[1] == {"schema_version": 1, "file": str(tmp_path / "gone.md"), "error": "no such file"}


def test_fail_on_warning_exits_1(sample_txt, tmp_path):
    assert run("analyze", sample_txt, "--fail-on", "warning").exit_code == 1
    clean = tmp_path / "clean.md"
    clean.write_text("## Experience\n\n- Deployed the model behind a FastAPI service.\n")
    assert run("analyze", clean, "--fail-on", "suggestion").exit_code == 0


def test_select_and_ignore(sample_txt):
    only = json.loads(run("analyze", sample_txt, "--format", "json", "--select", "RP001").output)
    assert {f["code"] for f in only["findings"]} == {"RP001"}
    without = json.loads(run("analyze", sample_txt, "--format", "json", "--ignore", "research.hyperparameter_tuning").output)
    assert "RP001" not in {f["code"] for f in without["findings"]}
    assert without["findings"]


def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    assert "RP001  research.hyperparameter_tuning" in result.output
    assert "SF001" in result.output


def test_unknown_select_or_ignore_key_is_a_usage_error_naming_it(sample_md):
    from click.testing import CliRunner

    from retitle.cli import main
    runner = CliRunner()
    typo = runner.invoke(main, ["analyze", "--select", "RP0O2", str(sample_md)])
    assert typo.exit_code == 2 and "unknown rule RP0O2 — did you mean RP002?" in typo.output
    group = runner.invoke(main, ["analyze", "--ignore", "trainin", str(sample_md)])
    assert group.exit_code == 2 and "did you mean training?" in group.output
    nothing = runner.invoke(main, ["analyze", "--select", "telepathy", str(sample_md)])
    assert nothing.exit_code == 2 and "unknown rule telepathy" in nothing.output
    fine = runner.invoke(main, ["analyze", "--select", "RP002,academic,research.publication", "--ignore", "SF001",
                                "--format", "json", str(sample_md)])
    assert fine.exit_code == 0
