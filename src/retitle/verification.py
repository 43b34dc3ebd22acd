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
from retitle.rewrite.claims import Added, ClaimGuard

MIN_DICE = 0.35
MIN_COVER = 0.5
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
    """Bullets, paragraph sentences and entry headers, each with its content lemmas."""
    out = []
    for block in document.blocks:
        if block.kind == "entry":
            texts = [block.text]
        elif block.kind == "bullet":
            texts = [block.text]
        elif block.kind == "paragraph":
            texts = [s.text for s in nlp(block.text).sents]
        else:
            continue
        for text in texts:
            if text.strip():
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
    return "entry" if unit.kind == "entry" else "text"


def compare(before: Document, after: Document, guard: ClaimGuard) -> Verification:
    """Align the two documents' units and list, per pair, each claim the rewrite adds."""
    result = Verification(before, after)
    old, new = units(before, guard.nlp), units(after, guard.nlp)
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
        if not candidates:
            result.new.append(b)
            continue
        score, i = max(candidates, key=lambda s: (s[0], -s[1]))
        shared = len(old[i].words & b.words)
        if score < MIN_DICE and not (shared >= 2 and shared >= MIN_COVER * len(b.words)):
            result.new.append(b)
            continue
        sources = [i] + [
            k for k, a in enumerate(old)
            if k != i and best_after.get(k, (0, -1))[1] == j
            and len(a.words & b.words) >= MIN_COVER * max(len(a.words), 1)
        ]
        used.update(sources)
        pair = Pair([old[k] for k in sorted(sources)], b, score)
        pair.added = guard.added(pair.before_text, _without_derived_durations(pair.before_text, b.text))
        result.pairs.append(pair)
    result.removed = [a for i, a in enumerate(old) if i not in used]
    return result
