"""The head of a resume: the person's name, contact lines and location, before the first heading.

A clean DOCX made from a PDF takes the name as its title, so the name must be found among the
lines at the top (a city, a phone number or a job title is not a name), and none of those lines
may be read as a bullet or an entry.
"""

from __future__ import annotations

import re

from retitle.model import BlockKind, Section
from retitle.parse.common import CONTACT_RE
from retitle.parse.entries import part_kind

# A name is two to four words ("Ana María de la Cruz" has five; so does "Dr. Jane A. Roe-Smith").
MAX_NAME_WORDS = 5
# Lines above the first heading longer than this are the profile paragraph, not the head.
MAX_HEAD_LINE_WORDS = 12
# The head is the top of the resume: a file with no headings at all has no head beyond this.
MAX_HEAD_BLOCKS = 8
_NOT_NAME_WORDS = frozenset("""
science sciences engineering computer computing mathematics math physics statistics data machine learning
intelligence artificial department faculty resume résumé cv curriculum vitae portfolio email e-mail phone mobile
tel address updated page republic kingdom states back download contact profile summary
""".split())
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[a-z]{1,3}|[A-ZÀ-Þ]\.)$")


def is_name(text: str, first: bool = False) -> bool:
    """Does a text read as a person's name: two to five capitalised words (any case for the very
    first line), no digits, links, roles or places? A nickname in quotes or brackets is allowed."""
    bare = re.sub(r"[“\"‘'(][^”\"’')]*[”\"’')]", " ", text).strip()
    words = bare.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or re.search(r"[\d@/|:,;()•·#§]", bare) or CONTACT_RE.search(bare):
        return False
    if first and all(re.fullmatch(r"[^\W\d_][\w'’.-]*", w) for w in words):
        pass
    elif not all(_NAME_WORD_RE.match(w) for w in words) or sum(w[0].isupper() for w in words) < 2:
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in _NOT_NAME_WORDS for w in lowered) or len(words) >= 3 and part_kind(words[-1]) == "location":
        return False  # "Computer Science", "Jane Roe Email", "Jane Roe London"
    return part_kind(bare) == "" and part_kind(bare.title()) == ""


_HEAD_SEP_RE = re.compile(r"\s+[|•·–—-]\s+|\s*\|\s*|\s{2,}|,\s+")


def name_in(text: str, first: bool = False) -> str | None:
    """The name a head line holds, alone or as one of its parts ("Jane Roe | jane@example.org")."""
    if is_name(text, first):
        return text.strip()
    return next((part.strip() for part in _HEAD_SEP_RE.split(text) if is_name(part, first)), None)


def mark_head(doc) -> None:
    """Before the first heading: short lines are contact lines, and the first that holds a name is the
    name line (`fields["contact"] = "name"`, `fields["name"]`; the DOCX writer makes it the title)."""
    named = False
    for position, block in enumerate(doc.blocks[:MAX_HEAD_BLOCKS]):
        if block.kind == "heading":
            break
        if block.kind in ("bullet", "entry", "paragraph") and (
                CONTACT_RE.search(block.text) and len(block.text.split()) <= MAX_HEAD_LINE_WORDS
                or block.kind != "paragraph" and len(block.text.split()) <= MAX_HEAD_LINE_WORDS
                and not block.text.rstrip().endswith(".")):
            block.kind, block.section = BlockKind.CONTACT, Section.OTHER
            block.fields.pop("kind", None)
        if block.kind == "contact" and not named:
            name = name_in(block.text, first=position == 0)
            if name:
                block.fields.update(contact="name", name=name)
                named = True
