"""The resume-level summary: framing score, skill-matrix scorecard, titles, years, market reference.

Computed from findings and evidence as sets per block, so it is stable under re-ordering of bullets.
Which blocks count (see README, "What is analysed"):
- bullets and paragraphs of summary, experience, projects, research and other sections are analysed
  and scored;
- publications are not flagged line by line (a paper list is supposed to list papers) but their
  number is reported as research evidence;
- skills are neither flagged nor counted: a skill list names tools, it does not describe work;
- under education, lines that describe work (a thesis, a course project) are flagged
  (`engine.analysed`), but the framing score counts only the work sections above.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from retitle.lexicon import Lexicon
from retitle.model import Block, Document, Evidence, Finding
from retitle.parse.dates import month_index
from retitle.parse.entries import POSITION_KINDS

WORK_SECTIONS = ("summary", "experience", "projects", "research", "other")
WORK_KINDS = ("bullet", "paragraph")
# The title advice for AI-engineer resumess are about; the report says plainly whether the evidence supports it.
REBRAND_TARGET = "ai_engineer"


def framing_score(units: dict[str, str]) -> int | None:
    """0-100: systems-framed units count 1, mixed ½, research-framed 0; neutral ones are left out.

    `units` maps a block id to 'research', 'systems', 'mixed' or 'neutral'. With no
    research- or systems-framed unit there is nothing to score, and the result is None.
    """
    counted = [u for u in units.values() if u != "neutral"]
    if not counted:
        return None
    points = sum(1.0 if u == "systems" else 0.5 if u == "mixed" else 0.0 for u in counted)
    return round(100 * points / len(counted))


def classify_blocks(doc: Document, findings: list[Finding], evidence: list[Evidence]) -> dict[str, str]:
    research = {f.block_id for f in findings}
    systems = {e.block_id for e in evidence}
    units = {}
    for block in doc.blocks:
        if block.kind not in WORK_KINDS or block.section not in WORK_SECTIONS:
            continue
        r, s = block.id in research, block.id in systems
        units[block.id] = "mixed" if r and s else "research" if r else "systems" if s else "neutral"
    return units


def experience_spans(blocks: list[Block], today: date | None = None) -> list[dict[str, Any]]:
    """The dated positions that count towards years of experience, in reading order.

    The policy: jobs, internships, research and teaching positions count, in whatever section they
    sit; degrees, projects, volunteering and clubs do not (their `kind` is set by the parser). A
    year alone runs January to December; "present" is `today`. Entries whose start is after their
    end are skipped.
    """
    spans = []
    for block in blocks:
        if block.kind != "entry" or block.fields.get("kind") not in POSITION_KINDS:
            continue
        start, end = block.fields.get("start"), block.fields.get("end")
        if not start or not end or start == "present":
            continue
        a, b = month_index(start, today), month_index(end, today)
        if end != "present" and "-" not in end:
            b += 11
        if b >= a:
            spans.append({"block_id": block.id, "kind": block.fields["kind"], "title": block.fields.get("title"),
                          "start": start, "end": end, "months": (a, b + 1)})
    return spans


def years_of_experience(blocks: list[Block], today: date | None = None) -> float | None:
    """Years covered by the union of the dated positions (`experience_spans`), overlaps merged."""
    spans = sorted(span["months"] for span in experience_spans(blocks, today))
    if not spans:
        return None
    months, (cur_a, cur_b) = 0, spans[0]
    for a, b in spans[1:]:
        if a <= cur_b:
            cur_b = max(cur_b, b)
        else:
            months += cur_b - cur_a
            cur_a, cur_b = a, b
    months += cur_b - cur_a
    return round(months / 12, 1)


def experience_basis(blocks: list[Block], today: date | None = None) -> dict[str, Any] | None:
    """What the years were counted from: the positions, and the first and last month covered."""
    spans = experience_spans(blocks, today)
    if not spans:
        return None
    first = min(spans, key=lambda s: s["months"][0])["start"]
    last = max(spans, key=lambda s: s["months"][1])["end"]
    return {"positions": len(spans), "from": first, "to": last,
            "entries": [{k: v for k, v in span.items() if k != "months"} for span in spans]}


def level_for(years: float | None, lex: Lexicon) -> dict[str, Any] | None:
    """The market level (Entry 0–2, Mid 3–5, Senior 6+) whose `min_years` the years reach."""
    levels = lex.market.get("levels") or []
    if years is None or not levels:
        return None
    chosen = None
    for level in sorted(levels, key=lambda lv: lv.get("min_years", 0)):
        if chosen is None or years >= level.get("min_years", 0):
            chosen = level
    return chosen


def current_titles(doc: Document, lex: Lexicon) -> list[str]:
    """Taxonomy titles named in entry headers and the resume's top lines, in reading order."""
    found: list[str] = []
    for block in doc.blocks:
        if block.kind not in ("entry", "contact", "heading"):
            continue
        text = block.text.lower()
        for title in lex.titles:
            if any(re.search(rf"\b{re.escape(alias)}\b", text) for alias in title.get("aliases", [])):
                if title["name"] not in found:
                    found.append(title["name"])
    return found


def title_evidence(
    doc: Document, findings: list[Finding], evidence: list[Evidence], lex: Lexicon
) -> list[dict[str, Any]]:
    """Every title with the bullets whose rule groups count for it, and whether that is enough."""
    groups_by_block: dict[str, set[str]] = defaultdict(set)
    rules = {r.code: r for r in lex.rules}
    for item in [*findings, *evidence]:
        groups_by_block[item.block_id].add(rules[item.code].group)
    order = {b.id: i for i, b in enumerate(doc.blocks)}
    out = []
    for title in lex.titles:
        wanted = set(title.get("evidence", []))
        blocks = sorted((bid for bid, groups in groups_by_block.items() if groups & wanted), key=order.get)
        present = set().union(*(groups_by_block[b] & wanted for b in blocks)) if blocks else set()
        required = set(title.get("requires_any", []))
        needed = title.get("min_bullets", 1)
        out.append({
            "title": title["name"], "id": title["id"], "bullets": blocks, "needed": needed,
            "groups": sorted(present), "requires_any": sorted(required),
            "supported": len(blocks) >= needed and (not required or bool(present & required)),
        })
    # A title that builds on another ("requires_titles") is supported only when that one is.
    by_id = {t["id"]: t for t in out}
    changed = True
    while changed:
        changed = False
        for title in lex.titles:
            entry = by_id[title["id"]]
            if entry["supported"] and not all(by_id[r]["supported"] for r in title.get("requires_titles", [])):
                entry["supported"], changed = False, True
    return out


def rebrand_statement(evidence_by_title: list[dict[str, Any]], lex: Lexicon) -> str:
    """One plain sentence on whether the bullets support the AI Engineer title, and if not, why."""
    target = next((t for t in evidence_by_title if t["id"] == REBRAND_TARGET), None)
    if target is None:
        return ""
    name, count = target["title"], len(target["bullets"])
    if target["supported"]:
        return (f"The evidence supports the {name} title: {count} bullet(s) describe "
                f"{', '.join(g.replace('_', ' ') for g in target['groups'])} work.")
    reasons = []
    if count < target["needed"]:
        reasons.append(f"{count} bullet(s) show the work it calls for, and it needs {target['needed']}")
    if target["requires_any"] and not set(target["groups"]) & set(target["requires_any"]):
        reasons.append("none describes " + " or ".join(g.replace("_", " ") for g in target["requires_any"]) + " work")
    return (f"The evidence does not support a rebrand to {name} yet: {'; '.join(reasons)}. "
            "Reframe only what is true; do the work before claiming the title.")


def summarize(doc: Document, findings: list[Finding], evidence: list[Evidence], lex: Lexicon,
              today: date | None = None) -> dict[str, Any]:
    units = classify_blocks(doc, findings, evidence)
    order = {b.id: i for i, b in enumerate(doc.blocks)}
    areas = {}
    for area_id, area in lex.areas.items():
        areas[area_id] = {
            "name": area.get("name", area_id),
            "research": sum(1 for f in findings if f.area == area_id),
            "systems": sum(1 for e in evidence if e.area == area_id),
            "research_blocks": sorted({f.block_id for f in findings if f.area == area_id}, key=order.get),
            "systems_blocks": sorted({e.block_id for e in evidence if e.area == area_id}, key=order.get),
        }
    years = years_of_experience(doc.blocks, today)
    basis = experience_basis(doc.blocks, today)
    level = level_for(years, lex)
    by_title = title_evidence(doc, findings, evidence, lex)
    counts = {kind: sum(1 for u in units.values() if u == kind) for kind in ("research", "systems", "mixed", "neutral")}
    market = None
    if level:
        market = {
            "level": level["name"],
            "ml_engineer": level.get("ml_engineer"),
            "ai_engineer": level.get("ai_engineer"),
            "currency": lex.market.get("currency"),
            "source": lex.market.get("source"),
            "date": lex.market.get("date"),
        }
    return {
        "framing_score": framing_score(units),
        "units": counts,
        "findings_by_level": {lv: sum(1 for f in findings if f.level == lv) for lv in ("warning", "suggestion")},
        "areas": areas,
        "publications": sum(1 for b in doc.blocks if b.section == "publications" and b.kind in (*WORK_KINDS, "entry")),
        "titles": {
            "current": current_titles(doc, lex),
            "supported": [{"title": t["title"], "id": t["id"], "bullets": t["bullets"]}
                          for t in by_title if t["supported"]],
            "note": rebrand_statement(by_title, lex),
        },
        "years_experience": years,
        "experience_basis": basis,
        "level": level["id"] if level else None,
        "market": market,
    }
