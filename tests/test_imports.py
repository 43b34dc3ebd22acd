"""Lexicon compilation does not import the engine, and no retitle modules import each other in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

SRC = ROOT / "src"


def _module(path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """retitle module -> the retitle modules it imports anywhere (top level or inside a function)."""
    modules = {_module(p): p for p in (SRC / "retitle").rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target.startswith("retitle") and target != name:
                    found.add(target)
        graph[name] = found
    return graph


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    todo, seen = [start], set()
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        if current not in seen:
            seen.add(current)
            todo += [m for m in graph.get(current, ()) if m != "retitle"]  # the package's lazy API
    return False


def test_lexicon_and_engine_import_graph_has_no_cycle():
    graph = _import_graph()
    lexicon = [m for m in graph if m == "retitle.lexicon" or m.startswith("retitle.lexicon.")]
    assert len(lexicon) == 5
    assert not any(_reaches(graph, m, "retitle.engine") for m in lexicon)
    assert not _reaches(graph, "retitle.nlp", "retitle.lexicon") and not _reaches(graph, "retitle.nlp", "retitle.engine")
    assert _reaches(graph, "retitle.engine", "retitle.lexicon")


@pytest.mark.parametrize("module", ["retitle.lexicon", "retitle.nlp", "retitle.engine"])
def test_module_imports_alone_in_a_fresh_interpreter(module):
    code = (f"import sys, {module}; from retitle.lexicon import compile_lexicon; "
            "print('retitle.engine' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(module == "retitle.engine")
