"""Broken and hostile inputs: one line naming the file and the reason, exit 3, no traceback, and a
batch that still finishes; no network; inputs never modified."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import retitle
from retitle.batch import OUTPUT_SUFFIXES, SUMMARY_FILES, Options, run_batch
from retitle.cli import main
from retitle.errors import InputError
from retitle.parse import parse

from conftest import SAMPLES

MD = SAMPLES / "ada_okafor_resume.md"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "random.pdf": (bytes(range(256)) * 8, "not a PDF file"),
    "random.docx": (bytes(reversed(range(256))) * 8, "not a DOCX file"),
    "letter.doc": (OLE, "save it as .docx or PDF"),
    "renamed-doc.docx": (OLE, "legacy Word .doc (or an encrypted .docx)"),
    "cv.odt": (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
               "OpenDocument .odt is not supported — save it as .docx or PDF"),
    "odt-named.docx": (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
                       "OpenDocument .odt is not supported"),
    "cv.pages": (_zip({"Index/Document.iwa": b"\x00"}), "Apple Pages files are not supported — export to .docx or PDF"),
    "no-body.docx": (_zip({"[Content_Types].xml": b"<Types/>"}), "without word/document.xml"),
    "damaged.docx": (b"PK\x03\x04" + b"\x00" * 64, "damaged zip container"),
    "cv.rtf": (b"{\\rtf1 Tuned hyperparameters}", "RTF is not supported"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_one_line_naming_file_and_reason_exit_3(name, tmp_path):
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run("analyze", path)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"retitle: error: {path}: ") and reason in result.stderr
    assert "Traceback" not in result.output


def test_a_batch_of_every_bad_input_still_finishes_the_good_file(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, (data, _) in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    shutil.copy(MD, folder / "good résumé.md")
    result = run("analyze", folder, "--out", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 3
    rows = {Path(r["path"]).name: r for r in json.loads((tmp_path / "out" / "summary.json").read_text())["rows"]}
    assert set(rows) == set(BAD_INPUTS) | {"good résumé.md"}
    assert rows["good résumé.md"]["error"] is None and rows["good résumé.md"]["bullets"] > 5
    for name, (_, reason) in BAD_INPUTS.items():
        assert reason in rows[name]["error"], name
        assert f"retitle: error: {folder / name}: " in result.stderr
    assert "Traceback" not in result.output


def test_pages_bundle_folder_says_what_to_convert_to(tmp_path):
    bundle = tmp_path / "cv.pages"
    (bundle / "Index").mkdir(parents=True)
    with pytest.raises(InputError, match="export to .docx or PDF"):
        parse(bundle)


def test_directory_where_a_file_is_expected(tmp_path):
    with pytest.raises(InputError) as caught:
        parse(tmp_path)
    assert caught.value.reason == "is a directory, expected a file"


def test_file_without_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "locked.md"
    shutil.copy(MD, path)
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: simulate what a user without permission meets
        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as caught:
        parse(path)
    assert caught.value.reason == "permission denied" and caught.value.path == str(path)


def test_file_names_with_spaces_and_non_ascii(tmp_path):
    path = tmp_path / "Zoë Ñúñez — CV 2026.md"
    shutil.copy(MD, path)
    result = run("analyze", path, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["file"] == str(path)


def test_file_over_max_size_says_how_to_raise_the_limit(tmp_path):
    path = tmp_path / "big.md"
    path.write_text("- Tuned hyperparameters.\n" * 50000)
    result = run("analyze", path, "--max-size", "0.5")
    assert result.exit_code == 3 and "raise it with --max-size" in result.stderr


def test_a_parser_bug_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    import retitle.parse as parse_module

    def broken(fmt):
        def parser(path, data):
            raise ValueError("unexpected token\nat offset 4")

        return parser

    monkeypatch.setattr(parse_module, "_parser", broken)
    path = tmp_path / "cv.md"
    shutil.copy(MD, path)
    result = run("analyze", path)
    assert result.exit_code == 3
    assert result.stderr == f"retitle: error: {path}: could not be analysed (ValueError: unexpected token at offset 4)\n"


@pytest.fixture
def no_network(monkeypatch):
    """Opening an internet socket or resolving a name fails the test. Local AF_UNIX pairs stay
    allowed: they are how the batch talks to its worker processes (which inherit this guard)."""
    real_socket = socket.socket

    class GuardedSocket(real_socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
                raise AssertionError("retitle tried to open a network socket")
            super().__init__(family, type, proto, fileno)

    def refuse(*args, **kwargs):
        raise AssertionError("retitle tried to reach the network")

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_network_guard_refuses_an_internet_socket(no_network):
    with pytest.raises(AssertionError, match="network"):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(AssertionError, match="network"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_full_analysis_and_a_batch_run_with_sockets_disabled(no_network, tmp_path):
    report = retitle.analyze(MD)
    assert report.findings and report.summary.framing.score is not None
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MD, folder / "a.md")
    shutil.copy(SAMPLES / "ada_okafor_resume.txt", folder / "b.txt")
    result = run_batch([folder], Options(out=str(tmp_path / "out")), jobs=2)
    assert result.failed == 0 and len(result.rows) == 2


def _hashes(folder: Path) -> dict[str, tuple[str, float]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_inputs_are_never_modified_by_a_batch_with_out(tmp_path):
    folder = tmp_path / "inputs"
    (folder / "sub").mkdir(parents=True)
    for sample in SAMPLES.glob("ada_okafor_resume.*"):
        shutil.copy(sample, folder / sample.name)
        shutil.copy(sample, folder / "sub" / f"copy {sample.name}")
    before = _hashes(folder)
    assert run("analyze", folder, "--out", tmp_path / "out").exit_code in (0, 3)
    assert run("analyze", folder, "--out", folder).exit_code in (0, 3)  # outputs beside the inputs
    after = {k: v for k, v in _hashes(folder).items() if not k.endswith(OUTPUT_SUFFIXES) and k not in SUMMARY_FILES}
    assert after == before


def test_inputs_are_never_modified_by_docx_output(tmp_path):
    pytest.importorskip("retitle.render.docx_out", reason="the marked-up DOCX writer has not landed")
    folder = tmp_path / "inputs"
    folder.mkdir()
    for sample in SAMPLES.glob("ada_okafor_resume.*"):
        shutil.copy(sample, folder / sample.name)
    before = _hashes(folder)
    run("analyze", folder, "--out", tmp_path / "out")
    docx_in = folder / "ada_okafor_resume.docx"
    run("analyze", docx_in, "--docx", tmp_path / "marked.docx")
    run("analyze", docx_in, "--docx", tmp_path / "revised.docx", "--revisions")
    assert _hashes(folder) == before
    assert list((tmp_path / "out").glob("*.retitle.docx"))
