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
# The title the rebrand question is about; the report says plainly whether the evidence supports it.
REBRAND_TARGET = "ai_engineer"


def _names_any(text: str, phrases: list[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(p.lower())}(?!\w)", lowered) for p in phrases)


def has_ml_or_data_work(doc: Document) -> bool:
    """Whether any analysed bullet names ML or data work (`ML_DATA_TERMS`)."""
    return any(b.kind in WORK_KINDS and b.section in WORK_SECTIONS and _names_any(b.text, list(ML_DATA_TERMS))
               for b in doc.blocks)


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
# What a resume with no ML or data work at all gets instead of a framing score.
NO_ML_OR_DATA_NOTE = "no ML or data work found in the bullets, so there is nothing to frame"


def names_tech_context(text: str, terms: tuple[str, ...] = ML_DATA_TERMS + ENGINEERING_TERMS) -> bool:
    """Whether a bullet names ML, data or engineering work (`ML_DATA_TERMS`, `ENGINEERING_TERMS`)."""
    return _names_any(text, list(terms))


def classify_blocks(doc: Document, findings: list[Finding], evidence: list[Evidence]) -> dict[str, str]:
    """Each analysed bullet as research, systems, mixed or neutral. Systems evidence counts only in a
    bullet that names ML, data or engineering work (`names_tech_context`)."""
    research = {f.block_id for f in findings}
    systems = {e.block_id for e in evidence}
    units = {}
    for block in doc.blocks:
        if block.kind not in WORK_KINDS or block.section not in WORK_SECTIONS:
            continue
        r, s = block.id in research, block.id in systems and names_tech_context(block.text)
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


def taxonomy_title(held: str, lex: Lexicon) -> str | None:
    """The taxonomy title a held title means, if it means one (`held_as` in titles.yaml), else None."""
    text = held.lower()
    if any(re.search(rf"\b{word}\b", text) for word in NOT_THE_TITLE):
        return None
    matches = [(len(phrase), title["name"]) for title in lex.titles for phrase in title.get("held_as", [])
               if re.search(rf"\b{re.escape(phrase)}\b", text)]
    return max(matches)[1] if matches else None   # the longest phrase: "forward-deployed ai engineer"


def current_positions(doc: Document, lex: Lexicon, today: date | None = None) -> list[dict[str, Any]]:
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
        if any(o["title"].lower() == held.lower() for o in out):
            continue
        out.append({"title": held, "taxonomy": taxonomy_title(held, lex), "block_id": block.id,
                    "organisation": block.fields.get("organisation"),
                    "start": block.fields.get("start"), "end": block.fields.get("end")})
    return out


def current_titles(doc: Document, lex: Lexicon, today: date | None = None) -> list[str]:
    """The titles of the most recent positions, as written (see `current_positions`)."""
    return [p["title"] for p in current_positions(doc, lex, today)]


# How many supported titles the text, Markdown and DOCX reports show (the JSON keeps every title).
MAX_SHOWN_TITLES = 3


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
    doc: Document, findings: list[Finding], evidence: list[Evidence], lex: Lexicon
) -> list[dict[str, Any]]:
    """Every title with the bullets that count for it, its score, and whether that is enough.

    A bullet counts for a title when it is analysed work (`WORK_SECTIONS`, `WORK_KINDS`), carries
    evidence from one of the title's `evidence` groups (only systems evidence with `systems_only`)
    and, if the title lists `bullet_needs`, names one of those phrases in its own words (an API
    bullet counts for AI Engineer only when it names a model). The score is the number of bullets
    that count; `strength` is the score over `min_bullets`, which ranks the titles.
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
    for entry in out:
        entry["why"] = title_reason(entry)
    return sorted(out, key=lambda t: (not t["supported"], -t["strength"], -t["score"]))


def _groups(groups: list[str]) -> str:
    return ", ".join(g.replace("_", " ") for g in groups)


def title_reason(entry: dict[str, Any]) -> str:
    """Why a title is or is not supported, in one clause a user can check against the bullets."""
    count, needed = entry["score"], entry["needed"]
    if entry["supported"]:
        return f"{count} bullet{'s' if count != 1 else ''} show {_groups(entry['groups'])} work ({needed} needed)"
    reasons = []
    if count < needed:
        reasons.append(f"{count} bullet{' shows' if count == 1 else 's show'} it; {needed} are needed")
    if entry["requires_any"] and not set(entry["groups"]) & set(entry["requires_any"]):
        reasons.append("none describes " + " or ".join(g.replace("_", " ") for g in entry["requires_any"]) + " work")
    if not reasons and entry.get("requires_titles"):
        reasons.append("it builds on " + ", ".join(entry["requires_titles"]) + ", which the evidence does not support")
    return "; ".join(reasons)


def rebrand_statement(evidence_by_title: list[dict[str, Any]], lex: Lexicon) -> str:
    """One plain sentence on whether the bullets support the AI Engineer title, and if not, what is missing."""
    target = next((t for t in evidence_by_title if t["id"] == REBRAND_TARGET), None)
    if target is None:
        return ""
    name = target["title"]
    if target["supported"]:
        return (f"The evidence supports the {name} title: {target['score']} bullets describe systems built "
                f"around models ({_groups(target['groups'])}).")
    return (f"The evidence does not support a rebrand to {name} yet: {target['why']} "
            f"(bullets describing systems built around models). "
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
    current = current_positions(doc, lex, today)
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
    ml_or_data = has_ml_or_data_work(doc)
    return {
        "framing_score": framing_score(units) if ml_or_data else None,
        "framing_note": None if ml_or_data else NO_ML_OR_DATA_NOTE,
        "units": counts,
        "findings_by_level": {lv: sum(1 for f in findings if f.level == lv) for lv in ("warning", "suggestion")},
        "areas": areas,
        "publications": sum(1 for b in doc.blocks if b.section == "publications" and b.kind in (*WORK_KINDS, "entry")),
        "titles": {
            "current": [p["title"] for p in current],
            "current_positions": current,
            "supported": [{k: t[k] for k in ("title", "id", "bullets", "score", "needed", "why")}
                          for t in by_title if t["supported"]],
            "all": [{k: t[k] for k in ("title", "id", "score", "needed", "supported", "bullets", "why")}
                    for t in by_title],
            "note": rebrand_statement(by_title, lex),
        },
        "years_experience": years,
        "experience_basis": basis,
        "level": level["id"] if level else None,
        "market": market,
    }
