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
# Crashes found in a parser and not fixed yet, for that parser's owner: expected to fail until the
# fix lands, and then (strict) the test fails as a reminder to move the file up to fuzz/.
OPEN_CRASHES = {
    "crash-180c3458065430b1.pdf": (MemoryError, "parse/pdf.py _gutter allocates a list as wide as a crafted coordinate"),
    "crash-70b8b4fe094374d5.docx": (AttributeError, "parse/docx.py assumes the document.xml root is w:document (.body)"),
}


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


@pytest.mark.parametrize("name", sorted(OPEN_CRASHES))
def test_open_crashes_still_reproduce(name, tmp_path, request):
    raises, reason = OPEN_CRASHES[name]
    request.applymarker(pytest.mark.xfail(strict=True, raises=raises, reason=reason))
    crash = FIXTURES / "fuzz" / "open" / name
    fuzz_parsers.check(crash.read_bytes(), crash.suffix, tmp_path)
