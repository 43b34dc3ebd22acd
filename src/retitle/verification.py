"""`retitle verify`: which claims a rewritten resume adds to the original, bullet by bullet.

Alignment is by content-word overlap on lemmas (the engine's pipeline, stop words and
punctuation dropped), so it ignores order and tolerates rewording:
- each AFTER unit takes the BEFORE unit with the highest Dice similarity, when that is at least
  `MIN_DICE`, or when at least two content words are shared and they make up at least half of
  the AFTER unit (`MIN_COVER`) — a short rewrite of a long bullet;
- a merge: another BEFORE unit whose own best match is that AFTER unit and half of whose content
  words it keeps also counts as a source; claims are checked against all sources together;
- a split: several AFTER units may take the same BEFORE unit.
- a unit that finds no match among its own kind (bullets and paragraphs, or entry headers) may
  match the other kind, since parsers split entry headers differently from one layout to the next.
AFTER units with no source are new content to check; BEFORE units no AFTER unit took are removed.
A duration the source's date range implies ("May 2022 – Aug 2022" -> "4 months") is no claim.
Units are bullets, paragraph sentences (so a paragraph rewritten as bullets still aligns) and
entry headers (compared only with entry headers, so a new title shows up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from retitle.model import SCHEMA_VERSION, Document
from retitle.parse.dates import find_date_range, month_index
from retitle.rewrite.claims import Added, ClaimGuard, normalise

MIN_DICE = 0.35
MIN_COVER = 0.5
# Sections whose lines are lists and facts (skills, degrees, papers), not descriptions of work:
# compared with the whole of BEFORE, never reported as new work content.
LIST_SECTIONS = ("skills", "education", "publications", "contact")
# A unit this short with no claim the whole of BEFORE lacks is a fragment of a line another parser
# cut differently ("Devices.", a page footer), not new work.
SHORT_WORDS = 6
# Field separators of headers and list lines: "Title | Org | 2020 - 2023", "Python, SQL; Spark".
_PAGE = re.compile(r"(?i)(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?|page")
_FIELDS = re.compile(r"\s*(?:[|•·▪\t;,()]|\s-\s|\s-$|^-\s)\s*")
_DURATION_RE = re.compile(r"\b(?P<y>\d+)\s+(?:years?|yrs?)(?:,?\s+(?P<m>\d+)\s+(?:months?|mos?))?\b"
                          r"|\b(?P<mo>\d+)\s+(?:months?|mos?)\b")


@dataclass
class Unit:
    """A bullet, a paragraph sentence or an entry header: the grain claims are compared at."""

    block_id: str
    kind: str
    section: str
    text: str
    words: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        return {"block_id": self.block_id, "kind": self.kind, "section": self.section, "text": self.text}


@dataclass
class Pair:
    """An AFTER unit, the BEFORE unit(s) it was rewritten from, and the claims it adds."""

    before: list[Unit]
    after: Unit
    similarity: float
    added: list[Added] = field(default_factory=list)

    @property
    def before_text(self) -> str:
        return " ".join(u.text for u in self.before)

    def to_dict(self) -> dict[str, Any]:
        return {"before": [u.to_dict() for u in self.before], "after": self.after.to_dict(),
                "similarity": round(self.similarity, 3), "added": [a.to_dict() for a in self.added]}


@dataclass
class Verification:
    """The result of comparing two resumes; `clean` when the rewrite adds nothing."""

    before: Document
    after: Document
    pairs: list[Pair] = field(default_factory=list)
    new: list[Unit] = field(default_factory=list)
    removed: list[Unit] = field(default_factory=list)

    @property
    def flagged(self) -> list[Pair]:
        return [p for p in self.pairs if p.added]

    @property
    def clean(self) -> bool:
        return not self.flagged and not self.new

    def summary(self) -> dict[str, Any]:
        kinds: dict[str, int] = {}
        for pair in self.flagged:
            for added in pair.added:
                kinds[added.kind] = kinds.get(added.kind, 0) + 1
        return {"aligned": len(self.pairs), "with_added_claims": len(self.flagged),
                "added_claims": kinds, "new_content": len(self.new), "removed": len(self.removed),
                "clean": self.clean}

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "before": self.before.path, "after": self.after.path,
                "before_format": self.before.format, "after_format": self.after.format,
                "summary": self.summary(),
                "pairs": [p.to_dict() for p in self.flagged],
                "new_content": [u.to_dict() for u in self.new],
                "removed": [u.to_dict() for u in self.removed]}


def units(document: Document, nlp) -> list[Unit]:
    """Bullets, paragraph sentences, entry headers and contact lines, each with its content lemmas."""
    out = []
    for block in document.blocks:
        if block.kind in ("entry", "contact"):
            texts = [block.text]
        elif block.kind == "bullet":
            texts = [block.text]
        elif block.kind == "paragraph":
            texts = [s.text for s in nlp(block.text).sents]
        else:
            continue
        for text in texts:
            if text.strip() and not _PAGE.fullmatch(normalise(text).strip()):  # page furniture
                out.append(Unit(block.id, block.kind, block.section, text.strip(), _content(nlp(text))))
    return out


def _content(doc) -> frozenset[str]:
    return frozenset(t.lemma_ for t in doc if not (t.is_stop or t.is_punct or t.is_space) and t.lemma_.strip())


def _dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _without_derived_durations(before: str, after: str) -> str:
    """AFTER with durations removed that its source's date range already implies ("May 2022 –
    Aug 2022" allows "4 months"; a range to the present allows any duration up to today)."""
    dates = find_date_range(before)
    if not dates:
        return after
    span = month_index(dates["end"]) - month_index(dates["start"])

    def implied(m: re.Match) -> str:
        months = int(m["y"] or 0) * 12 + int(m["m"] or m["mo"] or 0)
        fits = months <= span + 1 if dates["end"] == "present" else months in (span, span + 1)
        return "" if fits else m.group(0)

    return _DURATION_RE.sub(implied, after)


def _group(unit: Unit) -> str:
    return "entry" if unit.kind in ("entry", "contact") else "text"


def _flat(text: str) -> str:
    """Letters and digits only, lower case: what survives any parser's spacing, wrapping and
    glueing ("POSITIONS OF RESPONSIBILITIESPR…")."""
    return re.sub(r"[\W_]+", "", normalise(text).lower())


def _is_list(unit: Unit) -> bool:
    """Headers, contact lines, lines of list sections and lines of "|"-separated fields: compared
    as such, never as work."""
    return unit.kind in ("entry", "contact") or unit.section in LIST_SECTIONS or " | " in unit.text


class _Whole:
    """All of BEFORE, flattened: a line of AFTER found in it verbatim (whole, or field by field for
    headers and lists) is the same text segmented another way and claims nothing new."""

    def __init__(self, document: Document):
        texts = [b.text for b in document.blocks if b.text.strip()]
        self.text = "\n".join(texts)
        self.flat = "".join(_flat(t) for t in texts)
        self.words = set(re.findall(r"[\w+#.]+", normalise(self.text).lower()))

    def has(self, text: str) -> bool:
        flat = _flat(text)
        if not flat:
            return True
        if len(flat) >= 6:
            return flat in self.flat
        return all(w.strip(".") in self.words or w in self.words
                   for w in re.findall(r"[\w+#.]+", normalise(text).lower()))

    def unseen_fields(self, text: str) -> str:
        """The fields of a header or list line that BEFORE does not have verbatim ("" when it has
        them all); page furniture ("Page 2", "1 of 2") is no field."""
        fields = [f.strip() for f in _FIELDS.split(normalise(text)) if f and f.strip()]
        return " | ".join(u for f in fields if not (_PAGE.fullmatch(f) or self.has(f)) for u in [self._unseen(f)] if u)

    def _unseen(self, field: str) -> str:
        """The words of `field` outside its longest runs that BEFORE has verbatim (a field two
        lines glued together: "2016 & 2019 Travel Grant Award")."""
        words, out, i = field.split(), [], 0
        while i < len(words):
            j = next((j for j in range(len(words), i + 1, -1)
                      if len(_flat(" ".join(words[i:j]))) >= 6 and _flat(" ".join(words[i:j])) in self.flat), None)
            if j is None:
                out.append(words[i])
                i += 1
            else:
                i = j
        return " ".join(out)


def _as_listed(unit: Unit, added: list[Added], whole: _Whole) -> list[Added]:
    """What a header or list line adds, compared as such: a name BEFORE has anywhere (a city, a
    school, a skill) is no new claim there, and a contact line claims only a title."""
    if unit.kind == "contact":
        return [a for a in added if a.kind == "new_title"]
    out = []
    for a in added:
        if a.kind in ("new_tool", "new_organisation") and whole.has(a.text):
            continue
        if a.kind == "changed_number" and a.was and a.was in normalise(unit.text):
            a = Added("new_number", a.text, f"“{a.text}” is not in the original")  # the old figure is still there
        out.append(a)
    return out


def compare(before: Document, after: Document, guard: ClaimGuard) -> Verification:
    """Align the two documents' units and list, per pair, each claim the rewrite adds."""
    result = Verification(before, after)
    old, new = units(before, guard.nlp), units(after, guard.nlp)
    whole = _Whole(before)
    best_after: dict[int, tuple[float, int]] = {}
    for i, a in enumerate(old):
        scores = [(_dice(a.words, b.words), j) for j, b in enumerate(new)]
        if scores:
            best_after[i] = max(scores, key=lambda s: (s[0], -s[1]))
    used: set[int] = set()
    for j, b in enumerate(new):
        candidates = [(_dice(a.words, b.words), i) for i, a in enumerate(old) if _group(a) == _group(b)]
        if not candidates or max(candidates)[0] < MIN_DICE:  # parsers may split an entry header differently
            candidates = [(_dice(a.words, b.words), i) for i, a in enumerate(old)]
        exact = next((i for i, a in enumerate(old) if a.text == b.text and _group(a) == _group(b)), None)
        if exact is not None:
            used.add(exact)
            result.pairs.append(Pair([old[exact]], b, 1.0))
            continue
        best = max(candidates, key=lambda s: (s[0], -s[1])) if candidates else (0.0, -1)
        listed = _is_list(b)
        text = whole.unseen_fields(b.text) if listed else ("" if whole.has(b.text) else b.text)
        if not text:  # the same words, cut or joined differently by the other parser
            if best[1] >= 0:
                used.add(best[1])
            result.pairs.append(Pair([old[best[1]]] if best[1] >= 0 else [], b, best[0]))
            continue
        score, i = best
        shared = len(old[i].words & b.words) if i >= 0 else 0
        if i < 0 or (score < MIN_DICE and not (shared >= 2 and shared >= MIN_COVER * len(b.words))):
            if listed or len(b.text.split()) <= SHORT_WORDS:
                # a header, list line or fragment with no counterpart: checked against all of BEFORE
                pair = Pair([], b, score, _as_listed(b, guard.added(whole.text, text), whole))
                if pair.added and not listed:
                    result.new.append(b)
                else:
                    result.pairs.append(pair)
                continue
            result.new.append(b)
            continue
        sources = [i] + [
            k for k, a in enumerate(old)
            if k != i and best_after.get(k, (0, -1))[1] == j
            and len(a.words & b.words) >= MIN_COVER * max(len(a.words), 1)
        ]
        used.update(sources)
        pair = Pair([old[k] for k in sorted(sources)], b, score)
        added = guard.added(pair.before_text, _without_derived_durations(pair.before_text, text))
        pair.added = _as_listed(b, added, whole) if listed else added
        result.pairs.append(pair)
    result.removed = [a for i, a in enumerate(old) if i not in used]
    return result
