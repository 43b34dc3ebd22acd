"""Bounded fuzzing of the PDF and DOCX readers (the long run is bench/fuzz_parsers.py), and the
replay of every crash it ever saved as a fixture."""

from __future__ import annotations

import importlib.util
import os

import pytest
from hypothesis import HealthCheck, settings

from conftest import FIXTURES, ROOT

_spec = importlib.util.spec_from_file_location("fuzz_parsers", ROOT / "bench" / "fuzz_parsers.py")
fuzz_parsers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_parsers)

# A few dozen mutations per format keeps CI well under a minute; raise it locally for a deeper look.
EXAMPLES = int(os.environ.get("RETITLE_FUZZ_EXAMPLES", "40"))
CRASH_FIXTURES = sorted((FIXTURES / "fuzz").glob("crash-*"))


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_mutated_files_give_a_document_or_a_one_line_error(suffix, tmp_path):
    fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=fuzz_parsers.PHASES,
                    suppress_health_check=list(HealthCheck))(fuzz_parsers.property_for(suffix, tmp_path))
    fuzz()


def test_mutations_change_the_bytes():
    seed = fuzz_parsers.seeds(".docx")[0]
    assert fuzz_parsers.mutate(seed, [("truncate", 100, 0)]) == seed[:100]
    assert fuzz_parsers.mutate(b"abc", [("flip", 0, 0), ("insert", 3, b"!")]) == b"`bc!"
    assert fuzz_parsers.mutate_docx_xml(seed, [("truncate", 10, 0)]) != seed


@pytest.mark.parametrize("crash", CRASH_FIXTURES, ids=lambda p: p.name)
def test_saved_crashes_stay_fixed(crash, tmp_path):
    fuzz_parsers.check(crash.read_bytes(), crash.suffix, tmp_path)
