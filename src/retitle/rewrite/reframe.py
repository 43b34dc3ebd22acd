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
# A figure of change: "27%", "2×", "3x", "10 percent".
_AMOUNT = re.compile(r"~?\d+(?:\.\d+)?\s?(?:%|×|x\b|-fold\b|percent\b)")
_DETERMINERS = {"a", "an", "the", "its", "their", "our", "his", "her", "this", "that", "these", "those", "my"}
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b|['’]\d{2}\b")  # a venue's year is no result a trim could lose
# A paragraph's sentence a trim may cut whole when the detail sits late in it: a short sentence is
# about its detail ("Our work was accepted at ECCV 2022."); a long one is a sentence of work.
MAX_DETAIL_SENTENCE_WORDS = 12
# A comma segment this short (the cut one or one beside it) makes the cut an item of a list, not a clause.
MAX_LIST_ITEM_WORDS = 4
# Words of a lead verb's object read for the thing it made ("a state-of-the-art segmentation model"):
# past this, a noun belongs to some later phrase.
MAX_OBJECT_WORDS = 8
_FINAL = ".;!"
# Bullet glyphs a PDF's text layer can leave at the start of a block ("○ Trained …", "| Created …"):
# the sentence's action starts after them, and a reframe keeps them where they were.
BULLET_GLYPHS = frozenset("○◦•●▪■□◆◇►▸‣⁃∙·|+*-–—␣")  # ␣: the visible space some fonts put after one


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


def _nominal_word(token: Token) -> bool:
    """A capitalised word or one with a noun's ending ("Development", "evaluation"): after "and",
    it makes the word before it a noun too ("Research and Development Engineer")."""
    return token.text[:1].isupper() or re.search(r"(ment|tion|sion|ance|ence|ity|ness|ure)s?$", token.lower_) is not None


def _title_case(tokens) -> bool:
    """Most words capitalised: a title ("Prediction of Mechanical Strength of Concrete"), not a line of work."""
    words = [t for t in tokens if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and sum(t.text[:1].isupper() for t in words) > len(words) / 2


def _cap(text: str, like: str) -> str:
    """Capitalise `text` the way `like` starts (upper or lower)."""
    if not text or not like:
        return text
    return text[0].upper() + text[1:] if like[0].isupper() else text[0].lower() + text[1:]


def keeps_flagged(flagged: str, text: str) -> bool:
    """The flagged words still stand in `text` as words: "predict" survives in "to predict X",
    not in "a prediction model" (the verb became the name of what was built)."""
    return re.search(rf"(?<!\w){re.escape(flagged)}(?!\w)", text) is not None


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
        self.leads = {str(k).lower(): str(v).lower() for k, v in (data.get("lead_verbs") or {}).items()}
        self.lead_objects = {str(k).lower(): {str(w).lower() for w in v}
                             for k, v in (data.get("lead_verb_objects") or {}).items()}
        self.lead_noun_before = {str(w).lower() for w in data.get("lead_noun_before") or []}
        self.nominal_cues = {str(w).lower() for w in data.get("nominal_outcome_cues") or []}
        self.nominal_fillers = {str(w).lower() for w in data.get("nominal_outcome_fillers") or []}
        self.outcome_nouns = {str(k).lower(): str(v).lower() for k, v in (data.get("outcome_nouns") or {}).items()}
        self.synonyms = {str(k).lower(): {str(w).lower() for w in v} for k, v in (data.get("lead_synonyms") or {}).items()}
        self.object_ends = {str(w).lower() for w in data.get("lead_object_ends") or []}
        self.lead_drop_after = {str(k).lower(): str(v).lower() for k, v in (data.get("lead_drop_after") or {}).items()}
        self.nominals = {str(k).lower(): str(v).lower() for k, v in (data.get("nominal_leads") or {}).items()}
        # Hype phrases by their first word, longest first: a token is compared only with the
        # phrases it can start (the sentence loop visits every token).
        self.hype: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted((tuple(str(p).lower().split()) for p in data.get("hype_words") or []), key=len, reverse=True):
            if phrase:
                self.hype.setdefault(phrase[0], []).append(phrase)
        self.hype_kept_before = {str(w).lower() for w in data.get("hype_kept_before") or []}
        self.metric_cues = {str(w).lower() for w in data.get("metric_cues") or []}
        self.metric_words = {str(w).lower() for w in data.get("metric_words") or []}
        self.focus = data.get("research_focus") or {}

    def reframe(self, doc: Doc, rewrite: dict[str, Any], reorder_only: bool = False) -> str | None:
        """The bullet reframed, or None when the data gives no honest change for it (with
        `reorder_only`, None unless the outcome clause moves first)."""
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
        text = self._reorder(doc, words, swapped.get(0, doc[0].lemma_))
        if text is None and reorder_only:
            return None
        text = text or "".join(words[t.i] + t.whitespace_ for t in doc)
        text = text.strip()
        return text if text != doc.text.strip() else None

    # -- the finding's sentence, rewritten ----------------------------------------------------

    def reframe_finding(self, doc: Doc, start: int, end: int, rewrite: dict[str, Any] | None = None) -> str | None:
        """The block with the sentence holding chars start..end reframed (the other sentences as
        they are), or None when no edit rewrites the flagged words. Edits, all from the bullet's
        own words: an outcome clause moved first; the research lead verb swapped for the
        engineering one ("Proposed" -> "Designed", "Studied" -> "Analysed"); a nominal fragment
        made a verb ("Classification of X" -> "Classified X"); "novel", "state-of-the-art" dropped;
        a trailing accuracy clause put in brackets; "My research focuses on building X" ->
        "I build X". The flagged words must not survive verbatim."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        flagged = doc.text[start:end]
        sent = span.sent
        if len(sent) < 3:
            return None
        words = {t.i: t.text + t.whitespace_ for t in sent}
        changed = False
        if len(list(doc.sents)) == 1:  # the outcome-first reorder is for a one-sentence bullet
            reordered = self.reframe(doc, rewrite or {}, reorder_only=True)
            if reordered and not keeps_flagged(flagged, reordered):
                return reordered
        lead = self._lead_index(sent)
        changed |= self._focus(sent, words)
        if not changed and lead is not None:
            changed |= self._nominal(sent, lead, words) or self._lead_verb(sent, lead, words, rewrite or {})
        if not changed and span.start > sent.start and doc[span.start - 1].lower_ in ("and", ",", ";"):
            # a finding that opens a coordinated clause ("…, and proposed a method"): its own verb
            changed |= self._lead_verb(sent, span.start, words, rewrite or {})
        changed |= self._drop_hype(sent, words, (start, end))
        changed |= self._demote_metric(sent, lead, words)
        if not changed:
            return None
        new = "".join(words[t.i] for t in sent)
        text = doc.text[:sent.start_char] + new + doc.text[sent.end_char + len(sent[-1].whitespace_):]
        text = re.sub(r" {2,}", " ", text).strip()
        if keeps_flagged(flagged, text) or text == doc.text.strip():
            return None
        return text

    def _lead_index(self, sent) -> int | None:
        """The token a sentence's action starts at: its first, after "I"/"We", or after a
        short "Label:" prefix ("Churn model: Trained …")."""
        i = sent.start
        while i + 1 < sent.end and sent.doc[i].text in BULLET_GLYPHS:
            i += 1
        for t in sent[: min(len(sent), 9)]:
            if t.text == ":" and t.i + 1 < sent.end and t.i > sent.start:
                i = t.i + 1
                break
        if sent.doc[i].lower_ in ("i", "we") and i + 1 < sent.end:
            i += 1
        return i if i < sent.end else None

    def _form_for(self, token: Token) -> str | None:
        form = self.inflect.form_of(token)
        if form is None and token.lower_.endswith("ed"):
            return "past"
        return form

    def _lead_verb(self, sent, i: int, words: dict[int, str], rewrite: dict[str, Any]) -> bool:
        """A research lead verb (and one coordinated right after it) swapped for its engineering verb."""
        doc = sent.doc
        leads = {**self.leads, **{str(k).lower(): str(v).lower() for k, v in (rewrite.get("swap") or {}).items()}}
        done = False
        for j in (i, i + 2):
            if j >= sent.end or (j == i + 2 and doc[i + 1].lower_ != "and"):
                continue
            token = doc[j]
            target = leads.get(token.lemma_)
            form = self._form_for(token) if target else None
            if not target or form not in ("past", "base", "s", "ing") or target == token.lemma_:
                continue
            nxt = doc[j + 1] if j + 1 < sent.end else None
            if form in ("base", "s") and (nxt is None or nxt.text[:1].isupper() or nxt.lower_ in self.lead_noun_before
                                          or nxt.lower_ == "and" and j + 2 < sent.end and _nominal_word(doc[j + 2])
                                          or self._finite(nxt)):
                continue  # "Research Assistant", "Research and Development", "Research integrated into X": a noun
            objects = self.lead_objects.get(token.lemma_)
            if objects and not any(t.lemma_ in objects or t.lower_ in objects for t in self._object_words(sent, j)):
                continue  # "Designed A/B tests" is no build; "Designed a ranking model" is
            if j == i + 2 and self.leads.get(doc[i].lemma_, doc[i].lemma_) == target:
                continue  # "Designed and developed" must not become "Built and built"
            if j == i and i + 2 < sent.end and doc[i + 1].lower_ == "and" and (
                    doc[i + 2].lemma_ in self.synonyms.get(target, ())):
                continue  # "Designed and implemented" must not become "Built and implemented"
            if any(t.i != j and t.lemma_ == target and self._form_for(t) == form for t in self._clause(sent, j)):
                continue  # "Developed X and built Y" must not become "Built X and built Y"
            target = self._spelling(doc, target)
            words[j] = _cap(self.inflect.form(target, form), token.text) + token.whitespace_
            if nxt is not None and nxt.lower_ in ("on", "in", "into") and target != "work":
                continue  # "Researching on X" -> "Analysing on X" is no English
            drop = self.lead_drop_after.get(token.lemma_)
            if drop and j + 1 < sent.end and doc[j + 1].lower_ == drop:
                words[j + 1] = ""
            done = True
        return done

    @staticmethod
    def _clause(sent, j: int):
        """The tokens of the clause holding j: between the semicolons around it."""
        doc = sent.doc
        start = max((t.i + 1 for t in doc[sent.start:j] if t.text == ";"), default=sent.start)
        end = min((t.i for t in doc[j:sent.end] if t.text == ";"), default=sent.end)
        return doc[start:end]

    def _object_words(self, sent, j: int):
        """The words of the object of the verb at j ("Designed and ran | experiments | comparing
        …"): past a coordinated verb, up to a clause mark, a preposition or another verb, so a later
        phrase's noun ("… comparing the algorithm") does not pass for the thing designed."""
        doc = sent.doc
        k = j + 1
        if k + 1 < sent.end and doc[k].lower_ == "and" and self._form_for(doc[k + 1]) is not None:
            k += 2
        out = []
        while k < sent.end and sum(t.is_alpha for t in out) < MAX_OBJECT_WORDS:
            t = doc[k]
            nxt = doc[k + 1].lower_ if k + 1 < sent.end else ""
            if t.text in _CLAUSE_MARKS | {":", "(", ")", ".", "—", "–"} or t.lower_ in self.object_ends or (
                    t.lower_ == "based" and nxt in ("on", "upon")) or (
                    out and t.lemma_ != t.lower_ and self.inflect.form_of(t) in ("ing", "past")
                    and nxt in _DETERMINERS):
                break  # "… comparing the algorithm": a verb with its own object; "a ranking model" is one noun
            out.append(t)
            k += 1
        return out

    @staticmethod
    def _spelling(doc: Doc, verb: str) -> str:
        """"analyse" or "analyze", as the bullet spells its other -ise/-ize words."""
        if verb.endswith("yse") and re.search(r"\w(?:yz|iz)(?:e|ed|ing|ation)\b", doc.text):
            return verb[:-3] + "yze"
        return verb

    def _nominal(self, sent, i: int, words: dict[int, str]) -> bool:
        """"Classification of X using Y" -> "Classified X using Y": a fragment given its verb."""
        doc = sent.doc
        verb = self.nominals.get(doc[i].lower_)
        if not verb or i + 1 >= sent.end or doc[i + 1].lower_ not in ("of", "on"):
            return False
        if i + 2 < sent.end and self.inflect.form_of(doc[i + 2]) == "ing" and doc[i + 2].lemma_ != doc[i + 2].lower_:
            return False  # "Analysis of finding X" -> "Analysed finding X" is no English
        if doc[i].i != sent.start and doc[i - 1].text != ":":
            return False
        if _title_case(doc[i + 1:sent.end]):
            return False  # "Thesis: Prediction of Mechanical Strength of Concrete" is a title
        words[i] = _cap(self.inflect.form(self._spelling(doc, verb), "past"), doc[i].text) + doc[i].whitespace_
        if doc[i + 1].lower_ == "of":
            words[i + 1] = ""
        else:  # "Research on X" -> "Worked on X"
            pass
        return True

    def _drop_hype(self, sent, words: dict[int, str], within: tuple[int, int] | None = None) -> bool:
        """"a novel method" -> "a method", "state-of-the-art models" -> "models"."""
        doc = sent.doc
        done = False
        longest = max((len(p[0]) for p in self.hype.values()), default=0)
        start = sent.start
        lows = [t.lower_ for t in doc[start:sent.end + longest]]  # a phrase may run past the sentence
        i = start
        while i < sent.end:
            at = i - start
            hit = next((p for p in self.hype.get(lows[at], ()) if tuple(lows[at:at + len(p)]) == p), None)
            if not hit:
                i += 1
                continue
            j = i + len(hit)
            inside = within is None or (doc[i].idx < within[1] and doc[j - 1].idx + len(doc[j - 1]) > within[0])
            if (j >= sent.end or not doc[j].is_alpha or doc[j].is_stop or i == sent.start
                    or doc[i - 1].text in ":(" or not inside or doc[j].lower_ in self.hype_kept_before):
                i = j
                continue
            for k in range(i, j):
                words[k] = ""
            prev = doc[i - 1]
            if prev.lower_ in ("a", "an"):
                article = "an" if doc[j].lower_[0] in "aeiou" else "a"
                words[prev.i] = _cap(article, prev.text) + prev.whitespace_
            done = True
            i = j
        return done

    def _demote_metric(self, sent, lead: int | None, words: dict[int, str]) -> bool:
        """", achieving 94% accuracy on X" at a sentence's end -> " (94% accuracy on X)"."""
        doc = sent.doc
        body_end = sent.end
        while body_end > sent.start and doc[body_end - 1].text in _FINAL:
            body_end -= 1
        for t in sent:
            if t.text != "," or t.i + 2 >= body_end or lead is None or t.i < lead + 2:
                continue
            cue = doc[t.i + 1]
            if cue.lower_ not in self.metric_cues:
                continue
            rest = doc[t.i + 2:body_end]
            if (not any(x.like_num for x in rest) or not any(x.lemma_ in self.metric_words for x in rest)
                    or any(x.text in {",", ";", "(", ")", ":"} for x in rest) or len(rest) > 12):
                continue
            words[t.i] = " ("
            words[t.i - 1] = words[t.i - 1].rstrip()
            words[cue.i] = ""
            last = doc[body_end - 1]
            words[last.i] = last.text + ")" + last.whitespace_
            return True
        return False

    def _focus(self, sent, words: dict[int, str]) -> bool:
        """"My research focuses on developing X" -> "I develop X"; "… focused on …" -> "Developed X"."""
        doc = sent.doc
        i = sent.start
        toks = [t.lower_ for t in doc[i:min(sent.end, i + 7)]]
        owners = self.focus.get("owners") or ["my", "our"]
        nouns = self.focus.get("nouns") or ["research", "work"]
        if not toks or toks[0] not in owners:
            return False
        k = 1
        while k < len(toks) and toks[k] in (self.focus.get("qualifiers") or []):
            k += 1
        if k >= len(toks) - 2 or toks[k] not in nouns:
            return False
        verb = doc[i + k + 1]
        if verb.lemma_ not in (self.focus.get("verbs") or ["focus"]) or toks[k + 2 if k + 2 < len(toks) else -1] != "on":
            return False
        j = i + k + 3
        if j >= sent.end or self.inflect.form_of(doc[j]) != "ing" or doc[j].lemma_ == doc[j].lower_:
            return False
        form = "past" if verb.lower_.endswith("ed") else "base"
        pronoun = "I" if toks[0] == "my" else "We"
        for m in range(i, j):
            words[m] = ""
        lead = self.inflect.form(doc[j].lemma_, form)
        words[j] = (f"{pronoun} {lead}" if form == "base" else _cap(lead, "X")) + doc[j].whitespace_
        return True

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

    def _nominal_outcome(self, doc: Doc, i: int, body_end: int) -> tuple[str, str, str, int | None] | None:
        """", resulting in a 27% increase in the conversion rate" at i, up to `body_end` (the final
        stop left out): (the outcome verb in the past, what changed, the amount, where a further
        "and improved Y" starts or None); None
        unless the change is a figure (a bare "resulting in better X" claims no amount to move)."""
        k = i
        if k + 1 >= len(doc) or " ".join(t.lower_ for t in doc[k:k + 2]) not in self.nominal_cues:
            return None
        k += 2
        if k < len(doc) and doc[k].lower_ in ("a", "an"):
            k += 1
        while k < len(doc) and doc[k].lower_ in self.nominal_fillers:
            k += 1
        m = _AMOUNT.match(doc.text, doc[k].idx) if k < len(doc) else None
        if m is None:
            return None
        amount = m.group(0).replace(" ", "")
        while k < len(doc) and doc[k].idx < m.end():
            k += 1
        if k + 2 >= len(doc) or doc[k].lower_ not in self.outcome_nouns or doc[k + 1].lower_ != "in":
            return None
        verb, start = self.outcome_nouns[doc[k].lower_], k + 2
        thing, rest = [], None
        for t in doc[start:]:
            if t.idx >= body_end:
                break
            if t.lower_ == "and" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in self.past_cues:
                rest = t.i  # "… in training time and improved model convergence"
                break
            if t.text in _CLAUSE_MARKS | {":", "(", ")", "—"} or (
                    t.lower_ in self.object_ends and t.lower_ != "in" and doc[t.i - 1].text != "-"):
                return None  # "… in error through cross-validation": a tail this shape cannot place
            thing.append(t)
        if not thing:
            return None
        return verb, doc[thing[0].i:thing[-1].i + 1].text, amount, rest

    def _reorder(self, doc: Doc, words: dict[int, str], lead_lemma: str) -> str | None:
        """"Tuned X, improving Y." (or ", which improved Y") -> "Improved Y by tuning X." for a
        one-sentence, past-tense bullet."""
        if len(list(doc.sents)) != 1 or len(doc) < 5:
            return None
        lead = doc[0]
        if self.inflect.form_of(lead) != "past" or lead.lemma_ == lead.lower_ or lead.lemma_ in self.shared:
            return None
        body, final = _split_final(doc.text)
        comma = nominal = None
        for t in doc[2:]:  # the first comma an outcome follows, read once
            if t.text == ",":
                nominal = self._nominal_outcome(doc, t.i + 1, len(body))
                if nominal or self._cue_at(doc, t.i + 1):
                    comma = t.i
                    break
        if comma is None:
            return None
        method = doc[1:comma]
        outcome = [t for t in doc[comma + 1:] if t.idx < len(body)]
        if any(t.lower_ == "by" or t.text == ";" for t in method) or any(t.text in _CLAUSE_MARKS | {":", "(", "—"} for t in outcome):
            return None
        if any(doc[t.i - 1].lower_ == "and" and t.i > 2 and self._finite(t) for t in method):
            return None  # "Ran X and led Y, improving Z": the outcome is not the first clause's alone
        parts: list[str] = []
        skip = 0
        if nominal:  # ", resulting in a 27% increase in conversion" -> "Increased conversion by 27%"
            verb, thing, amount, rest = nominal
            parts.append(f"{verb} {thing} by {amount}{' ' if rest is not None else ''}")
            outcome = [t for t in outcome if rest is not None and t.i >= rest]
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
            elif (doc[t.i - 1].lower_ == "and" and self.inflect.form_of(t) in ("past", "ing") and t.lemma_ != t.lower_
                  and t.lower_ not in self.past_cues):
                return None  # "…, improving Y and reported Z": a second finished clause, not an outcome
            else:
                parts.append(words[t.i] + t.whitespace_)
        outcome_text = "".join(parts).strip()
        gerund = self.inflect.form(lead_lemma, "ing")
        method_words = dict(words)
        for t in method:  # "Trained and fine-tuned X" -> "by training and fine-tuning X"
            if (t.i >= 2 and doc[t.i - 1].lower_ == "and" and doc[t.i - 1].i == 1 and self.inflect.form_of(t) == "past"
                    and t.lemma_ != t.lower_):
                method_words[t.i] = self.inflect.form(t.lemma_, "ing")
        method_text = "".join(method_words[t.i] + t.whitespace_ for t in method).strip()
        if re.match(r"and \w+-\w+ed\b", method_text):  # "and fine-tuned X" -> "and fine-tuning X"
            head, verb, tail = re.match(r"(and \w+-)(\w+ed)\b(.*)", method_text).groups()
            lemma = next((t.lemma_ for t in method if t.lower_ == verb.lower()), None)
            if not lemma or lemma == verb.lower():
                return None
            method_text = head + self.inflect.form(lemma, "ing") + tail
        return f"{_cap(outcome_text, lead.text)} by {gerund} {method_text}{final}"

    def trim(self, doc: Doc, start: int, end: int, sentence: bool = False) -> tuple[str, str, tuple[int, int]] | None:
        """(text without the clause holding chars start..end, the cut clause, its span), or None
        when no cut is a whole clause of detail: the detail is the sentence's main clause, an item
        of a list ("Reviewer for NeurIPS, ICML, ICLR": one venue cut says nothing), a label
        ("Thesis:") whose line stays what it was, or the cut would take a figure the finding does
        not hold (a result). With `sentence`, a paragraph's sentence that is the detail (a
        publication, a citation count) may go whole. Only the finding's own sentence is touched."""
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
            detail_first = span.start - sent.start <= (sent.end - sent.start) // 2
            short = sum(t.is_alpha or t.like_num for t in sent) <= MAX_DETAIL_SENTENCE_WORDS
            # "I have led projects … through to peer-reviewed publication." is a sentence of work
            cut = self._cut_sentence(doc, sent) if sentence and (short or detail_first) else None
        else:
            cut_end = next((t.idx for t in doc[span.end:sent.end] if t.text in _CLAUSE_MARKS and t.idx < sent_end),
                           sent_end)
            text = doc.text
            if len((text[sent.start_char:cut_start] + text[cut_end:sent_end]).split()) < 3:
                return None
            if self._list_item(doc, sent, span.start):
                return None
            kept = (text[:cut_start].rstrip(" ,;") + text[cut_end:]).strip()
            detail = text[cut_start:cut_end].strip(" ,;")
            if detail.lower().startswith("and "):
                detail = detail[4:]
            cut = kept, detail, (cut_start, cut_end)
        if cut is None or cut[1].rstrip().endswith(":"):
            return None
        outside = _YEAR.sub("", doc.text[cut[2][0]:start] + doc.text[end:cut[2][1]])
        if re.search(r"\d", outside):
            return None  # "…, achieving 81% accuracy through tuning": the result is no detail
        return cut

    def _list_item(self, doc: Doc, sent, at: int) -> bool:
        """The cut is one item of a list of three or more ("Reviewer for NeurIPS, ICML, ICLR": one
        venue cut says nothing): it opens with no verb or preposition of its own, and it or a
        segment beside it is a short item."""
        segments, begin = [], sent.start
        for t in sent:
            if t.text in _CLAUSE_MARKS:
                segments.append(doc[begin:t.i])
                begin = t.i + 1
        segments.append(doc[begin:sent.end])
        here = next((k for k, seg in enumerate(segments) if seg.start <= at < seg.end), None)
        if here is None or len(segments) < 3:
            return False
        words = [t for t in segments[here] if t.lower_ not in ("and", "or")]
        first = words[0] if words else None
        after = words[1].lower_ if len(words) > 1 else ""
        if first is None or first.lower_ in self.object_ends or (
                first.is_lower and first.lemma_ != first.lower_ and self.inflect.form_of(first) in ("past", "ing")
                and (after in self.object_ends or after in _DETERMINERS or after in ("as", "at", "into", "up", "out"))):
            return False  # ", with a focus on tuning", ", selected as oral": a clause ("learning rates" is an item)
        near = [segments[k] for k in (here - 1, here, here + 1) if 0 <= k < len(segments)]
        return any(0 < sum(t.is_alpha or t.like_num for t in seg) <= MAX_LIST_ITEM_WORDS for seg in near)

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
