"""Plain sentences about a report's summary, shared by the text and Markdown renderers."""

from __future__ import annotations

from retitle.model import Report
from retitle.report import MAX_SHOWN_TITLES


def current_line(titles: dict) -> str:
    """ "Machine Learning Engineer (ML Engineer), Teaching Assistant": held titles as written, the
    taxonomy title beside only where the held title means it."""
    positions = titles.get("current_positions")
    if positions is None:
        return ", ".join(titles.get("current") or []) or "none found"
    return ", ".join(p["title"] + (f" ({p['taxonomy']})" if p.get("taxonomy") and p["taxonomy"].lower() != p["title"].lower() else "")
                     for p in positions) or "none found"


def shown_titles(titles: dict) -> tuple[list[dict], int]:
    """The supported titles the report shows (strongest first, at most `MAX_SHOWN_TITLES`) and how many more."""
    supported = titles.get("supported") or []
    return supported[:MAX_SHOWN_TITLES], max(0, len(supported) - MAX_SHOWN_TITLES)


def money(value: int | None) -> str:
    return f"${value / 1000:.0f}k" if value else "?"


def summary_lines(report: Report) -> list[str]:
    s = report.summary
    score = s.get("framing_score")
    units = s.get("units", {})
    lines = [
        "Framing score: "
        + (f"{score}/100" if score is not None else f"n/a ({s.get('framing_note') or 'no research- or systems-framed bullets'})")
        + f" — {units.get('systems', 0)} systems-framed, {units.get('mixed', 0)} mixed, "
        f"{units.get('research', 0)} research-framed, {units.get('neutral', 0)} neutral",
    ]
    if "suggestions_shown" in s:
        lines.append(f"Suggestions: {s['suggestions_shown']} shown, "
                     f"{s.get('suggestions_dropped', 0)} dropped by the claim guard")
    titles = s.get("titles", {})
    if titles.get("current"):
        lines.append("Current title(s): " + current_line(titles))
    if s.get("years_experience") is not None:
        lines.append("Experience: " + experience_line(s["years_experience"], s.get("experience_basis"), s.get("market") or {}))
    shown, more = shown_titles(titles)
    if shown:
        lines.append("Evidence supports: " + "; ".join(f"{t['title']} ({t['why']})" if t.get("why") else t["title"]
                                                      for t in shown)
                     + (f"; and {more} more (see the JSON report)" if more else ""))
    if titles.get("note"):
        lines.append(titles["note"])
    market = s.get("market")
    if market:
        ml, ai = market.get("ml_engineer") or {}, market.get("ai_engineer") or {}
        lines.append(
            f"Market ({market['level']}): ML Engineer {money(ml.get('base'))} base / {money(ml.get('total'))} total; "
            f"AI Engineer {money(ai.get('base'))} base / {money(ai.get('total'))} total "
            f"— {market.get('source')}, {market.get('date')}"
        )
    return lines


def experience_line(years: float | None, basis: dict | None, market: dict) -> str:
    """ "7.4 years from 6 positions, 2018-11 to present, level Senior" — what was counted, in one line."""
    if years is None or not basis:
        return "no dated positions found"
    unit = "year" if years == 1 else "years"
    count = basis["positions"]
    return (f"{years:g} {unit} from {count} position{'s' if count != 1 else ''}, {basis['from']} to {basis['to']}, "
            f"level {market.get('level', '?')}")
