"""A fast evaluator for the subset of spaCy `Matcher` token patterns the lexicons use.

spaCy's `Matcher` starts a state for every pattern at every token and calls a Python predicate
per token for each `IN` set, which made it most of the engine's time. This evaluator reads the
token attributes once per text (`Doc.to_array`, string hashes), indexes each pattern by a
required token that names words (its anchor), and tries the pattern only where one of those
words occurs. Semantics are the `Matcher`'s without `greedy`: every (start, end) that matches.
Patterns using anything outside the subset return None from `compile_pattern` and are left to
spaCy's `Matcher`; `tests/test_patterns.py` checks both agree on every shipped pattern.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable

from spacy.attrs import IDS
from spacy.strings import StringStore
from spacy.tokens import Doc

# Attribute columns read from each Doc, in this order.
COLUMNS = ("LEMMA", "LOWER", "ORTH", "NORM", "IS_ALPHA", "SENT_START", "LIKE_NUM", "IS_PUNCT", "IS_DIGIT",
           "IS_STOP")
_COL = {name: i for i, name in enumerate(COLUMNS)}
_ATTR_IDS = [IDS[name] for name in COLUMNS]
_WORD_ATTRS = {"LEMMA": "LEMMA", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH", "NORM": "NORM"}
_FLAG_ATTRS = ("IS_ALPHA", "LIKE_NUM", "IS_PUNCT", "IS_DIGIT", "IS_STOP")
_RANGE_RE = re.compile(r"^\{(\d*),(\d+)\}$")

Row = list[int]
Test = Callable[[Row], bool]


def _bounds(op) -> tuple[int, int] | None:
    """(min, max) repetitions for an OP value; None when it is not supported here."""
    if op is None:
        return 1, 1
    if op == "?":
        return 0, 1
    m = _RANGE_RE.match(str(op))
    if m:
        return int(m.group(1) or 0), int(m.group(2))
    return None


def _word_set(value, strings: StringStore) -> tuple[str, frozenset[int]] | None:
    """('IN' | 'NOT_IN', hashes) for a string or an IN/NOT_IN list of strings."""
    if isinstance(value, str):
        return "IN", frozenset([strings.add(value)])
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
        op, words = next(iter(value.items()))
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return op, frozenset(strings.add(w) for w in words)
    return None


class _Unit:
    __slots__ = ("test", "lo", "hi", "anchor")

    def __init__(self, test: Test, lo: int, hi: int, anchor: tuple[int, frozenset[int]] | None):
        self.test, self.lo, self.hi, self.anchor = test, lo, hi, anchor


def _compile_token(spec: dict, strings: StringStore) -> _Unit | None:
    checks: list[Test] = []
    anchor = None
    for key, value in spec.items():
        if key == "OP":
            continue
        if key in _WORD_ATTRS:
            words = _word_set(value, strings)
            if words is None:
                return None
            col = _COL[_WORD_ATTRS[key]]
            if words[0] == "NOT_IN":
                checks.append(lambda row, c=col, w=words[1]: row[c] not in w)
            else:
                checks.append(lambda row, c=col, w=words[1]: row[c] in w)
                anchor = anchor or (col, words[1])
        elif key in _FLAG_ATTRS and isinstance(value, bool):
            checks.append(lambda row, c=_COL[key], v=value: bool(row[c]) is v)
        elif key == "IS_SENT_START" and isinstance(value, bool):
            checks.append(lambda row, v=value: (row[_COL["SENT_START"]] == 1) is v)
        else:
            return None
    bounds = _bounds(spec.get("OP"))
    if bounds is None:
        return None
    if len(checks) == 1:
        test = checks[0]
    else:
        def test(row: Row, checks=tuple(checks)) -> bool:
            return all(check(row) for check in checks)
    return _Unit(test, bounds[0], bounds[1], anchor)


class CompiledPattern:
    """A token pattern as units, indexed on its first required word-naming unit."""

    def __init__(self, key: str, units: list[_Unit], anchor_unit: int):
        self.key = key
        self.units = units
        self.anchor = units[anchor_unit].anchor
        self.prefix_max = sum(u.hi for u in units[:anchor_unit])

    def ends(self, rows: list[Row], unit: int, pos: int) -> set[int]:
        """Every end position of a match of units[unit:] that starts at `pos`."""
        if unit == len(self.units):
            return {pos}
        u = self.units[unit]
        out: set[int] = set()
        k = 0
        while True:
            if k >= u.lo:
                out |= self.ends(rows, unit + 1, pos + k)
            if k == u.hi or pos + k >= len(rows) or not u.test(rows[pos + k]):
                return out
            k += 1


def compile_pattern(key: str, pattern: list[dict], strings: StringStore) -> CompiledPattern | None:
    """A pattern this module can run, or None (then spaCy's Matcher runs it)."""
    units = []
    for spec in pattern:
        unit = _compile_token(spec, strings) if isinstance(spec, dict) else None
        if unit is None:
            return None
        units.append(unit)
    anchor_unit = next((i for i, u in enumerate(units) if u.lo >= 1 and u.anchor), None)
    return CompiledPattern(key, units, anchor_unit) if anchor_unit is not None else None


class TokenPatterns:
    """Anchored evaluation of compiled patterns: `(key, start, end)` for every match."""

    def __init__(self) -> None:
        self.by_anchor: dict[int, dict[int, list[CompiledPattern]]] = defaultdict(lambda: defaultdict(list))

    def add(self, compiled: CompiledPattern) -> None:
        col, words = compiled.anchor
        for word in words:
            self.by_anchor[col][word].append(compiled)

    def __len__(self) -> int:
        return sum(len(v) for index in self.by_anchor.values() for v in index.values())

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        rows = doc.to_array(_ATTR_IDS).tolist() if len(doc) else []
        if rows:
            rows[0][_COL["SENT_START"]] = 1  # the first token always starts a sentence
        found: set[tuple[str, int, int]] = set()
        for col, index in self.by_anchor.items():
            for i, row in enumerate(rows):
                for compiled in index.get(row[col], ()):
                    for start in range(max(0, i - compiled.prefix_max), i + 1):
                        for end in compiled.ends(rows, 0, start):
                            found.add((compiled.key, start, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))
