"""Dates as resumes write them, normalised to `YYYY-MM`, `YYYY` or `present`.

Real resumes write a start and an end in many ways: `Mar 2024`, `Mar, 2024`, `March 2024`,
`03/2025`, `2019.03`, `2019-03-01`, `Summer 2021`, `Jan '19`, `2019 – present`, `since 2020`,
an open end (`2022 –`), a year alone. One pattern set reads them all, for every parser.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# A season names no month; these are the months a season's term usually starts in.
SEASON_MONTHS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

# Misspellings of month names common enough on resumes to read as the month they mean (each
# starts with its month's three letters, which is how `parse_point` reads it).
MISSPELT_MONTHS = ("januray", "janaury", "febuary", "feburary", "septmber", "sepember", "ocotber", "novmber",
                   "novemeber", "decemeber", "decmber", "decemebr")
_MONTH = (rf"(?:{'|'.join(MISSPELT_MONTHS)}|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR = r"(?:19|20)\d{2}"
_SHORT_YEAR = r"['’‘]\d{2}"
_POINT = (rf"(?:(?:{_MONTH}|{_SEASON}),?\s*(?:{_YEAR}|{_SHORT_YEAR})"
          rf"|\d{{1,2}}\s*/\s*{_YEAR}"
          rf"|{_YEAR}\s*[-./]\s*(?:0?[1-9]|1[0-2])(?:\s*[-./]\s*\d{{1,2}})?(?![\d])"
          rf"|{_YEAR})")
_OPEN_END = r"(?:present|current(?:ly)?|now|today|ongoing|onwards?|date)"
DASHES = "-‐‑‒–—―−"
DASH_CLASS = re.escape(DASHES)  # for a character class: the hyphen-minus escaped, never a range
# "Winter 2022/2023": a slash between two years is a range too (an academic year, a winter term).
_DASH = rf"(?:\s*(?:[{DASH_CLASS}~→]+|\bto\b|\buntil\b|\btill\b)\s*|(?<=\d{{4}})/(?=(?:19|20)\d{{2}}(?!\d)))"
# Where a date may start: after no word character, or glued to the word before it as a converter
# leaves it ("Northmere UniversityJan 2022 – Present": a lower-case letter, then a capital).
_STARTS = r"(?:(?<![\w/.])|(?-i:(?<=[a-z])(?=[A-Z][a-z])))"
# A degree's end not reached yet: "2021 – Expected May 2025", "Sept. 2018—Est. Jun. 2022".
_EXPECTED = r"(?:\(?(?:expected|exp\.?|est\.?|estimated|anticipated|projected)\)?:?\s*)?"
DATE_RANGE_RE = re.compile(
    rf"{_STARTS}(?:(?:from|since)\s+)?(?P<start>{_POINT}){_DASH}{_EXPECTED}(?P<end>{_POINT}|{_OPEN_END}\b)",
    re.IGNORECASE)
# "2022 –" with nothing after it but punctuation: a range still running.
OPEN_RANGE_RE = re.compile(rf"{_STARTS}(?P<start>{_POINT})\s*[{DASH_CLASS}]+\s*(?=$|[)\]|,;])", re.IGNORECASE)
# "Jul – Aug 2017": the start month borrows the end's year.
MONTHS_RANGE_RE = re.compile(
    rf"{_STARTS}(?P<start>{_MONTH}){_DASH}(?P<end>{_MONTH}\s*,?\s*(?P<year>{_YEAR}))", re.IGNORECASE)
# "2014 2017": a range whose dash a PDF drew as a line, so it is not in the text.
BARE_PAIR_RE = re.compile(rf"{_STARTS}(?P<start>{_POINT})\s+(?P<end>{_POINT}|{_OPEN_END}\b)(?![\w/])", re.IGNORECASE)
# "2021, 2022, 2023": a role held in several years (summer internships) runs from the first to the last.
YEAR_LIST_RE = re.compile(rf"{_STARTS}(?P<start>{_YEAR})(?:\s*,\s*{_YEAR})*\s*,\s*(?P<end>{_YEAR})(?![\w/])")
SINCE_RE = re.compile(rf"\b(?:since|from)\s+(?P<start>{_POINT})(?![\w/])", re.IGNORECASE)
SINGLE_DATE_RE = re.compile(rf"{_STARTS}(?P<start>{_POINT})(?![\w/])", re.IGNORECASE)
_POINT_RE = re.compile(_POINT, re.IGNORECASE)
_OPEN_END_RE = re.compile(_OPEN_END, re.IGNORECASE)
_NAMED_POINT_RE = re.compile(rf"({_MONTH}|{_SEASON}),?\s*({_YEAR}|{_SHORT_YEAR})")
_MONTH_SLASH_YEAR_RE = re.compile(rf"(\d{{1,2}})\s*/\s*({_YEAR})")
_YEAR_MONTH_RE = re.compile(rf"({_YEAR})\s*[-./]\s*(\d{{1,2}})(?:\s*[-./]\s*\d{{1,2}})?")
_YEAR_RE = re.compile(_YEAR)
# Every date pattern holds a digit (a year, a short year or a month number): a line without one
# has no date, and most lines are looked at several times.
_DIGIT_RE = re.compile(r"\d")


def parse_point(text: str) -> str | None:
    """'Jan 2020' -> '2020-01'; "Jan '19" -> '2019-01'; '2020' -> '2020'; '03/2021', '2021.03' -> '2021-03'."""
    t = text.strip().lower().rstrip(".")
    if _OPEN_END_RE.fullmatch(t):
        return "present"
    m = _NAMED_POINT_RE.fullmatch(t)
    if m:
        word, year = m.group(1).rstrip("."), m.group(2)
        year = year if year[0].isdigit() else ("20" if int(year[1:]) < 50 else "19") + year[1:]
        month = SEASON_MONTHS.get(word) or MONTHS[word[:3]]
        return f"{year}-{month:02d}"
    m = _MONTH_SLASH_YEAR_RE.fullmatch(t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = _YEAR_MONTH_RE.fullmatch(t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    if _YEAR_RE.fullmatch(t):
        return t
    return None


def find_date_range(text: str) -> dict[str, str] | None:
    """The first date range in a line, as {'start', 'end', 'dates'}; 'end' may be 'present'.

    A single date counts as a range of itself ("2019", "May 2021"), "since 2020" and "2022 –"
    run to the present.
    """
    if not _DIGIT_RE.search(text):
        return None
    found = _find_date_range(text)
    return dict(found) if found else None


@lru_cache(maxsize=4096)
def _find_date_range(text: str) -> dict[str, str] | None:
    """`find_date_range`, cached (the caller gets a copy): the layout, the block builder and the
    entry grouping each ask about the same lines, with up to six searches a line."""
    m = DATE_RANGE_RE.search(text)
    if m:
        start, end = parse_point(m.group("start")), parse_point(m.group("end"))
        if start and end:
            return {"start": start, "end": end, "dates": m.group(0)}
    m = BARE_PAIR_RE.search(text)
    if m:
        start, end = parse_point(m.group("start")), parse_point(m.group("end"))
        if start and end and (end == "present" or start < end):
            return {"start": start, "end": end, "dates": m.group(0)}
    m = MONTHS_RANGE_RE.search(text)
    if m:
        start, end = parse_point(f"{m.group('start')} {m.group('year')}"), parse_point(m.group("end"))
        if start and end and start <= end:
            return {"start": start, "end": end, "dates": m.group(0)}
    m = YEAR_LIST_RE.search(text)
    if m:
        years = _YEAR_RE.findall(m.group(0))
        if all(a < b for a, b in zip(years, years[1:])):
            return {"start": years[0], "end": years[-1], "dates": m.group(0)}
    for pattern in (SINCE_RE, OPEN_RANGE_RE):
        m = pattern.search(text)
        if m:
            start = parse_point(m.group("start"))
            if start:
                return {"start": start, "end": "present", "dates": m.group(0).strip()}
    m = SINGLE_DATE_RE.search(text)
    if m:
        point = parse_point(m.group("start"))
        if point:
            return {"start": point, "end": point, "dates": m.group(0)}
    return None


# What a student writes before the date of a degree: "Expected Graduation: May 2027", "Graduated June 2017".
DATE_LABEL_RE = re.compile(
    r"\b(?:(?:expected|anticipated|estimated)(?:\s+(?:graduation|completion))?|graduat(?:ed|ing|ion)|completed|conferred)"
    r"(?:\s+date)?\s*:?", re.IGNORECASE)


def is_date_only(text: str) -> bool:
    """A text that is nothing but a date or a range ("Jan 2020 – Present", "2019", "(2018–2021)"),
    with or without a graduation label ("Expected Graduation: May 2027")."""
    found = find_date_range(text)
    if not found:
        return bool(_OPEN_END_RE.fullmatch(text.strip(f" ()[]|,.{DASHES}")))
    rest = DATE_LABEL_RE.sub(" ", text.replace(found["dates"], " "))
    return not re.sub(rf"[\s()\[\]|,.:;{DASH_CLASS}]+", "", rest)


def month_index(point: str, today: date | None = None) -> int:
    """Months since year 0 for '2020', '2020-03' or 'present' (a range end)."""
    if point == "present":
        today = today or date.today()
        return today.year * 12 + today.month - 1
    year, _, month = point.partition("-")
    return int(year) * 12 + (int(month) - 1 if month else 0)
