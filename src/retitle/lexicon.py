"""Load and validate lexicon folders: rules are data, this module only reads them.

The shipped folder is found through `importlib.resources`; `--lexicons DIR` folders
are layered on top (a rule with the same code replaces the shipped one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from retitle.errors import LexiconError

LEVELS = ("suggestion", "warning")
# The kinds of research phrasing the issue and advice for AI-engineer resumes name; every RP rule's group is one of them.
GROUP_KINDS = ("training", "experimentation", "academic", "prototype", "metrics", "framing")
REWRITE_KINDS = ("reframe", "prompt", "trim")
CODE_RE = re.compile(r"^(RP|SF)\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_RULE_KEYS = {
    "code", "name", "group", "level", "area", "description", "message", "phrases",
    "patterns", "exceptions", "requires", "evidence_cancels", "evidence_ignored", "fallback", "rewrites",
}
_REQUIRED = {"code", "name", "group", "area", "description"}


@dataclass(frozen=True)
class Rule:
    """One lexicon rule: research phrasing to flag (RP) or systems evidence to count (SF)."""

    code: str
    name: str
    group: str
    area: str
    description: str
    level: str = "suggestion"
    message: str = ""
    phrases: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()
    exceptions: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    evidence_cancels: bool = False
    evidence_ignored: tuple[str, ...] = ()  # SF codes, names or groups whose evidence does not cancel
    fallback: bool = False
    rewrites: tuple[dict, ...] = ()
    source: str = ""

    @property
    def is_research(self) -> bool:
        return self.code.startswith("RP")

    def selected_by(self, key: str) -> bool:
        """`--select`/`--ignore` match a code, a dotted-name prefix or a group."""
        key = key.strip()
        return (
            key.upper() == self.code
            or key == self.group
            or self.name == key
            or self.name.startswith(key.rstrip(".") + ".")
        )


@dataclass
class Lexicon:
    rules: list[Rule] = field(default_factory=list)
    areas: dict[str, dict] = field(default_factory=dict)
    lemmas: dict[str, str] = field(default_factory=dict)
    titles: list[dict] = field(default_factory=list)
    market: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)
    reframe: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @property
    def research_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.is_research]

    @property
    def systems_rules(self) -> list[Rule]:
        return [r for r in self.rules if not r.is_research]

    def rule(self, code: str) -> Rule:
        return next(r for r in self.rules if r.code == code)


def shipped_dir() -> Path:
    """The lexicon folder inside the installed package (or the checkout's, via its symlink)."""
    return Path(str(resources.files("retitle") / "lexicons"))


# libyaml's safe loader when PyYAML was built with it: the same documents, read ~10x faster
# (the pure-Python one was half of building the engine, paid once per CLI run or batch).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problems.append(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})")
    except OSError as exc:
        problems.append(f"{path}: {exc.strerror}")
    return None


def _rule_from(entry: Any, where: str, areas: dict, problems: list[str]) -> Rule | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: a rule must be a mapping")
        return None
    code = str(entry.get("code", "?"))
    where = f"{where} {code}"
    missing = _REQUIRED - entry.keys()
    unknown = entry.keys() - _RULE_KEYS
    if missing:
        problems.append(f"{where}: missing {', '.join(sorted(missing))}")
        return None
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not CODE_RE.match(code):
        problems.append(f"{where}: code must look like RP001 or SF001")
    if not NAME_RE.match(str(entry["name"])):
        problems.append(f"{where}: name '{entry['name']}' must be dotted lower_case (research.hyperparameter_tuning)")
    if areas and entry["area"] not in areas:
        problems.append(f"{where}: area '{entry['area']}' is not in skill_matrix.yaml")
    level = entry.get("level", "suggestion")
    if level not in LEVELS:
        problems.append(f"{where}: level must be one of {', '.join(LEVELS)}")
    phrases = entry.get("phrases") or []
    patterns = entry.get("patterns") or []
    if not phrases and not patterns:
        problems.append(f"{where}: needs phrases or patterns")
    for name, value in (("phrases", phrases), ("exceptions", entry.get("exceptions") or []),
                        ("requires", entry.get("requires") or []),
                        ("evidence_ignored", entry.get("evidence_ignored") or [])):
        if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
            problems.append(f"{where}: {name} must be a list of non-empty strings")
    if not isinstance(patterns, list) or not all(isinstance(p, list) and p for p in patterns):
        problems.append(f"{where}: patterns must be a list of token-pattern lists")
    for flag in ("evidence_cancels", "fallback"):
        if not isinstance(entry.get(flag, False), bool):
            problems.append(f"{where}: {flag} must be true or false")
    rewrites = entry.get("rewrites") or []
    if not isinstance(rewrites, list):
        problems.append(f"{where}: rewrites must be a list")
        rewrites = []
    for rewrite in rewrites:
        problems.extend(f"{where}: {p}" for p in _rewrite_problems(rewrite))
    if code.startswith("RP") and not entry.get("message"):
        problems.append(f"{where}: research rules need a message saying why it reads as research")
    return Rule(
        code=code,
        name=str(entry["name"]),
        group=str(entry["group"]),
        area=str(entry["area"]),
        description=str(entry["description"]).strip(),
        level=level,
        message=" ".join(str(entry.get("message", "")).split()),
        phrases=tuple(phrases) if isinstance(phrases, list) else (),
        patterns=tuple(patterns) if isinstance(patterns, list) else (),
        exceptions=tuple(entry.get("exceptions") or ()),
        requires=tuple(entry.get("requires") or ()),
        evidence_cancels=entry.get("evidence_cancels") is True,
        evidence_ignored=tuple(entry.get("evidence_ignored") or ()),
        fallback=entry.get("fallback") is True,
        rewrites=tuple(r for r in rewrites if isinstance(r, dict)),
        source=where,
    )


_REWRITE_KEYS = {"prompt": {"kind", "question", "template"}, "trim": {"kind", "reason"},
                 "reframe": {"kind", "swap", "when_followed_by"}}


def _rewrite_problems(rewrite: Any) -> list[str]:
    """A rewrite template is `prompt` (question + template with [placeholders]), `trim` (reason)
    or `reframe` (optional `swap` map of research lemma -> engineering verb, `when_followed_by`)."""
    if not isinstance(rewrite, dict) or rewrite.get("kind") not in REWRITE_KINDS:
        return [f"each rewrite needs a kind in {', '.join(REWRITE_KINDS)}"]
    kind = rewrite["kind"]
    problems = []
    unknown = rewrite.keys() - _REWRITE_KEYS[kind]
    if unknown:
        problems.append(f"{kind} rewrite: unknown key(s) {', '.join(sorted(unknown))}")
    if kind == "prompt":
        if not all(isinstance(rewrite.get(k), str) and rewrite[k].strip() for k in ("question", "template")):
            problems.append("prompt rewrite needs a question and a template")
        elif not re.search(r"\[[^\[\]]+\]", rewrite["template"]):
            problems.append("prompt template needs at least one [placeholder]")
    elif kind == "trim" and not (isinstance(rewrite.get("reason"), str) and rewrite["reason"].strip()):
        problems.append("trim rewrite needs a reason")
    elif kind == "reframe" and "swap" in rewrite:
        swap = rewrite["swap"]
        if not isinstance(swap, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in swap.items()
        ):
            problems.append("reframe swap must map a research verb lemma to an engineering verb")
    if kind == "reframe" and "when_followed_by" in rewrite:
        follow = rewrite["when_followed_by"]
        if not isinstance(follow, list) or not all(isinstance(w, str) and w.strip() for w in follow):
            problems.append("reframe when_followed_by must be a list of lemmas")
    return problems


_AREA_KEYS = ("id", "name", "ml_engineer", "ai_engineer")
_TITLE_KEYS = ("id", "name", "aliases", "evidence")


def _check_reference(lex: Lexicon, problems: list[str]) -> None:
    """Areas, titles and market are data other code relies on: check their shape and cross-references."""
    for area in lex.areas.values():
        missing = [k for k in _AREA_KEYS if not area.get(k)]
        if missing:
            problems.append(f"skill_matrix.yaml {area.get('id')}: missing {', '.join(missing)}")
    groups = {r.group for r in lex.rules}
    ids = set()
    for title in lex.titles:
        if not isinstance(title, dict) or any(not title.get(k) for k in _TITLE_KEYS):
            problems.append(f"titles.yaml: each title needs {', '.join(_TITLE_KEYS)} ({title!r:.60})")
            continue
        if title["id"] in ids:
            problems.append(f"titles.yaml {title['id']}: duplicate id")
        ids.add(title["id"])
        for key in ("evidence", "requires_any"):
            unknown = set(title.get(key) or ()) - groups
            if unknown:
                problems.append(f"titles.yaml {title['id']}: {key} names unknown rule group(s) "
                                f"{', '.join(sorted(unknown))}")
    for title in lex.titles:
        unknown = set(title.get("requires_titles") or ()) - ids if isinstance(title, dict) else set()
        if unknown:
            problems.append(f"titles.yaml {title['id']}: requires_titles names unknown title(s) "
                            f"{', '.join(sorted(unknown))}")
    market = lex.market
    if market:
        for key in ("source", "date", "levels"):
            if not market.get(key):
                problems.append(f"market.yaml: missing {key}")
        for level in market.get("levels") or []:
            ok = isinstance(level, dict) and level.get("id") and level.get("name") and isinstance(
                level.get("min_years"), (int, float))
            pay = ok and all(
                isinstance(level.get(role), dict) and all(isinstance(level[role].get(k), int) for k in ("base", "total"))
                for role in ("ml_engineer", "ai_engineer"))
            if not pay:
                problems.append(f"market.yaml: level {level!r:.40} needs id, name, min_years and "
                                "ml_engineer/ai_engineer base and total")


def _load_dir(folder: Path, lex: Lexicon, problems: list[str], base: bool) -> None:
    if not folder.is_dir():
        problems.append(f"{folder}: not a lexicon folder")
        return
    for name, attr in (("skill_matrix.yaml", "areas"), ("titles.yaml", "titles"),
                       ("market.yaml", "market"), ("claims.yaml", "claims"), ("lemmas.yaml", "lemmas"),
                       ("reframe.yaml", "reframe")):
        path = folder / name
        if not path.exists():
            if base:
                problems.append(f"{path}: missing")
            continue
        data = _read_yaml(path, problems)
        if data is None:
            continue
        if attr == "areas":
            areas = data.get("areas") if isinstance(data, dict) else None
            if not isinstance(areas, list) or not all(isinstance(a, dict) and "id" in a for a in areas):
                problems.append(f"{path}: 'areas' must be a list of mappings with an id")
                continue
            lex.areas.update({a["id"]: a for a in areas})
        elif attr == "titles":
            titles = data.get("titles") if isinstance(data, dict) else None
            if not isinstance(titles, list):
                problems.append(f"{path}: 'titles' must be a list")
                continue
            lex.titles = titles
        elif attr == "lemmas":
            if not isinstance(data, dict) or not isinstance(data.get("lemmas", {}), dict):
                problems.append(f"{path}: 'lemmas' must map word to lemma")
                continue
            lex.lemmas.update({str(k).lower(): str(v).lower() for k, v in data.get("lemmas", {}).items()})
        elif isinstance(data, dict):
            setattr(lex, attr, {**getattr(lex, attr), **data})
        else:
            problems.append(f"{path}: must be a mapping")
    rule_files = sorted((folder / "rules").glob("*.yaml")) if (folder / "rules").is_dir() else []
    if base and not rule_files:
        problems.append(f"{folder}/rules: no rule files")
    by_code = {r.code: i for i, r in enumerate(lex.rules)}
    seen_here: dict[str, str] = {}
    for path in rule_files:
        data = _read_yaml(path, problems)
        if data is None:
            continue
        entries = data.get("rules") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            problems.append(f"{path}: must contain a 'rules' list")
            continue
        for entry in entries:
            rule = _rule_from(entry, str(path.relative_to(folder.parent) if base else path), lex.areas, problems)
            if rule is None:
                continue
            if rule.code in seen_here:
                problems.append(f"{rule.source}: duplicate code (also in {seen_here[rule.code]})")
                continue
            seen_here[rule.code] = rule.source
            if rule.code in by_code:
                lex.rules[by_code[rule.code]] = rule  # an extra folder overrides a shipped rule
            else:
                by_code[rule.code] = len(lex.rules)
                lex.rules.append(rule)


def _check_unique(lex: Lexicon, problems: list[str]) -> None:
    names: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for rule in lex.rules:
        if rule.name in names:
            problems.append(f"{rule.source}: name {rule.name} also used by {names[rule.name]}")
        names[rule.name] = rule.code
        for phrase in rule.phrases:
            key = " ".join(phrase.lower().split())
            if key in phrases:
                problems.append(f"{rule.source}: phrase '{phrase}' also in {phrases[key]}")
            phrases[key] = rule.code


def load_lexicon(extra_dirs: tuple[str, ...] | list[str] = ()) -> Lexicon:
    """The shipped lexicon with any extra folders layered on top; raises `LexiconError`."""
    problems: list[str] = []
    lex = Lexicon(sources=(str(shipped_dir()), *map(str, extra_dirs)))
    _load_dir(shipped_dir(), lex, problems, base=True)
    for folder in extra_dirs:
        _load_dir(Path(folder), lex, problems, base=False)
    _check_unique(lex, problems)
    _check_reference(lex, problems)
    if problems:
        raise LexiconError(problems)
    return lex


def check_folder(folder: str | Path) -> list[str]:
    """Every problem with a lexicon folder used as `--lexicons`, including pattern compilation."""
    try:
        lex = load_lexicon((str(folder),))
    except LexiconError as exc:
        return exc.problems
    from retitle.engine import compile_problems

    return compile_problems(lex)
