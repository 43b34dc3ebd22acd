"""spaCy imported without its command line.

`spacy/__init__.py` imports `spacy.cli` (typer, rich, weasel, httpx, requests: ~0.25 s, a quarter
of importing spaCy, paid by every retitle run) only to export `spacy.info`, which retitle never
calls. While spaCy's own `__init__` runs, stand-ins for `spacy.cli` and `spacy.cli.info` answer
that import; as soon as it has run they leave `sys.modules`, so whatever imports `spacy.cli` later
gets the real one, and `spacy.info` imports and calls the real `info`. Nothing changes when spaCy
was imported before retitle.
"""

from __future__ import annotations

import importlib.machinery
import sys
import types


def _info(*args, **kwargs):
    """`spacy.info`: the real one, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _Loader:
    """spaCy's own loader, with the stand-ins in place while it runs `spacy/__init__.py`."""

    def __init__(self, real) -> None:
        self.real = real

    def create_module(self, spec):
        return self.real.create_module(spec)

    def exec_module(self, module) -> None:
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []
        info = types.ModuleType("spacy.cli.info")
        info.info = _info
        stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
        for name, stand_in in stand_ins.items():
            sys.modules.setdefault(name, stand_in)
        try:
            self.real.exec_module(module)
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
            module.__loader__ = module.__spec__.loader = self.real


class _Finder:
    """Finds `spacy` as the import system would, once, and hands its loader the stand-ins."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "spacy":
            return None
        if cls in sys.meta_path:
            sys.meta_path.remove(cls)
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Import spaCy without its command line from now on (unless it is imported already)."""
    if "spacy" not in sys.modules and _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)
