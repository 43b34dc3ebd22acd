"""The glyph record both PDF engines produce, so one layout code reads either engine's pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# A drawn shape this small and this square may be a bullet (pt; width / height).
MARK_MIN, MARK_MAX, MARK_MIN_RATIO, MARK_MAX_RATIO = 1.0, 8.0, 0.5, 2.0


@dataclass(slots=True)
class Glyph:
    """One character as drawn: its text, its box (pdfminer's: one advance wide, the font's em
    square from its descent), its size, font name and whether the font is bold."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    font: str
    bold: bool


@dataclass
class SourcePage:
    """What a glyph source hands to the layout: glyph runs in drawing order (the page's, then each
    figure's, which pdfminer groups apart), small drawn shapes, and glyph counts for the
    text-layer checks (`unmapped`: glyphs whose font has no Unicode map, already left out)."""

    number: int
    height: float
    runs: list[list[Glyph]] = field(default_factory=list)
    marks: list[tuple[float, float, float, float]] = field(default_factory=list)
    glyphs: int = 0
    unmapped: int = 0


@lru_cache(maxsize=256)
def is_bold(font_name: str) -> bool:
    """Bold by the font's name: the only weight signal both engines give for every font."""
    return bool(_BOLD_RE.search(font_name))


def is_mark(x0: float, y0: float, x1: float, y1: float) -> bool:
    """A drawn shape the size and shape of a bullet dot or square."""
    width, height = x1 - x0, y1 - y0
    return MARK_MIN <= width <= MARK_MAX and MARK_MIN <= height <= MARK_MAX \
        and MARK_MIN_RATIO <= width / height <= MARK_MAX_RATIO
