from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def sample_txt() -> Path:
    return SAMPLES / "ada_okafor_resume.txt"


@pytest.fixture
def sample_md() -> Path:
    return SAMPLES / "ada_okafor_resume.md"


def needs_corpus():
    """Skip a corpus check cleanly when ../shared/corpus is not beside the checkout."""
    return pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


def stderr_on_a_terminal(args: list[str], timeout: float = 60) -> str:
    """What a command writes to stderr when stderr is a terminal (a pty, 120 columns), as text."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=follower,
                            env={**os.environ, "TERM": "xterm", "COLUMNS": "120"})
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    proc.wait(timeout=timeout)
    os.close(leader)
    return screen.decode("utf-8", "replace")
