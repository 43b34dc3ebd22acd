"""Helpers every parser shares: text clean-up, section names, bullet glyphs, dates.

Keeping these in one place is what makes a PDF and a DOCX of the same resume
come out as the same blocks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


# Glyphs resume templates draw bullets with. Icon-font bullets (private-use area)
# are matched separately by `is_private_use`.
BULLET_GLYPHS = "•●▪■□◦‣○◆◇►▶➢➤✓✔–—-*·∙⋅♦❖★☆✦✧➔→❯»▸▹"
_BULLET_RE = re.compile(r"^\s*(?:[" + re.escape(BULLET_GLYPHS) + r"]|\d{1,2}[.)]|[a-z][.)])\s+")

_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "profile", "about", "about me", "objective", "professional summary",
                "career summary", "overview", "career objective", "personal statement"),
    "experience": ("experience", "work experience", "professional experience", "employment",
                   "employment history", "work history", "career history", "relevant experience",
                   "industry experience", "professional background", "positions", "work",
                   "teaching", "teaching experience", "internships", "internship", "appointments",
                   "academic appointments", "professional appointments", "employment and research",
                   "work and research experience", "professional positions", "career"),
    "projects": ("projects", "personal projects", "selected projects", "side projects",
                 "open source", "open-source", "open source projects", "key projects", "project"),
    "research": ("research", "research experience", "research projects", "research interests",
                 "academia", "academic experience", "academic positions", "research positions",
                 "research and teaching", "research and teaching experience", "research appointments"),
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
              "achievements", "memberships", "honors and awards", "awards and honors", "honours and awards",
              "awards and honours", "honors and achievements", "scholarships", "scholarships and awards", "affiliations", "service", "mentorship", "mentoring",
              "academic service", "professional service", "press", "press coverage", "media", "reviewing",
              "outreach", "community", "organizations", "organisations", "student organizations",
              "professional organizations", "professional memberships", "leadership and activities", "positions of responsibility", "responsibilities",
              "positions of responsibilities", "clubs", "societies", "leadership experience", "extracurricular activities",
              "grants", "fellowships", "miscellaneous", "additional", "contact", "contact info"),
}
_SECTION_BY_WORD = {word: section for section, words in _SECTION_WORDS.items() for word in words}


# --- layout cut-offs ------------------------------------------------------------------
# Every format's front end and the shared block builder decide headings, contact lines and
# entry lines with these; each is pinned by a test (tests/test_layout_constants.py).
MAX_HEADING_CHARS = 48  # a plain-text or DOCX heading: "Professional Experience and Leadership"
MAX_VOCABULARY_HEADING_CHARS = 40  # a PDF row named like a section ("EXPERIENCE"), not a sentence using the word
MAX_STYLED_HEADING_CHARS = 50  # a PDF row in a heading's font style but not named like a section
MAX_STYLED_HEADING_WORDS = 6
MIN_WRAPPING_PARAGRAPH_CHARS = 60  # a shorter line ends its paragraph: "Research Engineer" is not wrapped prose
MAX_HEAD_PLAIN_CHARS = 60  # above the first heading, shorter lines without a full stop are contact lines
MAX_CONTACT_LINE_CHARS = 120  # an email or a link in a longer line is part of a sentence
MAX_HEADER_FOOTER_CONTACT_CHARS = 160  # a DOCX page header/footer line read for contact details
MAX_STANDALONE_CHARS = 120  # a dated or "|"-separated line shorter than this stands alone (as long as a header line)
MAX_ENTRY_LINE_CHARS = 140  # a plain dated line longer than this is a sentence, not an entry header
MAX_MARGIN_HEADING_WORDS = 3  # a line of a section heading set in a PDF's left margin ("RESEARCH / AND WORK")
MAX_ANNOTATION_CHARS, MAX_ANNOTATION_WORDS = 60, 8  # a PDF cell beside the body: a date, a place
PAGE_MARGIN_BAND = 0.08  # the top and bottom share of a PDF page where running headers and footers sit

# Email, phone, links: what makes a line a contact line.
CONTACT_RE = re.compile(
    r"@[\w-]+\.\w|\+?\d[\d ()./-]{7,}\d|https?://|www\.|linkedin\.com|github\.com|\b[\w.-]+\.(?:com|io|dev|org|me)\b",
    re.IGNORECASE,
)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACE_RUN_RE = re.compile(r"[ \u00a0\u2009\u202f]{2,}")


def clean_text(text: str) -> str:
    """NFKC-normalise (ligatures, full-width forms, NBSP) and drop soft hyphens and zero-widths."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\u2028", " ").replace("\t", " ")
    # Control characters are not text (a ligature some PDFs decode as NUL) and are invalid in XML:
    # each becomes a space, so a DOCX written from the text always opens.
    text = _CONTROL_RE.sub(" ", text)
    return _SPACE_RUN_RE.sub(" ", text)


def _heading_key(text: str) -> str:
    key = clean_text(text).strip().lower().replace("&", "and")
    key = re.sub(r"[:|_=#*\-–—.]+$", "", key)
    key = re.sub(r"^[^\w]+", "", key)
    if re.fullmatch(r"(?:\w ){2,}\w", key):  # letter-spaced "E X P E R I E N C E"
        key = key.replace(" ", "")
    return re.sub(r"\s+", " ", key).strip()


@lru_cache(maxsize=4096)
def section_for_heading(text: str) -> str | None:
    """The normalised section id for a heading text, or None if it is not a known heading.

    A plural heading is its singular's section ("Work Experiences", "Publication"). Cached: every
    parser asks about each line, several times.
    """
    key = _heading_key(text)
    return _SECTION_BY_WORD.get(key) or _SECTION_BY_WORD.get(key[:-1] if key.endswith("s") else key + "s")


def rejoin_small_caps(text: str) -> str:
    """Small caps that come out of a PDF with some lowercase glyphs ("DATA SCiENTiST") in capitals.

    A word is rejoined only when its capitals outnumber its lowercase letters more than two to one,
    so "PhD", "MSc", "LaTeX" and "iPhone" stay as written. The length never changes (anchors hold).
    """
    def fix(m: re.Match) -> str:
        word = m.group(0)
        if word.islower() or word.isupper() or word[1:].islower():
            return word  # at most one capital, or no lowercase letter: nothing to rejoin (most words)
        upper = sum(c.isupper() for c in word)
        lower = sum(c.islower() for c in word)
        if lower and upper > 2 * lower and word[0].isupper() and len(word.upper()) == len(word):
            return word.upper()
        return word
    return re.sub(r"[^\W\d_]{3,}", fix, text)


def section_named(text: str) -> str | None:
    """The section a heading names, exactly or by one of its words ("Honors & Awards", "Selected
    Research Experience"); None when no word of it names a section (a company, a grade)."""
    exact = section_for_heading(text)
    if exact:
        return exact
    words = _heading_key(text).split()
    for section in ("experience", "research", "publications", "projects", "education", "skills", "summary", "other"):
        if any(word in words or word + "s" in words for word in _SECTION_WORDS[section] if " " not in word):
            return section
    return None


def section_guess(text: str) -> str:
    """`section_named`, with "other" for a heading that names no section."""
    return section_named(text) or "other"


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
