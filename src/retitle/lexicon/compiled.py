"""The compile step: the validated lexicon, its `$lists` expanded, its phrases lemmatised and its
token patterns compiled into matchers, with every problem found on the way.

`compile_lexicon` is the one entry point: the engine, the rewriter, the claim guard and the
report all take its `CompiledLexicon`, and `retitle lexicon check` prints its problems. A pattern
spaCy rejects is a problem naming the rule and the pattern, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc

from retitle.errors import LexiconError
from retitle.lexicon.load import Loaded, LoadedRule, load
from retitle.lexicon.problems import Problem
from retitle.nlp import build_nlp
from retitle.patterns import TokenPatterns, compile_pattern

# `$name` in an `exceptions` or `requires` list (or in another list of lists.yaml) stands for the
# words of that list.
LIST_MARK = "$"
# A phrase list as the engine tests it: one-lemma phrases as a set (one set test per clause),
# longer ones as lemma-hash sequences.
PhraseSet = tuple[frozenset[int], list[tuple[int, ...]]]


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
    exceptions: tuple[str, ...] = ()   # `$lists` expanded
    requires: tuple[str, ...] = ()     # likewise
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
class CompiledLexicon:
    """Everything retitle knows about resume wording, ready to match with."""

    rules: list[Rule]
    areas: dict[str, dict]
    titles: list[dict]
    market: dict[str, Any]
    claims: dict[str, Any]
    reframe: dict[str, Any]
    lemmas: dict[str, str]
    lists: dict[str, list[str]]
    sources: tuple[str, ...]
    nlp: Language
    phrases: PhraseMatcher                 # rule phrases on LEMMA, keyed by rule code
    token_patterns: TokenPatterns          # the patterns retitle.patterns runs
    matcher: Matcher                       # the rest, on spaCy's Matcher
    exceptions: dict[str, PhraseSet] = field(default_factory=dict)   # rule code -> lemma phrases
    requires: dict[str, PhraseSet] = field(default_factory=dict)

    @property
    def research_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.is_research]

    @property
    def systems_rules(self) -> list[Rule]:
        return [r for r in self.rules if not r.is_research]

    @property
    def role_aliases(self) -> list[str]:
        """Every way titles.yaml writes a job title: a title claim for the claim guard."""
        return [alias for title in self.titles for alias in title.get("aliases", [])]

    def rule(self, code: str) -> Rule:
        return next(r for r in self.rules if r.code == code)


def expand(words: list[str], lists: dict[str, list[str]], stack: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(`words` with each `$name` replaced by that list's words, the reasons it could not be).

    A list may use other lists; one that reaches itself is reported, not followed."""
    out, bad = [], []
    for word in words:
        if not word.startswith(LIST_MARK):
            out.append(word)
            continue
        name = word[len(LIST_MARK):]
        if name in stack:
            bad.append(f"list {' -> '.join((*stack, name))} uses itself")
        elif name not in lists:
            known = ", ".join(f"{LIST_MARK}{n}" for n in sorted(lists)) or "none"
            bad.append(f"unknown list {word} (lists.yaml has {known})")
        else:
            words_of, bad_of = expand(lists[name], lists, (*stack, name))
            out += words_of
            bad += bad_of
    return out, bad


def _rule(loaded: LoadedRule, lists: dict[str, list[str]], areas: dict, problems: list[Problem]) -> Rule:
    e = loaded.entry
    if areas and e.area not in areas:
        problems.append(Problem(loaded.file, f"area '{e.area}' is not in skill_matrix.yaml", e.code, "area"))
    expanded = {}
    for key in ("exceptions", "requires"):
        words, bad = expand(list(getattr(e, key)), lists)
        problems.extend(Problem(loaded.file, reason, e.code, key) for reason in bad)
        expanded[key] = tuple(words)
    return Rule(
        code=e.code, name=e.name, group=e.group, area=e.area, description=e.description.strip(),
        level=e.level, message=" ".join(e.message.split()), phrases=tuple(e.phrases),
        patterns=tuple(e.patterns), exceptions=expanded["exceptions"], requires=expanded["requires"],
        evidence_cancels=e.evidence_cancels, evidence_ignored=tuple(e.evidence_ignored),
        fallback=e.fallback, rewrites=tuple(r.model_dump(exclude_unset=True) for r in e.rewrites),
        source=f"{loaded.file} {e.code}",
    )


def _check_lists(loaded: Loaded, problems: list[Problem]) -> None:
    for name, words in loaded.lists.items():
        _, bad = expand(words, loaded.lists, (name,))
        problems.extend(Problem(loaded.lists_file[name], reason, name) for reason in bad)


def _check_titles(loaded: Loaded, rules: list[Rule], problems: list[Problem]) -> None:
    """Titles name rule groups and other titles: each must exist."""
    groups = {r.group for r in rules}
    ids: set[str] = set()
    for title in loaded.titles:
        where = f"title {title['id']}"
        if title["id"] in ids:
            problems.append(Problem(loaded.titles_file, "duplicate id", where))
        ids.add(title["id"])
        for key in ("evidence", "requires_any"):
            unknown = set(title.get(key) or ()) - groups
            if unknown:
                problems.append(Problem(loaded.titles_file, "names unknown rule group(s) "
                                        + ", ".join(sorted(unknown)), where, key))
    for title in loaded.titles:
        unknown = set(title.get("requires_titles") or ()) - ids
        if unknown:
            problems.append(Problem(loaded.titles_file, "names unknown title(s) " + ", ".join(sorted(unknown)),
                                    f"title {title['id']}", "requires_titles"))


def _split_phrases(phrases: list[tuple[int, ...]]) -> PhraseSet:
    return frozenset(p[0] for p in phrases if len(p) == 1), [p for p in phrases if len(p) > 1]


def _pattern_problem(rule: Rule, i: int, details: list[str]) -> Problem:
    file, code = rule.source.rsplit(" ", 1)
    return Problem(file, "does not compile: " + "; ".join(details[:3]), code, f"patterns[{i + 1}]")


def _compile_patterns(rule: Rule, nlp: Language, token_patterns: TokenPatterns, matcher: Matcher,
                      problems: list[Problem]) -> None:
    """Every pattern validated by spaCy; the ones retitle.patterns runs go there, the rest to spaCy's Matcher."""
    for i, pattern in enumerate(rule.patterns):
        errors = validate_token_pattern(list(pattern))
        if errors:
            problems.append(_pattern_problem(rule, i, [" ".join(str(e).split()) for e in errors]))
            continue
        compiled = compile_pattern(rule.code, list(pattern), nlp.vocab.strings)
        if compiled is not None:
            token_patterns.add(compiled)
            continue
        try:
            matcher.add(rule.code, [list(pattern)])
        except (ValueError, TypeError, KeyError) as exc:
            lines = [ln.strip("- ") for ln in str(exc).splitlines() if ln.strip()]
            problems.append(_pattern_problem(rule, i, lines[-1:] or [type(exc).__name__]))


def _compile(loaded: Loaded) -> tuple[CompiledLexicon, list[Problem]]:
    problems = list(loaded.problems)
    _check_lists(loaded, problems)
    rules = [_rule(r, loaded.lists, loaded.areas, problems) for r in loaded.rules]
    names: dict[str, str] = {}
    for rule in rules:
        if rule.name in names:
            problems.append(Problem(rule.source.rsplit(" ", 1)[0], f"name {rule.name} also used by {names[rule.name]}",
                                    rule.code, "name"))
        names.setdefault(rule.name, rule.code)
    _check_titles(loaded, rules, problems)
    nlp = build_nlp(loaded.lemmas)
    lex = CompiledLexicon(
        rules=rules, areas=loaded.areas, titles=loaded.titles, market=loaded.market, claims=loaded.claims,
        reframe=loaded.reframe, lemmas=loaded.lemmas, lists=loaded.lists, sources=loaded.sources, nlp=nlp,
        phrases=PhraseMatcher(nlp.vocab, attr="LEMMA"), token_patterns=TokenPatterns(),
        matcher=Matcher(nlp.vocab))
    lemmatised = _lemmatiser(nlp)
    seen: dict[tuple[int, ...], str] = {}
    for rule in rules:
        if rule.phrases:
            docs = []
            for phrase in rule.phrases:
                doc, key = lemmatised(phrase)
                docs.append(doc)
                if key in seen:
                    problems.append(Problem(rule.source.rsplit(" ", 1)[0],
                                            f"phrase '{phrase}' has the same lemmas as {seen[key]}", rule.code, "phrases"))
                seen.setdefault(key, f"{rule.code} '{phrase}'")
            lex.phrases.add(rule.code, docs)
        _compile_patterns(rule, nlp, lex.token_patterns, lex.matcher, problems)
        lex.exceptions[rule.code] = _split_phrases([lemmatised(text)[1] for text in rule.exceptions])
        lex.requires[rule.code] = _split_phrases([lemmatised(text)[1] for text in rule.requires])
    return lex, problems


def _lemmatiser(nlp: Language) -> Callable[[str], tuple[Doc, tuple[int, ...]]]:
    """A phrase's doc and lemma hashes, each distinct phrase read once: rules share their `$lists`
    (the shipped lexicon's ~2,700 phrases are ~1,200 distinct ones). Only the tokenizer and the
    lemmatizer run on them: the sentence components change no token or lemma."""
    lemmatize = nlp.get_pipe("retitle_lemmatizer")
    read: dict[str, tuple[Doc, tuple[int, ...]]] = {}

    def lemmatised(text: str) -> tuple[Doc, tuple[int, ...]]:
        known = read.get(text)
        if known is None:
            doc = lemmatize(nlp.make_doc(text))
            known = read[text] = (doc, tuple(t.lemma for t in doc))
        return known

    return lemmatised


def compile_lexicon(extra_dirs: tuple[str, ...] | list[str] = ()) -> CompiledLexicon:
    """The shipped lexicon with any extra folders layered on top, compiled; raises `LexiconError`
    with every problem found."""
    lex, problems = _compile(load(tuple(str(d) for d in extra_dirs)))
    if problems:
        raise LexiconError([str(p) for p in problems])
    return lex


def check_folder(folder: str | Path | None = None) -> list[Problem]:
    """Every problem the compile step finds with `folder` layered over the shipped lexicon (or
    with the shipped lexicon alone)."""
    loaded = load(() if folder is None else (str(folder),))
    return _compile(loaded)[1]
