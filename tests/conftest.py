from __future__ import annotations

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
