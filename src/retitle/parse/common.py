"""Helpers every parser shares: text clean-up, section names, bullet glyphs, dates.

Keeping these in one place is what makes a PDF and a DOCX of the same resume
come out as the same blocks.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Glyphs resume templates draw bullets with. Icon-font bullets (private-use area)
# are matched separately by `is_private_use`.
BULLET_GLYPHS = "•●▪■□◦‣○◆◇►▶➢➤✓✔–—-*·∙⋅♦❖"
_BULLET_RE = re.compile(r"^\s*(?:[" + re.escape(BULLET_GLYPHS) + r"]|\d{1,2}[.)]|[a-z][.)])\s+")

_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "profile", "about", "about me", "objective", "professional summary",
                "career summary", "overview", "career objective", "personal statement"),
    "experience": ("experience", "work experience", "professional experience", "employment",
                   "employment history", "work history", "career history", "relevant experience",
                   "industry experience", "professional background", "positions", "work"),
    "projects": ("projects", "personal projects", "selected projects", "side projects",
                 "open source", "open-source", "open source projects", "key projects", "project"),
    "research": ("research", "research experience", "research projects", "research interests"),
    "publications": ("publications", "selected publications", "papers", "talks",
                     "publications and talks", "patents", "presentations"),
    "skills": ("skills", "technical skills", "core skills", "key skills", "technologies",
               "tools", "skills and tools", "languages", "programming languages", "competencies",
               "core competencies", "technical expertise", "expertise",
               "strengths"),
    "education": ("education", "academic background", "education and training",
                  "certifications", "certificates", "courses", "coursework", "training",
                  "relevant coursework", "qualifications"),
    "other": ("awards", "honors", "honours", "awards and honors", "activities", "interests",
              "volunteering", "volunteer", "volunteer experience", "leadership", "references",
              "additional information", "languages spoken", "hobbies", "extracurricular",
              "achievements", "memberships", "affiliations", "service", "teaching",
              "grants", "fellowships", "miscellaneous", "additional", "contact", "contact info"),
}
_SECTION_BY_WORD = {word: section for section, words in _SECTION_WORDS.items() for word in words}


def clean_text(text: str) -> str:
    """NFKC-normalise (ligatures, full-width forms, NBSP) and drop soft hyphens and zero-widths."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\u2028", " ").replace("\t", " ")
    return re.sub(r"[ \u00a0\u2009\u202f]{2,}", " ", text)


def _heading_key(text: str) -> str:
    key = clean_text(text).strip().lower().replace("&", "and")
    key = re.sub(r"[:|_=#*\-–—.]+$", "", key)
    key = re.sub(r"^[^\w]+", "", key)
    if re.fullmatch(r"(?:\w ){2,}\w", key):  # letter-spaced "E X P E R I E N C E"
        key = key.replace(" ", "")
    return re.sub(r"\s+", " ", key).strip()


def section_for_heading(text: str) -> str | None:
    """The normalised section id for a heading text, or None if it is not a known heading."""
    return _SECTION_BY_WORD.get(_heading_key(text))


def section_guess(text: str) -> str:
    """Like `section_for_heading`, but falls back on words inside a longer heading."""
    exact = section_for_heading(text)
    if exact:
        return exact
    key = _heading_key(text)
    for section in ("experience", "research", "publications", "projects", "education", "skills", "summary"):
        if any(word in key.split() for word in _SECTION_WORDS[section][:1]):
            return section
    return "other"


def split_bullet(text: str) -> tuple[str, int] | None:
    """If a line starts with a bullet glyph or list number, return (text after it, its offset)."""
    if text[:1] and is_private_use(text[0]):
        rest = text[1:]
        stripped = rest.lstrip()
        return stripped, len(text) - len(stripped)
    m = _BULLET_RE.match(text)
    if not m:
        return None
    # "- 2019" or "-5%" are not bullets; a glyph must be followed by text.
    rest = text[m.end():]
    if not rest.strip():
        return None
    return rest, m.end()


def is_private_use(char: str) -> bool:
    """Icon fonts (Font Awesome and friends) put their glyphs in the private-use area."""
    return "\ue000" <= char <= "\uf8ff"


# --- dates -----------------------------------------------------------------

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_POINT = rf"(?:{_MONTH}\s+\d{{4}}|\d{{1,2}}\s*/\s*\d{{4}}|\d{{4}}\s*-\s*\d{{2}}(?!\d)|\d{{4}})"
_OPEN_END = r"(?:present|current|now|today|ongoing|date)"
DATE_RANGE_RE = re.compile(
    rf"(?P<start>{_POINT})\s*(?:[-–—]+|to|until|till)\s*(?P<end>{_POINT}|{_OPEN_END})",
    re.IGNORECASE,
)
SINGLE_DATE_RE = re.compile(rf"(?<![\w/])(?P<start>{_MONTH}\s+\d{{4}}|(?:19|20)\d{{2}})(?![\w/])", re.IGNORECASE)


def _parse_point(text: str) -> str | None:
    """'Jan 2020' -> '2020-01'; '2020' -> '2020'; '03/2021' -> '2021-03'."""
    t = text.strip().lower().rstrip(".")
    if re.fullmatch(_OPEN_END, t):
        return "present"
    m = re.fullmatch(rf"({_MONTH})\s+(\d{{4}})", t)
    if m:
        return f"{m.group(2)}-{_MONTHS[m.group(1)[:3]]:02d}"
    m = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{4})", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"(\d{4})\s*-\s*(\d{2})", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}"
    if re.fullmatch(r"\d{4}", t):
        return t
    return None


def find_date_range(text: str) -> dict[str, str] | None:
    """The first date range in a line, as {'start', 'end', 'dates'}; 'end' may be 'present'."""
    m = DATE_RANGE_RE.search(text)
    if m:
        start, end = _parse_point(m.group("start")), _parse_point(m.group("end"))
        if start and end:
            return {"start": start, "end": end, "dates": m.group(0)}
    m = SINGLE_DATE_RE.search(text)
    if m:
        point = _parse_point(m.group("start"))
        if point:
            return {"start": point, "end": point, "dates": m.group(0)}
    return None


def month_index(point: str, today: date | None = None) -> int:
    """Months since year 0 for '2020', '2020-03' or 'present' (a range end)."""
    if point == "present":
        today = today or date.today()
        return today.year * 12 + today.month - 1
    year, _, month = point.partition("-")
    return int(year) * 12 + (int(month) - 1 if month else 0)


def split_entry_header(text: str, dates: str | None) -> dict[str, str]:
    """Split 'Title — Org, City  Jan 2020 – Present' into title and organisation (best effort)."""
    rest = text.replace(dates, " ") if dates else text
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)  # "(2021 – Present)" leaves empty brackets
    rest = re.sub(r"\s{2,}", " ", rest).strip(" |·,–—-")
    parts = [p.strip() for p in re.split(r"\s+[|·•–—@]\s+|\s+at\s+|,\s+", rest) if p.strip()]
    out: dict[str, str] = {}
    if parts:
        out["title"] = parts[0]
    if len(parts) > 1:
        out["organisation"] = parts[1]
    return out


def entry_fields(text: str) -> dict[str, str]:
    """Title, organisation and start/end of an entry header line."""
    dates = find_date_range(text)
    fields = split_entry_header(text, dates["dates"] if dates else None)
    if dates:
        fields.update(start=dates["start"], end=dates["end"], dates=dates["dates"])
    return fields
