"""Reframe shapes: a research-framed sentence rebuilt around what was built, from its own words.

Each shape recognises one common way resumes phrase ML work and rewrites only the sentence the
finding sits in (the block's other sentences stay verbatim):
- task verb: "Classified tickets with an SVM, reaching 91% accuracy" -> "Built an SVM ticket
  classifier (91% accuracy)";
- task fragment: "Classification of X using Y" -> "Built a Y classifier for X";
- model purpose: "Trained a model to predict churn" -> "Built a churn prediction model";
- model for a task: "Trained a CNN for table detection" -> "Built a CNN table detector";
- a thing built to do something: "Designed a module to infer X" -> "Built a module that infers X";
- analysis: "Conducted an analysis of X" -> "Analysed X";
- aim: "The aim of this project is to classify X" -> "Built a classifier for X", "The project's
  main goal was to use X to Y" -> "Used X to Y";
- a share: "Participated in building X" -> "Helped build X" (never more than a share);
- a duty: "Was responsible for building X" -> "Built X";
- analysis with a purpose: "Conducted statistical analysis to examine X" -> "Statistically analysed X".
All vocabulary comes from the `shapes` entry of lexicons/reframe.yaml, read in `ShapeData` only.
A shape that does not fit returns None; the rewriter then offers the prompt, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from retitle.rewrite.reframe import BULLET_GLYPHS

# Longest object noun phrase ("support tickets", "customer churn") a shape folds into a compound
# ("a customer churn prediction model"); past this the phrase stays after "for".
MAX_COMPOUND_WORDS = 3
# Longest object or method phrase a shape moves at all: past this the sentence is not one shape.
MAX_PHRASE_WORDS = 6
# Longest metric clause (", reaching 91% accuracy on the test set") put in brackets.
MAX_METRIC_WORDS = 8

_FINAL = ".;!"
# The copula before "responsible for" and the tense the rebuilt verb takes ("I am responsible for
# building X" -> "I build X").
COPULA_FORMS = {"was": "past", "were": "past", "am": "base", "are": "base", "is": "s"}
_BREAKS = {",", ";", ":", "(", ")", "|", "—", "–", "/"}
# The words between a model and the verb of its purpose: "a model to predict X", "a model that predicts X".
_PURPOSE_LINKS = ("to", "that", "which")
# A model name's version, dropped to look the name up: "resnet-50", "yolov5", "llama-2".
_VERSION_RE = re.compile(r"[-_]?v?\d+(?:\.\d+)?[a-z]?$")


def _names_a_tool(doc: Doc, i: int, end: int) -> bool:
    """The word at i is a name ("Python", "PyTorch", "AWS"), not a thing the work was for."""
    return i < end and doc[i].text[:1].isupper()


def _words(data: dict[str, Any], key: str) -> set[str]:
    return {str(w).lower() for w in data.get(key) or []}


def _map(data: dict[str, Any], key: str) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (data.get(key) or {}).items()}


@dataclass
class ShapeData:
    """Every key of the `shapes` entry of reframe.yaml, read here and nowhere else."""

    task_verbs: dict[str, str] = field(default_factory=dict)  # classify -> classifier
    task_nouns: dict[str, str] = field(default_factory=dict)  # classification -> classifier
    purpose_verbs: dict[str, str] = field(default_factory=dict)  # predict -> prediction model
    build_verbs: set[str] = field(default_factory=set)  # develop, train, ... (lemmas)
    model_heads: set[str] = field(default_factory=set)  # model, network, classifier (lemmas)
    task_model_heads: set[str] = field(default_factory=set)  # model, network: "a model for X detection"
    model_nouns: set[str] = field(default_factory=set)  # svm, cnn, random forest (lower case)
    method_introducers: set[str] = field(default_factory=set)  # using, with, via
    object_stops: set[str] = field(default_factory=set)  # words that end an object phrase
    analysis_verbs: set[str] = field(default_factory=set)  # conduct, perform (lemmas)
    analysis_nouns: dict[str, str] = field(default_factory=dict)  # analysis -> analyse, evaluation -> evaluate
    analysis_topics: set[str] = field(default_factory=set)  # robustness: "robustness analysis of X"
    generic_adjectives: set[str] = field(default_factory=set)  # thorough, comprehensive
    analysis_preps: set[str] = field(default_factory=set)  # of, on, into
    wh_words: set[str] = field(default_factory=set)  # how, whether: "a study of how X" -> "Analysed how X"
    aim_nouns: set[str] = field(default_factory=set)  # aim, goal, objective
    aim_owners: set[str] = field(default_factory=set)  # project, thesis, work
    share_verbs: set[str] = field(default_factory=set)  # participate, contribute (lemmas)
    share_preps: set[str] = field(default_factory=set)  # in, to, with
    duty_adjectives: dict[str, str] = field(default_factory=dict)  # responsible -> for
    analysis_purposes: set[str] = field(default_factory=set)  # examine, investigate: "analysis to examine X"
    analysis_manners: dict[str, str] = field(default_factory=dict)  # statistical -> statistically
    analysis_subjects: dict[str, str] = field(default_factory=dict)  # use case -> use cases: "use case analyses"
    built_heads: set[str] = field(default_factory=set)  # module, tool, prototype: "a tool to parse X"
    function_verbs: set[str] = field(default_factory=set)  # parse, infer: "a tool that parses X"
    aim_qualifiers: set[str] = field(default_factory=set)  # main, primary: "the main goal of ..."
    aim_verbs: set[str] = field(default_factory=set)  # use, evaluate: "the aim was to use X" -> "Used X"
    share_gerunds: set[str] = field(default_factory=set)  # clean, label: "assisted in cleaning X"
    gerund_compounds: set[str] = field(default_factory=set)  # sessions, data: "training sessions"

    @classmethod
    def from_lexicon(cls, reframe: dict[str, Any]) -> "ShapeData":
        data = reframe.get("shapes") or {}
        return cls(
            task_verbs=_map(data, "task_verbs"), task_nouns=_map(data, "task_nouns"),
            purpose_verbs=_map(data, "purpose_verbs"), build_verbs=_words(data, "build_verbs"),
            model_heads=_words(data, "model_heads"),
            task_model_heads=_words(data, "task_model_heads"), model_nouns=_words(data, "model_nouns"),
            method_introducers=_words(data, "method_introducers"), object_stops=_words(data, "object_stops"),
            analysis_verbs=_words(data, "analysis_verbs"), analysis_nouns=_map(data, "analysis_nouns"),
            analysis_topics=_words(data, "analysis_topics"),
            generic_adjectives=_words(data, "generic_adjectives"), analysis_preps=_words(data, "analysis_preps"),
            wh_words=_words(data, "wh_words"),
            aim_nouns=_words(data, "aim_nouns"), aim_owners=_words(data, "aim_owners"),
            share_verbs=_words(data, "share_verbs"), share_preps=_words(data, "share_preps"),
            duty_adjectives=_map(data, "duty_adjectives"),
            analysis_purposes=_words(data, "analysis_purposes"),
            analysis_manners=_map(data, "analysis_manners"),
            analysis_subjects=_map(data, "analysis_subjects"),
            built_heads=_words(data, "built_heads"), function_verbs=_words(data, "function_verbs"),
            aim_qualifiers=_words(data, "aim_qualifiers"), aim_verbs=_words(data, "aim_verbs"),
            share_gerunds=_words(data, "share_gerunds"), gerund_compounds=_words(data, "gerund_compounds"),
        )


def article(word: str) -> str:
    """"a" or "an" by the sound of `word`: "an SVM", "an LSTM", "a CNN", "an image", "a user"."""
    if not word:
        return "a"
    if len(word) > 1 and word[:2].isupper():  # said letter by letter: "an SVM", "an XGBoost", "an LSTMs"
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    low = word.lower()
    if re.match(r"(uni|use|usa|eu|one|ur)", low):
        return "a"
    if re.match(r"(hour|honest)", low):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


def singular(word: str) -> str:
    """A plural noun as the modifier of a compound: "tickets" -> "ticket", "images" -> "image"."""
    low = word.lower()
    if len(low) < 4 or low.endswith(("ss", "us", "is", "ics")) or not low.endswith("s"):
        return word
    if low.endswith("ies"):
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _lower_first(text: str) -> str:
    """A phrase moved out of the first position: "Face images" -> "face images"; "SVM" stays."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return first.lower() + text[len(first):]
    return text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class Shapes:
    """The shapes, sharing the reframer's inflector (verb forms) and lead finder."""

    def __init__(self, data: ShapeData, reframer):
        self.d = data
        self.r = reframer

    # -- entry point -------------------------------------------------------------------------

    def reframe(self, doc: Doc, start: int, end: int) -> str | None:
        """The block with the finding's sentence rebuilt by the first shape that fits, or None."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.sent
        if len(sent) < 3:
            return None
        lead = self.r._lead_index(sent)
        if lead is None or any(t.text == "|" for t in doc[lead:sent.end]):
            return None
        body_end = sent.end
        while body_end > lead and doc[body_end - 1].text in _FINAL:
            body_end -= 1
        final = doc.text[doc[body_end - 1].idx + len(doc[body_end - 1]):sent.end_char].strip() if body_end < sent.end else ""
        for shape in (self._aim, self._worked_on, self._duty, self._analysis, self._model_purpose, self._model_for_task, self._built_to,
                      self._task_verb,
                      self._task_fragment):
            new = shape(doc, lead, body_end)
            if new:
                break
        else:
            return None
        prefix = doc.text[sent.start_char:doc[lead].idx]
        words = prefix.split()
        while words and all(ch in BULLET_GLYPHS for ch in words[0]):  # "○ Trained …": the glyph stays, the action follows it
            words = words[1:]
        spoken = " ".join(words)
        if spoken and spoken.lower() not in ("i", "we") and not spoken.endswith(":"):
            return None
        if spoken.lower() in ("i", "we"):
            new = new[:1].lower() + new[1:]
        elif not spoken:
            new = _cap(new) if doc[lead].text[:1].isupper() else new
        text = doc.text[:sent.start_char] + prefix + new + final + doc.text[sent.end_char:]
        text = re.sub(r" {2,}", " ", text).strip()
        return None if text == doc.text.strip() else text

    # -- pieces ------------------------------------------------------------------------------

    def _form(self, doc: Doc, i: int) -> str:
        """The tense of the verb at i ("past", "base", "s", "ing"); fragments read as past."""
        form = self.r._form_for(doc[i])
        return form if form in ("past", "base", "s", "ing") else "past"

    def _verb(self, lemma: str, form: str) -> str:
        return self.r.inflect.form(lemma, form)

    def _phrase_end(self, doc: Doc, i: int, end: int) -> int:
        """Where an object phrase starting at i stops: a preposition, a clause mark, "and", "to"."""
        j = i
        while j < end and doc[j].lower_ not in self.d.object_stops and doc[j].text not in _BREAKS:
            j += 1
        return j

    @staticmethod
    def _text(doc: Doc, i: int, j: int) -> str:
        return doc[i:j].text if j > i else ""

    def _object(self, doc: Doc, i: int, end: int, keep_determiner: bool = False) -> tuple[str, int] | None:
        """The object phrase from i (its determiner dropped unless kept), and where it ends; None
        when it is empty, too long, or holds a verb form that makes it a clause."""
        j = self._phrase_end(doc, i, end)
        k = i
        if k < j and doc[k].lower_ in ("a", "an", "the"):
            k += 1
        if keep_determiner and k < j:
            k = i
        if k >= j or j - k > MAX_PHRASE_WORDS:
            return None
        if any(self.r.inflect.form_of(t) in ("past", "ing") and t.lemma_ != t.lower_ and t.lemma_ not in self.d.model_heads
               for t in doc[k:j]):
            return None
        return self._text(doc, k, j), j

    def _compound(self, phrase: str) -> str | None:
        """"support tickets" -> "support ticket" as a modifier; None when it does not fold."""
        words = phrase.split()
        if (not words or len(words) > MAX_COMPOUND_WORDS or any(re.search(r"\d", w) for w in words)
                or any(w.lower() in ("of", "and", "or", "all", "their", "its", "our", "my") for w in words)):
            return None
        return " ".join(words[:-1] + [singular(words[-1])])

    def _method(self, doc: Doc, i: int, end: int) -> tuple[str, int] | None:
        """After a method introducer at i: the method phrase when it names a model ("an SVM",
        "a random forest"), and where it ends."""
        if i >= end or doc[i].lower_ not in self.d.method_introducers:
            return None
        j = self._phrase_end(doc, i + 1, end)
        k = i + 1
        if k < j and doc[k].lower_ in ("a", "an", "the"):
            k += 1
        phrase = self._text(doc, k, j)
        if not phrase or j - k > MAX_COMPOUND_WORDS or phrase.lower() not in self.d.model_nouns:
            return None
        return phrase, j

    def _method_rest(self, doc: Doc, i: int, end: int) -> tuple[str | None, str | None]:
        """The method phrase at i, if any, and the rest of the sentence after it (None: no shape)."""
        method = self._method(doc, i, end)
        name = None
        if method:
            name, i = method
        return name, self._rest(doc, i, end)

    def _rest(self, doc: Doc, i: int, end: int) -> str | None:
        """The sentence after the moved phrases, with a trailing ", reaching 91% accuracy" put in
        brackets; None when what follows is a clause the shape cannot carry."""
        if i >= end:
            return ""
        text = doc.text[doc[i].idx:doc[end - 1].idx + len(doc[end - 1])]
        m = re.fullmatch(r"(?P<head>.*?),\s*(?:achieving|reaching|attaining|obtaining|yielding|with)\s+(?P<metric>[^,;()]+)", text)
        if m and re.search(r"\d", m["metric"]) and len(m["metric"].split()) <= MAX_METRIC_WORDS:
            head = m["head"].strip()
            return (" " + head if head else "") + f" ({m['metric'].strip()})"
        if doc[i].text in _BREAKS and doc[i].text != "(" or doc[i].lower_ in ("and", "to"):
            return None  # "joins / likes / opens": the object phrase was cut mid-list
        return " " + text

    def _build(self, form: str) -> str:
        return self._verb("build", form)

    # -- shapes ------------------------------------------------------------------------------

    def _task_phrase(self, agent: str, obj: str | None, method: str | None, form: str) -> str:
        """"Built an SVM ticket classifier", "Built a classifier for support tickets"."""
        compound = self._compound(obj) if obj else None
        if compound is not None:
            noun = " ".join(w for w in (method, _lower_first(compound), agent) if w)
            return f"{self._build(form)} {article(noun.split()[0])} {noun}"
        noun = " ".join(w for w in (method, agent) if w)
        tail = f" for {_lower_first(obj)}" if obj else ""
        return f"{self._build(form)} {article(noun.split()[0])} {noun}{tail}"

    def _task_verb(self, doc: Doc, i: int, end: int) -> str | None:
        """"Classified X with an SVM on Y, reaching 91% accuracy" -> "Built an SVM X classifier on Y (91% accuracy)"."""
        agent = self.d.task_verbs.get(doc[i].lemma_)
        form = self.r._form_for(doc[i])
        if not agent or form not in ("past", "base", "s", "ing"):
            return None
        if form in ("base", "s") and (i + 1 >= end or doc[i + 1].text[:1].isupper() and not doc[i + 1].is_upper):
            return None
        if i + 1 < end and doc[i + 1].lower_ == "of":
            return None  # "Forecasting of X" is a noun phrase (the task fragment's), not a verb and its object
        got = self._object(doc, i + 1, end)
        if got is None:
            return None
        obj, j = got
        method = self._method(doc, j, end)
        if method:
            name, j = method
            rest = self._rest(doc, j, end)
            if rest is None:
                return None
            return self._task_phrase(agent, obj, name, form) + rest
        rest = self._rest(doc, j, end)
        if rest is None:
            return None
        obj = self._object(doc, i + 1, end, keep_determiner=True)[0]  # "for the performance of X"
        return self._task_phrase(agent, None, None, form) + f" for {_lower_first(obj)}" + rest

    def _task_fragment(self, doc: Doc, i: int, end: int) -> str | None:
        """"Classification of X using Y" -> "Built a Y classifier for X"; "Face recognition on X"
        -> "Built a face recogniser on X". Only a fragment (no verb of its own) in sentence case."""
        k = i
        while k < min(end, i + MAX_COMPOUND_WORDS + 1) and doc[k].lower_ not in self.d.task_nouns:
            if doc[k].text in _BREAKS or doc[k].lower_ in self.d.object_stops:
                return None
            k += 1
        if k >= end or doc[k].lower_ not in self.d.task_nouns:
            return None
        if any(self.r._finite(t) for t in doc[i:end]):
            return None
        words = [t for t in doc[i:end] if t.is_alpha]
        if len(words) >= 3 and sum(t.text[:1].isupper() for t in words[1:]) > len(words[1:]) / 2:
            return None  # a title ("Named Entity Recognition for Real Estate Text"), not a line of work
        agent = self.d.task_nouns[doc[k].lower_]
        mods = self._text(doc, i, k)
        j = k + 1
        obj = None
        if j < end and doc[j].lower_ == "of":
            got = self._object(doc, j + 1, end)
            if got is None:
                return None
            obj, j = got
        name, rest = self._method_rest(doc, j, end)
        if rest is None or (not obj and not mods):
            return None
        if mods:
            noun = " ".join(w for w in (name, _lower_first(mods), agent) if w)
            tail = f" for {_lower_first(obj)}" if obj else ""
            return f"{self._build('past')} {article(noun.split()[0])} {noun}{tail}{rest}"
        return self._task_phrase(agent, obj, name, "past") + rest

    def _made(self, doc: Doc, i: int, end: int, is_head, window: int = MAX_COMPOUND_WORDS + 1,
              determiners: tuple[str, ...] = ("a", "an"), coordinated: bool = False,
              hyphenated: bool = False) -> tuple[str, str, int, int] | None:
        """The opening the shapes of a thing built share: a build verb at i (with `coordinated`,
        "Designed and trained" as one), an optional determiner, and the head noun `is_head` finds
        within `window` words, with two words after it and nothing before it that ends a phrase
        (with `hyphenated`, "transformer-based" does not). (the verb's form, the determiner, where
        the modifiers start, the head), or None."""
        if doc[i].lemma_ not in self.d.build_verbs:
            return None
        form = self._form(doc, i)
        j = i + 1
        if coordinated and j + 1 < end and doc[j].lower_ == "and" and doc[j + 1].lemma_ in self.d.build_verbs:
            j += 2
        det = ""
        if j < end and doc[j].lower_ in determiners:
            det, j = doc[j].lower_, j + 1
        head = next((h for h in range(j, min(end, j + window)) if is_head(doc[h])), None)
        if head is None or head + 2 >= end:
            return None
        if any(t.text in _BREAKS or t.lower_ in self.d.object_stops and not (hyphenated and doc[t.i - 1].text == "-")
               for t in doc[j:head]):
            return None
        return form, det, j, head

    def names_model(self, doc: Doc, i: int) -> bool:
        """The word at i names a model, with its version ("CNN", "ResNet-50", "YOLOv5") or as the
        last word of a two-word name ("random forest")."""
        low = doc[i].lower_
        bare = singular(_VERSION_RE.sub("", low))  # "LSTMs", "ResNet-50"
        pair = f"{doc[i - 1].lower_} {low}" if i > 0 else ""
        return bool({low, bare, pair} & self.d.model_nouns)

    def _model_purpose(self, doc: Doc, i: int, end: int) -> str | None:
        """"Trained a model to predict churn from logs" -> "Built a churn prediction model from logs";
        a model named leads the built thing ("Trained a ResNet-50 to classify X" -> "Built a
        ResNet-50 X classifier")."""
        def is_head(t) -> bool:
            if t.lemma_ in self.d.model_heads or t.lower_ in self.d.model_heads:
                return True  # a name right before "to" is the head; before "model" it is a modifier
            return t.i + 1 < end and doc[t.i + 1].lower_ in _PURPOSE_LINKS and self.names_model(doc, t.i)

        made = self._made(doc, i, end, is_head, determiners=("a", "an", "the"))
        if made is None:
            return None
        form, det, j, head = made
        if doc[head + 1].lower_ not in _PURPOSE_LINKS:
            return None
        verb = doc[head + 2]
        agent = self.d.purpose_verbs.get(verb.lemma_)
        if not agent:
            return None
        mods = self._text(doc, j, head)
        head_word = doc[head].text
        plural = det in ("", "the") and head_word.lower().endswith("s")
        got = self._object(doc, head + 3, end)
        if got is None:
            return None
        obj, k = got
        compound = self._compound(obj)
        if compound is None:
            return None
        rest = self._rest(doc, k, end)
        if rest is None:
            return None
        if not _names_a_tool(doc, k + 1, end):  # "in scans" is what it is for; "in Python", how it was made
            rest = re.sub(r"^ (in|on|of) ", " for ", rest)
        head_is_model = doc[head].lemma_ in self.d.model_heads and doc[head].lower_ not in self.d.model_nouns
        named = singular(head_word) if plural and self.names_model(doc, head) else head_word  # "LSTMs" -> "LSTM … models"
        noun_mods = mods if head_is_model else " ".join(w for w in (mods, named) if w)
        agent_noun = agent + ("s" if plural and not agent.endswith("s") else "")
        noun = " ".join(w for w in (noun_mods, _lower_first(compound), agent_noun) if w)
        lead = self._build(form)
        if det == "the":  # the original's own determiner: "Trained the model" -> "Built the … model"
            return f"{lead} the {noun}" + rest
        return f"{lead} {noun}" + rest if plural else f"{lead} {article(noun.split()[0])} {noun}" + rest

    def _model_for_task(self, doc: Doc, i: int, end: int) -> str | None:
        """"Trained a CNN for table detection in scans" -> "Built a CNN table detector for scans";
        "Developed models for fraud detection" -> "Built fraud detectors"."""
        made = self._made(doc, i, end, lambda t: t.lower_ in self.d.task_model_heads or t.lower_ in self.d.model_nouns)
        if made is None or doc[made[3] + 1].lower_ != "for":
            return None
        form, det, j, head = made
        k = head + 2
        task = next((t for t in range(k, min(end, k + MAX_COMPOUND_WORDS + 1)) if doc[t].lower_ in self.d.task_nouns), None)
        if task is None:
            return None
        if any(t.text in _BREAKS or t.lower_ in self.d.object_stops or not t.is_alpha and t.text != "-"
               for t in doc[k:task]):
            return None
        plural = not det and doc[head].lower_.endswith("s") and doc[head].lower_ not in self.d.model_nouns
        agent = self.d.task_nouns[doc[task].lower_] + ("s" if plural else "")
        mods = self._text(doc, j, head)
        named = doc[head].text if doc[head].lower_ in self.d.model_nouns else ""
        rest = self._rest(doc, task + 1, end)
        if rest is None:
            return None
        if not _names_a_tool(doc, task + 2, end):  # "in scans" is what it is for; "in Python", how it was made
            rest = re.sub(r"^ (in|on|of) ", " for ", rest)
        noun = " ".join(w for w in (mods, named, _lower_first(self._text(doc, k, task)), agent) if w)
        lead = self._build(form)
        return f"{lead} {noun}{rest}" if plural else f"{lead} {article(noun.split()[0])} {noun}{rest}"

    def _built_to(self, doc: Doc, i: int, end: int) -> str | None:
        """"Designed and trained a transformer-based module to infer X from Y" -> "Built a
        transformer-based module that infers X from Y": what was built, then what it does. Only a
        verb of what a thing does (`function_verbs`; for a tool or prototype also a task verb:
        "a prototype to detect X"): "a tool to improve Y" says nothing happened."""
        heads = self.d.built_heads | self.d.model_heads
        # "transformer-based" is one modifier; "a module for X to infer" is no one phrase
        made = self._made(doc, i, end, lambda t: t.lemma_ in heads or t.lower_ in heads, window=MAX_PHRASE_WORDS,
                          determiners=("a", "an", "the"), coordinated=True, hyphenated=True)
        if made is None or doc[made[3] + 1].lower_ != "to":
            return None
        form, det, j, head = made
        verb = doc[head + 2]
        tool = doc[head].lemma_ not in self.d.model_heads and doc[head].lower_ not in self.d.model_heads
        known = self.d.function_verbs | (set(self.d.purpose_verbs) if tool else set())
        if verb.lemma_ not in known or self.r.inflect.form_of(verb) != "base":
            return None  # a model's purpose ("a model to predict X") is `_model_purpose`'s alone
        rest = self._rest(doc, head + 3, end)
        if not rest:
            return None
        plural = doc[head].lower_ != doc[head].lemma_ and doc[head].lower_.endswith("s")
        does = self._verb(verb.lemma_, "base" if plural else "s")
        noun = doc.text[doc[j].idx:doc[head].idx + len(doc[head])]
        if det in ("a", "an"):
            det = article(noun.split()[0])
        if not det and not plural:
            return None  # "Built feature extraction that identifies": a mass noun the shape cannot carry
        return f"{self._build(form)} {(det + ' ') if det else ''}{_lower_first(noun)} that {does}{rest}"

    def _analysis(self, doc: Doc, i: int, end: int) -> str | None:
        """"Conducted a thorough analysis of X" -> "Analysed X"; "Performed robustness analysis of X"
        -> "Analysed the robustness of X"; "Perform data analysis using Y" -> "Analyse data using Y";
        "Conducted an empirical study on X" -> "Analysed X"."""
        if doc[i].lemma_ not in self.d.analysis_verbs:
            return None
        form = self._form(doc, i)
        j = i + 1
        if j < end and doc[j].lower_ == "out":  # "carried out"
            j += 1
        if j < end and doc[j].lower_ in ("a", "an", "the"):
            j += 1
        adjs = []
        while j < end and doc[j].lower_ not in self.d.analysis_nouns and len(adjs) < 3:
            adjs.append(doc[j])
            j += 1
        if j >= end or doc[j].lower_ not in self.d.analysis_nouns:
            return None
        other = [a for a in adjs if a.lower_ not in self.d.generic_adjectives]
        lemma = self.d.analysis_nouns[doc[j].lower_]
        verb = _cap(self._verb(self.r._spelling(doc, lemma) if lemma.endswith("yse") else lemma, form))
        has_prep = j + 1 < end and doc[j + 1].lower_ in self.d.analysis_preps
        manner = self.d.analysis_manners.get(other[0].lower_) if len(other) == 1 else None
        if manner:  # "statistical analysis of X" -> "Statistically analysed X"
            other, verb = [], f"{_cap(manner)} {verb[:1].lower()}{verb[1:]}"
        subject = self.d.analysis_subjects.get(" ".join(a.lower_ for a in other)) if other else None
        if subject:  # "Conducted churn analyses" -> "Analysed churn"
            return self._analysis_subject(doc, verb, subject, j + 1, end)
        topic = len(other) == 1 and other[0].lower_ in self.d.analysis_topics
        purpose = self._analysis_purpose(doc, j + 1, end)
        if purpose is not None and not other:  # "analysis to examine X", "analysis investigating X"
            return f"{verb} {purpose}"
        if has_prep and (not other or topic):
            if j + 2 < end and doc[j + 2].lower_ in self.d.wh_words:  # "a study on how to share X"
                return f"{verb} {self._text(doc, j + 2, end)}"
            got = self._object(doc, j + 2, end, keep_determiner=True)
            if got is None:
                return None
            obj, k = got
            rest = self._rest(doc, k, end)
            if rest is None:
                return None
            if topic:  # "Performed robustness analysis of X" -> "Analysed the robustness of X"
                return f"{verb} the {other[0].lower_} of {obj}{rest}"
            return f"{verb} {obj}{rest}"
        if len(other) == 1 and other[0].lower_ == "data" and lemma.endswith("yse") and not has_prep:
            rest = self._rest(doc, j + 1, end)
            return None if rest is None else f"{verb} data{rest}"
        return None

    def _analysis_subject(self, doc: Doc, verb: str, subject: str, i: int, end: int) -> str | None:
        """After "<subject> analysis" at i: "Analysed use cases" + the rest, "Analysed the root causes
        of X" for "root cause analysis of X", and a coordinated finished clause kept ("… analyses and
        led Y"); None after another preposition ("churn analysis on X": of what, in what?)."""
        if i < end and doc[i].lower_ == "of":
            got = self._object(doc, i + 1, end, keep_determiner=True)
            if got is None:
                return None
            obj, k = got
            rest = self._rest(doc, k, end)
            return None if rest is None else f"{verb} the {subject} of {obj}{rest}"
        if i + 1 < end and doc[i].lower_ == "and" and self.r._finite(doc[i + 1]):
            return f"{verb} {subject} " + doc.text[doc[i].idx:doc[end - 1].idx + len(doc[end - 1])]
        if i < end and doc[i].lower_ in self.d.analysis_preps:
            return None
        rest = self._rest(doc, i, end)
        return None if rest is None else f"{verb} {subject}{rest}"

    def _analysis_purpose(self, doc: Doc, i: int, end: int) -> str | None:
        """After an analysis noun, "to examine X" or "investigating X": the rest from X on, which
        the analysis verb then takes as its object; None when no such verb follows."""
        if i < end and doc[i].lower_ == "to":
            i += 1
            if i >= end or self.r.inflect.form_of(doc[i]) != "base" and doc[i].lower_ != doc[i].lemma_:
                return None
        elif i >= end or self.r.inflect.form_of(doc[i]) != "ing":
            return None
        if doc[i].lemma_ not in self.d.analysis_purposes or i + 1 >= end:
            return None
        rest = self._rest(doc, i + 1, end)
        return rest.strip() if rest and doc[i + 1].is_alpha else None

    def _duty(self, doc: Doc, i: int, end: int) -> str | None:
        """"Was responsible for building X" -> "Built X"; "Responsible for developing X" -> "Developed
        X": the work named by its own verb, in the copula's tense (alone, a duty reads as past).
        ("Worked on X" stays: the ownership ladder has it on the rung of a share.)"""
        j, form = i, "past"
        if doc[j].lemma_ == "be" and doc[j].lower_ in COPULA_FORMS:
            form, j = COPULA_FORMS[doc[j].lower_], j + 1
        if j + 2 >= end or self.d.duty_adjectives.get(doc[j].lower_) != doc[j + 1].lower_:
            return None
        target = doc[j + 2]
        if (self.r.inflect.form_of(target) != "ing" or target.lemma_ == target.lower_
                or target.lemma_ in self.d.share_verbs):
            return None  # "responsible for helping X" keeps its share; "for training" is no verb here
        if j + 3 < end and (doc[j + 3].text == "-" or doc[j + 3].lower_ == "based"):
            return None  # "learning-based X" is a noun phrase, not the verb of the work
        rest = self._rest(doc, j + 3, end)
        return None if not rest else _cap(self._verb(target.lemma_, form)) + rest

    def _aim(self, doc: Doc, i: int, end: int) -> str | None:
        """"The aim of this project is to classify X" -> "Built a classifier for X"; "The project's
        main goal was to develop a tool for X" -> "Developed a tool for X"; "My goal was to use X to
        Y" -> "Used X to Y". On a resume such a sentence describes the work done, so it leads with
        the work; never with an outcome verb ("the goal was to improve Y" claims nothing happened)."""
        v = self._aim_verb(doc, i, end)
        if v is None:
            return None
        verb = doc[v]
        agent = self.d.task_verbs.get(verb.lemma_)
        if agent:
            got = self._object(doc, v + 1, end)
            if got is None:
                return None
            obj, j = got
            name, rest = self._method_rest(doc, j, end)
            if rest is None:
                return None
            if name:
                return self._task_phrase(agent, obj, name, "past") + rest
            return self._task_phrase(agent, None, None, "past") + f" for {_lower_first(obj)}" + rest
        if verb.lemma_ in self.d.build_verbs | self.d.aim_verbs and self.r.inflect.form_of(verb) == "base":
            rest = self._rest(doc, v + 1, end)
            if not rest:
                return None
            for t in doc[v + 1:end]:  # "to evaluate X and derive Y" -> "Evaluated X and derived Y"
                if doc[t.i - 1].lower_ == "and" and t.lemma_ in self.d.build_verbs | self.d.aim_verbs \
                        and self.r.inflect.form_of(t) == "base":
                    rest = rest.replace(f"and {t.text}", f"and {self._verb(t.lemma_, 'past')}", 1)
            return _cap(self._verb(verb.lemma_, "past")) + rest
        return None

    def _aim_verb(self, doc: Doc, i: int, end: int) -> int | None:
        """The verb after "The [main] aim of this project is to", "The project's [main] aim was to"
        or "My [main] aim was to", or None."""
        toks = [t.lower_ for t in doc[i:min(end, i + 10)]]

        def aim_at(k: int) -> int | None:  # past "[main] aim" at toks[k]: the index after it
            while k < len(toks) and toks[k] in self.d.aim_qualifiers:
                k += 1
            return k + 1 if k < len(toks) and toks[k] in self.d.aim_nouns else None

        m = None
        if toks[:1] in (["my"], ["our"]):
            m = aim_at(1)
        elif toks[:1] == ["the"]:
            if len(toks) > 3 and toks[1] in self.d.aim_owners and toks[2] in ("'s", "’s"):
                m = aim_at(3)  # "The project's main goal"
            else:
                m = aim_at(1)
                if m is not None:  # "The aim of this project"
                    owner = toks[m:m + 3]
                    m = m + 3 if (len(owner) == 3 and owner[0] == "of" and owner[1] in ("this", "the", "my", "our")
                                  and owner[2] in self.d.aim_owners) else None
        if m is None or m + 1 >= len(toks) or toks[m] not in ("is", "was") or toks[m + 1] != "to":
            return None
        v = i + m + 2
        return v if v < end else None

    def _worked_on(self, doc: Doc, i: int, end: int) -> str | None:
        """"Participated in building X" -> "Helped build X": a share of the work stays a share."""
        if i + 2 >= end or doc[i].lemma_ not in self.d.share_verbs or doc[i + 1].lower_ not in self.d.share_preps:
            return None
        target = doc[i + 2]
        if not self._gerund(target):
            return None
        rest = self._rest(doc, i + 3, end)
        if not rest:
            return None
        # "Assisted in cleaning data and training models" -> "Helped clean data and train models"
        for t in doc[i + 3:end]:
            if doc[t.i - 1].lower_ in ("and", "or") and self._gerund(t):
                rest = rest.replace(f"{doc[t.i - 1].text} {t.text}", f"{doc[t.i - 1].text} {t.lemma_}", 1)
        return f"{self._verb('help', self._form(doc, i))} {target.lemma_}" + rest

    def _gerund(self, token) -> bool:
        """A share's -ing verb the data knows ("building", "cleaning"): an open list would take
        "coding competitions" for work, and a known one before `gerund_compounds` is a modifier
        ("training sessions", "testing data")."""
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return (self.r.inflect.form_of(token) == "ing" and token.lemma_ != token.lower_
                and token.lemma_ in self.d.build_verbs | self.d.share_gerunds
                and not (nxt is not None and nxt.lower_ in self.d.gerund_compounds))
