"""Suggestions for flagged bullets, built from the rule's rewrite templates."""

from __future__ import annotations

import re

from retitle.lexicon import Rule
from retitle.model import Block, Finding, Suggestion

PLACEHOLDER_RE = re.compile(r"\[([^\[\]]+)\]")


def suggest(finding: Finding, block: Block, rule: Rule) -> list[Suggestion]:
    """The prompt and trim suggestions a rule's templates offer for one finding."""
    out: list[Suggestion] = []
    for template in rule.rewrites:
        kind = template["kind"]
        if kind == "prompt":
            text = f"{template['question']} {template['template']}".strip()
            out.append(Suggestion("prompt", text, rule.code, safe=False,
                                  placeholders=PLACEHOLDER_RE.findall(template["template"])))
        elif kind == "trim":
            out.append(Suggestion("trim", f"Consider cutting “{finding.text}”.", rule.code,
                                  safe=False, reason=template.get("reason")))
    return out
