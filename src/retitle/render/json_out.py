"""JSON and JSON Lines: the version-1 shape of DESIGN.md, one object per file."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_CONSTANTS = {True: "true", False: "false", None: "null"}
_INFINITY = float("inf")


def dumps(obj: Any, *, pretty: bool = True) -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=2)` (or compact), byte for byte. The pretty form
    is built here: with `indent` the standard library uses its pure-Python encoder, a generator per
    container, which cost more than building the report (~2 ms a file)."""
    if pretty:
        chunks: list[str] = []
        _pretty(obj, chunks, "\n")
        return "".join(chunks)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _pretty(obj: Any, out: list[str], newline: str) -> None:
    """Append `obj` as `json.dumps(..., indent=2)` writes it; `newline` is a line break and the
    current indentation."""
    if isinstance(obj, str):
        out.append(encode_basestring(obj))
    elif obj is None or obj is True or obj is False:
        out.append(_CONSTANTS[obj])
    elif isinstance(obj, int):
        out.append(int.__repr__(obj))
    elif isinstance(obj, float):
        out.append(_float(obj))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, value in obj.items():
            out.append(separator)
            separator = "," + inner
            out.append(encode_basestring(_key(key)))
            out.append(": ")
            _pretty(value, out, inner)
        out.append(newline + "}")
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for value in obj:
            out.append(separator)
            separator = "," + inner
            _pretty(value, out, inner)
        out.append(newline + "]")
    else:
        raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as the standard library writes it (a string; True, 1, 1.5 and None as JSON)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return _CONSTANTS[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def schema() -> dict:
    """The JSON Schema of the version-1 report object, shipped inside the package."""
    from importlib import resources

    return json.loads((resources.files("retitle") / "schema" / "report-v1.schema.json").read_text("utf-8"))
