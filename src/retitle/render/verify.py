"""The `retitle verify` text report: each pair with added claims, the two texts side by side."""

from __future__ import annotations

import textwrap

from retitle.verification import Verification

_LABELS = {
    "new_number": "new number", "changed_number": "changed number", "new_quantity": "new quantity",
    "new_tool": "new tool or name", "new_organisation": "new organisation",
    "ownership_climb": "ownership climb", "new_scope": "new scope word", "new_title": "new title",
}


def side_by_side(left: str, right: str, width: int = 80) -> list[str]:
    """Two texts in two wrapped columns, BEFORE on the left, AFTER on the right."""
    col = (width - 5) // 2
    lines_l = textwrap.wrap(left, col) or [""]
    lines_r = textwrap.wrap(right, col) or [""]
    rows = max(len(lines_l), len(lines_r))
    lines_l += [""] * (rows - len(lines_l))
    lines_r += [""] * (rows - len(lines_r))
    return [f"  {a:<{col}} │ {b}".rstrip() for a, b in zip(lines_l, lines_r)]


def render(result: Verification, width: int = 80) -> str:
    col = (width - 5) // 2
    out = [f"before: {result.before.path} ({result.before.format})",
           f"after:  {result.after.path} ({result.after.format})", ""]
    for pair in result.flagged:
        ids = "+".join(u.block_id for u in pair.before)
        out.append(f"{ids} → {pair.after.block_id}  (similarity {pair.similarity:.2f})")
        out.append(f"  {'BEFORE':<{col}} │ AFTER")
        out += side_by_side(pair.before_text, pair.after.text, width)
        for added in pair.added:
            out.append(f"  + {_LABELS.get(added.kind, added.kind)}: {added.detail}")
        out.append("")
    if result.new:
        out.append("New content with no counterpart in BEFORE (check every claim in it):")
        for unit in result.new:
            out += textwrap.wrap(f"{unit.block_id} [{unit.section}] {unit.text}", width - 2,
                                 initial_indent="  ", subsequent_indent="    ")
        out.append("")
    s = result.summary()
    verdict = "nothing added" if result.clean else "claims added — check before you send it"
    out.append(f"{s['aligned']} aligned, {s['with_added_claims']} with added claims, "
               f"{s['new_content']} new, {s['removed']} removed: {verdict}")
    return "\n".join(out) + "\n"
