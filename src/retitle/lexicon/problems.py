"""Lexicon problems as one line each: `file: where: reason` (where = entry or rule code, then field)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from retitle.lexicon.schema import REWRITE_KINDS


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lexicon: the file, the entry (a rule code, a title id), the field
    inside it (`patterns[2]`, `exceptions`) and the reason, in words a lexicon author acts on."""

    file: str
    reason: str
    entry: str = ""
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = " ".join(part for part in (self.entry, self.field) if part)
        head = f"{self.file}:{self.line}" if self.line else self.file
        return f"{head}: {where}: {self.reason}" if where else f"{head}: {self.reason}"


# Lists whose items are named by a key of the item (rules by code, titles and areas by id).
_ENTRY_KEYS = {"rules": "code", "titles": "id", "areas": "id", "levels": "id"}


def _field(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models inside an annotation: list[...], dict[..., ...], unions, Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in (getattr(annotation, "__args__", None) or ()) + ((annotation.__origin__,) if hasattr(
            annotation, "__metadata__") else ()):
        found += [m for m in _models_in(arg) if m not in found]
    return found


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model an error at `loc` (pydantic's, with union tags) is inside, for "known keys"."""
    candidates = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        tagged = [m for m in candidates if "kind" in m.model_fields
                  and part in getattr(m.model_fields["kind"].annotation, "__args__", ())]
        if tagged:
            candidates = tagged
            continue
        owner = next((m for m in candidates if part in m.model_fields), None)
        if owner is None:
            continue
        candidates = _models_in(owner.model_fields[part].annotation) or candidates
    return candidates[0] if len(candidates) == 1 else None


def _reason(error: dict, model: type[BaseModel]) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        loc = error["loc"]
        owner = _model_at(model, loc)
        known = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        return "unknown key" + (f" (did you mean {close[0]}?)" if close else
                                f" (known: {', '.join(known)})" if known else "")
    if kind == "missing":
        return "missing"
    if isinstance(value, bool) and kind.endswith("_type") and kind != "bool_type":
        return (f"read as the boolean {str(value).lower()}, not a word: quote it "
                "(YAML reads unquoted on, off, yes and no as true or false)")
    if kind == "literal_error":
        return "must be one of " + error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"each rewrite needs a kind in {', '.join(REWRITE_KINDS)}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "dict_type":
        return f"must be a mapping (key: value), not {type(value).__name__}"
    if kind == "list_type":
        return f"must be a list ([a, b]), not {type(value).__name__}"
    if kind.endswith("_type"):
        return error["msg"].replace("Input should be", "must be") + f", not {type(value).__name__}"
    return error["msg"].replace("Input should", "must").replace("List should", "must").replace(
        "Value should", "must")


def validation_problems(exc: ValidationError, model: type[BaseModel], file: str, data: Any) -> list[Problem]:
    """pydantic's errors as Problems: a rule's errors under its code, a title's under its id.

    A union (claims.yaml `scope_words`: a map or a list) reports each branch's errors; only the
    first per location is kept, so one mistake is one line."""
    problems, seen = [], set()
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p in (
            "prompt", "trim", "reframe", "function-after", "list", "dict"))))
        entry, rest = "", loc
        if len(loc) >= 2 and loc[0] in _ENTRY_KEYS and isinstance(loc[1], int):
            items = data.get(loc[0]) if isinstance(data, dict) else None
            item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
            key = item.get(_ENTRY_KEYS[loc[0]]) if isinstance(item, dict) else None
            entry, rest = (str(key) if key is not None else f"{loc[0]}[{loc[1] + 1}]"), loc[2:]
        if loc[:1] in (("rules",), ("titles",), ("areas",)) and entry and loc[0] != "rules":
            entry = f"{loc[0][:-1]} {entry}"
        where = (entry, _field(rest))
        if where in seen:
            continue
        seen.add(where)
        problems.append(Problem(file, _reason(error, model), *where))
    return problems
