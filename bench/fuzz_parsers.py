"""Fuzz the PDF and DOCX readers with mutated real files: `parse()` must return a Document or
raise InputError — any other exception is a crash a user would see as a traceback.

    python bench/fuzz_parsers.py                       # standalone: 10 minutes over both formats
    python bench/fuzz_parsers.py --seconds 60 --format docx

Seeds are the samples plus, when present, the PDF and DOCX files of ../shared/corpus. Mutations are
drawn by hypothesis: byte flips, overwrites, deletions,
insertions, duplications and truncation of the whole file, and for DOCX the same mutations applied
to word/document.xml inside a well-formed zip, so the XML reader is reached past the zip CRC
checks. The first input to crash at each distinct place is saved to tests/fixtures/fuzz/ (named
by its hash), where
tests/test_fuzz_pdf_docx.py replays it on every run. The bounded CI mode is that test file.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from retitle.errors import InputError
from retitle.model import Document
from retitle.parse import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CRASHES = ROOT / "tests" / "fixtures" / "fuzz"
SEED_LIMIT = 2 * 1024 * 1024  # larger seeds make each example slow without finding more
# No shrinking: shrinking a mutated PDF takes minutes and a crash's seed file is small enough.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
_saved: set[tuple[str, str, int]] = set()
SAVE = False  # the standalone run saves crashes; the tests that import this module do not


def seeds(suffix: str) -> list[bytes]:
    """The sample file of that format, then the corpus's (sorted, so runs are repeatable)."""
    paths = sorted(ROOT.glob(f"samples/*{suffix}"))
    if CORPUS.is_dir():
        paths += sorted(CORPUS.rglob(f"*{suffix}"))
    return [p.read_bytes() for p in paths if p.stat().st_size <= SEED_LIMIT]


_position = st.integers(min_value=0, max_value=2**31)
_mutation = st.one_of(
    st.tuples(st.just("flip"), _position, st.integers(0, 7)),
    st.tuples(st.just("set"), _position, st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), _position, st.integers(1, 4096)),
    st.tuples(st.just("insert"), _position, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("repeat"), _position, st.integers(1, 512)),
    st.tuples(st.just("truncate"), _position, st.just(0)),
)


def mutate(data: bytes, mutations) -> bytes:
    """Apply (kind, position, argument) edits; positions wrap around the current length."""
    buf = bytearray(data)
    for kind, pos, arg in mutations:
        at = pos % (len(buf) + 1)
        if kind == "flip" and buf:
            buf[at % len(buf)] ^= 1 << arg
        elif kind == "set":
            buf[at:at + len(arg)] = arg
        elif kind == "delete":
            del buf[at:at + arg]
        elif kind == "insert":
            buf[at:at] = arg
        elif kind == "repeat":
            buf[at:at] = buf[at:at + arg]
        elif kind == "truncate":
            del buf[at:]
    return bytes(buf)


def mutate_docx_xml(data: bytes, mutations) -> bytes:
    """The same edits inside word/document.xml, re-zipped, so the XML reader sees them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "word/document.xml":
                member = mutate(member, mutations)
            target.writestr(info.filename, member)
    return out.getvalue()


def check(data: bytes, suffix: str, folder: Path) -> None:
    """The property: a Document or an InputError with a one-line reason, nothing else."""
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        result = parse(path)
    except InputError as exc:
        assert exc.reason and "\n" not in exc.reason, f"reason must be one line: {exc.reason!r}"
        return
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        key = (type(exc).__name__, where.filename, where.lineno)
        if SAVE and key not in _saved:  # one fixture per distinct crash site
            _saved.add(key)
            save_crash(data, suffix)
        raise
    assert isinstance(result, Document)


def save_crash(data: bytes, suffix: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    path = CRASHES / f"crash-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    path.write_bytes(data)
    return path


def property_for(suffix: str, folder: Path):
    """A hypothesis test for one format, over that format's seeds."""
    pool = seeds(suffix)
    if not pool:
        raise SystemExit(f"no {suffix} seeds found")
    inside_zip = st.booleans() if suffix == ".docx" else st.just(False)

    @given(seed=st.sampled_from(pool), mutations=st.lists(_mutation, min_size=1, max_size=8), in_xml=inside_zip)
    def fuzz(seed, mutations, in_xml):
        data = mutate_docx_xml(seed, mutations) if in_xml else mutate(seed, mutations)
        check(data, suffix, folder)

    return fuzz


def run(suffix: str, seconds: float, examples: int) -> list[str]:
    """Run batches of examples until the time is up; return one line per crash found."""
    crashes: list[str] = []
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as tmp:
        fuzz = settings(max_examples=examples, deadline=None, database=None, phases=PHASES,
                        suppress_health_check=list(HealthCheck))(property_for(suffix, Path(tmp)))
        while time.monotonic() < deadline:
            try:
                fuzz()
            except Exception as exc:  # hypothesis re-raises the shrunk crash
                where = traceback.extract_tb(exc.__traceback__)[-1]
                crashes.append(f"{suffix}: {type(exc).__name__}: {str(exc)[:120]} at {where.filename}:{where.lineno}")
                print(crashes[-1], file=sys.stderr)
    return crashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600, help="time budget, split over the formats")
    parser.add_argument("--format", choices=["pdf", "docx", "both"], default="both")
    parser.add_argument("--examples", type=int, default=200, help="examples per hypothesis round")
    args = parser.parse_args()
    global SAVE
    SAVE = True
    suffixes = [".pdf", ".docx"] if args.format == "both" else [f".{args.format}"]
    crashes = [line for s in suffixes for line in run(s, args.seconds / len(suffixes), args.examples)]
    print(f"fuzz: {len(crashes)} crash(es); inputs saved in {CRASHES}" if crashes else "fuzz: no crash found")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
