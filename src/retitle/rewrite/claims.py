"""The claim guard: what a text claims, and which claims a rewrite adds to its original.

A claim is something a reader could check or be impressed by: a number, a vague quantity
("dozens"), a named tool or organisation, an ownership verb on the ladder (helped < built, wrote,
analysed … < led < owned < architected), a scope word (production, customers, at scale) or a
title word. A rewrite is honest when every claim it makes is already in the original, in any
spelling: both texts are normalised first (NFKC, Unicode dashes and quotes, case, lemmas and
plurals, punctuation at the ends of names), acronyms stand for their words and back, a list
("C/C++", "A, B and C") names each of its items, and a figure may be rounded or respelled
("568,454" -> "568K", "ten times" -> "10x") but not changed. Bracketed placeholders in a rewrite
are left for the user and claim nothing (brackets in an original are its own text). The
vocabulary is `lexicons/claims.yaml`; this one model serves the rewriter's guard and `verify`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

if TYPE_CHECKING:
    from retitle.lexicon import CompiledLexicon

PLACEHOLDER_RE = re.compile(r"\[([^\[\]]*)\]")
# One spelling for each dash and quote (one character for one, so offsets stay put).
_CHAR_MAP = str.maketrans({**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
                           **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"},
                           **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"}})
# A figure with its currency, magnitude and unit class: "$1.2M", "94.8%", "10x", "30,000", "3 million".
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<cur>[$€£¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<suf>%|percent\b|per cent\b|×|x\b|X\b|-fold\b|\s?fold\b|times\b|k\b|K\b|M\b|mm\b|bn\b|B\b"
    r"|thousand\b|million\b|billion\b))?"
    r"(?P<plus>\+)?"
    r"(?:\s?(?P<curw>dollars?\b|usd\b|USD\b|euros?\b|eur\b|EUR\b|pounds?\b|gbp\b|GBP\b))?"
)
_UNIT_CLASS = {"%": "%", "percent": "%", "per cent": "%", "×": "x", "x": "x", "-fold": "x", "fold": "x",
               "times": "x"}
_CURRENCY_BEFORE = re.compile(r"(?:USD|US\$|EUR|GBP)\s?$")
_CODE_LIKE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[a-z][A-Z]|[A-Za-z]\.[A-Za-z]|_|\+\+|#")
_BOUNDARY = {".", ":", ";", "—", "–", "-", "(", "\"", "“", "|", "•", "!", "?", "/",
             "○", "●", "▪", "◦", "‣", "■", "␣"}  # the last: bullet glyphs a PDF leaves before a sentence
# A capitalised word after one of these opens a clause or follows a label ("Churn Study (2021): Analysed").
_NAME_BOUNDARY = _BOUNDARY | {")", "]", "[", "*", "·", "▪", "‣", "◦", "→", "'"}
_LIST_SEPARATORS = re.compile(r"[/,;]+")  # "C/C++, Go" -> its items
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]+s?$")
MAX_GRAM = 6  # the longest run of an original's words a rewrite may join into one name ("huggingface")
_VERB_BEFORE = {",", ";", ":", "•", "|", "by", "while", "and", "or", "then", "also", "to", "i", "we"}
_DETERMINERS = {"a", "an", "the", "this", "that", "our", "my", "their", "its", "his", "her", "each", "every"}
ADDED_KINDS = ("new_number", "changed_number", "new_quantity", "new_tool", "new_organisation",
               "ownership_climb", "new_scope", "new_title")


_CURRENCY_CODES = {"usd": "$", "us$": "$", "eur": "€", "gbp": "£"}
_ABOUT = {"over", "than", "above", "nearly", "almost", "about", "around", "approximately", "roughly", "~"}


def normalise(text: str) -> str:
    """The spelling every comparison starts from: NFKC, one dash, one apostrophe, one double quote."""
    return unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)


@dataclass(frozen=True)
class Claim:
    """One claim in a text; `key` is what comparisons use, `text` what a reader sees."""

    kind: str  # number | quantity | tool | organisation | ownership | scope | title
    key: Any
    text: str
    rank: float = -1  # ownership rung; "co-led" sits half a rung below "led"
    lead: bool = False  # the first ownership verb that opens a sentence: the role the text claims
    precision: float = 0.0  # a figure's last written unit ("568K": 1000, "94.8%": 0.1)
    plus: bool = False  # "568K+": at least the figure


@dataclass(frozen=True)
class Added:
    """A claim a rewrite makes that its original does not: its kind, the words in the rewrite,
    what the original had instead (empty when it had nothing of the kind) and a sentence."""

    kind: str  # one of ADDED_KINDS
    text: str
    detail: str
    was: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "was": self.was or None, "detail": self.detail}


def strip_placeholders(text: str) -> str:
    """Placeholders are the user's to fill in: they claim nothing. Blanked in place, so character
    offsets still point into the original text."""
    return PLACEHOLDER_RE.sub(lambda m: " " * len(m.group(0)), text)


def _osa(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions ("ICRL" -> "ICLR" is 1)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


class _Token:
    """A token's attributes the guard reads, read off spaCy once. The guard looks at each token
    and its neighbours many times, and spaCy makes a new Token object for every `doc[i]`: those
    objects were most of the guard's time."""

    __slots__ = ("i", "text", "lower_", "lemma_", "whitespace_", "idx", "is_sent_start", "like_num",
                 "is_punct", "is_alpha", "is_stop")

    def __init__(self, t) -> None:
        self.i, self.text, self.lower_, self.lemma_, self.whitespace_ = t.i, t.text, t.lower_, t.lemma_, t.whitespace_
        self.idx, self.is_sent_start, self.like_num = t.idx, t.is_sent_start, t.like_num
        self.is_punct, self.is_alpha, self.is_stop = t.is_punct, t.is_alpha, t.is_stop


def _tokens(doc: Doc) -> list[_Token]:
    return [_Token(t) for t in doc]


def _span_text(tokens: list[_Token], start: int, end: int) -> str:
    """What spaCy's `doc[start:end].text` is: the tokens with the spaces between them."""
    span = tokens[start:end]
    return "".join(t.text + t.whitespace_ for t in span[:-1]) + span[-1].text if span else ""


class ClaimGuard:
    """Built once per engine: extracts claims with the engine's pipeline and compares texts."""

    def __init__(self, lex: CompiledLexicon):
        """The vocabulary is the lexicon's claims.yaml; its job-title aliases (titles.yaml) are
        title claims too ("AI Engineer")."""
        nlp, vocab, roles = lex.nlp, lex.claims, lex.role_aliases
        self.nlp = nlp
        # Every suggestion for a bullet is checked against the same original: read it once.
        self._original = lru_cache(maxsize=32)(self._read_original)
        self.forms: dict[str, int] = {}  # the ladder words as written: always verbs ("led", "built")
        self.ladder: dict[str, int] = {}  # their lemmas: verbs only where a verb can stand
        rungs = vocab.get("ownership_ladder", [])
        for rank, words in enumerate(rungs):
            for word in words:
                self.forms[word.lower()] = rank
                self.ladder.setdefault(self._lemma(word), rank)
        # A bullet with no ladder verb ("tuned", "ran") did the work itself: the individual
        # contributor's rung, the one "built" is on.
        self.baseline = next((r for r, words in enumerate(rungs) if "built" in words), 1)
        self.not_ownership_before = _lowered(vocab.get("not_ownership_before", []))
        self.titles = _lowered(vocab.get("titles", []))
        self.quantities = _lowered(vocab.get("quantity_words", [])) | _lowered(vocab.get("intensifiers", []))
        self.number_words = {str(k).lower(): float(v) for k, v in vocab.get("number_words", {}).items()}
        self.magnitudes = {str(k).lower(): float(v) for k, v in vocab.get("magnitudes", {}).items()}
        self.currency_words = {str(k).lower(): str(v) for k, v in vocab.get("currency_words", {}).items()}
        self.aliases = {str(k).lower(): str(v).lower() for k, v in vocab.get("aliases", {}).items()}
        self.org_words = _lowered(vocab.get("organisation_words", []))
        self.not_names = {w.rstrip(".") for w in _lowered(vocab.get("not_names", []))}
        self.frequency = _lowered(vocab.get("frequency_words", []))
        self.irregular_past = _lowered(vocab.get("irregular_past", []))
        self.scope = PhraseMatcher(nlp.vocab, attr="LEMMA")
        scope = vocab.get("scope_words", {})
        if isinstance(scope, list):  # a flat list: every word is its own group
            scope = {str(w): [w] for w in scope}
        for group, phrases in scope.items():
            variants = {v for p in phrases for v in _spellings(str(p))}
            self.scope.add(str(group), list(nlp.pipe(sorted(variants))))
        self.tools = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tools.add("tool", list(nlp.make_doc(str(t)) for t in vocab.get("tools", [])))
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles.add("role", list(nlp.make_doc(str(r)) for r in roles))

    def _lemma(self, word: str) -> str:
        doc = self.nlp(word)
        return doc[-1].lemma_ if len(doc) else word

    @staticmethod
    def _glued(doc: list[_Token], i: int) -> bool:
        """`doc[i]` is the second half of a hyphenated compound ("Kafka-integrated"), not "co-led"."""
        return (i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
                and not doc[i - 2].whitespace_ and doc[i - 2].lower_ != "co")

    def _rank(self, doc: list[_Token], i: int) -> int | None:
        """The ladder rung of an ownership verb at `i`; "training runs" or "engineer" is no verb."""
        token = doc[i]
        if self._glued(doc, i):
            return None
        if token.lower_ in self.forms:
            return self.forms[token.lower_]
        verb_slot = i == 0 or token.is_sent_start or doc[i - 1].lower_ in _VERB_BEFORE
        return self.ladder.get(token.lemma_) if verb_slot else None

    def _past_verb(self, token) -> bool:
        low = token.lower_
        return (low.endswith("ed") and len(low) > 4) or low in self.irregular_past

    @staticmethod
    def _opens(doc: list[_Token], i: int) -> bool:
        """`doc[i]` opens a sentence or clause, also after a subject pronoun ("I led …")."""
        if i == 0 or doc[i].is_sent_start or doc[i - 1].text in _BOUNDARY:
            return True
        if doc[i - 1].lower_ in ("i", "we"):
            j = i - 1
            return j == 0 or doc[j].is_sent_start or doc[j - 1].text in _BOUNDARY
        return False

    def extract(self, text: str, placeholders: bool = True) -> list[Claim]:
        """Every claim `text` makes. With `placeholders` (a rewrite), bracketed placeholders are
        removed first; without (an original), what is in brackets is the text's own."""
        raw = normalise(text)
        text = strip_placeholders(raw) if placeholders else raw
        return self._claims(text, self.nlp(text), raw)

    def _claims(self, text: str, parsed: Doc, raw: str, doc: list[_Token] | None = None) -> list[Claim]:
        """The claims of a normalised text (`raw`: before placeholders were removed), from its
        parse (and its tokens, when already read)."""
        doc = _tokens(parsed) if doc is None else doc
        claims = self._numbers(text, doc)
        covered: set[int] = set()
        for _, start, end in self.roles(parsed):
            span = _span_text(doc, start, end)
            covered.update(range(start, end))
            claims.append(Claim("title", span.lower(), span))
        for _, start, end in self.tools(parsed):
            if covered & set(range(start, end)):
                continue
            span = _span_text(doc, start, end)
            covered.update(range(start, end))
            claims.append(Claim("tool", self._alias(span.lower()), span))
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
            # "leading to", "drove down" are no ownership; "contributed to", "helped to" are a share of it
            if (rank is not None and (nxt not in self.not_ownership_before or rank < self.baseline and nxt == "to")
                    and prev not in _DETERMINERS):
                key, text_, first = token.lemma_, token.text, i
                if i >= 2 and prev == "-" and doc[i - 2].lower_ == "co":  # "co-led" shares the rung
                    key, text_, rank, first = f"co-{key}", _span_text(doc, i - 2, i + 1), rank - 0.5, i - 2
                starts = self._opens(doc, first)
                claims.append(Claim("ownership", key, text_, rank, lead=starts and not lead_seen))
                lead_seen = lead_seen or starts
        for match_id, start, end in self.scope(parsed):
            group = self.nlp.vocab.strings[match_id]
            if group == "coverage" and (
                (end < len(doc) and doc[end].lemma_ in self.frequency)
                or raw[doc[end - 1].idx + len(doc[end - 1].text):].lstrip().startswith("[")
            ):
                continue  # "every night" is a frequency; "every [change]" is the user's to fill
            claims.append(Claim("scope", group, _span_text(doc, start, end)))
        return claims

    def _numbers(self, text: str, doc: list[_Token]) -> list[Claim]:
        claims = []
        for m in _NUMBER_RE.finditer(text):
            num = m["num"]
            value = float(num.replace(",", ""))
            suffix = (m["suf"] or "").strip()
            low = suffix.lower()
            before = text[:m.start()]
            code = _CURRENCY_BEFORE.search(before)
            cur = (m["cur"] or self.currency_words.get((m["curw"] or "").lower(), "")
                   or (_CURRENCY_CODES.get(code.group(0).strip().lower(), "") if code else ""))
            cls = cur or _UNIT_CLASS.get(low, "")
            magnitude = self.magnitudes.get(low, 1.0) if low not in _UNIT_CLASS else 1.0
            decimals = len(num.split(".")[1]) if "." in num else 0
            precision = 10.0 ** -decimals * magnitude
            value *= magnitude
            start = m.start("num")
            if (len(num) == 2 and not suffix and re.search(r"[A-Za-z] ?'$", text[:start])):
                value += 2000 if value < 50 else 1900  # "ICME'22", "Spring '21": a year
            words = before.lower().split()
            plus = bool(m["plus"]) or (bool(words) and words[-1] in ("over", "than", "above"))
            claims.append(Claim("number", (round(value, 6), cls), m.group(0).strip(), precision=precision, plus=plus))
        for i, token in enumerate(doc):
            low = token.lower_
            if low not in self.number_words or low in self.magnitudes and i and doc[i - 1].like_num:
                continue
            value = self.number_words[low]
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            cls = "x" if low.startswith(("doubl", "tripl", "twice", "halv")) or nxt in ("times", "fold") else ""
            if nxt in self.magnitudes and nxt in self.number_words:
                value *= self.magnitudes[nxt]
                nxt = doc[i + 2].lower_ if i + 2 < len(doc) else ""
            cls = self.currency_words.get(nxt, cls)
            claims.append(Claim("number", (round(value, 6), cls), token.text, precision=1.0))
        return claims

    def _names(self, doc: list[_Token], covered: set[int]) -> list[Claim]:
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

    def _is_name(self, doc: list[_Token], i: int) -> bool:
        """A name: code-like ("GPT-4", "node.js") or all caps, or capitalised where a sentence,
        clause or label does not explain the capital. A sentence-initial capital is no name unless
        the lexicon knows it (the tool list is matched before this)."""
        token = doc[i]
        text = token.text
        low = text.lower().strip(".'")
        if low in self.not_names or low in self.titles or re.fullmatch(r"(.)\1{2,}", low):
            return False  # "e.g.", "Senior" (a title claim), "XXXX" (a redaction mask)
        if not any(c.isalpha() for c in text) or text[0].isdigit():
            return False
        if i and doc[i - 1].like_num and (low in self.magnitudes or low in ("x", "k")):
            return False  # "2.4M", "10X": part of the figure
        if _CODE_LIKE.search(text) or (len(text) > 1 and text.rstrip(".'s").isupper() and sum(c.isalpha() for c in text) > 1):
            return True
        if not text[0].isupper() or text == "I":
            return False
        at_start = i == 0 or token.is_sent_start or doc[i - 1].text in _NAME_BOUNDARY
        return not at_start

    def _name_claim(self, doc: list[_Token], run: list[_Token]) -> Claim:
        text = _span_text(doc, run[0].i, run[-1].i + 1)
        key = _name_key(text)
        words = key.split() or [""]
        before = doc[run[0].i - 1].lower_ if run[0].i else ""
        kind = "organisation" if words[-1].rstrip(".") in self.org_words or before == "at" else "tool"
        return Claim(kind, self._alias(key), text)

    def _alias(self, key: str) -> str:
        return self.aliases.get(key, key)

    # -- comparison --------------------------------------------------------------------------

    def _known_words(self, doc: list[_Token]) -> tuple[set[str], set[str], set[str]]:
        """Every spelling of the original's words a rewrite may reuse: words, lemmas, singulars,
        list items ("C/C++" -> "c", "c++"), joined neighbours ("Hugging Face" -> "huggingface")
        and acronyms ("machine learning" -> "ml"). Also its single words and its acronyms."""
        words = [t for t in doc if not t.is_punct]
        # Attributes in lists: the n-gram loop below visits each token up to 20 times.
        lows = [t.lower_ for t in words]
        alpha = [t.is_alpha for t in words]
        stop = [t.is_stop for t in words]
        known = set(lows) | {t.lemma_ for t in words}
        for low in lows:
            for part in _LIST_SEPARATORS.split(low):
                part = _name_key(part)
                if part:
                    known.add(part)
                    known.update(p for p in part.split("-") if p)
                    if len(part) > 2 and part.endswith("s"):
                        known.add(part[:-1])
        for i, first in enumerate(lows):  # each run of 2 to MAX_GRAM words, grown one word at a time
            spaced = joined = dashed = first
            initials = first[0] if alpha[i] else ""
            content = "" if stop[i] else initials  # initials of the words that are no stop word
            for j in range(i + 1, min(i + MAX_GRAM, len(lows))):
                word = lows[j]
                spaced, joined, dashed = f"{spaced} {word}", joined + word, f"{dashed}-{word}"
                known.add(spaced)
                known.add(joined)
                known.add(dashed)
                if not initials or not alpha[j]:
                    initials = ""  # a run with a word that is not all letters has no acronym
                    continue
                initials += word[0]
                if not stop[j]:
                    content += word[0]
                known.add(initials)
                if len(content) >= 2:
                    known.add(content)
        known |= {self.aliases[k] for k in list(known) if k in self.aliases}
        known |= {k for k, v in self.aliases.items() if v in known}
        singles = {w for w in known if len(w) >= 4 and w.isalpha()}
        acronyms = {t.text.rstrip("s").lower() for t in words if _ACRONYM.match(t.text)}
        return known, singles, acronyms

    def _name_known(self, claim: Claim, known: tuple[set[str], set[str], set[str]]) -> bool:
        words, singles, acronyms = known
        for key in dict.fromkeys((claim.key, _name_key(claim.text))):
            if key in words or self._alias(key) in words or re.sub(r"[\s\-/.]+", "", key) in words:
                return True
            parts = [p for p in re.split(r"[\s\-/]+", key) if p]
            if parts and all(self._part_known(p, words, singles, acronyms) for p in parts):
                return True
        return False

    @staticmethod
    def _part_known(part: str, words: set[str], singles: set[str], acronyms: set[str]) -> bool:
        part = part.strip(".,;:'\"()")
        if not part or part in words or part.rstrip("s") in words or part + "s" in words:
            return True
        if part.isalpha() and any(part in a for a in acronyms if len(a) > len(part) >= 2):
            return True  # "Azure AML" -> "Azure ML"
        if part.isalpha() and len(part) >= 4:  # a corrected typo: "ICRL" -> "ICLR", "Acess" -> "Access"
            return any(w[0] == part[0] and abs(len(w) - len(part)) <= 1 and _osa(w, part) <= 1 for w in singles)
        return False

    def _read_original(self, original: str):
        """The original's claims, every spelling of its words, the lemmas of its words that are
        no ownership verb, and those of its words after "by" (work it says was done)."""
        text = normalise(original)
        doc = _tokens(parsed := self.nlp(text))  # one parse for all: an original's claims keep its brackets
        nouns = {t.lemma_ for t in doc if self._rank(doc, t.i) is None}
        # "Contributed to X by fixing two bugs": the fixing was theirs, so "Fixed two bugs" is no climb
        done = {t.lemma_ for t in doc if t.i and doc[t.i - 1].lower_ == "by"}
        return self._claims(text, parsed, text, doc), self._known_words(doc), nouns, done

    def _same_number(self, c: Claim, b: Claim) -> bool:
        """`c` is `b` in another spelling, or `b` rounded to the unit `c` is written in, never a
        new figure: "568K" for 568,454, "95%" for 94.8%, "10x" for "ten times"."""
        (value, cls), (was, was_cls) = c.key, b.key
        if cls not in ("", was_cls):
            return False
        if value == was:
            return True
        if not (c.precision > b.precision and abs(value - was) < c.precision):
            return False
        if c.plus and value > was:
            return False
        return abs(value - was) <= 0.05 * abs(was)

    def added(self, original: str, rewrite: str) -> list[Added]:
        """The claims `rewrite` makes that `original` does not (empty means honest)."""
        before, known, nouns, done = self._original(original)
        after = self.extract(rewrite)
        out: list[Added] = []
        numbers = [c for c in before if c.kind == "number"]
        after_numbers = [c for c in after if c.kind == "number"]
        new_numbers = [c for c in after_numbers if not any(self._same_number(c, b) for b in numbers)]
        dropped = [b for b in numbers if not any(self._same_number(c, b) for c in after_numbers)]
        for c in _unique(new_numbers):
            was = next((b for b in dropped if b.key[1] == c.key[1]), None)
            if was:
                out.append(Added("changed_number", c.text, f"“{was.text}” became “{c.text}”", was.text))
            else:
                out.append(Added("new_number", c.text, f"“{c.text}” is not in the original"))
        before_q = {c.key for c in before if c.kind in ("quantity", "number")}
        for c in _unique(c for c in after if c.kind == "quantity" and c.key not in before_q):
            out.append(Added("new_quantity", c.text, f"“{c.text}” is not in the original"))
        for c in _unique(c for c in after if c.kind in ("tool", "organisation")):
            if not self._name_known(c, known):
                kind = "new_organisation" if c.kind == "organisation" else "new_tool"
                out.append(Added(kind, c.text, f"“{c.text}” is not named in the original"))
        out += self._ownership(before, after, nouns, done)
        scopes = {c.key for c in before if c.kind == "scope"}
        for c in _unique(c for c in after if c.kind == "scope" and c.key not in scopes):
            out.append(Added("new_scope", c.text, f"“{c.text}” claims {c.key} scope the original does not"))
        titles = {c.key for c in before if c.kind == "title"}
        for c in _unique(c for c in after if c.kind == "title" and c.key not in titles):
            out.append(Added("new_title", c.text, f"“{c.text}” is a seniority or title word the original lacks"))
        return out

    def _ownership(self, before: list[Claim], after: list[Claim], lemmas: set[str],
                   done: set[str] = frozenset()) -> list[Added]:
        """A climb: a verb above the original's top rung that the original never mentions (its
        "training" allows "trained on"), or a stronger lead verb ("helped build" -> "built") unless
        the original says that work was done by its author ("… by fixing" allows "Fixed")."""
        had = [c for c in before if c.kind == "ownership"]
        mentioned = {c.key for c in had} | lemmas
        top = max((c.rank for c in had), default=self.baseline)
        lead = next((c for c in had if c.lead), None)
        lead_rank = lead.rank if lead else self.baseline
        strongest = max(had, key=lambda h: h.rank) if had else None
        out = []
        for c in _unique(c for c in after if c.kind == "ownership"):
            if c.rank > top and c.key not in mentioned:
                was = f" (the original's strongest is “{strongest.text}”)" if strongest else ""
                out.append(Added("ownership_climb", c.text, f"“{c.text}” claims more ownership{was}",
                                 strongest.text if strongest else ""))
            elif c.lead and c.rank > lead_rank and not (c.rank <= self.baseline and c.key in done):
                was = f"“{lead.text}”" if lead else "a neutral verb"
                out.append(Added("ownership_climb", c.text, f"leads with “{c.text}” where the original leads with {was}",
                                 lead.text if lead else ""))
        return out

    def passes(self, original: str, rewrite: str) -> bool:
        return not self.added(original, rewrite)


def _name_key(text: str) -> str:
    """A name as compared: lower case, no venue year ("Access'23"), possessive or end punctuation."""
    key = normalise(text).lower().strip()
    key = re.sub(r" ?'\d{2}$", "", key)
    key = re.sub(r"'s$", "", key)
    return key.strip(".,;:!?'\"()[]{}")


def _spellings(phrase: str) -> set[str]:
    """A phrase hyphenated, spaced and joined: "large-scale", "large scale", "largescale"."""
    out = {phrase}
    if "-" in phrase:
        out |= {phrase.replace("-", " "), phrase.replace("-", "")}
    elif " " in phrase and len(phrase.split()) == 2:
        out.add(phrase.replace(" ", "-"))
    return out


def _lowered(words) -> set[str]:
    return {str(w).lower() for w in words}


def _unique(claims) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        if (c.kind, c.key) not in seen:
            seen.add((c.kind, c.key))
            out.append(c)
    return out
