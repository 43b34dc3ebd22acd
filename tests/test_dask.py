"""The batch on a Dask cluster (issue 19): a real LocalCluster of worker processes on 127.0.0.1
gives the same summary rows and outputs as local worker processes, also when a worker dies
mid-run; a file that kills every worker it meets is recorded as failed; the time limit holds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from retitle.batch import Options, run_batch
from retitle.cli import main

from conftest import SAMPLES, stderr_on_a_terminal

MD = SAMPLES / "ada_okafor_resume.md"
cluster_test = pytest.mark.dask


def run(*args, **kwargs):
    return CliRunner().invoke(main, list(map(str, args)), **kwargs)


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes behind nannies (a killed worker is restarted), on the
    loopback interface only; a file whose worker dies twice is given up (allowed-failures 1)."""
    pytest.importorskip("distributed")
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = LocalCluster(processes=True, host="127.0.0.1", n_workers=2, threads_per_worker=1,
                             dashboard_address=None)
    client = Client(local, set_as_default=False)
    yield local, client
    client.close()
    local.close()


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """Every format, a nested folder, a file name with spaces, an empty file and a format to convert."""
    root = tmp_path_factory.mktemp("inbox")
    (root / "2026").mkdir()
    for sample in SAMPLES.glob("ada_okafor_resume.*"):
        shutil.copy(sample, root / sample.name)
    shutil.copy(MD, root / "2026" / "Zoë Smith resume.md")
    (root / "2026" / "empty.txt").write_bytes(b"")
    (root / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    return root


def _rows(out: Path) -> list[dict]:
    """summary.json's rows without what differs between two runs of the same files: the time taken
    and the --out folder in the output path."""
    rows = json.loads((out / "summary.json").read_text())["rows"]
    return [{**r, "seconds": None, "output": r["output"] and os.path.relpath(r["output"], out)} for r in rows]


def _outputs(out: Path, suffix: str) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob(f"*{suffix}"))}


@pytest.fixture(scope="module")
def local_run(inbox, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    result = run("analyze", inbox, "--out", out, "--jobs", "2")
    return out, result


@cluster_test
def test_a_cluster_batch_writes_what_a_local_batch_writes(cluster, inbox, local_run, tmp_path):
    local, _ = cluster
    local_out, local_result = local_run
    out = tmp_path / "out"
    result = run("analyze", inbox, "--out", out, env={"RETITLE_SCHEDULER": local.scheduler_address})
    assert result.exit_code == local_result.exit_code == 3  # empty.txt and old.doc failed, in both
    assert _rows(out) == _rows(local_out)
    rows = {Path(r["path"]).name: r for r in _rows(out)}
    assert rows["empty.txt"]["error"] == "empty file" and "save it as .docx or PDF" in rows["old.doc"]["error"]
    assert rows["ada_okafor_resume.pdf"]["format"] == "pdf" and rows["ada_okafor_resume.docx"]["bullets"] > 5
    assert _outputs(out, ".retitle.json") == _outputs(local_out, ".retitle.json")
    assert _outputs(out, ".retitle.html") == _outputs(local_out, ".retitle.html")
    assert _outputs(out, ".retitle.docx").keys() == _outputs(local_out, ".retitle.docx").keys()
    index = (out / "index.html").read_text()
    assert index.count('href="2026/Zo%C3%AB%20Smith%20resume.md.retitle.html"') == 1
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["files"], summary["failed"], summary["interrupted"]) == (7, 2, False)
    assert result.stderr.strip().splitlines()[-1].startswith("retitle: 5 of 7 file(s) analysed, 2 failed")


@cluster_test
def test_workers_read_the_path_unless_the_files_are_sent(cluster, inbox, tmp_path, monkeypatch):
    """Relative paths name files in this process's folder, which is not the workers' folder: read by
    path they are missing there (no shared file system), sent as bytes they are analysed."""
    local, _ = cluster
    monkeypatch.chdir(inbox)
    by_path = run("analyze", "2026", "--format", "jsonl", "--scheduler", local.scheduler_address)
    objects = {o["file"]: o for o in map(json.loads, by_path.stdout.splitlines())}
    assert objects["2026/Zoë Smith resume.md"]["error"] == "no such file"
    sent = run("analyze", "2026", "--format", "jsonl", "--scheduler", local.scheduler_address, "--send-files")
    objects = {o["file"]: o for o in map(json.loads, sent.stdout.splitlines())}
    assert objects["2026/Zoë Smith resume.md"]["format"] == "markdown"
    assert objects["2026/Zoë Smith resume.md"]["findings"]
    assert objects["2026/empty.txt"]["error"] == "empty file"  # read (and refused) here, as a worker would
    assert sent.exit_code == 3


@cluster_test
def test_sent_docx_is_marked_up_from_the_bytes(cluster, inbox, tmp_path, monkeypatch):
    """A DOCX input's marked-up copy is made from the user's document, which a worker only has as bytes."""
    from docx import Document

    local, _ = cluster
    monkeypatch.chdir(inbox)
    result = run("analyze", "ada_okafor_resume.docx", "--out", tmp_path / "out", "--scheduler",
                 local.scheduler_address, "--send-files", "--no-html")
    assert result.exit_code == 0, result.stderr
    marked = Document(str(tmp_path / "out" / "ada_okafor_resume.docx.retitle.docx"))
    original = Document(str(inbox / "ada_okafor_resume.docx"))
    assert [p.text for p in marked.paragraphs] == [p.text for p in original.paragraphs]
    assert any(rel.reltype.endswith("/comments") for rel in marked.part.rels.values())


@cluster_test
def test_rule_options_and_lexicons_reach_the_workers(cluster, inbox, tmp_path, monkeypatch):
    local, _ = cluster
    result = run("analyze", inbox / "2026", "--format", "jsonl", "--select", "RP001", "--scheduler", local.scheduler_address)
    codes = {f["code"] for line in result.stdout.splitlines() for f in json.loads(line).get("findings", [])}
    assert codes == {"RP001"}
    (tmp_path / "lex" / "rules").mkdir(parents=True)
    (tmp_path / "lex" / "rules" / "extra.yaml").write_text("rules: []\n")
    monkeypatch.chdir(tmp_path)  # "lex" is a folder here, and none in the workers' folder
    missing = run("analyze", inbox / "2026", "--out", tmp_path / "out", "--lexicons", "lex",
                  "--scheduler", local.scheduler_address)
    assert missing.exit_code == 3
    assert missing.stderr == ("retitle: error: a Dask worker could not prepare the analysis: "
                              "lex: not a lexicon folder\n")


def _many(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        shutil.copy(MD, folder / f"r{n:03}.md")
    return folder


@cluster_test
def test_a_worker_killed_mid_batch_loses_no_file(cluster, tmp_path):
    local, client = cluster
    folder = _many(tmp_path / "many", 40)
    expected = run_batch([folder], Options(out=str(tmp_path / "local"), docx=False), jobs=2)
    before = client.run(os.getpid)
    out, results = tmp_path / "out", []
    batch = threading.Thread(target=lambda: results.append(run_batch(
        [folder], Options(out=str(out), docx=False), scheduler=local.scheduler_address, stderr=open(os.devnull, "w"))))
    batch.start()
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.retitle.json"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    victim = next(iter(before.values()))
    written_before_the_kill = len(list(out.glob("*.retitle.json")))
    os.kill(victim, signal.SIGKILL)
    batch.join(120)
    (result,) = results
    assert 4 <= written_before_the_kill < 40  # killed mid-run
    assert result.failed == 0 and len(result.rows) == 40
    assert _rows(out) == _rows(tmp_path / "local")
    assert expected.failed == 0
    client.wait_for_workers(2, timeout=60)
    assert victim not in client.run(os.getpid).values()  # the nanny started a new worker in its place


@cluster_test
def test_a_file_over_the_time_limit_is_stopped_on_its_worker(cluster, tmp_path):
    local, _ = cluster
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MD, folder / "a.md")
    bullet = "- Tuned hyperparameters and ran ablations in Jupyter notebooks for the research team.\n"
    (folder / "huge.md").write_text("## Experience\n\n" + bullet * 40000)
    shutil.copy(MD, folder / "z.md")
    started = time.monotonic()
    # 4 s: far below what huge.md takes, and far above a resume's time even on a loaded machine
    result = run("analyze", folder, "--out", tmp_path / "out", "--timeout", "4", "--scheduler", local.scheduler_address)
    assert time.monotonic() - started < 40
    assert result.exit_code == 3
    rows = {Path(r["path"]).name: r for r in json.loads((tmp_path / "out" / "summary.json").read_text())["rows"]}
    assert rows["huge.md"]["error"] == "took longer than 4 s and was stopped (raise the limit with --timeout)"
    assert rows["huge.md"]["seconds"] < 8
    assert rows["a.md"]["error"] is None and rows["z.md"]["error"] is None
    assert not (tmp_path / "out" / "huge.md.retitle.json").exists()


@cluster_test
def test_progress_bar_on_a_terminal(cluster, tmp_path):
    local, _ = cluster
    folder = _many(tmp_path / "three", 3)
    text = stderr_on_a_terminal([sys.executable, "-m", "retitle", "analyze", str(folder), "--out", str(tmp_path / "o"),
                                 "--scheduler", local.scheduler_address])
    assert "3/3" in text and "files" in text and "ETA" in text
    assert "retitle: 3 of 3 file(s) analysed, 0 failed" in text


@cluster_test
def test_a_file_that_kills_every_worker_is_recorded_as_failed(cluster, tmp_path):
    """A stand-in for a file that crashes the process reading it: a test plugin makes each worker
    die on it. Dask reschedules it once (allowed-failures 1), then gives it up; the rest finish."""
    from distributed import WorkerPlugin

    local, client = cluster

    class DieOn(WorkerPlugin):
        def __init__(self, name: str):
            self.name = name

        def setup(self, worker) -> None:
            import os
            import signal

            import retitle.batch.distributed as remote

            self.real, name, real = remote.render_file, self.name, remote.render_file

            def deadly(item, options, data=None):
                if item.path.endswith(name):
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(item, options, data)

            remote.render_file = deadly

        def teardown(self, worker) -> None:
            import retitle.batch.distributed as remote

            remote.render_file = self.real

    folder = _many(tmp_path / "in", 6)
    shutil.copy(MD, folder / "killer.md")
    client.register_plugin(DieOn("killer.md"), name="die-on")
    try:
        result = run("analyze", folder, "--out", tmp_path / "out", "--format", "jsonl",
                     "--scheduler", local.scheduler_address)
    finally:
        client.unregister_worker_plugin("die-on")
    assert result.exit_code == 3
    rows = {Path(r["path"]).name: r for r in json.loads((tmp_path / "out" / "summary.json").read_text())["rows"]}
    assert rows["killer.md"]["error"].startswith("every worker reading it died (2 tried")
    assert all(r["error"] is None for name, r in rows.items() if name != "killer.md") and len(rows) == 7
    assert f"{folder / 'killer.md'}: every worker reading it died" in result.stderr
    errors = [json.loads(line) for line in result.stdout.splitlines() if '"error"' in line]
    assert [Path(e["file"]).name for e in errors] == ["killer.md"]


def test_scheduler_without_the_dask_extra_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    result = run("analyze", MD, "--out", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert result.stderr == 'retitle: error: --scheduler needs Dask, which is not installed: pip install "retitle[dask]"\n'
    assert not (tmp_path / "out").exists()


def test_cluster_options_that_do_not_fit_are_usage_errors(tmp_path):
    pytest.importorskip("distributed")
    jobs = run("analyze", MD, "--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2")
    assert jobs.exit_code == 2 and "with --scheduler the cluster's workers run the files" in jobs.stderr
    send = run("analyze", MD, "--out", tmp_path / "o", "--send-files")
    assert send.exit_code == 2 and "--send-files needs --scheduler" in send.stderr


@cluster_test
def test_an_unreachable_scheduler_is_one_line_exit_3(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import retitle.batch.distributed as remote

    monkeypatch.setattr(remote, "CONNECT_SECONDS", 1)
    result = run("analyze", MD, "--out", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 3
    assert result.stderr.startswith("retitle: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_deadline_stops_python_work_and_leaves_the_thread_clean():
    pytest.importorskip("distributed")
    from retitle.batch.distributed import FileTimeout, _deadline

    def spin():
        while True:
            pass

    started = time.monotonic()
    assert _deadline(spin, 0.2) is None
    assert time.monotonic() - started < 5
    assert _deadline(lambda: "done", 5) == "done"
    assert _deadline(lambda: "no limit", None) == "no limit"
    def stubborn():
        try:
            while True:
                pass
        except FileTimeout:
            pass  # dropped, as the garbage collector drops an exception raised in a finaliser
        while True:
            pass

    assert _deadline(stubborn, 0.2) is None  # raised again until the work stops
    time.sleep(0.3)  # a watcher that had not fired must not raise in this thread later
    with pytest.raises(ValueError):
        _deadline(lambda: int("x"), 5)  # the work's own errors are the caller's
