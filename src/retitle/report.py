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
from functools import lru_cache
from typing import Any

from retitle.lexicon import CompiledLexicon
from retitle.model import (AreaScore, Block, BlockKind, Document, Evidence, Experience, ExperienceEntry, EntryKind,
                           Finding, FindingCounts, Framing, FramingScore, FramingUnits, Level, Market, Pay, Position,
                           Section, SuggestionStats, Summary, Titles, TitleVerdict)
from retitle.parse.dates import month_index
from retitle.parse.entries import POSITION_KINDS

WORK_SECTIONS = (Section.SUMMARY, Section.EXPERIENCE, Section.PROJECTS, Section.RESEARCH, Section.OTHER)
WORK_KINDS = (BlockKind.BULLET, BlockKind.PARAGRAPH)


def _names_any(text: str, phrases: list[str]) -> bool:
    return bool(phrases) and _phrases_re(tuple(phrases)).search(text.lower()) is not None


@lru_cache(maxsize=256)
def _phrases_re(phrases: tuple[str, ...]) -> re.Pattern:
    """Any of the phrases as whole words, in one pattern compiled once per list: one search a
    bullet instead of one per phrase, each escaping its phrase and looking its pattern up again."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(p.lower()) for p in phrases)})(?!\w)")


def has_ml_or_data_work(doc: Document) -> bool:
    """Whether any analysed bullet names ML or data work (`ML_DATA_TERMS`)."""
    return any(b.kind in WORK_KINDS and b.section in WORK_SECTIONS and _names_any(b.text, list(ML_DATA_TERMS))
               for b in doc.blocks)


def framing_score(units: dict[str, Framing]) -> int | None:
    """0-100: systems-framed units count 1, mixed ½, research-framed 0; neutral ones are left out.

    `units` maps a block id to how it reads (`Framing`). With no research- or systems-framed
    unit there is nothing to score, and the result is None.
    """
    counted = [u for u in units.values() if u != Framing.NEUTRAL]
    if not counted:
        return None
    points = sum(1.0 if u == Framing.SYSTEMS else 0.5 if u == Framing.MIXED else 0.0 for u in counted)
    return round(100 * points / len(counted))


# Words that place a bullet in ML, data or engineering work. Systems evidence ("monitoring",
# "customer", "release") frames a bullet as systems work only when the bullet names one of these:
# monitoring accounts payable, or friendly customer interactions at a shop, are not systems framing.
ML_DATA_TERMS = (
    "model", "models", "machine learning", "ml", "ai", "llm", "llms", "nlp", "neural", "deep learning",
    "computer vision", "data", "dataset", "datasets", "analytics", "statistics", "statistical", "sql",
    "python", "pandas", "spark", "etl", "classifier", "prediction", "predictions", "forecasting",
    "recommendation", "recommender", "embedding", "embeddings", "training", "inference", "pytorch",
    "tensorflow", "scikit-learn", "rag", "vector", "chatbot", "agent", "agents", "agentic", "gpt",
    "langchain", "llama", "mistral", "claude", "gemini", "lora", "qlora", "evals", "fine-tuning",
)
ENGINEERING_TERMS = (
    "api", "apis", "rest", "grpc", "service", "services", "microservice", "microservices", "backend",
    "server", "servers", "software", "code", "system", "systems", "platform", "infrastructure", "cloud",
    "aws", "gcp", "azure", "kubernetes", "k8s", "docker", "container", "containers", "database",
    "databases", "pipeline", "pipelines", "ci", "ci/cd", "deployment", "deployments", "production",
    "latency", "throughput", "cluster", "clusters", "gpu", "gpus", "app", "application", "applications",
    "web", "endpoint", "endpoints", "sdk", "cache", "queue", "kafka", "airflow", "terraform", "linux",
    "java", "go", "rust", "c++", "javascript", "typescript", "node", "react", "flask", "fastapi",
    "django", "postgres", "postgresql", "mysql", "mongodb", "redis", "elasticsearch", "grafana",
    "prometheus", "datadog", "github", "git", "tests", "testing", "uptime", "slo", "on-call", "sre",
    "devops", "mlops", "serverless", "lambda", "firmware", "embedded", "sensor", "sensors", "network",
    "webpage", "website", "power bi", "tableau", "bugs", "security", "vulnerabilities",
)


def names_tech_context(text: str, terms: tuple[str, ...] = ML_DATA_TERMS + ENGINEERING_TERMS) -> bool:
    """Whether a bullet names ML, data or engineering work (`ML_DATA_TERMS`, `ENGINEERING_TERMS`)."""
    return _names_any(text, list(terms))


def classify_blocks(doc: Document, findings: list[Finding], evidence: list[Evidence]) -> dict[str, Framing]:
    """Each analysed bullet as research, systems, mixed or neutral. Systems evidence counts only in a
    bullet that names ML, data or engineering work (`names_tech_context`)."""
    research = {f.block_id for f in findings}
    systems = {e.block_id for e in evidence}
    units = {}
    for block in doc.blocks:
        if block.kind not in WORK_KINDS or block.section not in WORK_SECTIONS:
            continue
        r, s = block.id in research, block.id in systems and names_tech_context(block.text)
        units[block.id] = (Framing.MIXED if r and s else Framing.RESEARCH if r else Framing.SYSTEMS if s
                           else Framing.NEUTRAL)
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


def _merged_years(ranges: list[tuple[int, int]]) -> float:
    """Years covered by the union of month ranges [a, b), overlaps merged."""
    spans = sorted(ranges)
    months, (cur_a, cur_b) = 0, spans[0]
    for a, b in spans[1:]:
        if a <= cur_b:
            cur_b = max(cur_b, b)
        else:
            months += cur_b - cur_a
            cur_a, cur_b = a, b
    months += cur_b - cur_a
    return round(months / 12, 1)


def experience(blocks: list[Block], today: date | None = None) -> Experience | None:
    """Years of experience — the union of the dated positions (`experience_spans`), overlaps merged —
    and what they were counted from: the positions, the first and last month covered."""
    spans = experience_spans(blocks, today)
    if not spans:
        return None
    first = min(spans, key=lambda s: s["months"][0])["start"]
    last = max(spans, key=lambda s: s["months"][1])["end"]
    entries = tuple(ExperienceEntry(s["block_id"], EntryKind(s["kind"]), s["title"], s["start"], s["end"]) for s in spans)
    return Experience(_merged_years([s["months"] for s in spans]), first, last, entries)


def years_of_experience(blocks: list[Block], today: date | None = None) -> float | None:
    """The years of `experience`, or None with no dated position."""
    worked = experience(blocks, today)
    return worked.years if worked else None


def level_for(years: float | None, lex: CompiledLexicon) -> dict[str, Any] | None:
    """The market level (Entry 0–2, Mid 3–5, Senior 6+) whose `min_years` the years reach."""
    levels = lex.market.get("levels") or []
    if years is None or not levels:
        return None
    chosen = None
    for level in sorted(levels, key=lambda lv: lv.get("min_years", 0)):
        if chosen is None or years >= level.get("min_years", 0):
            chosen = level
    return chosen


# How many of the most recent positions the report names as current (concurrent roles, latest start first).
MAX_CURRENT_TITLES = 2
# A held title with one of these words is not the taxonomy title it contains: a "Machine Learning
# Engineer Intern" has not held the ML Engineer title.
NOT_THE_TITLE = ("intern", "internship", "trainee", "apprentice", "student", "aspiring")


# A position's title names a role with one of these words; a title without one ("Working remotely
# from Lisbon", a lab's or a paper's name) is not reported as a title the person held.
ROLE_WORDS = (
    "engineer", "scientist", "researcher", "assistant", "associate", "intern", "developer", "programmer",
    "analyst", "manager", "lead", "head", "director", "founder", "co-founder", "cofounder", "ceo", "cto",
    "cfo", "coo", "vp", "president", "officer", "consultant", "advisor", "adviser", "architect",
    "specialist", "fellow", "postdoc", "professor", "lecturer", "instructor", "teacher", "tutor",
    "student", "candidate", "trainee", "apprentice", "administrator", "designer", "technician",
    "coordinator", "member", "staff", "owner", "partner", "chief", "principal", "contractor",
    "freelancer", "strategist", "quant", "statistician", "economist", "mentor", "volunteer", "chair",
    "editor", "supervisor", "executive", "representative", "accountant", "mathematician", "physicist",
    "chemist", "biologist", "sde", "swe", "mle", "sre", "methodologist", "entrepreneur", "maintainer",
    "contributor", "operator", "ambassador", "leader", "trader", "writer", "clerk", "cashier",
)


def is_role(title: str) -> bool:
    """Whether a position's title names a role: one of its words is in `ROLE_WORDS`."""
    words = re.findall(r"[a-z][a-z-]*", title.lower())
    return any(w in ROLE_WORDS for w in words)


def _end_month(point: str, today: date | None) -> int:
    """The last month a range end covers: a year alone runs to December."""
    index = month_index(point, today)
    return index + 11 if point != "present" and "-" not in point else index


def taxonomy_title(held: str, lex: CompiledLexicon) -> str | None:
    """The taxonomy title a held title means, if it means one (`held_as` in titles.yaml), else None."""
    text = held.lower()
    if any(re.search(rf"\b{word}\b", text) for word in NOT_THE_TITLE):
        return None
    matches = [(len(phrase), title["name"]) for title in lex.titles for phrase in title.get("held_as", [])
               if re.search(rf"\b{re.escape(phrase)}\b", text)]
    return max(matches)[1] if matches else None   # the longest phrase: "forward-deployed ai engineer"


def current_positions(doc: Document, lex: CompiledLexicon, today: date | None = None) -> list[Position]:
    """The most recent positions, with their titles as the person wrote them.

    Positions are jobs, internships, research and teaching positions whose title names a role
    (`is_role`). The most recent
    are those whose range ends last (ongoing ones first), latest start first, at most
    `MAX_CURRENT_TITLES`; with no dates at all, the first position listed. Each carries the
    taxonomy title only where the held title means it (`taxonomy_title`).
    """
    positions = [b for b in doc.blocks if b.kind == "entry" and b.fields.get("kind") in POSITION_KINDS
                 and is_role(str(b.fields.get("title") or ""))]
    dated = []
    for order, block in enumerate(positions):
        start, end = block.fields.get("start"), block.fields.get("end")
        try:
            last = _end_month(end or start, today) if (end or start) else None
            first = month_index(start, today) if start and start != "present" else last
        except ValueError:
            last = None
        if last is not None:
            dated.append((last, first, -order, block))
    if dated:
        latest = max(d[0] for d in dated)
        chosen = [d[3] for d in sorted((d for d in dated if d[0] == latest), reverse=True, key=lambda d: d[:3])]
    else:
        chosen = positions[:1]
    out = []
    for block in chosen[:MAX_CURRENT_TITLES]:
        held = " ".join(str(block.fields["title"]).split())
        if any(o.title.lower() == held.lower() for o in out):
            continue
        out.append(Position(held, taxonomy_title(held, lex), block.id, block.fields.get("organisation"),
                            block.fields.get("start"), block.fields.get("end")))
    return out


def current_titles(doc: Document, lex: CompiledLexicon, today: date | None = None) -> list[str]:
    """The titles of the most recent positions, as written (see `current_positions`)."""
    return [p.title for p in current_positions(doc, lex, today)]


# A summary's claims about the person are not bullets describing the work: they count for no title.
CLAIM_SECTIONS = ("summary",)
# A bullet this short ("LangChain", "Chatbot for a clinic") names a topic, it does not describe a system.
MIN_EVIDENCE_WORDS = 5


# A line most of whose words are capitalised ("Medical Chatbot: Vector Search QA System") names a
# project; it does not describe the work.
NAME_LINE_SHARE = 0.6


def _reads_as_a_name(words: list[str]) -> bool:
    alpha = [w for w in words if w[:1].isalpha()]
    return bool(alpha) and sum(w[0].isupper() for w in alpha) / len(alpha) >= NAME_LINE_SHARE


def _counted_groups(title: dict, block: Block, hits: list[tuple[bool, Any]]) -> set[str]:
    """The rule groups a bullet's hits give a title, under the title's conditions (titles.yaml):
    `systems_only` (research findings give nothing, and a bullet with `research_excludes` findings
    counts not at all), `skip_sections`, `bullet_excludes` (a bullet naming one counts not at all),
    `bullet_needs` / `bullet_needs_not` (the bullet must name
    one of those phrases, other than inside the second list), `not_alone` (evidence from these
    rules does not count by itself) and `group_needs` (a group counts only when the bullet names one
    of its phrases)."""
    if block.section in CLAIM_SECTIONS or block.section in title.get("skip_sections", []):
        return set()
    text = block.text
    if title.get("systems_only"):
        words = text.split()
        if len(words) < MIN_EVIDENCE_WORDS or _reads_as_a_name(words):
            return set()
        if any(research and rule.group in title.get("research_excludes", []) for research, rule in hits):
            return set()
        hits = [(research, rule) for research, rule in hits if not research]
    if title.get("bullet_excludes") and _names_any(text, title["bullet_excludes"]):
        return set()
    if title.get("bullet_needs"):
        lowered = text.lower()
        for phrase in title.get("bullet_needs_not", []):
            lowered = re.sub(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", " ", lowered)
        if not _names_any(lowered, title["bullet_needs"]):
            return set()
    alone = set(title.get("not_alone", []))
    if alone and all(rule.name in alone or rule.code in alone for research, rule in hits if not research):
        hits = [(research, rule) for research, rule in hits if research]
    group_needs = title.get("group_needs") or {}
    return {rule.group for _, rule in hits
            if rule.group not in group_needs or _names_any(text, group_needs[rule.group])}


def title_evidence(
    doc: Document, findings: list[Finding], evidence: list[Evidence], lex: CompiledLexicon
) -> list[TitleVerdict]:
    """Every title with the bullets that count for it, its score, and whether that is enough.

    A bullet counts for a title when it is analysed work (`WORK_SECTIONS`, `WORK_KINDS`), carries
    evidence from one of the title's `evidence` groups (only systems evidence with `systems_only`)
    and, if the title lists `bullet_needs`, names one of those phrases in its own words (an API
    bullet counts for AI Engineer only when it names a model). The score is the number of bullets
    that count; `strength` is the score over `min_bullets`, which ranks the titles (supported first).
    """
    rules = {r.code: r for r in lex.rules}
    work = {b.id: b for b in doc.blocks if b.kind in WORK_KINDS and b.section in WORK_SECTIONS}
    hits: dict[str, list[tuple[bool, Any]]] = defaultdict(list)   # block -> (is research, rule)
    for item in findings:
        if item.block_id in work:
            hits[item.block_id].append((True, rules[item.code]))
    for item in evidence:
        if item.block_id in work:
            hits[item.block_id].append((False, rules[item.code]))
    order = {b.id: i for i, b in enumerate(doc.blocks)}
    out = []
    for title in lex.titles:
        wanted = set(title.get("evidence", []))
        counted: dict[str, set[str]] = {}
        for bid in sorted(hits, key=order.get):
            groups = _counted_groups(title, work[bid], hits[bid]) & wanted
            if groups:
                counted[bid] = groups
        present = set().union(*counted.values()) if counted else set()
        required = set(title.get("requires_any", []))
        needed = title.get("min_bullets", 1)
        out.append({
            "title": title["name"], "id": title["id"], "bullets": list(counted), "score": len(counted),
            "needed": needed, "strength": round(len(counted) / needed, 2),
            "groups": sorted(present), "requires_any": sorted(required),
            "supported": len(counted) >= needed and (not required or bool(present & required)),
        })
    # A title that builds on another ("requires_titles") is supported only when that one is.
    by_id = {t["id"]: t for t in out}
    changed = True
    while changed:
        changed = False
        for title in lex.titles:
            entry = by_id[title["id"]]
            missing = [by_id[r]["title"] for r in title.get("requires_titles", []) if not by_id[r]["supported"]]
            if entry["supported"] and missing:
                entry["supported"], changed = False, True
            entry["requires_titles"] = [by_id[r]["title"] for r in title.get("requires_titles", [])]
    verdicts = [TitleVerdict(t["title"], t["id"], tuple(t["bullets"]), t["needed"], t["supported"], tuple(t["groups"]),
                             tuple(t["requires_any"]), tuple(t["requires_titles"])) for t in out]
    return sorted(verdicts, key=lambda t: (not t.supported, -t.strength, -t.score))


def market_reference(level: dict[str, Any], lex: CompiledLexicon) -> Market:
    """The pay figures of a market level (`level_for`) with the source and date of market.yaml."""
    ml, ai = level["ml_engineer"], level["ai_engineer"]
    return Market(level["id"], level["name"], Pay(ml["base"], ml["total"]), Pay(ai["base"], ai["total"]),
                  lex.market.get("currency"), lex.market.get("source"), lex.market.get("date"))


def summarize(doc: Document, findings: list[Finding], evidence: list[Evidence], lex: CompiledLexicon,
              today: date | None = None, suggestions: SuggestionStats | None = None) -> Summary:
    """The resume-level summary of one document; `suggestions` counts what the rewriter showed and dropped."""
    units = classify_blocks(doc, findings, evidence)
    order = {b.id: i for i, b in enumerate(doc.blocks)}
    areas = tuple(
        AreaScore(area_id, area.get("name", area_id),
                  research=sum(1 for f in findings if f.area == area_id),
                  systems=sum(1 for e in evidence if e.area == area_id),
                  research_blocks=tuple(sorted({f.block_id for f in findings if f.area == area_id}, key=order.get)),
                  systems_blocks=tuple(sorted({e.block_id for e in evidence if e.area == area_id}, key=order.get)))
        for area_id, area in lex.areas.items())
    worked = experience(doc.blocks, today)
    level = level_for(worked.years if worked else None, lex)
    counts = {kind: sum(1 for u in units.values() if u == kind) for kind in Framing}
    levels = {lv: sum(1 for f in findings if Level(f.level) == lv) for lv in Level}
    ml_or_data = has_ml_or_data_work(doc)
    return Summary(
        framing=FramingScore(framing_score(units) if ml_or_data else None,
                             FramingUnits(**{kind.value: n for kind, n in counts.items()}), ml_or_data),
        findings_by_level=FindingCounts(**{lv.value: n for lv, n in levels.items()}),
        areas=areas,
        publications=sum(1 for b in doc.blocks
                         if b.section == Section.PUBLICATIONS and b.kind in (*WORK_KINDS, BlockKind.ENTRY)),
        titles=Titles(tuple(current_positions(doc, lex, today)), tuple(title_evidence(doc, findings, evidence, lex))),
        experience=worked,
        market=market_reference(level, lex) if level else None,
        suggestions=suggestions,
    )
