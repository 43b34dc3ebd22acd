"""The shape of every lexicon file, one pydantic model per kind of file.

Every model forbids unknown keys (a typo is a problem, not a key quietly ignored) and is strict:
YAML types must be the ones named here, so an unquoted `on` or `no` (a boolean in YAML 1.1) in a
word list is reported. A new key is one new field on its file's model, with a default when it is
optional. Cross-file checks (an area a rule names, a group a title names, `$list` references)
are the compile step's (`retitle.lexicon.compiled`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

LEVELS = ("suggestion", "warning")
# The kinds of research phrasing the issue and advice for AI-engineer resumes name; every RP rule's group is one of them.
GROUP_KINDS = ("training", "experimentation", "academic", "prototype", "metrics", "framing")
REWRITE_KINDS = ("reframe", "prompt", "trim")
CODE_RE = re.compile(r"^(RP|SF)\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
LIST_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDER_RE = re.compile(r"\[[^\[\]]+\]")


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _code(value: str) -> str:
    if not CODE_RE.match(value):
        raise ValueError("code must look like RP001 or SF001")
    return value


def _name(value: str) -> str:
    if not NAME_RE.match(value):
        raise ValueError(f"name '{value}' must be dotted lower_case (research.hyperparameter_tuning)")
    return value


def _list_name(value: str) -> str:
    if not LIST_NAME_RE.match(value):
        raise ValueError(f"list name '{value}' must be lower_case (deployment_words)")
    return value


Text = Annotated[str, AfterValidator(_text)]
Words = list[Text]
Number = Union[int, float]


class LexiconModel(BaseModel):
    """Base of every lexicon model: unknown keys are errors, YAML types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- rules/*.yaml -----------------------------------------------------------------------------

class PromptRewrite(LexiconModel):
    """A question for facts only the user knows, and a template with [placeholders] never filled in."""

    kind: Literal["prompt"]
    question: Text
    template: Text

    @model_validator(mode="after")
    def _has_placeholder(self) -> "PromptRewrite":
        if not PLACEHOLDER_RE.search(self.template):
            raise ValueError("prompt template needs at least one [placeholder]")
        return self


class TrimRewrite(LexiconModel):
    """Research-only detail a hiring manager skips, and why; `sentence`: the detail may be a whole
    sentence of a paragraph (a publication, a citation count), not only a clause."""

    kind: Literal["trim"]
    reason: Text
    sentence: bool = False


class ReframeRewrite(LexiconModel):
    """Opt in to reframes; `swap` maps a research verb lemma to an engineering verb for this rule."""

    kind: Literal["reframe"]
    swap: dict[Text, Text] = {}
    when_followed_by: Words = []


Rewrite = Annotated[Union[PromptRewrite, TrimRewrite, ReframeRewrite], Field(discriminator="kind")]
TokenPattern = Annotated[list[dict[str, Any]], Field(min_length=1)]


class RuleEntry(LexiconModel):
    """One rule: research phrasing to flag (RP) or systems evidence to count (SF)."""

    code: Annotated[str, AfterValidator(_code)]
    name: Annotated[str, AfterValidator(_name)]
    group: Text
    level: Literal["suggestion", "warning"] = "suggestion"
    area: Text
    description: Text
    message: str = ""
    phrases: Words = []
    patterns: list[TokenPattern] = []   # spaCy Matcher patterns, validated by spaCy when compiled
    exceptions: Words = []              # may hold `$name` references to lists.yaml
    requires: Words = []                # likewise
    evidence_cancels: bool = False
    evidence_ignored: Words = []        # SF codes, names or groups whose evidence does not cancel
    fallback: bool = False
    rewrites: list[Rewrite] = []

    @model_validator(mode="after")
    def _complete(self) -> "RuleEntry":
        if not self.phrases and not self.patterns:
            raise ValueError("needs phrases or patterns")
        if self.code.startswith("RP") and not self.message.strip():
            raise ValueError("research rules need a message saying why it reads as research")
        return self


class RulesFile(LexiconModel):
    rules: list[RuleEntry]


# --- lists.yaml -------------------------------------------------------------------------------

class ListsFile(LexiconModel):
    """Named word lists, used as `$name` inside a rule's `exceptions` or `requires` (or another list)."""

    lists: dict[Annotated[str, AfterValidator(_list_name)], Words]


# --- skill_matrix.yaml ------------------------------------------------------------------------

class Area(LexiconModel):
    id: Text
    name: Text
    ml_engineer: Text
    ai_engineer: Text


class SkillMatrixFile(LexiconModel):
    source: Text | None = None
    areas: list[Area]


# --- titles.yaml ------------------------------------------------------------------------------

class Title(LexiconModel):
    """A title of the taxonomy; the conditions are read by `retitle.report._counted_groups`."""

    id: Text
    name: Text
    description: str = ""
    aliases: Annotated[Words, Field(min_length=1)]
    held_as: Words = []
    evidence: Annotated[Words, Field(min_length=1)]
    min_bullets: Annotated[int, Field(ge=1)] = 1
    requires_any: Words = []
    requires_titles: Words = []
    systems_only: bool = False
    research_excludes: Words = []
    skip_sections: Words = []
    bullet_excludes: Words = []
    bullet_needs: Words = []
    bullet_needs_not: Words = []
    not_alone: Words = []
    group_needs: dict[Text, Words] = {}


class TitlesFile(LexiconModel):
    titles: list[Title]


# --- market.yaml ------------------------------------------------------------------------------

class Pay(LexiconModel):
    base: int
    total: int


class MarketLevel(LexiconModel):
    id: Text
    name: Text
    min_years: Number
    ml_engineer: Pay
    ai_engineer: Pay


class MarketFile(LexiconModel):
    """Every market.yaml carries its own source and date: figures are never shown under another's."""

    source: Text
    date: Text
    currency: str | None = None
    note: str | None = None
    levels: Annotated[list[MarketLevel], Field(min_length=1)]


# --- lemmas.yaml ------------------------------------------------------------------------------

class LemmasFile(LexiconModel):
    lemmas: dict[Text, Text] = {}


# --- claims.yaml (the claim guard, retitle.rewrite.claims) ------------------------------------

class ClaimsFile(LexiconModel):
    """Claim vocabulary. Every key is optional; a missing one leaves that kind of claim unguarded."""

    ownership_ladder: list[Words] = []
    irregular_past: Words = []
    not_ownership_before: Words = []
    scope_words: dict[Text, Words] | Words = {}
    frequency_words: Words = []
    titles: Words = []
    quantity_words: Words = []
    intensifiers: Words = []
    number_words: dict[Text, Number] = {}
    currency_words: dict[Text, Text] = {}
    magnitudes: dict[Text, Number] = {}
    tools: Words = []
    aliases: dict[Text, Text] = {}
    not_names: Words = []
    organisation_words: Words = []


# --- reframe.yaml (the reframer, retitle.rewrite.reframe) -------------------------------------

class OutcomeCue(LexiconModel):
    past: Text
    present: Text


class VerbForms(LexiconModel):
    past: Text | None = None
    ing: Text | None = None
    s: Text | None = None


class ResearchFocus(LexiconModel):
    owners: Words = []
    qualifiers: Words = []
    nouns: Words = []
    verbs: Words = []


class ReframeShapes(LexiconModel):
    """Sentence shapes the reframer rebuilds (`retitle.rewrite.shapes`)."""

    task_verbs: dict[Text, Text] = {}
    task_nouns: dict[Text, Text] = {}
    purpose_verbs: dict[Text, Text] = {}
    analysis_nouns: dict[Text, Text] = {}
    build_verbs: Words = []
    model_heads: Words = []
    task_model_heads: Words = []
    model_nouns: Words = []
    method_introducers: Words = []
    object_stops: Words = []
    analysis_verbs: Words = []
    analysis_topics: Words = []
    generic_adjectives: Words = []
    analysis_preps: Words = []
    wh_words: Words = []
    aim_nouns: Words = []
    aim_owners: Words = []
    share_verbs: Words = []
    share_preps: Words = []
    duty_adjectives: dict[Text, Text] = {}
    analysis_purposes: Words = []
    analysis_manners: dict[Text, Text] = {}
    analysis_subjects: dict[Text, Text] = {}
    built_heads: Words = []
    function_verbs: Words = []
    aim_qualifiers: Words = []
    aim_verbs: Words = []
    share_gerunds: Words = []
    gerund_compounds: Words = []


class ReframeFile(LexiconModel):
    """Reframe data; one field per key (a new key for the reframer is a new field here)."""

    outcome_cues: dict[Text, OutcomeCue] = {}
    outcome_relatives: Words = []
    nominal_outcome_cues: Words = []
    nominal_outcome_fillers: Words = []
    outcome_nouns: dict[Text, Text] = {}
    shared_work_verbs: Words = []
    swaps: dict[Text, Text] = {}
    verb_forms: dict[Text, VerbForms] = {}
    lead_verbs: dict[Text, Text] = {}
    lead_verb_objects: dict[Text, Words] = {}
    lead_synonyms: dict[Text, Words] = {}
    lead_object_ends: Words = []
    lead_drop_after: dict[Text, Text] = {}
    nominal_leads: dict[Text, Text] = {}
    lead_noun_before: Words = []
    hype_words: Words = []
    hype_kept_before: Words = []
    metric_cues: Words = []
    metric_words: Words = []
    research_focus: ResearchFocus = ResearchFocus()
    shapes: ReframeShapes = ReframeShapes()


# The mapping files of a lexicon folder and their models, in load order (skill_matrix.yaml first:
# rules name its areas). rules/*.yaml are read with `RulesFile`.
FILE_MODELS: dict[str, type[LexiconModel]] = {
    "skill_matrix.yaml": SkillMatrixFile,
    "titles.yaml": TitlesFile,
    "market.yaml": MarketFile,
    "claims.yaml": ClaimsFile,
    "lemmas.yaml": LemmasFile,
    "reframe.yaml": ReframeFile,
    "lists.yaml": ListsFile,
}
