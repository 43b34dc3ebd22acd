"""JSON Resume (jsonresume.org schema): each section's items become entries, highlights become bullets.

Every block is anchored by a JSON Pointer (`/work/0/highlights/2`), so a finding can be
traced to the exact string to edit. Fields of the wrong type are skipped, never trusted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from retitle.errors import InputError
from retitle.model import Anchor, Document
from retitle.parse.common import clean_text, section_guess
from retitle.parse.dates import parse_point
from retitle.parse.entries import entry_kind
from retitle.parse.text import decode

RESUME_KEYS = ("basics", "work", "volunteer", "education", "awards", "certificates", "publications",
               "skills", "languages", "interests", "projects")
_ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?")

# section key -> (retitle section, heading, title field(s), organisation field(s))
_ENTRY_SECTIONS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "work": ("experience", "Work Experience", ("position",), ("name", "company")),
    "volunteer": ("other", "Volunteer", ("position",), ("organization",)),
    "projects": ("projects", "Projects", ("name",), ("entity",)),
    "education": ("education", "Education", ("studyType",), ("institution",)),
    "certificates": ("education", "Certificates", ("name",), ("issuer",)),
    "publications": ("publications", "Publications", ("name",), ("publisher",)),
    "awards": ("other", "Awards", ("title",), ("awarder",)),
}


def _text(value: Any) -> str:
    """A clean one-line string, or '' for anything that is not text."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"\s+", " ", clean_text(value)).strip()


def _point(value: Any) -> str | None:
    """'2013-12-01' -> '2013-12'; '2013' -> '2013'; '09/2017', 'Sep 2017', 'Present' as resumes write
    them (the schema asks for ISO 8601, real files do not always follow it); anything else -> None."""
    text = _text(value)
    m = _ISO_DATE_RE.match(text)
    if m:
        if m.group(2) and 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{m.group(2)}"
        return m.group(1)
    return parse_point(text) if text else None


def _first(item: dict, keys: tuple[str, ...]) -> str:
    return next((t for t in (_text(item.get(k)) for k in keys) if t), "")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def load_resume(path: str, data: bytes) -> dict:
    """Decode and validate: a JSON object with at least one JSON Resume section."""
    text = decode(data, path)
    try:
        resume = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to be a resume") from None
    if not isinstance(resume, dict) or not any(k in resume for k in RESUME_KEYS):
        raise InputError(path, "JSON but not a JSON Resume (no basics, work, education, projects or skills)")
    return resume


def parse_jsonresume(path: Path, data: bytes) -> Document:
    resume = load_resume(str(path), data)
    doc = Document(path=str(path), format="jsonresume")

    def add(kind: str, section: str, text: str, pointer: str, **fields: Any):
        return doc.add(kind, section, text, Anchor("json", pointer=pointer), **fields) if text else None

    _basics(resume.get("basics"), add)
    for key, (section, heading, title_keys, org_keys) in [*_ENTRY_SECTIONS.items(), *_extra_sections(resume)]:
        items = [(i, item) for i, item in enumerate(_list(resume.get(key))) if isinstance(item, dict)]
        if not items:
            continue
        add("heading", section, heading, f"/{key}", level=1)
        for index, item in items:
            base = f"/{key}/{index}"
            title = _first(item, title_keys)
            if key == "education" and _text(item.get("area")):
                title = f"{title}, {_text(item.get('area'))}" if title else _text(item.get("area"))
            fields = {"title": title, "organisation": _first(item, org_keys),
                      "location": _text(item.get("location"))}
            start = _point(item.get("startDate") or item.get("releaseDate") or item.get("date"))
            end = _point(item.get("endDate"))
            if end == "present" and not start:
                end = None
            if start:
                fields.update(start=start, end=end or ("present" if "startDate" in item else start))
                fields["dates"] = f"{start} – {fields['end']}" if fields["end"] != start else start
            fields = {k: v for k, v in fields.items() if v}
            header = " | ".join(fields[k] for k in ("title", "organisation", "location", "dates") if k in fields)
            entry = add("entry", section, header, base, **fields)
            if entry is not None:
                entry.fields["kind"] = entry_kind(fields, section, heading)
            for field_name in ("summary", "description"):
                if key == "work" and field_name == "description":
                    continue  # describes the company, not the person's work
                add("paragraph", section, _text(item.get(field_name)), f"{base}/{field_name}")
            for j, highlight in enumerate(_list(item.get("highlights"))):
                add("bullet", section, _text(highlight), f"{base}/highlights/{j}")
            for j, course in enumerate(_list(item.get("courses"))):
                add("bullet", section, _text(course), f"{base}/courses/{j}")
    _named_lists(resume, "skills", "skills", "Skills", add)
    _named_lists(resume, "languages", "skills", "Languages", add)
    _named_lists(resume, "interests", "other", "Interests", add)
    return doc


def _extra_sections(resume: dict) -> list[tuple[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]]]:
    """Sections a theme added beyond the schema ("teaching", "academia"): lists of dated items
    with a position or a title. Their name decides the retitle section, as a heading would."""
    out = []
    for key, value in resume.items():
        if key in RESUME_KEYS or key in _ENTRY_SECTIONS:
            continue
        items = [item for item in _list(value) if isinstance(item, dict)]
        if not items or not any(item.get("startDate") or item.get("date") for item in items):
            continue
        heading = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).replace("_", " ").strip().capitalize()
        with_position = any(_text(item.get("position")) for item in items)
        title_keys = ("position", "title", "role") if with_position else ("title", "name", "role")
        org_keys = ("name", "organization", "institution", "company") if with_position else \
            ("organization", "institution", "company", "awarder", "publisher")
        out.append((key, (section_guess(heading), heading, title_keys, org_keys)))
    return out


def _basics(basics: Any, add) -> None:
    """Name, label and contact details as contact lines; the summary as the summary paragraph."""
    if not isinstance(basics, dict):
        return
    for key in ("name", "label", "email", "phone", "url"):
        block = add("contact", "other", _text(basics.get(key)), f"/basics/{key}")
        if block is not None and key == "name":
            block.fields.update(contact="name", name=block.text)
    location = basics.get("location")
    if isinstance(location, dict):
        place = ", ".join(t for t in (_text(location.get(k)) for k in ("city", "region", "countryCode")) if t)
        add("contact", "other", place, "/basics/location")
    for i, profile in enumerate(_list(basics.get("profiles"))):
        if isinstance(profile, dict):
            network, handle = _text(profile.get("network")), _text(profile.get("url") or profile.get("username"))
            add("contact", "other", f"{network}: {handle}" if network and handle else handle, f"/basics/profiles/{i}")
    add("paragraph", "summary", _text(basics.get("summary")), "/basics/summary")


def _named_lists(resume: dict, key: str, section: str, heading: str, add) -> None:
    """`skills`/`languages`/`interests`: one paragraph per item, "Name: keyword, keyword"."""
    items = [(i, item) for i, item in enumerate(_list(resume.get(key))) if isinstance(item, dict)]
    if not items:
        return
    add("heading", section, heading, f"/{key}", level=1)
    for index, item in items:
        name = _text(item.get("name") or item.get("language"))
        detail = ", ".join(t for t in (_text(k) for k in _list(item.get("keywords"))) if t)
        detail = detail or _text(item.get("level") or item.get("fluency"))
        add("paragraph", section, f"{name}: {detail}" if name and detail else name or detail, f"/{key}/{index}")
