"""The spaCy pipeline every part of retitle reads text with, built once per lexicon.

`spacy.blank("en")`, a lookup lemmatizer that works on lower-cased text (bullets start with
"Tuned", which must lemmatise to "tune"), a sentencizer and label breaks. It lives apart from the
engine so that compiling a lexicon (which lemmatises its phrases) does not import the engine.
"""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.errors import Errors
from spacy.tokens import Doc
from spacy.util import load_language_data, registry


class _LowercaseLookupLemmatizer:
    """Lemmatise `token.lower_` through spaCy's English lookup table, with lexicon overrides.

    Works on attribute arrays (lower-case hash -> lemma hash, cached) rather than Token objects:
    resumes repeat their words, and creating a Token per word was a large share of the time.
    """

    def __init__(self, table: dict[str, str], overrides: dict[str, str]):
        self.table = table
        self.overrides = overrides
        self.cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings, cache = doc.vocab.strings, self.cache
        lowers = doc.to_array([LOWER])
        lemmas = numpy.empty_like(lowers)
        for i, lower in enumerate(lowers.tolist()):
            lemma = cache.get(lower)
            if lemma is None:
                text = strings[lower]
                lemma = cache[lower] = strings.add((self.overrides.get(text) or self.table.get(text) or text).lower())
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("retitle_lemmatizer", default_config={"overrides": {}})
def _make_lemmatizer(nlp: Language, name: str, overrides: dict[str, str]) -> _LowercaseLookupLemmatizer:
    return _LowercaseLookupLemmatizer(_lemma_table(), overrides)


def _lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English lemma table (word -> lemma) as the plain dict it is stored as:
    what `spacy.lookups.load_lookups` reads, without building its `Table`, which hashes and
    bloom-filters each of the ~41,600 entries (~0.2 s of every run's start-up)."""
    if "en" not in registry.lookups:
        raise ValueError(Errors.E955.format(table="lemma_lookup", lang="en"))
    return load_language_data(registry.lookups.get("en")["lemma_lookup"])


# A colon this early in a sentence ends a label ("Fraud detection: analysed card traffic …",
# "Acme Labs (2019-2021): Researched …"): what follows starts a sentence of its own, so a bullet's
# opening verb is read as the opening verb, and the label's words do not cancel the body's.
MAX_LABEL_TOKENS = 8


@Language.component("retitle_label_breaks")
def _label_breaks(doc: Doc) -> Doc:
    """Start a sentence after a leading label's colon."""
    if ":" not in doc.text:  # most texts have none: no sentence (and no Token object) to look at
        return doc
    for sent in list(doc.sents):
        depth = 0
        for token in sent[:MAX_LABEL_TOKENS + 1]:
            depth += token.text.count("(") - token.text.count(")")
            if token.text.endswith(":") and depth <= 0:  # "):" is one token; "(e.g.: …" is no label
                if token.i > sent.start and token.i + 1 < sent.end:
                    doc[token.i + 1].is_sent_start = True
                break
    return doc


def build_nlp(lemmas: dict[str, str]) -> Language:
    """A blank English pipeline with the case-insensitive lookup lemmatizer, a sentencizer and label breaks."""
    nlp = spacy.blank("en")
    nlp.add_pipe("retitle_lemmatizer", config={"overrides": dict(lemmas)})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("retitle_label_breaks")
    return nlp
