"""The rule engine: generic over whatever rules the compiled lexicon holds.

The lexicon's compile step (`retitle.lexicon.compile_lexicon`) builds the spaCy pipeline
(`retitle.nlp`) and the matchers; the engine runs them and decides which matches are findings.
Exceptions and systems evidence cancel a research match only within its clause (`_clauses`).
"""

from __future__ import annotations

import re

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

from retitle.lexicon import CompiledLexicon, Rule
from retitle.model import Anchor, Document, Evidence, Finding

# Blocks whose text is a description of work; headings, contact lines and skill lists are not.
# Publications are a list of papers by design (counted in the report, not flagged line by line).
# Under Education and Skills, a thesis, a course project or a capability told in words ("Preference
# optimisation: DPO and ORPO objectives") describes work and is analysed; course lists, grades and
# lists of tool names are not.
ANALYSED_KINDS = ("bullet", "paragraph")
SKIPPED_SECTIONS = ("publications",)
LIST_SECTIONS = ("education", "skills")
_EDUCATION_LIST_RE = re.compile(
    r"(?i)^\s*(?:(?:relevant|selected|key|core)\s+)?(?:courses?|coursework|modules|subjects|classes|minor|major"
    r"|specialization|concentration|activities|societies|honou?rs|awards?|scholarships?)\s*(?:taken\b|[:\-–])"
    r"|^\s*c?gpa\b|^\s*grade\b")
# An education or skills line shorter than this is a degree name, an honour or a skill heading,
# not a description of work.
MIN_LIST_SECTION_WORK_WORDS = 6
# A skills line whose items are all this short is a list of tool names ("PyTorch; scikit-learn,
# xgboost, Spark"), however it capitalises them.
MAX_TOOL_NAME_WORDS = 3
MIN_TOOL_LIST_ITEMS = 4


def analysed(block) -> bool:
    """Is this block a description of work the rules should read?"""
    if block.kind not in ANALYSED_KINDS or block.section in SKIPPED_SECTIONS:
        return False
    if block.section in LIST_SECTIONS:
        # "Data for post-training (what moves the needle):" introduces a list; it describes no work
        return len(block.text.split()) >= MIN_LIST_SECTION_WORK_WORDS and not block.text.rstrip().endswith(":") \
            and not _EDUCATION_LIST_RE.match(block.text) \
            and not _name_list(block.text) and not (block.section == "skills" and _tool_list(block.text))
    return True


def _name_list(text: str) -> bool:
    """A list of course or subject names ("Machine Learning, Databases, Bayesian Statistics, …")."""
    items = [item.strip() for item in re.split(r"[,;|•·]", text) if item.strip()]
    named = [item for item in items if len(item.split()) <= 5 and item[:1].isupper()]
    return len(items) >= 4 and len(named) >= 0.75 * len(items)


def _tool_list(text: str) -> bool:
    """A skills line naming tools or topics, item by item, after an optional "Category:" label."""
    body = text.split(":", 1)[1] if ":" in text[:40] else text
    items = [item.strip() for item in re.split(r"[,;|•·]", body) if item.strip()]
    return len(items) >= MIN_TOOL_LIST_ITEMS and all(len(item.split()) <= MAX_TOOL_NAME_WORDS for item in items)


@dataclass
class _Match:
    rule: Rule
    start: int  # token indices
    end: int


class Engine:
    """Built once per process; `analyze` is deterministic (same input, same findings, same order)."""

    def __init__(self, lex: CompiledLexicon):
        self.lex = lex
        self.nlp = lex.nlp
        # the compiled matchers and phrase sets, held here too: the hot loop reads them per block and match
        self.phrases, self.token_patterns, self.matcher = lex.phrases, lex.token_patterns, lex.matcher
        self.exceptions, self.requires = lex.exceptions, lex.requires
        self.rules = {rule.code: rule for rule in lex.rules}
        self._pronouns = {self.nlp.vocab.strings.add(w) for w in CONTINUING_SUBJECTS}

    def _matches(self, doc: Doc, active: set[str], sentences: list[tuple[int, int]]) -> list[_Match]:
        """Rule matches that lie within one sentence and start on a word boundary."""
        found = []
        strings = self.nlp.vocab.strings
        raw = [(strings[i], start, end) for i, start, end in self.phrases(doc)]
        raw += self.token_patterns(doc)
        if len(self.matcher):
            raw += [(strings[i], start, end) for i, start, end in self.matcher(doc)]
        for code, start, end in raw:
            if code in active and _starts_word(doc, start) and _sentence(sentences, start)[1] >= end:
                found.append(_Match(self.rules[code], start, end))
        return found

    def _cancelled(self, rule: Rule, clause: list[int], sentence: list[int]) -> bool:
        """An exception in the match's clause cancels it; so does a sentence missing every `requires` phrase."""
        singles, longer = self.exceptions[rule.code]
        if (singles or longer) and _has_phrase(singles, longer, clause, set(clause)):
            return True
        singles, longer = self.requires[rule.code]
        return bool(singles or longer) and not _has_phrase(singles, longer, sentence, set(sentence))

    def analyze(
        self,
        document: Document,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        parses: dict[str, Doc] | None = None,
    ) -> tuple[list[Finding], list[Evidence]]:
        """The document's research findings and systems evidence. `parses`, when given, receives the
        parse of each block with a finding (by block id): the rewriter reads those blocks again."""
        active = active_codes(self.lex.rules, select, ignore)
        blocks = [b for b in document.blocks if analysed(b)]
        findings: list[Finding] = []
        evidence: list[Evidence] = []
        for block, doc in zip(blocks, self.nlp.pipe(b.text for b in blocks)):
            inline = block.fields.get("ignore", [])  # set by parsers from `retitle: ignore …` comments
            sentences = [(sent.start, sent.end) for sent in doc.sents]
            columns = doc.to_array([LEMMA, LOWER]).tolist() if len(doc) else []
            lemmas, lowers = [c[0] for c in columns], [c[1] for c in columns]
            matches, silenced = [], set()
            for m in self._matches(doc, active, sentences):
                if any(m.rule.selected_by(key) for key in inline):
                    if m.rule.is_research and not m.rule.fallback:
                        silenced.add(_sentence(sentences, m.start))
                else:
                    matches.append(m)
            with_evidence = [m for m in matches if not m.rule.is_research]
            kept = []
            clauses = _clauses(doc, sentences, lowers) if any(m.rule.is_research for m in matches) else []
            for m in matches:
                if m.rule.is_research:
                    scope = _continued(_scope(clauses, m), clauses, sentences, lowers, self._pronouns)
                    sentence = _sentence(sentences, m.start)
                    if sentence[1] < len(doc) and doc[sentence[1] - 1].text.endswith(":"):
                        # a label is judged with the sentence it heads
                        sentence = (sentence[0], _sentence(sentences, sentence[1])[1])
                        scope = (scope[0], max(scope[1], sentence[1]))
                    if m.rule.evidence_cancels and _has_evidence(m.rule, scope, with_evidence):
                        continue
                    if self._cancelled(m.rule, lemmas[scope[0]:scope[1]], lemmas[sentence[0]:sentence[1]]):
                        continue
                kept.append(m)
            research = [m for m in kept if m.rule.is_research]
            specific = silenced | {_sentence(sentences, m.start) for m in research if not m.rule.fallback}
            # A fallback rule speaks only where no specific rule did (and so never outbids one in
            # overlap resolution); a specific rule silenced by an inline ignore still counts, so the
            # ignore does not make a fallback appear in its place.
            research = _resolve_overlaps([m for m in research if not (
                m.rule.fallback and _sentence(sentences, m.start) in specific)])
            if research and parses is not None:
                parses[block.id] = doc
            for m in research:
                span = doc[m.start:m.end]
                findings.append(Finding(
                    code=m.rule.code, name=m.rule.name, group=m.rule.group, level=m.rule.level,
                    area=m.rule.area, block_id=block.id, start=span.start_char, end=span.end_char,
                    text=span.text, message=m.rule.message,
                ))
            # Systems evidence overlaps resolve within a group: "Integrated the OpenAI API into"
            # (integration) keeps "OpenAI API" (LLM apps) beside it, as both are true of the bullet.
            systems = [m for m in kept if not m.rule.is_research]
            for m in sorted((m for g in {m.rule.group for m in systems}
                             for m in _resolve_overlaps([m for m in systems if m.rule.group == g])),
                            key=lambda m: (m.start, m.rule.code)):
                span = doc[m.start:m.end]
                evidence.append(Evidence(
                    code=m.rule.code, name=m.rule.name, area=m.rule.area, block_id=block.id,
                    start=span.start_char, end=span.end_char, text=span.text,
                ))
        return findings, evidence


    def analyze_texts(self, texts: Iterable[str], kind: str = "bullet", section: str = "experience",
                      **options) -> tuple[Document, list[Finding], list[Evidence]]:
        """Analyse bare strings as blocks of one document (benchmarks, quality checks, rule cases)."""
        doc = Document(path="<text>", format="text")
        for text in texts:
            doc.add(kind, section, text, Anchor(kind="text"))
        return (doc, *self.analyze(doc, **options))


def active_codes(rules: list[Rule], select: Iterable[str], ignore: Iterable[str]) -> set[str]:
    """Codes to run. `select` narrows research rules only: systems evidence is always counted."""
    select, ignore = list(select), list(ignore)
    return {
        r.code for r in rules
        if (not select or not r.is_research or any(r.selected_by(k) for k in select))
        and not any(r.selected_by(k) for k in ignore)
    }


def _has_phrase(singles: frozenset[int], longer: list[tuple[int, ...]], lemmas: list[int], present: set[int]) -> bool:
    """Whether `lemmas` holds one of the phrases (`present` is `set(lemmas)`)."""
    if not singles.isdisjoint(present):
        return True
    for phrase in longer:
        if phrase[0] in present and all(w in present for w in phrase[1:]):
            n = len(phrase)
            if any(tuple(lemmas[i:i + n]) == phrase for i in range(len(lemmas) - n + 1)):
                return True
    return False


def _sentence(sentences: list[tuple[int, int]], token: int) -> tuple[int, int]:
    """(start, end) token indices of the sentence holding `token`."""
    return sentences[bisect_right(sentences, (token, len(sentences) and sentences[-1][1] + 1)) - 1]


def _has_evidence(rule: Rule, scope: tuple[int, int], evidence: list[_Match]) -> bool:
    """Systems evidence in the scope, other than the kinds the rule lists in `evidence_ignored`."""
    return any(found.start < scope[1] and found.end > scope[0]
               and not any(found.rule.selected_by(key) for key in rule.evidence_ignored)
               for found in evidence)


# Where a new clause starts inside a sentence: a research clause is judged on its own words, so
# "Tuned the model over 200 trials, then packaged it in Docker" keeps its research finding while
# "Trained and deployed the model" (one clause) does not get one.
# A cut needs a clause of at least four tokens before it: "Trained a CNN and deployed it" is one
# action told with its deployment, "Trained the classifier to 97% precision and deployed it" two.
CLAUSE_BREAKS = {";", "then"}
MIN_CLAUSE_TOKENS = 4


def _clauses(doc: Doc, sentences: list[tuple[int, int]], lowers: list[int]) -> list[tuple[int, int]]:
    """Sentences cut at `;`, at "then", and before "and <verb>" or ", <verb>".

    After a comma an -ing form does not start a clause: "Fine-tuned X, serving 2M requests" is one.
    Works on the LOWER array and makes Token objects only at the few candidate words (speed).
    """
    strings = doc.vocab.strings
    breaks, comma, conj = {strings[w] for w in CLAUSE_BREAKS}, strings[","], strings["and"]
    cuts = []
    for sent_start, sent_end in sentences:
        last = sent_start
        for i in range(sent_start + 1, sent_end - 1):
            word = lowers[i]
            if word in breaks:
                starts = True
            elif word == conj or word == comma:
                after = doc[i + 1]
                starts = _verb_form(after) and not (word == comma and after.lower_.endswith("ing"))
            else:
                continue
            if starts and i - last >= MIN_CLAUSE_TOKENS:
                cuts.append(i)
                last = i
    bounds = sorted({*cuts, *(s for s, _ in sentences), len(doc)})
    return [(a, b) for a, b in zip(bounds, bounds[1:])]


# Comparatives and Latin plurals the lookup table lemmatises ("faster" -> "fast", "data" -> "datum"): not verbs, so
# "to support faster, more informed review" stays one clause.
_NOT_VERBS = {"more", "most", "less", "least", "fewer", "better", "best", "worse", "worst", "further",
              "data", "media", "criteria", "phenomena"}


def _verb_form(token) -> bool:
    """A word the lemmatizer changes that is not a plural or a comparative: in resumes, a past tense or participle."""
    lower = token.lower_
    return (token.lemma_ != lower and not lower.endswith(("s", "er", "est")) and lower not in _NOT_VERBS)


def _scope(clauses: list[tuple[int, int]], m: _Match) -> tuple[int, int]:
    """The clauses a match touches, as one token range."""
    touched = [c for c in clauses if c[0] < m.end and c[1] > m.start]
    return touched[0][0], touched[-1][1]


# A sentence that opens with one of these goes on describing what the previous sentence named
# ("Acme is a framework for serving models on serverless functions. It splits each model across
# functions."): its research matches are judged with the previous sentence's last clause too, so
# the systems named there count. A sentence with its own subject ("Ran ablations. Shipped the
# winner.") is judged alone.
CONTINUING_SUBJECTS = ("it", "this", "they", "these", "its")


def _continued(scope: tuple[int, int], clauses: list[tuple[int, int]], sentences: list[tuple[int, int]],
               lowers: list[int], pronouns: set[int]) -> tuple[int, int]:
    """`scope`, widened to the previous sentence's last clause when the match's sentence opens with a pronoun."""
    sentence = _sentence(sentences, scope[0])
    if sentence[0] == 0 or scope[0] != sentence[0] or lowers[sentence[0]] not in pronouns:
        return scope
    previous = [c for c in clauses if c[1] <= sentence[0]]
    return (previous[-1][0], scope[1]) if previous else scope


def _starts_word(doc: Doc, start: int) -> bool:
    """False when a match begins inside a hyphenated word: "pre-trained models" is not "trained models"."""
    return not (start > 0 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_)


def _resolve_overlaps(matches: list[_Match]) -> list[_Match]:
    """Keep the longest match, then the earliest, then the lowest code; drop what overlaps it."""
    chosen: list[_Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start, m.rule.code)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: (m.start, m.rule.code))
