"""JSON and JSON Lines: the version-1 shape of DESIGN.md, one object per file."""

from __future__ import annotations

import json
from typing import Any


def dumps(obj: Any, *, pretty: bool = True) -> str:
    if pretty:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def schema() -> dict:
    """The JSON Schema of the version-1 report object, shipped inside the package."""
    from importlib import resources

    return json.loads((resources.files("retitle") / "schema" / "report-v1.schema.json").read_text("utf-8"))
