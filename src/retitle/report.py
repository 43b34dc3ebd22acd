"""The resume-level summary: framing score, skill-matrix scorecard, titles, years, market reference.

Computed from findings and evidence only, so it is stable under re-ordering of bullets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from retitle.lexicon import Lexicon
from retitle.model import Block, Document, Evidence, Finding
from retitle.parse.common import month_index

WORK_SECTIONS = ("summary", "experience", "projects", "research", "other")


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
        if block.kind not in ("bullet", "paragraph") or block.section not in WORK_SECTIONS:
            continue
        r, s = block.id in research, block.id in systems
        units[block.id] = "mixed" if r and s else "research" if r else "systems" if s else "neutral"
    return units


def years_of_experience(blocks: list[Block], today: date | None = None) -> float | None:
    """Total years covered by experience entries' date ranges, overlaps merged."""
    spans = []
    for block in blocks:
        if block.kind != "entry" or block.section != "experience":
            continue
        start, end = block.fields.get("start"), block.fields.get("end")
        if not start or not end or start == "present":
            continue
        a, b = month_index(start, today), month_index(end, today)
        if end != "present" and "-" not in end:
            b += 11  # "2019–2021" runs to the end of 2021
        if b >= a:
            spans.append((a, b + 1))
    if not spans:
        return None
    spans.sort()
    months, (cur_a, cur_b) = 0, spans[0]
    for a, b in spans[1:]:
        if a <= cur_b:
            cur_b = max(cur_b, b)
        else:
            months += cur_b - cur_a
            cur_a, cur_b = a, b
    months += cur_b - cur_a
    return round(months / 12, 1)


def level_for(years: float | None, lex: Lexicon) -> dict[str, Any] | None:
    levels = lex.market.get("levels") or []
    if years is None or not levels:
        return None
    chosen = levels[0]
    for level in sorted(levels, key=lambda lv: lv.get("min_years", 0)):
        if years >= level.get("min_years", 0):
            chosen = level
    return chosen


def current_titles(doc: Document, lex: Lexicon) -> list[str]:
    """Taxonomy titles named in entry headers and the resume's top lines, most recent first."""
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


def supported_titles(
    doc: Document, findings: list[Finding], evidence: list[Evidence], lex: Lexicon
) -> list[dict[str, Any]]:
    """Titles whose evidence groups cover enough distinct bullets, each with those bullets."""
    groups_by_block: dict[str, set[str]] = defaultdict(set)
    rules = {r.code: r for r in lex.rules}
    for item in [*findings, *evidence]:
        groups_by_block[item.block_id].add(rules[item.code].group)
    order = {b.id: i for i, b in enumerate(doc.blocks)}
    out = []
    for title in lex.titles:
        wanted = set(title.get("evidence", []))
        blocks = sorted((bid for bid, groups in groups_by_block.items() if groups & wanted), key=order.get)
        present = set().union(*(groups_by_block[b] for b in blocks)) if blocks else set()
        required = set(title.get("requires_any", []))
        if len(blocks) >= title.get("min_bullets", 1) and (not required or present & required):
            out.append({"title": title["name"], "id": title["id"], "bullets": blocks})
    return out


def summarize(doc: Document, findings: list[Finding], evidence: list[Evidence], lex: Lexicon,
              today: date | None = None) -> dict[str, Any]:
    units = classify_blocks(doc, findings, evidence)
    areas = {}
    for area_id, area in lex.areas.items():
        research_blocks = sorted({f.block_id for f in findings if f.area == area_id}, key=_block_order(doc))
        systems_blocks = sorted({e.block_id for e in evidence if e.area == area_id}, key=_block_order(doc))
        areas[area_id] = {
            "name": area.get("name", area_id),
            "research": sum(1 for f in findings if f.area == area_id),
            "systems": sum(1 for e in evidence if e.area == area_id),
            "research_blocks": research_blocks,
            "systems_blocks": systems_blocks,
        }
    years = years_of_experience(doc.blocks, today)
    level = level_for(years, lex)
    supported = supported_titles(doc, findings, evidence, lex)
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
        "titles": {
            "current": current_titles(doc, lex),
            "supported": supported,
            "note": _title_note(supported),
        },
        "years_experience": years,
        "level": level["id"] if level else None,
        "market": market,
    }


def _title_note(supported: list[dict]) -> str:
    names = [s["title"] for s in supported]
    if "AI Engineer" in names or "Forward-Deployed AI Engineer" in names:
        return "The bullets already carry systems-integration evidence for an AI-engineer title."
    return (
        "The evidence does not yet support an AI Engineer title: no bullets describe LLM applications "
        "or product integration. Reframe only what is true; add that work before the title."
    )


def _block_order(doc: Document):
    order = {b.id: i for i, b in enumerate(doc.blocks)}
    return order.get
