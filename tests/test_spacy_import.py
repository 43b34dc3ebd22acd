"""retitle imports spaCy without spaCy's command line, and leaves the real one importable."""

import subprocess
import sys

SCRIPT = """
import sys
import retitle
import spacy
assert "spacy.cli" not in sys.modules and "typer" not in sys.modules, sorted(sys.modules)
assert spacy.blank("en")("two words").text == "two words"
import spacy.cli
assert callable(spacy.cli.download) and spacy.cli.__file__.endswith("__init__.py")
assert spacy.info(silent=True)["spacy_version"] == spacy.__version__
"""


def test_spacy_imported_without_its_cli_which_stays_importable():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
