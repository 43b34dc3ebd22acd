"""Entry headers: which lines make one, and which of their parts is the title, the organisation,
the place and the dates.

Real resumes put a role's title, employer, place and dates in any order over one to three lines
("Acme Corp | London" over "Senior Engineer | 2021 – Present"; "Engineer, Acme (2020–2022)";
a degree under its university). Every parser hands its blocks to `group_entries`, so a layout
fix lands once for every format. The vocabularies below are what a recruiter reads the parts by:
role words make a title, institution words an organisation, places a location.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retitle.model import BlockKind
from retitle.parse.common import section_for_heading, section_named
from retitle.parse.dates import DASH_CLASS, DASHES, DATE_LABEL_RE, find_date_range, is_date_only

# A header line is short: longer lines are sentences about the work.
MAX_HEADER_CHARS = 120
MAX_HEADER_WORDS = 16
# One entry header spans at most this many source lines.
MAX_HEADER_LINES = 3
ENTRY_SECTIONS = ("experience", "projects", "research", "education", "other")

_ROLE_WORDS = frozenset("""
engineer engineers scientist scientists researcher research developer developers dev
programmer intern internship interns trainee apprentice analyst analysts assistant associate manager
director lead leader head consultant architect specialist fellow student candidate postdoc
postdoctoral professor lecturer instructor tutor teacher teaching ta officer founder co-founder cofounder
ceo cto coo cfo vp president chair member staff administrator designer coordinator representative
mentor volunteer contractor freelancer freelance owner partner chief principal sde sre swe mle quant
trader technician advisor adviser reviewer editor writer strategist economist statistician
mathematician physicist chemist biologist operator worker clerk executive supervisor expert
co-op coop resident residency visiting tutor demonstrator grader participant ambassador captain
""".split())
# Abbreviations count only where a degree is named first ("MS in Statistics", "B.Tech, CSE"), never
# inside a place ("Amherst, MA"); the words count anywhere ("Master of Science").
_DEGREE_RE = re.compile(
    r"^(?:ph\.?\s?d|d\.?\s?phil|m\.?\s?phil|b\.?\s?(?:s|a|sc|e|eng|tech|comm|cs)|m\.?\s?(?:s|a|sc|eng|e|tech|cs|res|ba|c\.?s)"
    r"|mba|mgr|msc|bsc|meng|beng|btech|mtech)(?![a-z])\.?"
    r"|(?<!\w)(?:ph\.d|bachelor'?s?|master'?s?|doctor(?:ate)?|diploma|associate'?s? degree|licen[cs]iate"
    r"|high school|secondary school|a-levels?|post ?graduate (?:program|diploma|degree|certificate|in))(?!\w)",
    re.IGNORECASE)
_ORG_WORDS = frozenset("""
university universität universitat université universite universidad universidade università universiteit
college institute institut instituto istituto school academy polytechnic politecnico lab labs laboratory
laboratories centre center inc inc. llc llp ltd ltd. limited gmbh ag sa srl bv corp corp. corporation company
co co. technologies technology tech solutions systems group foundation bank hospital clinic department dept
division studio studios capital partners ventures consulting consultancy services software networks agency
council society association organisation organization ministry government office startup labs ai analytics health medical robotics
securities insurance financial finance pharma pharmaceuticals therapeutics bio biotech motors media games
interactive digital global international industries enterprises holdings plc pvt pvt. private public
faculty academia nasa cern google microsoft amazon meta facebook apple ibm intel nvidia
""".split())
# Organisation words that name a unit of a larger body: the name after it ("Vision Lab, NMU
# Pellwood", "Institute of Optics, Academia Marrowby") is that body, not a place.
_UNIT_WORDS = frozenset("lab labs laboratory laboratories group institute centre center department dept division faculty".split())
_INSTITUTION_WORDS = _UNIT_WORDS - {"department", "dept", "division", "faculty"} | frozenset("""
university universität universitat université universite universidad universidade università universiteit
college school academy polytechnic politecnico""".split())
# A word with two capitals or more: an acronym or a name like "UMass", which no city is.
_ACRONYM_RE = re.compile(r"\b\w*[A-Z]\w*[A-Z]\w*\b")
_PLACE_WORDS = frozenset("""
remote hybrid onsite on-site worldwide
usa us u.s. uk u.k. united states kingdom america canada mexico brazil chile argentina colombia peru
germany france spain italy portugal netherlands belgium switzerland austria sweden norway denmark finland
ireland scotland england wales poland czechia czech republic slovakia hungary romania greece turkey israel
russia ukraine belarus estonia latvia lithuania india china japan korea south taiwan singapore malaysia
indonesia thailand vietnam philippines pakistan bangladesh nepal sri lanka iran iraq uae emirates saudi
arabia qatar egypt nigeria kenya ghana morocco tunisia australia zealand africa europe asia
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada hampshire jersey york carolina dakota ohio oklahoma oregon
pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming ontario quebec
british columbia alberta
london paris berlin munich münchen hamburg frankfurt madrid barcelona rome milan amsterdam zurich zürich
geneva vienna stockholm oslo copenhagen helsinki dublin edinburgh cambridge oxford manchester bristol
lisbon prague warsaw budapest athens istanbul moscow minsk kyiv kiev tel aviv jerusalem haifa dubai doha
abu dhabi riyadh cairo lagos nairobi bangalore bengaluru mumbai delhi new hyderabad chennai pune kolkata
gurgaon gurugram noida ahmedabad beijing shanghai shenzhen hangzhou hong kong tokyo osaka kyoto seoul
taipei sydney melbourne toronto montreal montréal vancouver waterloo ottawa calgary edmonton boston
seattle chicago austin denver atlanta houston dallas philadelphia pittsburgh baltimore miami phoenix
san francisco jose diego los angeles mountain view palo alto menlo park sunnyvale redmond bellevue
cupertino berkeley stanford princeton ithaca ann arbor madison urbana champaign evanston city
afghanistan albania algeria andorra angola armenia azerbaijan bahrain belize benin bhutan bolivia bosnia
botswana brunei bulgaria cambodia cameroon chad costa rica croatia cuba cyprus dominican ecuador el salvador
eritrea ethiopia fiji gabon gambia guatemala guinea guyana haiti honduras iceland jamaica jordan kazakhstan
kosovo kuwait kyrgyzstan laos lebanon lesotho liberia libya liechtenstein luxembourg macedonia madagascar malawi
maldives mali malta mauritius moldova monaco mongolia montenegro mozambique myanmar namibia nicaragua niger oman
panama paraguay rwanda senegal serbia sierra leone slovenia somalia sudan suriname syria tajikistan tanzania togo
trinidad tobago turkmenistan uganda uruguay uzbekistan venezuela yemen zambia zimbabwe
karnataka maharashtra kerala gujarat rajasthan punjab haryana bihar odisha telangana andhra pradesh tamil nadu
uttar bengal assam bavaria ontario
nyc sf la bay area santiago lima bogota bogotá são paulo rio tehran karachi lahore islamabad dhaka
""".split())
# A part that is a sentence ("Kiln is a data company that builds …") describes, it names nothing.
_SENTENCE_RE = re.compile(r"^\S+(?:\s+\S+){0,3}\s+(?:is|are|was|were)\s+(?:a|an|the)\s+\S+(?:\s+\S+){1,}")
# What follows a name's colon when it says what the body does: "Helping startups …", "A logistics startup …".
_DESCRIPTION_RE = re.compile(r"(?:[A-Z][a-z]+ing|An?|The)\s+\S+\s+\S+")
# A course code that names what was taught ("CSE 2100: Data Structures", "EECS 449").
_COURSE_RE = re.compile(r"^[A-Z]{2,5}[ -]?\d{2,4}[A-Z]?\b")
# The two-letter codes of US states and territories and of Canadian provinces: "Leeds, MA" is a
# place; "Data Scientist, VK" names a firm.
_STATE_CODES = """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY
NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AB BC MB NB NL NS NT NU ON PE QC SK YT""".split()
_US_STATE_RE = re.compile(rf"^(?:{'|'.join(_STATE_CODES)}|D\.?C\.?)$")
_OTHER_RE = re.compile(
    r"(?i)\b(?:c?gpa|grade)\b.*\d|^(?:grades?|score|honou?rs?)\b|cum laude|\bdistinction\b|\bmerit\b|^\(?first class|"
    r"^(?:advis(?:or|er|ed by)|supervis(?:or|ed by)|instructor|guide|thesis|dissertation|courses?|coursework)\s*[:\-]|"
    r"^(?:advised|supervised|guided) by\b|"
    r"^\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?\b|^\d+(?:\.\d+)?\s*c?gpa\b|^\(.*\)$")
# Strong separators between parts of a header line; commas are weaker and split only between
# parts of different kinds ("Engineer, Acme" but "University of California, Berkeley").
_STRONG_SEP_RE = re.compile(rf"\s+[|·•@{DASH_CLASS}]\s+|\s*\|\s*|\s+(?:at|AT|At)\s+|\t|\s{{3,}}")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w.'’&+-]+", text.lower())


@lru_cache(maxsize=8192)
def part_kind(text: str) -> str:
    """'title', 'degree', 'organisation', 'location', 'other' or '' (nothing tells)."""
    stripped = text.strip(" ,;:()[]")
    bare = _without_trailing_bracket(text)  # "Computer Science (GPA: 3.9)" is read as its words
    if bare and bare != text.strip(" ,;:"):
        return part_kind(bare)
    if not stripped:
        return "other"
    if _US_STATE_RE.match(stripped):
        return "location"  # "MA" after a city is Massachusetts, not a degree
    if _OTHER_RE.search(stripped) or _SENTENCE_RE.search(stripped):
        return "other"
    if _COURSE_RE.match(stripped):
        return ""  # a course taught: it qualifies a teaching title, whatever its words
    words = [w.strip(".,'’") for w in _words(stripped)]
    # The head of a noun phrase is its last word before a preposition: "Software Engineer" and
    # "Ph.D. researcher" are roles, "Institute of Technology" and "Acme AI Research" organisations.
    lead = re.split(rf"\b(?:of|in|for|at|on|with|and)\b|\s[{DASH_CLASS}]\s|[:/]", stripped.lower())[0]
    head_words = [w.strip(".,'’") for w in _words(lead)] or words
    head = head_words[-1] if head_words else ""
    if head in _ROLE_WORDS and head != "research":
        return "title"
    # "Robotics and Machine Learning Researcher": "and" joins the modifiers of one role
    last = words[-1] if words else ""
    if last in _ROLE_WORDS and last != "research" and not re.search(
            rf"\b(?:of|in|for|at|on|with)\b|\s[{DASH_CLASS}]\s|[:/]", stripped.lower()):
        return "title"
    if _DEGREE_RE.search(stripped) and len(words) <= 14:
        return "degree"
    if head in _ORG_WORDS or any(w in _ORG_WORDS for w in words) and not (words[0] in _ROLE_WORDS):
        return "organisation"
    if any(w in _ROLE_WORDS for w in words):
        return "title"
    if _US_STATE_RE.match(stripped) or (words and all(w in _PLACE_WORDS for w in words)):
        return "location"
    return ""


def _without_trailing_bracket(text: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*$", "", text.strip(" ,;:"))


# Small words a capitalised name keeps in lower case ("Institute of Technology", "Universidad de Chile").
_NAME_LINKS = frozenset({"of", "and", "the", "for", "de", "di", "du", "la", "le", "del", "der", "fur", "für", "at", "in"})


def _is_name(text: str) -> bool:
    """Capitalised like a name ("University of Northmere"), not a description ("a radar startup")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’.&-]*", text) if w.lower() not in _NAME_LINKS]
    return bool(words) and all(w[0].isupper() for w in words)


def _qualifier(text: str) -> str:
    """The words that qualify a title or a degree, without a trailing grade ("Computer Science (GPA: 3.9)")."""
    bare = _without_trailing_bracket(text)
    return bare if bare and part_kind(text[len(bare):]) == "other" else text


_LABEL_BEFORE_DATES_RE = re.compile(rf"{DATE_LABEL_RE.pattern}\s*(?=\|)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _chunks(line: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The parts of one header line, grouped by the strong separators between them, dates dropped."""
    found = find_date_range(line)
    rest = line.replace(found["dates"], " | ") if found else line
    if found:  # "Graduated | " once the date is out: the label goes with it
        rest = _LABEL_BEFORE_DATES_RE.sub(" ", rest)
    rest = re.sub(r"\(\s*(?:\|\s*)?\)|\[\s*(?:\|\s*)?\]", " | ", rest)  # "[2019 - 2023]", "(2020)": the brackets go with the dates
    out: list[list[tuple[str, str]]] = []
    for chunk in _STRONG_SEP_RE.split(rest):
        chunk = chunk.strip(f" |·,:;{DASHES}")
        if not chunk or is_date_only(chunk):
            continue
        pieces = _rejoin_lists([p for piece in _split_outside_brackets(chunk) if piece.strip() for p in _unbracket(piece)])
        # Rejoin neighbours that are one name split at a comma ("Minsk, Belarus" is one place).
        merged: list[tuple[str, str]] = []
        for piece in pieces:
            kind = part_kind(piece)
            if kind == "location" and not out and not merged and _US_STATE_RE.match(piece) and _DEGREE_RE.match(piece):
                kind = "degree"  # "BS, Biology": a state's code follows its city and never leads a line
            # A unit and its parent are one organisation ("Vision Lab, Northmere University",
            # "Optics Lab, NMU Pellwood").
            if merged and (kind == merged[-1][1] == "location" or (
                    kind == merged[-1][1] == "organisation" or kind == "" and _parent_of_unit(merged[-1], piece))
                    and f"{merged[-1][0]}, {piece}" in chunk and _is_name(piece)):
                merged[-1] = (f"{merged[-1][0]}, {piece}", merged[-1][1])
            else:
                merged.append((piece, kind))
        out.append(merged)
    return tuple(tuple(chunk) for chunk in out)  # cached: callers read, never change it


def _colon_split(piece: str) -> list[str]:
    """"MSc in Physics: Northmere University": a degree or title and its school, split at the colon
    (never a course: "CSE 2100: Data Structures" names no organisation after it); a name and what
    it does: the name alone."""
    m = _DEGREE_RE.match(piece)
    rest = piece[m.end():].strip() if m else ""
    if m and " " not in m.group(0).strip() and rest and _is_name(rest) and _names_institution(rest) \
            and part_kind(rest) == "organisation":
        return [piece[:m.end()].strip(), rest]  # "PhD Northmere University": the degree, then its school
    head, colon, tail = piece.partition(": ")
    if colon and part_kind(tail) == "organisation" and part_kind(head) in ("degree", "title"):
        return [head, tail]
    if colon and _DESCRIPTION_RE.match(tail) and _is_name(head) and len(head.split()) <= 4:
        return [head]  # "Kiln: Helping startups scale by mentoring": the name, then what it does
    return [piece]


def _names_institution(text: str) -> bool:
    """A school or a unit of one by its head word ("Courant Institute", "Institute of Optics"), not
    a field that shares a word with firms ("Business Analytics", "Software Systems")."""
    lead = re.split(r"\b(?:of|in|for|at|on|with|and)\b", text.lower())[0].split()
    return bool(lead) and lead[-1] in _INSTITUTION_WORDS


def _city_of(chunk: tuple) -> tuple:
    """"Pellwood, Guyana" in a cell of its own, beside an organisation's: an unknown name before a
    known place is its city (alone, "Kiln Data, Leeds" may be a firm and its city)."""
    if len(chunk) == 2 and chunk[0][1] == "" and chunk[1][1] == "location" and _is_name(chunk[0][0]) \
            and len(chunk[0][0].split()) <= 2:
        return ((f"{chunk[0][0]}, {chunk[1][0]}", "location"),)
    return chunk


def _rejoin_lists(pieces: list[str]) -> list[str]:
    """A list the commas split is one part: "MicroMasters in Data, Economics, and Policy" -> one
    degree; the items from the last part that has a kind of its own to the one after "and"."""
    out: list[str] = []
    for piece in [p for whole in pieces for p in _colon_split(whole)]:
        if out and re.match(r"(?:and|or|&)\s", piece):
            start = len(out) - 1
            while start > 0 and part_kind(out[start]) == "" and len(out[start].split()) <= 3:
                start -= 1
            out[start:] = [", ".join(out[start:] + [piece])]
        else:
            out.append(piece)
    return out


def _parent_of_unit(unit: tuple[str, str], piece: str) -> bool:
    """A name of no known kind after a lab, group or institute is its parent body when it holds an
    acronym ("Yale MCDB", "UMass Amherst"); a lone capitalised word may be a city ("Optics Group, Pellwood")."""
    text, kind = unit
    lead = re.split(r"\b(?:of|in|for|at|on|with|and)\b", text.lower())[0].split()
    return kind == "organisation" and bool(lead) and lead[-1] in _UNIT_WORDS and _ACRONYM_RE.search(piece) is not None


def _split_outside_brackets(chunk: str) -> list[str]:
    """Split at commas and semicolons, but not inside brackets: "Fellow (Machine Learning, Astronomy)"."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(chunk):
        depth += (char == "(") - (char == ")")
        if depth <= 0 and char in ",;" and (char == ";" or chunk[index + 1:index + 2] == " "):
            pieces.append(chunk[start:index])
            start = index + 1
    pieces.append(chunk[start:])
    return [p.strip() for p in pieces]


def _unbracket(piece: str) -> list[str]:
    """Brackets that name a role or an organisation are parts of their own ("Quadeye(Quant
    Researcher)"); brackets that qualify ("Engineer (Full-time)", "B.Sc (hons.)") stay with their part."""
    out, rest = [], piece
    for m in re.finditer(r"\(([^()]*)\)", piece):
        if piece[m.end():].strip():
            continue  # words after it: a qualifier inside a name ("Diploma in X (Co-op) Program")
        if part_kind(m.group(1)) in ("title", "organisation", "degree"):
            rest = rest.replace(m.group(0), " \x00 ", 1)
            out.append(m.group(1).strip())
    heads = [h.strip() for h in rest.split("\x00") if h.strip(" ()")]
    return [h.strip(" (") if h.count("(") > h.count(")") else h for h in heads] + out


def _parts(line: str) -> list[tuple[str, str]]:
    """(text, kind) for each part of one header line."""
    return [part for chunk in _chunks(line) for part in chunk]


def first_part_kind(line: str) -> str:
    """The kind of a header line's first part ("degree" for "PhD, Mathematics"), '' when it has none."""
    parts = _parts(line)
    return parts[0][1] if parts else ""


def header_fields(lines: list[str], org_elsewhere: bool = False) -> dict[str, str]:
    """Title, organisation, location, start and end of an entry header of one to three lines
    (`org_elsewhere`: the organisation is named above the entry, for several roles under it)."""
    fields: dict[str, str] = {}
    for line in lines:
        found = find_date_range(line)
        if found and "start" not in fields:
            fields.update(start=found["start"], end=found["end"], dates=found["dates"])
    chunks = [chunk for line in lines for chunk in _chunks(line)]
    if any(kind == "organisation" for chunk in chunks for _, kind in chunk):
        chunks = [_city_of(chunk) for chunk in chunks]
    parts = [part for chunk in chunks for part in chunk]
    has_org = org_elsewhere or any(kind == "organisation" for _, kind in parts)
    # "PhD, Computer Science" and "Lecturer, CSE 101: Databases": the words after a title or a degree
    # qualify it when the organisation is named elsewhere in the header; so do a second title
    # ("Developer, Co-founder"), a department after a title when the employer has a part of its own
    # ("Acme Corp | Intern, Risk Analytics") and a course named before its teaching title.
    joined: list[tuple[str, str, list]] = []
    qualified: set[str] = set()  # one qualifier each: "BTech, Computer Science", not "…, IIIT Hyderabad"
    for number, chunk in enumerate(chunks):
        org_beside = org_elsewhere or any(k == "organisation" for c in chunks if c is not chunk for _, k in c)
        if org_elsewhere and len(chunk) == 1 and chunk[0][1] in ("organisation", "") and joined \
                and joined[-1][1] == "title" and joined[-1][2] is chunks[number - 1] and joined[-1][0] not in qualified:
            # "Research Assistant — Agentic AI" under its employer's line: the topic of the role
            joined[-1] = (f"{joined[-1][0]}, {chunk[0][0]}", "title", chunk)
            qualified.add(joined[-1][0])
            continue
        for text, kind in chunk:
            previous = joined[-1] if joined and (joined[-1][2] is chunk or joined[-1][1] == "degree") else None
            field = kind == "" or previous is not None and previous[1] == "degree" and kind == "organisation" \
                and len(text.split()) == 1  # "M.Sc., Analytics": a field, though "analytics" names firms too
            if previous and previous[1] in ("title", "degree") and previous[2] is chunk and (
                    kind == "title" and previous[1] == "title" or kind == "organisation" and org_beside
                    and (previous[1] == "title" or not _names_institution(text))):
                field = True  # "MBA, Business Analytics | Northmere Institute": the field, not a firm
            if previous and previous[1] in ("title", "degree") and field and (has_org or previous[1] == "degree"
                                                                                or kind == "title") \
                    and previous[0] not in qualified:
                joined[-1] = (f"{previous[0]}, {_qualifier(text)}", previous[1], chunk)
                qualified.add(joined[-1][0])
            elif kind == "degree" and previous and previous[2] is chunk and previous[1] == "degree" \
                    and len(text.split()) > 1 and previous[0] not in qualified:  # "B.S. Computer Science, B.A. Philosophy": a double degree
                joined[-1] = (f"{previous[0]}, {text}", kind, chunk)
                qualified.add(joined[-1][0])
            elif kind == "title" and previous and previous[2] is chunk and previous[1] == "" and _COURSE_RE.match(previous[0]):
                joined[-1] = (f"{text}, {previous[0]}", kind, chunk)
                qualified.add(joined[-1][0])
            else:
                joined.append((text, kind, chunk))
                if kind in ("title", "degree") and "," in re.sub(r"\([^()]*\)", "", text):
                    qualified.add(text)  # a list rejoined ("MicroMasters in Data, Economics, and Policy") is qualified
    parts = [(text, kind) for text, kind, _ in joined]
    title = next((t for t, k in parts if k in ("title", "degree")), None)
    org = next((t for t, k in parts if k == "organisation" and t != title), None)
    place = next((t for t, k in parts if k == "location"), None)
    unknown = [t for t, k in parts if k == ""]
    if title is not None and " " not in title and (title, "degree") in parts:
        # a bare "BS" in a cell of its own: the degree said in full elsewhere ("BS in Computer
        # Engineering"), or with the field the header names ("BS | Acme University, Computer Engineering")
        fuller = next((t for t, k in parts if k == "degree" and t != title and t.startswith(title)), None)
        if fuller is None and unknown and org is not None:
            fuller = f"{title}, {unknown.pop(0)}"
        schools = [t for t, k in parts if k == "organisation" and _names_institution(t)]
        if fuller is None and org is not None and not _names_institution(org) and schools:
            fuller, org = f"{title}, {org}", schools[0]  # "B.Eng. | Software Engineering | Marrowby University"
        title = fuller or title
    if title is None and org is not None:
        # "Kiln College, Leeds | Big Data Analytics (Spark) - 2023", "Data AI Seminar at Kiln
        # College 2025": a programme or a course beside its school
        schools = [t for t, k in parts if k == "organisation" and _names_institution(t)]
        others = [t for t, k in parts if k == "organisation" and not _names_institution(t)]
        if schools and others:
            org, title = schools[0], others[0]
    if title is None and unknown:
        title = unknown.pop(0)
    if org is None and unknown:
        org = unknown.pop(0)
    if title is None and org is not None:
        title = next((t for t, k in parts if k == "organisation" and t != org), None)
    for key, value in (("title", title), ("organisation", org), ("location", place)):
        if value:
            fields[key] = value
    return fields


def header_evidence(text: str) -> int:
    """How many parts of a line read as a title, degree, organisation or place (0 for a sentence)."""
    if not is_header_like(text):
        return 0
    return sum(1 for _, kind in _parts(text) if kind in ("title", "degree", "organisation", "location"))


def is_header_like(text: str) -> bool:
    """Short, not a sentence: a line that can be part of an entry header."""
    stripped = _ABBREVIATION_RE.sub(lambda m: m.group(0).rstrip("."), re.sub(r"\s+", " ", text.strip()))
    found = find_date_range(stripped)
    words = len((stripped.replace(found["dates"], " ") if found else stripped).split())
    if not (0 < len(stripped) <= MAX_HEADER_CHARS and words <= MAX_HEADER_WORDS):
        return False
    if re.search(r"[^.]\.$", stripped) and _place_line(stripped[:-1]):
        return True  # "University of Northmere, Eastland.": a full stop after an address ends no sentence
    return not re.search(r"[.;:!?]$|[.!?]\s+[A-Z]", stripped)


def _place_line(text: str) -> bool:
    """An organisation and its place, nothing else ("Harbour Analytics, Portsmouth")."""
    parts = _parts(text)
    return bool(parts) and parts[0][1] == "organisation" and all(
        kind in ("organisation", "location", "") and _is_name(part) for part, kind in parts)


# Abbreviations whose full stop ends no sentence: "Dr. Stark Lab", "St. Louis", "Acme Inc."
# So do dotted abbreviations ("Ph.D. Candidate", "B.Tech. Computer Science", "U.S. Navy") and
# initials: "Advised by Prof. Ada R. Quill".
_ABBREVIATION_RE = re.compile(
    r"\b(?:Dr|St|Inc|Ltd|Jr|Sr|Co|Corp|Univ|Dept|Mr|Ms|Mrs|Prof|Pvt|Mt|No)\.|\b(?:[A-Za-z]+\.){2,}|\b[A-Z]\.(?=\s[A-Z][a-z])")


def heading_as_entry_line(text: str, section: str, seen_heading: bool, level: int, inferred: bool) -> str | None:
    """A line set like a heading that names no section is a line of its section: a company, a role or a
    grade ("### Engineer, Acme (2020–)", "ACME CORP" in heading style). 'entry' or 'paragraph' for such a
    line, None for a real heading. `level` is the marked level (Markdown #, Word Heading N); `inferred`
    says the heading was guessed from style alone."""
    if section_for_heading(text) is not None or not seen_heading or section not in ENTRY_SECTIONS:
        return None
    if find_date_range(text):
        return "entry"
    named = section_named(text)
    if level >= 2 and (named is None or header_evidence(text) > 0):
        return "entry"
    return "paragraph" if inferred and named is None else None


# --- what kind of entry ----------------------------------------------------------

_KIND_SECTIONS = {"education": "degree", "projects": "project"}
_INTERN_RE = re.compile(r"(?i)\bintern(?:ship)?s?\b|\bco-?op\b|\bsummer (?:student|analyst|associate)\b|\btrainee\b|\bplacement\b")
_TEACHING_RE = re.compile(r"(?i)\bteaching\b|\blecturer\b|\binstructor\b|\btutor\b|\bdemonstrator\b|\bgrader\b|\bta\b")
_RESEARCH_RE = re.compile(r"(?i)\bresearch(?:er)?\b|\bpostdoc|\bfellow\b|\bphd (?:student|candidate|researcher)\b"
                          r"|\bvisiting\b|\bgraduate student\b")
_VOLUNTEER_RE = re.compile(r"(?i)\bvolunteer")
# Positions whose dates count towards years of experience.
POSITION_KINDS = ("job", "internship", "research_position", "teaching")


def entry_kind(fields: dict, section: str, heading: str = "") -> str:
    """job, internship, research_position, teaching, degree, project, volunteer or other.

    The section decides first (Education holds degrees, Projects projects), then the words of
    the title and of the section heading; a role word is what makes an entry in Research a
    position rather than a project, and only experience-like headings hold positions in Other.
    """
    title = fields.get("title", "")
    heading = heading.lower()
    if section == "education":
        return "degree"
    has_role = part_kind(title) == "title"
    if (section == "projects" or "project" in heading) and not (has_role and fields.get("organisation")):
        return "project"  # a role at an organisation is a position, whatever the heading above it says
    if _VOLUNTEER_RE.search(f"{title} {heading}"):
        return "volunteer"
    if _INTERN_RE.search(title):
        return "internship"
    if _TEACHING_RE.search(title) or "teaching" in heading:
        return "teaching"
    if section == "other" and not re.search(r"experience|employment|work|appointment", heading):
        return "other"
    if _DEGREE_RE.match(title) and not has_role:
        return "degree"
    if _RESEARCH_RE.search(title):
        return "research_position"
    if section == "research":
        return "research_position" if has_role else "project"
    return "job"


# --- grouping header lines into entries --------------------------------------------

def _dated(block) -> bool:
    return find_date_range(block.text) is not None


def is_dated_header(text: str, education: bool = False) -> bool:
    """A role line with its dates, even set as a bullet: "Engineer, Acme (2019 – 2021)", not "Migrated X in 2020"
    (`education`: the line is in an Education section, where a degree with one date is a header)."""
    found = find_date_range(text)
    if not found:
        return False
    before, _, after = text.partition(found["dates"])
    at_start = not before.strip(" ([|,–—-")
    if not is_header_like(text[:-1] if at_start and text.endswith(".") else text):
        return False
    rest = (before + " " + after).strip(" ()[]|,–—-")
    first = rest.split()[0].lower() if rest.split() else ""
    if first.endswith(("ed", "ing")) and first not in _ROLE_WORDS:
        return False  # "Migrated the feature store 2019 – 2020": an achievement with its dates
    at_edge = at_start or not after.strip(" )]|,.–—-")
    if found["start"] == found["end"] or re.fullmatch(r"[\d,\s]+", found["dates"]):
        # a single date or a list of years ("2021, 2022") on a bullet is an award's or a paper's,
        # unless a role or a degree follows it at once ("[2021] Teaching assistant") or, in
        # Education, the bullet names a degree ("B.Tech in Physics, Graduated June 2017";
        # elsewhere "PhD-level models shipped in 2021" is work)
        kind = first_part_kind(rest)
        return kind == "degree" and education or at_start and kind in ("title", "degree")
    return at_edge or header_evidence(rest) > 0


def _dated_header_block(block) -> bool:
    return is_dated_header(block.text, education=block.section == "education")


def _candidate(block, following=None, previous=None) -> bool:
    """Can this block be (part of) an entry header?

    An undated list item is one only right above a line holding nothing but dates
    ("• M.Sc. in Statistics | University of Northmere" over "2019 – 2021"), when it names a
    degree right under a dated line that names none ("University of Northmere | 2019 – 2021" over
    "• M.Sc. in Statistics | GPA: 3.9"), or when it names nothing but an organisation and its place
    right above a dated header line, first in its list. A list item of nothing but a date
    ("• Expected Graduation: May 2027") is one right under a header line that is no list item.
    """
    if block.kind == "entry":
        return True
    if block.kind == "bullet":
        if is_date_only(block.text) and previous is not None and previous.kind != "bullet" \
                and is_header_like(previous.text):
            return True
        return _dated_header_block(block) or (
            following is not None and _dated(following) and is_header_like(following.text)
            and _place_line(block.text) and (previous is None or previous.kind != "bullet")) or (
            following is not None and is_date_only(following.text) and is_header_like(block.text)
            and header_evidence(block.text) >= 2) or (
            previous is not None and _dated(previous) and "title" not in _kinds([previous.text])
            and is_header_like(block.text) and first_part_kind(block.text) == "degree")
    if block.kind != "paragraph" or not is_header_like(block.text):
        return False
    return _dated(block) or header_evidence(block.text) > 0 or len(block.text.split()) <= 6


def _kinds(lines: list[str]) -> set[str]:
    kinds = {k for line in lines for _, k in _parts(line)}
    if "degree" in kinds:
        kinds.add("title")
    return kinds


def _adds(group: list[str], line: str) -> bool:
    """Does an undated line add a missing part (a title or an organisation) to a header group?"""
    have, new = _kinds(group), _kinds([line])
    if "title" not in have and "title" in new:
        return True
    if "organisation" not in have and ("organisation" in new or ("" in new and "title" in have)):
        return True
    if not have - {"location", "other"} and new == {""} and _is_name(line):
        return True  # a line of dates over a name ("Sept 2023 – May 2025" over "Exploring Diffusion Models")
    return "title" not in have and "" in new and "organisation" in have


def group_entries(doc) -> None:
    """Merge the one to three lines of each entry header into one entry block with its fields.

    A dated header line is the core of an entry; an undated line next to it joins it when it adds
    a missing title or organisation (below it when the run of header lines starts dated, above it
    otherwise). An entry with no organisation of its own under an undated organisation line
    inherits it (several roles under one employer). Every entry gets a `kind`.
    """
    blocks = doc.blocks
    out = []
    heading = ""
    shared_org: list[str | None] = [None]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading":
            heading, shared_org[0] = block.text, None
        if block.section not in ENTRY_SECTIONS or not _candidate(block, _next(blocks, index), out[-1] if out else None):
            if block.kind == "entry":
                _finish(block, heading, shared_org)
            out.append(block)
            index += 1
            continue
        stop = index + 1
        while stop < len(blocks) and blocks[stop].section == block.section and \
                _candidate(blocks[stop], _next(blocks, stop), blocks[stop - 1]):
            stop += 1
        for group in _split_run(blocks[index:stop]):
            entry = group[0] if len(group) == 1 else _merge(group)
            _finish(entry, heading, shared_org)
            out.append(entry)
        index = stop
    for number, block in enumerate(out):
        block.id = f"b{number}"
    doc.blocks = out


def _next(blocks: list, index: int):
    return blocks[index + 1] if index + 1 < len(blocks) else None


def _finish(entry, heading: str, shared_org: list) -> None:
    """Give a dated header its fields and kind; leave a lone undated line as it was."""
    lines = entry.fields.pop("_lines", None) or [entry.text]
    given = entry.fields.pop("_given", None)
    if not (entry.kind == "entry" or _dated(entry)) or (entry.kind == "bullet" and not _dated_header_block(entry)):
        return
    entry.kind = BlockKind.ENTRY
    fields = header_fields(lines, org_elsewhere=bool(shared_org[0]))
    if given:
        # A template's macro says which argument is which; trust it unless its words say otherwise
        # (a university passed as the title, a city as the organisation).
        misread = part_kind(given.get("title", "")) in ("organisation", "location") or \
            part_kind(given.get("organisation", "")) in ("location", "title", "degree")
        keep = {k: v for k, v in given.items() if not (misread and k in ("title", "organisation"))}
        fields = {**fields, **keep}
    if "organisation" not in fields and shared_org[0] and "start" in fields:
        fields["organisation"] = shared_org[0]
    if (len(lines) > 1 or "start" not in fields) and not find_date_range(lines[0]) \
            and _kinds([lines[0]]) <= {"organisation", "location"}:
        shared_org[0] = fields.get("organisation")  # an employer's line over its roles
    keep = {k: v for k, v in entry.fields.items() if k in ("ignore", "level")}
    entry.fields = {**keep, **fields, "kind": entry_kind(fields, entry.section, heading)}


def _only_other(text: str) -> bool:
    """A grade or an honour line ("GPA: 3.9/4.0", "cum laude"): header material that names nothing."""
    kinds = _kinds([text])
    return bool(kinds) and kinds <= {"other"}


def _size(group: list) -> int:
    """Header lines in a group, grade lines not counted."""
    return sum(1 for b in group if not _only_other(b.text))


def _split_run(run: list) -> list[list]:
    """Cut a run of header-like blocks into groups: one dated block and the undated lines it takes."""
    groups: list[list] = []
    pending: list = []
    below = _dated(run[0])  # the run starts with a dated line: undated lines belong to the entry above

    def to_previous(items: list) -> list:
        while items and groups and any(_dated(b) for b in groups[-1]) and (
                _only_other(items[0].text) or _size(groups[-1]) < MAX_HEADER_LINES
                and _adds([b.text for b in groups[-1]], items[0].text)):
            groups[-1].append(items.pop(0))
        return items

    for block in run + [None]:
        if block is not None and not _dated(block):
            pending.append(block)
            continue
        if below:
            pending = to_previous(pending)
        take: list = []
        if block is not None and not below:
            lines = [block.text]
            while pending and (_only_other(pending[-1].text) or _size(take) + 1 < MAX_HEADER_LINES
                               and _adds(lines, pending[-1].text)):
                take.insert(0, pending.pop())
                lines.insert(0, take[0].text)
        if not below:
            pending = to_previous(pending)
        groups.extend([b] for b in pending)
        pending = []
        if block is not None:
            groups.append(take + [block])
    return groups


def _merge(group: list):
    """One entry block from a group of header lines: texts joined with " | ", anchors combined."""
    first = group[0]
    lines = [b.text for b in group]
    given = next((b.fields.get("_given") for b in group if b.fields.get("_given")), None)
    joiner = " | "
    for other in group[1:]:
        start = len(first.text)
        first.text = first.text + joiner + other.text
        a, b = first.anchor, other.anchor
        if a.kind == "text" and b.kind == "text":
            a.segments.extend([[start + i, b.line, b.column] for i in range(len(joiner))])
            base = start + len(joiner)
            a.segments.extend([[o + base, ln, col] for o, ln, col in b.segments])
        elif a.kind == "pdf" and a.bbox and b.bbox and a.page == b.page:
            a.bbox = [min(a.bbox[0], b.bbox[0]), min(a.bbox[1], b.bbox[1]),
                      max(a.bbox[2], b.bbox[2]), max(a.bbox[3], b.bbox[3])]
        if other.fields.get("ignore"):
            first.fields.setdefault("ignore", []).extend(other.fields["ignore"])
    first.kind = BlockKind.ENTRY
    first.fields["_lines"] = lines
    if given:
        first.fields["_given"] = given
    return first
