"""Read lexicon folders: YAML into validated documents, extra folders merged over the shipped one.

The shipped folder is found through `importlib.resources`; `--lexicons DIR` folders are layered on
top: a rule with the same code replaces the shipped one, areas merge by id, `titles.yaml` replaces
the titles, and the other files' top-level keys (a claims.yaml key, a list of lists.yaml) replace
the shipped key of that name. Nothing here needs spaCy; compiling is `retitle.lexicon.compiled`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from retitle.lexicon.problems import Problem, validation_problems
from retitle.lexicon.schema import FILE_MODELS, LexiconModel, RuleEntry, RulesFile


def shipped_dir() -> Path:
    """The lexicon folder inside the installed package (or the checkout's, via its symlink)."""
    return Path(str(resources.files("retitle") / "lexicons"))


# libyaml's safe loader when PyYAML was built with it: the same documents, read ~10x faster
# (the pure-Python one was half of building the engine, paid once per CLI run or batch).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, shown: str, problems: list[Problem]) -> Any:
    """The YAML document at `path`, or None with a problem (`shown` is the path as reported)."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(shown, f"invalid YAML ({getattr(exc, 'problem', None) or exc})",
                                line=mark.line + 1 if mark else None))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, getattr(exc, "strerror", None) or str(exc)))
    return None


@dataclass(frozen=True)
class LoadedRule:
    """A validated rule entry and where it came from (`file` as problems name it)."""

    entry: RuleEntry
    file: str


@dataclass
class Loaded:
    """The merged, validated documents of the shipped folder and every extra folder."""

    sources: tuple[str, ...] = ()
    areas: dict[str, dict] = field(default_factory=dict)
    titles: list[dict] = field(default_factory=list)
    titles_file: str = ""
    market: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)
    reframe: dict[str, Any] = field(default_factory=dict)
    lemmas: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    lists_file: dict[str, str] = field(default_factory=dict)  # list name -> the file that defined it
    rules: list[LoadedRule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def validate(model: type[LexiconModel], data: Any, shown: str, problems: list[Problem]) -> LexiconModel | None:
    """`data` as `model`, or None with one problem per error."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, model, shown, data))
        return None


def _merge(loaded: Loaded, name: str, data: dict, shown: str) -> None:
    if name == "skill_matrix.yaml":
        loaded.areas.update({a["id"]: a for a in data["areas"]})
    elif name == "titles.yaml":
        loaded.titles, loaded.titles_file = data["titles"], shown
    elif name == "lemmas.yaml":
        loaded.lemmas.update({k.lower(): v.lower() for k, v in data.get("lemmas", {}).items()})
    elif name == "lists.yaml":
        loaded.lists.update(data["lists"])
        loaded.lists_file.update({key: shown for key in data["lists"]})
    else:
        attr = name.removesuffix(".yaml")
        setattr(loaded, attr, {**getattr(loaded, attr), **data})


def _rules(path: Path, shown: str, problems: list[Problem]) -> list[RuleEntry]:
    """The valid rules of one rules file; an invalid one is reported and left out, so the others
    are still compiled and checked."""
    data = read_yaml(path, shown, problems)
    if data is None:
        return []
    document = validate(RulesFile, data, shown, [])
    if document is not None:
        return list(document.rules)
    if not (isinstance(data, dict) and isinstance(data.get("rules"), list)):
        validate(RulesFile, data, shown, problems)
        return []
    valid = []
    for item in data["rules"]:
        entry = validate(RuleEntry, item, shown, [])
        if entry is not None:
            valid.append(entry)
    validate(RulesFile, data, shown, problems)  # every error once, named by rule code
    return valid


def load_folder(folder: Path, loaded: Loaded, base: bool) -> None:
    """Read one folder into `loaded`; the shipped (base) folder must have every file."""
    problems = loaded.problems
    if not folder.is_dir():
        problems.append(Problem(str(folder), "not a lexicon folder"))
        return
    shown_of = (lambda p: str(p.relative_to(folder.parent))) if base else str
    for name, model in FILE_MODELS.items():
        path = folder / name
        if not path.exists():
            if base:
                problems.append(Problem(shown_of(path), "missing"))
            continue
        data = read_yaml(path, shown_of(path), problems)
        if data is not None and validate(model, data, shown_of(path), problems) is not None:
            _merge(loaded, name, data, shown_of(path))
    rule_files = sorted((folder / "rules").glob("*.yaml")) if (folder / "rules").is_dir() else []
    if base and not rule_files:
        problems.append(Problem(shown_of(folder / "rules"), "no rule files"))
    by_code = {r.entry.code: i for i, r in enumerate(loaded.rules)}
    seen_here: dict[str, str] = {}
    for path in rule_files:
        for entry in _rules(path, shown_of(path), problems):
            rule = LoadedRule(entry, shown_of(path))
            if entry.code in seen_here:
                problems.append(Problem(rule.file, f"duplicate code (also in {seen_here[entry.code]})", entry.code))
                continue
            seen_here[entry.code] = rule.file
            if entry.code in by_code:
                loaded.rules[by_code[entry.code]] = rule  # an extra folder overrides a shipped rule
            else:
                by_code[entry.code] = len(loaded.rules)
                loaded.rules.append(rule)


def load(extra_dirs: tuple[str, ...] | list[str] = ()) -> Loaded:
    """The shipped folder and `extra_dirs`, read, validated and merged (problems collected, not raised)."""
    loaded = Loaded(sources=(str(shipped_dir()), *map(str, extra_dirs)))
    load_folder(shipped_dir(), loaded, base=True)
    for folder in extra_dirs:
        load_folder(Path(folder), loaded, base=False)
    return loaded
