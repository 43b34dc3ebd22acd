"""Suggestions for flagged bullets, each checked by the claim guard before anyone sees it.

Kinds: `reframe` (the bullet's own words reordered and reworded toward systems framing; may be
safe to apply as is), `prompt` (a question and a template with [placeholders] only the user can
fill; never safe) and `trim` (the bullet without a research-only detail, with the reason).
A suggestion that adds a claim the bullet does not make is dropped and counted, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from retitle.lexicon import CompiledLexicon, Rule
from retitle.model import Block, Finding, Suggestion
from retitle.rewrite.claims import PLACEHOLDER_RE, ClaimGuard
from retitle.rewrite.reframe import Reframer, keeps_flagged
from retitle.rewrite.shapes import ShapeData, Shapes


# Reframes and trims rewrite the whole block, and each is claim-checked in full: past this length
# (no real bullet is this long; a parser that merged paragraphs can make one) only prompts are offered.
MAX_REWRITE_CHARS = 2000


def is_fragment(kept: str, original: str) -> bool:
    """What a trim would leave is no sentence: under five words, ending on a hyphen, comma or
    colon, with unbalanced brackets, or less than half the original."""
    kept = kept.strip()
    return (len(kept.split()) < 5 or kept[-1:] in "-,:;–—" or kept.count("(") != kept.count(")")
            or kept.count("[") != kept.count("]") or len(kept) < 0.5 * len(original.strip()))


@dataclass
class Candidate:
    """A suggestion before the guard, with the text that would land on the resume."""

    suggestion: Suggestion
    resume_text: str
    cut: tuple[int, int] | None = None  # for a trim: the characters it cuts


@dataclass
class RewriteStats:
    shown: int = 0
    dropped: int = 0


class Rewriter:
    """One per compiled lexicon: shares its spaCy pipeline for tokens, lemmas and claims."""

    def __init__(self, lex: CompiledLexicon):
        self.nlp = lex.nlp
        self.guard = ClaimGuard(lex)
        self.reframer = Reframer(lex.reframe)
        self.shapes = Shapes(ShapeData.from_lexicon(lex.reframe), self.reframer)

    def candidates(self, finding: Finding, block: Block, rule: Rule, doc: Doc | None = None,
                   siblings: tuple[Finding, ...] = ()) -> list[Candidate]:
        """Every suggestion the rule's templates yield for this finding, unchecked. `siblings`: the
        block's other findings of the same rule (a trim that leaves one of them cuts nothing the
        rule asks to move: "Published paper: X in Journal Y" without "Journal Y" is still a paper)."""
        doc = doc if doc is not None else self.nlp(block.text)
        out: list[Candidate] = []
        if rule.is_research and len(block.text) <= MAX_REWRITE_CHARS:
            # Every research finding may get a reframe of its own sentence; a rule's reframe entry
            # adds its verb swaps. None when no edit rewrites the flagged words.
            template = next((t for t in rule.rewrites if t["kind"] == "reframe"), {})
            # A sentence rebuilt by its shape first; else word-level edits of the sentence.
            text = self.shapes.reframe(doc, finding.start, finding.end)
            if not text or keeps_flagged(finding.text, text):  # a shape that keeps the flagged words is no reframe of them
                text = self.reframer.reframe_finding(doc, finding.start, finding.end, template)
            if text:
                out.append(Candidate(Suggestion("reframe", text, rule.code, safe=True), text))
        for template in rule.rewrites:
            kind = template["kind"]
            if kind != "prompt" and len(block.text) > MAX_REWRITE_CHARS:
                continue
            if kind == "reframe":
                if rule.is_research:
                    continue
                text = self.reframer.reframe(doc, template)
                if text:
                    out.append(Candidate(Suggestion("reframe", text, rule.code, safe=True), text))
            elif kind == "prompt":
                body = str(template.get("template", "")).strip()
                text = f"{template.get('question', '')} {body}".strip()
                out.append(Candidate(Suggestion("prompt", text, rule.code, safe=False,
                                                placeholders=PLACEHOLDER_RE.findall(body)), body))
            elif kind == "trim":
                reason = template.get("reason")
                cut = self.reframer.trim(doc, finding.start, finding.end, bool(template.get("sentence")))
                if cut and is_fragment(cut[0], block.text):
                    cut = None  # what would remain is no sentence: no trim (the prompt stays)
                if cut and any(not (cut[2][0] <= g.start and g.end <= cut[2][1]) for g in siblings):
                    cut = None
                if cut:
                    kept, detail, span = cut
                    out.append(Candidate(Suggestion("trim", kept, rule.code, safe=False,
                                                    reason=f"cut “{detail}”: {reason}" if reason else f"cut “{detail}”"),
                                         kept, span))
        return out

    def suggest(self, finding: Finding, block: Block, rule: Rule, stats: RewriteStats | None = None,
                seen: dict[str, list] | None = None, doc: Doc | None = None,
                siblings: tuple[Finding, ...] = ()) -> list[Suggestion]:
        """The candidates that pass the claim guard. `seen` (block id -> texts and cut spans already
        offered) drops a repeat, and a trim overlapping one already offered on the block."""
        kept = []
        for cand in self.candidates(finding, block, rule, doc, siblings):
            if seen is not None:
                offered = seen.setdefault(block.id, [])
                one_trim = cand.suggestion.kind == "trim" and "trim" in offered
                if one_trim or cand.suggestion.text in offered or (cand.cut and any(
                        isinstance(o, tuple) and o[0] < cand.cut[1] and cand.cut[0] < o[1] for o in offered)):
                    continue
                offered += [cand.suggestion.text, *([cand.cut] if cand.cut else []),
                            *(["trim"] if cand.suggestion.kind == "trim" else [])]
            if self.guard.passes(block.text, cand.resume_text):
                kept.append(cand.suggestion)
            elif stats is not None:
                stats.dropped += 1
        if stats is not None:
            stats.shown += len(kept)
        return kept

    def suggest_all(self, findings: list[Finding], blocks: dict[str, Block],
                    rules: dict[str, Rule], parses: dict[str, Doc] | None = None) -> RewriteStats:
        """Attach guarded suggestions to every finding; returns what was shown and dropped.
        `parses`: blocks already parsed with this pipeline (by block id; the engine's)."""
        stats, seen, docs = RewriteStats(), {}, dict(parses or {})
        for finding in findings:
            block = blocks[finding.block_id]
            if block.id not in docs:  # a bullet with several findings is parsed once
                docs[block.id] = self.nlp(block.text)
            siblings = tuple(g for g in findings if g.block_id == block.id and g.code == finding.code and g is not finding)
            finding.suggestions = self.suggest(finding, block, rules[finding.code], stats, seen,
                                               docs[block.id], siblings)
        return stats
