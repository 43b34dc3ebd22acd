"""retitle: find research-style framing in an ML resume and reframe it toward systems integration, honestly."""

from __future__ import annotations

from retitle import _spacy_import

_spacy_import.install()  # before anything imports spaCy: it then skips its command line (~0.25 s a run)

__version__ = "0.1.0"

__all__ = ["__version__", "analyze", "verify"]


def analyze(path, **options):
    """Parse, tag and summarise one resume file; see `retitle.api.analyze`."""
    from retitle.api import analyze as _analyze

    return _analyze(path, **options)


def verify(before, after, **options):
    """Claims a rewritten resume adds to the original; see `retitle.api.verify`."""
    from retitle.api import verify as _verify

    return _verify(before, after, **options)
