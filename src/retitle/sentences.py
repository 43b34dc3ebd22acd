"""Every sentence retitle says about a resume's summary, written here and nowhere else.

The text, Markdown and DOCX reports show the `Line`s of `summary_text` and phrase no summary fact
themselves: a renderer decides only how a line looks (bold labels, colour, bullets, a table for the
scorecard). The JSON carries the three sentences that are part of the result — a title's reason
(`TitleVerdict.why`), the rebrand note (`Titles.note`) and the no-ML-work note
(`FramingScore.note`) — and they come from here too. Nothing here imports rich or python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from retitle.model import Experience, FramingScore, Market, Summary, Titles, TitleVerdict

# How many supported titles the text, Markdown and DOCX reports show (the JSON keeps every title).
MAX_SHOWN_TITLES = 3
# The title the rebrand question is about; the report says plainly whether the evidence supports it.
REBRAND_TARGET = "ai_engineer"
# A framing score at or above this is shown as reading well (green in the terminal), below it as
# needing work: half the framed bullets described as systems work.
GOOD_FRAMING_SCORE = 50
# What a resume with no ML or data work at all gets instead of a framing score.
NO_ML_OR_DATA_NOTE = "no ML or data work found in the bullets, so there is nothing to frame"
# The n/a reason when there are ML or data bullets but none reads either way.
NOTHING_FRAMED_NOTE = "no research- or systems-framed bullets"
# How the score is counted, said beside it.
SCORE_RULE = "systems 1, mixed ½, research 0"
# The scorecard's column headings: the area, then research- and systems-framed mentions; and its
# caption where it is a list ("Core ML algorithms: 10 / 0") rather than a table.
SCORECARD_COLUMNS = ("Skill-matrix area", "research", "systems")
SCORECARD_CAPTION = "Skill matrix (research-framed / systems-framed mentions):"


class Tone(StrEnum):
    """How a line's value reads, for renderers that can show it (colour, weight)."""

    PLAIN = "plain"
    GOOD = "good"        # a framing score at or above GOOD_FRAMING_SCORE
    WEAK = "weak"        # a framing score below it, or none
    QUIET = "quiet"      # an aside: counts, the source of the figures
    STRONG = "strong"    # the closing count of findings


@dataclass(frozen=True)
class Line:
    """One line of the summary: `label: value note`, with indented detail lines under it.

    `label` names the fact ("" for a sentence that stands alone), `value` states it and `note`
    qualifies it; `str(line)` is the line as plain text.
    """

    label: str
    value: str
    note: str = ""
    tone: Tone = Tone.PLAIN
    details: tuple[Line, ...] = ()

    def __str__(self) -> str:
        return (f"{self.label}: " if self.label else "") + self.value + self.note


@dataclass(frozen=True)
class ScorecardRow:
    name: str
    research: int
    systems: int

    def __str__(self) -> str:
        return f"{self.name}: {self.research} / {self.systems}"


@dataclass(frozen=True)
class SummaryText:
    """The summary as every report shows it: the framing line, the scorecard, then the other lines."""

    framing: Line
    scorecard: tuple[ScorecardRow, ...]
    lines: tuple[Line, ...]

    def every_line(self) -> list[Line]:
        """Every line in reading order, details after their line."""
        out = []
        for line in (self.framing, *self.lines):
            out.append(line)
            out.extend(line.details)
        return out


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _groups(groups: tuple[str, ...]) -> str:
    return ", ".join(g.replace("_", " ") for g in groups)


# --- the sentences the JSON carries ---------------------------------------------------

def framing_note(framing: FramingScore) -> str | None:
    """Why there is no score for a resume with no ML or data work (None for every other resume)."""
    return None if framing.ml_or_data_work else NO_ML_OR_DATA_NOTE


def title_reason(verdict: TitleVerdict) -> str:
    """Why a title is or is not supported, in one clause a user can check against the bullets."""
    count, needed = verdict.score, verdict.needed
    if verdict.supported:
        return f"{_plural(count, 'bullet')} show {_groups(verdict.groups)} work ({needed} needed)"
    reasons = []
    if count < needed:
        reasons.append(f"{count} bullet{' shows' if count == 1 else 's show'} it; {needed} are needed")
    if verdict.requires_any and not set(verdict.groups) & set(verdict.requires_any):
        reasons.append("none describes " + " or ".join(g.replace("_", " ") for g in verdict.requires_any) + " work")
    if not reasons and verdict.requires_titles:
        reasons.append("it builds on " + ", ".join(verdict.requires_titles) + ", which the evidence does not support")
    return "; ".join(reasons)


def rebrand_statement(titles: Titles) -> str:
    """One plain sentence on whether the bullets support the AI Engineer title, and if not, what is missing."""
    target = next((t for t in titles.verdicts if t.id == REBRAND_TARGET), None)
    if target is None:
        return ""
    if target.supported:
        return (f"The evidence supports the {target.title} title: {target.score} bullets describe systems built "
                f"around models ({_groups(target.groups)}).")
    return (f"The evidence does not support a rebrand to {target.title} yet: {target.why} "
            f"(bullets describing systems built around models). "
            "Reframe only what is true; do the work before claiming the title.")


# --- the lines every report shows -----------------------------------------------------

def framing_line(framing: FramingScore) -> Line:
    """ "Framing score: 25/100 (3 systems-framed, 0 mixed, 9 research-framed bullets; systems 1, …)"."""
    if framing.score is None:
        return Line("Framing score", f"n/a ({framing.note or NOTHING_FRAMED_NOTE})", tone=Tone.WEAK)
    units = framing.units
    return Line("Framing score", f"{framing.score}/100",
                f" ({units.systems} systems-framed, {units.mixed} mixed, {units.research} research-framed "
                f"bullets; {SCORE_RULE})",
                Tone.GOOD if framing.score >= GOOD_FRAMING_SCORE else Tone.WEAK)


def scorecard(summary: Summary) -> tuple[ScorecardRow, ...]:
    """The skill-matrix areas the resume mentions either way, in the skill matrix's order."""
    return tuple(ScorecardRow(a.name, a.research, a.systems) for a in summary.areas if a.research or a.systems)


def counts_line(summary: Summary) -> Line | None:
    """ "1 publication listed; 25 suggestions, 0 dropped by the claim guard", or None with neither."""
    parts = []
    if summary.publications:
        parts.append(f"{_plural(summary.publications, 'publication')} listed")
    if summary.suggestions is not None:
        parts.append(f"{_plural(summary.suggestions.shown, 'suggestion')}, {summary.suggestions.dropped} "
                     "dropped by the claim guard")
    return Line("", "; ".join(parts), tone=Tone.QUIET) if parts else None


def current_line(titles: Titles) -> str:
    """ "Machine Learning Engineer (ML Engineer), Teaching Assistant": held titles as written, the
    taxonomy title beside only where the held title means it."""
    return ", ".join(p.title + (f" ({p.taxonomy})" if p.taxonomy and p.taxonomy.lower() != p.title.lower() else "")
                     for p in titles.positions) or "none found"


def experience_line(experience: Experience | None, market: Market | None) -> str:
    """ "7.4 years from 6 positions, 2018-11 to present, level Senior" — what was counted, in one line."""
    if experience is None:
        return "no dated positions found"
    years = f"{experience.years:g} {'year' if experience.years == 1 else 'years'}"
    return (f"{years} from {_plural(experience.positions, 'position')}, {experience.first} to {experience.last}, "
            f"level {market.level if market else '?'}")


def shown_titles(titles: Titles) -> tuple[list[TitleVerdict], int]:
    """The supported titles the report shows (strongest first, at most `MAX_SHOWN_TITLES`) and how many more."""
    supported = titles.supported
    return supported[:MAX_SHOWN_TITLES], max(0, len(supported) - MAX_SHOWN_TITLES)


def titles_line(titles: Titles) -> Line:
    """The supported titles, each with its reason, then the rebrand note."""
    shown, more = shown_titles(titles)
    details = tuple(Line(t.title, t.why) for t in shown)
    if titles.note:
        details += (Line("", titles.note),)
    return Line("Evidence supports", ", ".join(t.title for t in shown) or "no title in the taxonomy",
                f" (strongest first; {more} more in the JSON report)" if more else "", details=details)


def money(value: int) -> str:
    return f"${value / 1000:.0f}k"


def source_line(market: Market) -> str:
    """The article the figures and advice come from, by title and date, once: "Valenx Press, ML
    Engineer vs AI Engineer: … (2026-06)" without the aggregation note."""
    title = str(market.source or "").split(" (")[0]
    return f"{title} ({market.date})" if market.date else title


def market_line(market: Market) -> Line:
    """ "Market reference, Senior (6+ yr) (base / total): ML Engineer $193k / $260k, AI Engineer …", and its source."""
    ml, ai = market.ml_engineer, market.ai_engineer
    return Line(f"Market reference, {market.level} (base / total)",
                f"ML Engineer {money(ml.base)} / {money(ml.total)}, AI Engineer {money(ai.base)} / {money(ai.total)}",
                details=(Line("Source", source_line(market), tone=Tone.QUIET),))


def findings_line(summary: Summary) -> Line:
    """ "18 finding(s): 5 warning, 13 suggestion"."""
    levels = summary.findings_by_level
    return Line("", f"{levels.total} finding(s): {levels.warning} warning, {levels.suggestion} suggestion",
                tone=Tone.STRONG)


def summary_text(summary: Summary) -> SummaryText:
    """The summary as every report shows it (see `SummaryText`)."""
    lines = [counts_line(summary),
             Line("Current title(s)", current_line(summary.titles)),
             Line("Experience", experience_line(summary.experience, summary.market)),
             titles_line(summary.titles),
             market_line(summary.market) if summary.market else None,
             findings_line(summary)]
    return SummaryText(framing_line(summary.framing), scorecard(summary), tuple(line for line in lines if line))
