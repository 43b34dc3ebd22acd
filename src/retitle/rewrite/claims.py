"""The claim guard: what a text claims, and which claims a rewrite adds to its original.

A claim is something a reader could check or be impressed by: a number, a vague quantity
("dozens"), a named tool or organisation, an ownership verb on the ladder (helped < built <
led < owned < architected), a scope word (production, customers, at scale) or a title word.
A rewrite is honest when every claim it makes is already in the original — bracketed
placeholders are left for the user and claim nothing. The vocabulary is `lexicons/claims.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

PLACEHOLDER_RE = re.compile(r"\[([^\[\]]*)\]")
# A figure with its currency, magnitude and unit class: "$1.2M", "94.8%", "10x", "30,000", "3 million".
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<cur>[$€£¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<suf>%|percent\b|per cent\b|×|x\b|-fold\b|k\b|K\b|M\b|mm\b|bn\b|B\b"
    r"|thousand\b|million\b|billion\b))?"
)
_UNIT_CLASS = {"%": "%", "percent": "%", "per cent": "%", "×": "x", "x": "x", "-fold": "x"}
_CODE_LIKE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[a-z][A-Z]|[A-Za-z]\.[A-Za-z]|_|\+\+|#")
_BOUNDARY = {".", ":", ";", "—", "–", "-", "(", "\"", "“", "|", "•", "!", "?", "/"}
_VERB_BEFORE = {",", ";", ":", "•", "|", "by", "while", "and", "or", "then", "also", "to", "i", "we"}
_DETERMINERS = {"a", "an", "the", "this", "that", "our", "my", "their", "its", "his", "her", "each", "every"}
ADDED_KINDS = ("new_number", "changed_number", "new_quantity", "new_tool", "new_organisation",
               "ownership_climb", "new_scope", "new_title")


@dataclass(frozen=True)
class Claim:
    """One claim in a text; `key` is what comparisons use, `text` what a reader sees."""

    kind: str  # number | quantity | tool | organisation | ownership | scope | title
    key: Any
    text: str
    rank: float = -1  # ownership rung; "co-led" sits half a rung below "led"
    lead: bool = False  # the first ownership verb that opens a sentence: the role the text claims


@dataclass(frozen=True)
class Added:
    """A claim a rewrite makes that its original does not."""

    kind: str  # one of ADDED_KINDS
    text: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "detail": self.detail}


def strip_placeholders(text: str) -> str:
    """Placeholders are the user's to fill in: they claim nothing. Blanked in place, so character
    offsets still point into the original text."""
    return PLACEHOLDER_RE.sub(lambda m: " " * len(m.group(0)), text)


class ClaimGuard:
    """Built once per engine: extracts claims with the engine's pipeline and compares texts."""

    def __init__(self, nlp: Language, vocab: dict[str, Any], roles: list[str] = ()):
        """`roles` are job-title aliases (lexicons/titles.yaml): "AI Engineer" is a title claim."""
        self.nlp = nlp
        # Every suggestion for a bullet is checked against the same original: read it once.
        self._original = lru_cache(maxsize=32)(self._read_original)
        self.forms: dict[str, int] = {}  # the ladder words as written: always verbs ("led", "built")
        self.ladder: dict[str, int] = {}  # their lemmas: verbs only where a verb can stand
        for rank, words in enumerate(vocab.get("ownership_ladder", [])):
            for word in words:
                self.forms[word.lower()] = rank
                self.ladder.setdefault(self._lemma(word), rank)
        self.baseline = 1  # a bullet with no ladder verb ("tuned", "ran") did the work itself, no more
        self.not_ownership_before = _lowered(vocab.get("not_ownership_before", []))
        self.titles = _lowered(vocab.get("titles", []))
        self.quantities = _lowered(vocab.get("quantity_words", [])) | _lowered(vocab.get("intensifiers", []))
        self.number_words = {str(k).lower(): float(v) for k, v in vocab.get("number_words", {}).items()}
        self.magnitudes = {str(k).lower(): float(v) for k, v in vocab.get("magnitudes", {}).items()}
        self.aliases = {str(k).lower(): str(v).lower() for k, v in vocab.get("aliases", {}).items()}
        self.org_words = _lowered(vocab.get("organisation_words", []))
        self.frequency = _lowered(vocab.get("frequency_words", []))
        self.irregular_past = _lowered(vocab.get("irregular_past", []))
        self.scope = PhraseMatcher(nlp.vocab, attr="LEMMA")
        scope = vocab.get("scope_words", {})
        if isinstance(scope, list):  # a flat list: every word is its own group
            scope = {str(w): [w] for w in scope}
        for group, phrases in scope.items():
            self.scope.add(str(group), list(nlp.pipe(str(p) for p in phrases)))
        self.tools = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tools.add("tool", list(nlp.make_doc(str(t)) for t in vocab.get("tools", [])))
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles.add("role", list(nlp.make_doc(str(r)) for r in roles))

    def _lemma(self, word: str) -> str:
        doc = self.nlp(word)
        return doc[-1].lemma_ if len(doc) else word

    def _rank(self, doc: Doc, i: int) -> int | None:
        """The ladder rung of an ownership verb at `i`; "training runs" or "engineer" is no verb."""
        token = doc[i]
        if token.lower_ in self.forms:
            return self.forms[token.lower_]
        verb_slot = i == 0 or token.is_sent_start or doc[i - 1].lower_ in _VERB_BEFORE
        return self.ladder.get(token.lemma_) if verb_slot else None

    def _past_verb(self, token) -> bool:
        low = token.lower_
        return (low.endswith("ed") and len(low) > 4) or low in self.irregular_past

    def extract(self, text: str) -> list[Claim]:
        """Every claim `text` makes (placeholders removed first)."""
        raw, text = text, strip_placeholders(text)
        doc = self.nlp(text)
        claims = self._numbers(text, doc)
        covered: set[int] = set()
        for _, start, end in self.roles(doc):
            span = doc[start:end]
            covered.update(range(start, end))
            claims.append(Claim("title", span.text.lower(), span.text))
        for _, start, end in self.tools(doc):
            if covered & set(range(start, end)):
                continue
            span = doc[start:end]
            covered.update(range(start, end))
            claims.append(Claim("tool", self._alias(span.text.lower()), span.text))
        claims += self._names(doc, covered)
        lead_seen = False
        for i, token in enumerate(doc):
            low = token.lower_
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            prev = doc[i - 1].lower_ if i else ""
            if low in self.quantities:
                claims.append(Claim("quantity", low, token.text))
            if low in self.titles and nxt not in self.not_ownership_before:
                claims.append(Claim("title", low, token.text))
            rank = self._rank(doc, i)
            if rank is None and i == 0 and self._past_verb(token):
                rank = self.baseline  # "Containerised …": did the work, no more, no less
            if rank is not None and nxt not in self.not_ownership_before and prev not in _DETERMINERS:
                key, text, first = token.lemma_, token.text, i
                if i >= 2 and prev == "-" and doc[i - 2].lower_ == "co":  # "co-led" shares the rung
                    key, text, rank, first = f"co-{key}", doc[i - 2:i + 1].text, rank - 0.5, i - 2
                starts = first == 0 or doc[first].is_sent_start or doc[first - 1].text in _BOUNDARY
                claims.append(Claim("ownership", key, text, rank, lead=starts and not lead_seen))
                lead_seen = lead_seen or starts
        for match_id, start, end in self.scope(doc):
            group = self.nlp.vocab.strings[match_id]
            if group == "coverage" and (
                (end < len(doc) and doc[end].lemma_ in self.frequency)
                or raw[doc[end - 1].idx + len(doc[end - 1]):].lstrip().startswith("[")
            ):
                continue  # "every night" is a frequency; "every [change]" is the user's to fill
            claims.append(Claim("scope", group, doc[start:end].text))
        return claims

    def _numbers(self, text: str, doc: Doc) -> list[Claim]:
        claims = []
        for m in _NUMBER_RE.finditer(text):
            value = float(m["num"].replace(",", ""))
            suffix = (m["suf"] or "")
            cls = m["cur"] or _UNIT_CLASS.get(suffix.lower(), "")
            value *= self.magnitudes.get(suffix.lower(), 1.0) if suffix not in _UNIT_CLASS else 1.0
            claims.append(Claim("number", (round(value, 6), cls), m.group(0).strip()))
        for i, token in enumerate(doc):
            low = token.lower_
            if low not in self.number_words or low in self.magnitudes and i and doc[i - 1].like_num:
                continue
            value = self.number_words[low]
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            cls = "x" if low.startswith(("doubl", "tripl", "twice", "halv")) else ""
            if nxt in self.magnitudes and nxt in self.number_words:
                value *= self.magnitudes[nxt]
            claims.append(Claim("number", (round(value, 6), cls), token.text))
        return claims

    def _names(self, doc: Doc, covered: set[int]) -> list[Claim]:
        """Capitalised (not merely sentence-initial), all-caps and code-like words, joined into names."""
        claims, run = [], []
        for i, token in enumerate(doc):
            if i not in covered and self._is_name(doc, i):
                run.append(token)
                continue
            if run:
                claims.append(self._name_claim(doc, run))
                run = []
        if run:
            claims.append(self._name_claim(doc, run))
        return claims

    def _is_name(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        text = token.text
        if not any(c.isalpha() for c in text) or text[0].isdigit() or text.lower() in self.titles:
            return False
        if _CODE_LIKE.search(text) or (len(text) > 1 and text.isupper()):
            return True
        if not text[0].isupper() or text == "I":
            return False
        at_start = i == 0 or token.is_sent_start or doc[i - 1].text in _BOUNDARY
        return not at_start

    def _name_claim(self, doc: Doc, run: list) -> Claim:
        text = doc[run[0].i:run[-1].i + 1].text
        words = text.lower().split()
        before = doc[run[0].i - 1].lower_ if run[0].i else ""
        kind = "organisation" if words[-1].rstrip(".") in self.org_words or before == "at" else "tool"
        return Claim(kind, self._alias(text.lower()), text)

    def _alias(self, key: str) -> str:
        return self.aliases.get(key, key)

    # -- comparison --------------------------------------------------------------------------

    def _known_words(self, doc: Doc) -> set[str]:
        """Every spelling of the original's words a rewrite may reuse: words, lemmas, joined
        neighbours ("Hugging Face" -> "huggingface") and acronyms ("machine learning" -> "ml")."""
        words = [t for t in doc if not t.is_punct]
        known = {t.lower_ for t in words} | {t.lemma_ for t in words}
        for n in (2, 3, 4, 5):
            for i in range(len(words) - n + 1):
                gram = words[i:i + n]
                known.add(" ".join(t.lower_ for t in gram))
                known.add("".join(t.lower_ for t in gram))
                known.add("-".join(t.lower_ for t in gram))
                if all(t.is_alpha for t in gram):
                    known.add("".join(t.lower_[0] for t in gram))
        known |= {self.aliases[k] for k in list(known) if k in self.aliases}
        known |= {k for k, v in self.aliases.items() if v in known}
        return known

    def _name_known(self, claim: Claim, known: set[str]) -> bool:
        key = claim.key
        if key in known or self._alias(key) in known:
            return True
        parts = [p for p in re.split(r"[\s\-/]+", key) if p]
        return bool(parts) and all(p in known or p.rstrip("s") in known for p in parts)

    def _read_original(self, original: str) -> tuple[list[Claim], Doc, set[str]]:
        """The original's claims, its parsed text and every spelling of its words."""
        doc = self.nlp(strip_placeholders(original))
        return self.extract(original), doc, self._known_words(doc)

    def added(self, original: str, rewrite: str) -> list[Added]:
        """The claims `rewrite` makes that `original` does not (empty means honest)."""
        before, original_doc, known = self._original(original)
        after = self.extract(rewrite)
        out: list[Added] = []
        numbers = [c for c in before if c.kind == "number"]
        new_numbers = [c for c in after if c.kind == "number" and not any(
            c.key[0] == b.key[0] and c.key[1] in ("", b.key[1]) for b in numbers)]
        kept = {c.key for c in after if c.kind == "number"}
        dropped = [b for b in numbers if b.key not in kept]
        for c in _unique(new_numbers):
            was = next((b for b in dropped if b.key[1] == c.key[1]), None)
            if was:
                out.append(Added("changed_number", c.text, f"“{was.text}” became “{c.text}”"))
            else:
                out.append(Added("new_number", c.text, f"“{c.text}” is not in the original"))
        before_q = {c.key for c in before if c.kind in ("quantity", "number")}
        for c in _unique(c for c in after if c.kind == "quantity" and c.key not in before_q):
            out.append(Added("new_quantity", c.text, f"“{c.text}” is not in the original"))
        for c in _unique(c for c in after if c.kind in ("tool", "organisation")):
            if not self._name_known(c, known):
                kind = "new_organisation" if c.kind == "organisation" else "new_tool"
                out.append(Added(kind, c.text, f"“{c.text}” is not named in the original"))
        nouns = {t.lemma_ for t in original_doc if self._rank(original_doc, t.i) is None}
        out += self._ownership(before, after, nouns)
        scopes = {c.key for c in before if c.kind == "scope"}
        for c in _unique(c for c in after if c.kind == "scope" and c.key not in scopes):
            out.append(Added("new_scope", c.text, f"“{c.text}” claims {c.key} scope the original does not"))
        titles = {c.key for c in before if c.kind == "title"}
        for c in _unique(c for c in after if c.kind == "title" and c.key not in titles):
            out.append(Added("new_title", c.text, f"“{c.text}” is a seniority or title word the original lacks"))
        return out

    def _ownership(self, before: list[Claim], after: list[Claim], lemmas: set[str]) -> list[Added]:
        """A climb: a verb above the original's top rung that the original never mentions (its
        "training" allows "trained on"), or a stronger lead verb ("helped build" -> "built")."""
        had = [c for c in before if c.kind == "ownership"]
        mentioned = {c.key for c in had} | lemmas
        top = max((c.rank for c in had), default=self.baseline)
        lead = next((c for c in had if c.lead), None)
        lead_rank = lead.rank if lead else self.baseline
        out = []
        for c in _unique(c for c in after if c.kind == "ownership"):
            if c.rank > top and c.key not in mentioned:
                was = f" (the original's strongest is “{max(had, key=lambda h: h.rank).text}”)" if had else ""
                out.append(Added("ownership_climb", c.text, f"“{c.text}” claims more ownership{was}"))
            elif c.lead and c.rank > lead_rank:
                was = f"“{lead.text}”" if lead else "a neutral verb"
                out.append(Added("ownership_climb", c.text, f"leads with “{c.text}” where the original leads with {was}"))
        return out

    def passes(self, original: str, rewrite: str) -> bool:
        return not self.added(original, rewrite)


def _lowered(words) -> set[str]:
    return {str(w).lower() for w in words}


def _unique(claims) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        if (c.kind, c.key) not in seen:
            seen.add((c.kind, c.key))
            out.append(c)
    return out
