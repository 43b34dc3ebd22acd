"""The folder walk: which files a batch reads, and where each one's outputs go under --out."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from retitle.errors import InputError
from retitle.parse import _CONVERT_HINT, EXTENSIONS

OUTPUT_SUFFIXES = (".retitle.json", ".retitle.docx", ".retitle.html")
SUMMARY_FILES = ("summary.csv", "summary.json", "index.html")
# What a folder walk picks up: what retitle reads, plus the formats it can name a conversion for.
WALK_EXTENSIONS = frozenset(EXTENSIONS) | frozenset(_CONVERT_HINT)


@dataclass(frozen=True)
class Item:
    """One input file: `path` as the user would name it, `rel` its place in the --out mirror."""

    path: str
    rel: str


def collect(paths: Iterable[str | os.PathLike], out: str | None = None) -> list[Item]:
    """Expand files and folders into a de-duplicated list of inputs, in name order per folder.

    Folders are walked recursively through symlinks that stay inside them (each real folder once,
    so loops end; links out of the folder are not followed); hidden files and folders, Word `~$`
    lock files, retitle's own outputs and the --out folder are skipped; only resume-like extensions
    are taken from folders, while a file named explicitly is always tried. `rel` is the path below
    the common parent of all arguments, so `--out` mirrors the tree.
    """
    roots = [str(p) for p in paths]
    anchors = [os.path.abspath(r) if os.path.isdir(r) else os.path.dirname(os.path.abspath(r)) for r in roots]
    common = os.path.commonpath(anchors) if anchors else os.getcwd()
    out_abs = os.path.abspath(out) if out else None
    items: list[Item] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            items.append(Item(path, os.path.relpath(os.path.abspath(path), common)))

    for root in roots:
        if os.path.isdir(root) and Path(root).suffix.lower() not in _CONVERT_HINT:
            for path in _walk(root, out_abs):
                add(path)
        else:
            add(root)
    return items


def _walk(root: str, out_abs: str | None) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    inside = os.path.join(os.path.realpath(root), "")

    def escapes(path: str) -> bool:
        """A link out of the folder given: a shared folder must not make retitle read (and copy
        into its reports) files from elsewhere on the machine."""
        return os.path.islink(path) and not os.path.join(os.path.realpath(path), "").startswith(inside)

    for folder, dirs, files in os.walk(root, followlinks=True):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in visited:
            dirs[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        folder_abs = os.path.abspath(folder)
        keep = []
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if name.startswith(".") or escapes(path) or (out_abs and os.path.abspath(path) == out_abs
                                                           and out_abs != os.path.abspath(root)):
                continue
            if Path(name).suffix.lower() in _CONVERT_HINT:  # a macOS .pages bundle is a folder
                yield path
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            lower = name.lower()
            if name.startswith((".", "~$")) or lower.endswith(OUTPUT_SUFFIXES):
                continue
            if folder_abs == out_abs and name in SUMMARY_FILES:
                continue
            path = os.path.join(folder, name)
            if Path(lower).suffix in WALK_EXTENSIONS and not escapes(path):
                yield path


def output_paths(item: Item, out: str) -> dict[str, Path]:
    """Where a file's outputs go: the input's full name plus .retitle.json / .retitle.docx, so
    `cv.pdf` and `cv.docx` in one folder never share an output."""
    base = Path(out) / item.rel
    return {suffix: base.with_name(base.name + suffix) for suffix in OUTPUT_SUFFIXES}


def check_out_dir(items: list[Item], out: str) -> None:
    """Refuse an --out that would overwrite an input (summary files or per-file outputs)."""
    inputs = {os.path.realpath(i.path) for i in items}
    for name in SUMMARY_FILES:
        if os.path.realpath(os.path.join(out, name)) in inputs:
            raise InputError(os.path.join(out, name), "is an input; choose another --out folder")
    if os.path.exists(out) and not os.path.isdir(out):
        raise InputError(out, "--out must be a folder, and this is a file")


def output_clashes(items: list[Item], out: str) -> dict[int, str]:
    """Files whose output path is itself an input: they fail rather than overwrite it."""
    inputs = {os.path.realpath(i.path) for i in items}
    clashes = {}
    for index, item in enumerate(items):
        clash = [p for p in output_paths(item, out).values() if os.path.realpath(p) in inputs]
        if clash:
            clashes[index] = f"its output {clash[0]} is an input; choose another --out folder"
    return clashes
