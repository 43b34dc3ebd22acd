"""Reframe and trim a bullet using only its own words: reorder, swap a verb, or cut a clause.

Nothing here adds a fact. A reframe moves an outcome clause to the front ("Tuned X, improving Y"
-> "Improved Y by tuning X") and swaps research verbs for engineering verbs from
`lexicons/reframe.yaml` where the meaning holds; a trim cuts the clause holding a research-only
detail. Tense, capitalisation and final punctuation follow the original. When a bullet does not
fit these shapes, no reframe is offered rather than a clumsy one.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Token

_CLAUSE_MARKS = {",", ";"}
_FINAL = ".;!"


class Inflector:
    """Verb forms from a lemma: the regular English rules plus the table in reframe.yaml."""

    def __init__(self, table: dict[str, dict[str, str]]):
        self.table = {str(k).lower(): v for k, v in table.items()}

    def form(self, lemma: str, form: str) -> str:
        if form == "base":
            return lemma
        if form in self.table.get(lemma, {}):
            return self.table[lemma][form]
        if form == "ing":
            if lemma.endswith("ie"):
                return lemma[:-2] + "ying"
            if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
                return lemma[:-1] + "ing"
            return lemma + lemma[-1] + "ing" if _doubles(lemma) else lemma + "ing"
        if form == "past":
            if lemma.endswith("e"):
                return lemma + "d"
            if re.search(r"[^aeiou]y$", lemma):
                return lemma[:-1] + "ied"
            return lemma + lemma[-1] + "ed" if _doubles(lemma) else lemma + "ed"
        if re.search(r"(s|x|z|ch|sh)$", lemma):
            return lemma + "es"
        return lemma[:-1] + "ies" if re.search(r"[^aeiou]y$", lemma) else lemma + "s"

    def form_of(self, token: Token) -> str | None:
        """Which form of its lemma a verb token is in, if it round-trips ("Tuned" -> past)."""
        low, lemma = token.lower_, token.lemma_
        for form in ("past", "ing", "s", "base"):
            if self.form(lemma, form) == low:
                return form
        return None


def _doubles(lemma: str) -> bool:
    """One-syllable consonant-vowel-consonant verbs double the last letter (plan -> planned)."""
    return re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma) is not None


def _cap(text: str, like: str) -> str:
    """Capitalise `text` the way `like` starts (upper or lower)."""
    if not text or not like:
        return text
    return text[0].upper() + text[1:] if like[0].isupper() else text[0].lower() + text[1:]


def _split_final(text: str) -> tuple[str, str]:
    body = text.rstrip()
    final = ""
    while body and body[-1] in _FINAL:
        final = body[-1] + final
        body = body[:-1].rstrip()
    return body, final


class Reframer:
    """Reorders and rewords one bullet from the reframe data in the lexicon."""

    def __init__(self, data: dict[str, Any]):
        self.inflect = Inflector(data.get("verb_forms", {}))
        self.swaps = {str(k).lower(): str(v).lower() for k, v in (data.get("swaps") or {}).items()}
        self.cues = {str(k).lower(): v for k, v in (data.get("outcome_cues") or {}).items()}
        self.shared = {str(w).lower() for w in data.get("shared_work_verbs") or []}
        self.past_cues = {str(v["past"]).lower() for v in self.cues.values()}
        self.relatives = {str(w).lower() for w in data.get("outcome_relatives") or []}

    def reframe(self, doc: Doc, rewrite: dict[str, Any]) -> str | None:
        """The bullet reframed, or None when the data gives no honest change for it."""
        swaps = {**self.swaps, **{str(k).lower(): str(v).lower() for k, v in (rewrite.get("swap") or {}).items()}}
        needs = {str(w).lower() for w in rewrite.get("when_followed_by") or []}
        words = {t.i: t.text for t in doc}
        swapped: dict[int, str] = {}  # token index -> the lemma it was swapped to
        for token in doc:
            target = swaps.get(token.lemma_)
            form = self.inflect.form_of(token) if target else None
            if not target or not form or not self._verb_slot(token):
                continue
            if needs and not any(t.lemma_ in needs for t in doc[token.i + 1:token.sent.end]):
                continue
            words[token.i] = _cap(self.inflect.form(target, form), token.text)
            swapped[token.i] = target
        text = self._reorder(doc, words, swapped.get(0, doc[0].lemma_)) or "".join(words[t.i] + t.whitespace_ for t in doc)
        text = text.strip()
        return text if text != doc.text.strip() else None

    @staticmethod
    def _verb_slot(token: Token) -> bool:
        i = token.i
        return i == 0 or token.is_sent_start or token.doc[i - 1].lower_ in {",", "and", "by", ";"}

    def _cue_at(self, doc: Doc, i: int) -> tuple[str, int] | None:
        """(the outcome verb in the past tense, tokens it replaces) for "improving" or "which improved"."""
        for n in (2, 1):
            phrase = " ".join(t.lower_ for t in doc[i:i + n])
            if i + n <= len(doc) and phrase in self.cues:
                return str(self.cues[phrase]["past"]), n
        if i + 1 < len(doc) and doc[i].lower_ in self.relatives and doc[i + 1].lower_ in self.past_cues:
            return doc[i + 1].lower_, 2
        return None

    def _reorder(self, doc: Doc, words: dict[int, str], lead_lemma: str) -> str | None:
        """"Tuned X, improving Y." (or ", which improved Y") -> "Improved Y by tuning X." for a
        one-sentence, past-tense bullet."""
        if len(list(doc.sents)) != 1 or len(doc) < 5:
            return None
        lead = doc[0]
        if self.inflect.form_of(lead) != "past" or lead.lemma_ == lead.lower_ or lead.lemma_ in self.shared:
            return None
        comma = next((t.i for t in doc[2:] if t.text == "," and self._cue_at(doc, t.i + 1)), None)
        if comma is None:
            return None
        body, final = _split_final(doc.text)
        method = doc[1:comma]
        outcome = [t for t in doc[comma + 1:] if t.idx < len(body)]
        if any(t.lower_ == "by" for t in method) or any(t.text in _CLAUSE_MARKS | {":", "(", "—"} for t in outcome):
            return None
        parts: list[str] = []
        skip = 0
        for t in outcome:
            if skip:
                skip -= 1
                continue
            first = t.i == comma + 1
            cue = self._cue_at(doc, t.i) if first or doc[t.i - 1].lower_ == "and" else None
            if cue:
                past, n = cue
                parts.append(past + doc[t.i + n - 1].whitespace_)
                skip = n - 1
            elif (doc[t.i - 1].lower_ == "and" and self.inflect.form_of(t) == "past" and t.lemma_ != t.lower_
                  and t.lower_ not in self.past_cues):
                return None  # "…, improving Y and reported Z": a second finished clause, not an outcome
            else:
                parts.append(words[t.i] + t.whitespace_)
        outcome_text = "".join(parts).strip()
        gerund = self.inflect.form(lead_lemma, "ing")
        method_text = "".join(words[t.i] + t.whitespace_ for t in method).strip()
        return f"{_cap(outcome_text, lead.text)} by {gerund} {method_text}{final}"

    def detail(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """The phrase a finding sits in: from the finding to the next clause mark or bracket."""
        body, _ = _split_final(doc.text)
        stop = next((t.idx for t in doc if t.idx >= end and t.text in _CLAUSE_MARKS | {"(", ")"}), len(body))
        stop = min(stop, len(body))
        return start, start + len(body[start:stop].rstrip())

    def trim(self, doc: Doc, start: int, end: int) -> tuple[str, str, tuple[int, int]] | None:
        """(text without the clause holding chars start..end, the cut clause, its span), or None
        when the detail is its sentence's main clause and cutting it would leave nothing to say.
        Only the finding's own sentence is touched."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.sent
        sent_end = sent.start_char + len(_split_final(sent.text)[0])
        cut_start = None
        for t in reversed(doc[sent.start:span.start]):
            if t.text in _CLAUSE_MARKS:
                cut_start = t.idx
                break
            if t.lower_ == "and" and self._finite(doc[t.i + 1]):
                cut_start = t.idx - (1 if t.idx and doc.text[t.idx - 1] == " " else 0)
                break
        if cut_start is None:
            return self._cut_sentence(doc, sent)
        cut_end = next((t.idx for t in doc[span.end:sent.end] if t.text in _CLAUSE_MARKS and t.idx < sent_end),
                       sent_end)
        text = doc.text
        if len((text[sent.start_char:cut_start] + text[cut_end:sent_end]).split()) < 3:
            return None
        kept = (text[:cut_start].rstrip(" ,;") + text[cut_end:]).strip()
        cut = text[cut_start:cut_end].strip(" ,;")
        if cut.lower().startswith("and "):
            cut = cut[4:]
        return kept, cut, (cut_start, cut_end)

    @staticmethod
    def _cut_sentence(doc: Doc, sent) -> tuple[str, str, tuple[int, int]] | None:
        """In a paragraph of several sentences, a research-only sentence can go as a whole."""
        if len(list(doc.sents)) < 2:
            return None
        text = doc.text
        kept = (text[:sent.start_char] + text[sent.end_char:]).strip()
        return " ".join(kept.split()), sent.text.strip(), (sent.start_char, sent.end_char)

    def _finite(self, token: Token) -> bool:
        return self.inflect.form_of(token) == "past" and token.lemma_ != token.lower_
