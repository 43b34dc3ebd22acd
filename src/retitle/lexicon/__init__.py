"""Lexicons: YAML data read, validated against a schema and compiled in one step.

`compile_lexicon(extra_dirs)` returns the `CompiledLexicon` that the engine, the rewriter, the
claim guard and the report take; `check_folder` returns the same step's problems for
`retitle lexicon check`. The modules: `schema` (one pydantic model per kind of file), `load`
(reading and merging folders), `problems` (one-line messages) and `compiled`.
"""

from retitle.lexicon.compiled import CompiledLexicon, Rule, check_folder, compile_lexicon
from retitle.lexicon.load import shipped_dir
from retitle.lexicon.problems import Problem
from retitle.lexicon.schema import GROUP_KINDS, LEVELS, REWRITE_KINDS

__all__ = ["CompiledLexicon", "GROUP_KINDS", "LEVELS", "Problem", "REWRITE_KINDS", "Rule", "check_folder",
           "compile_lexicon", "shipped_dir"]
