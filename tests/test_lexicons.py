"""The shipped lexicons are tested like code, and `retitle lexicon check` catches broken folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
import yaml
from click.testing import CliRunner
from spacy.matcher import Matcher

from retitle.cli import main
from retitle.lexicon import GROUP_KINDS, check_folder, compile_lexicon, shipped_dir

LEX = compile_lexicon()


def _check(folder) -> list[str]:
    return [str(p) for p in check_folder(folder)]


def test_shipped_lexicon_has_no_problems():
    assert _check(None) == []
    assert _check(shipped_dir()) == []


def test_six_skill_matrix_areas_from_the_seed():
    assert list(LEX.areas) == ["core_ml", "programming", "data_engineering", "model_ops", "evaluation", "safety"]
    assert "vector stores" in LEX.areas["data_engineering"]["ai_engineer"]
    assert "guardrails" in LEX.areas["safety"]["ai_engineer"]


def test_codes_and_names_unique():
    codes = [r.code for r in LEX.rules]
    names = [r.name for r in LEX.rules]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


def test_many_research_rules_in_every_kind_and_systems_evidence_per_area():
    research = LEX.research_rules
    assert len(research) >= 30
    assert {r.group for r in research} == set(GROUP_KINDS)
    assert all(sum(r.group == g for r in research) >= 3 for g in GROUP_KINDS)
    assert {r.area for r in LEX.systems_rules} == set(LEX.areas)


def test_no_two_phrases_share_their_lemmas():
    nlp = LEX.nlp
    seen: dict[tuple, str] = {}
    for rule in LEX.rules:
        for phrase in rule.phrases:
            key = tuple(t.lemma_ for t in nlp(phrase))
            assert key not in seen, f"{rule.code} '{phrase}' duplicates {seen[key]}"
            seen[key] = f"{rule.code} '{phrase}'"


@pytest.mark.parametrize("rule", [r for r in LEX.rules if r.patterns], ids=lambda r: r.code)
def test_patterns_compile_with_validation(rule):
    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    for pattern in rule.patterns:
        matcher.add(rule.code, [pattern])


@pytest.mark.parametrize("rule", LEX.research_rules, ids=lambda r: r.code)
def test_research_rule_is_complete(rule):
    assert rule.message and rule.level in ("suggestion", "warning")
    assert any(r["kind"] in ("prompt", "trim") for r in rule.rewrites), "needs a prompt or trim template"


ARTICLE_PHRASES = ("systems-level integration", "production deployment metrics", "automated evaluation harness",
                   "notebook-isolated proof-of-concepts", "training cycles", "validation loss graphs",
                   "robust API design")


def test_messages_quote_the_articles_advice_in_plain_words():
    """Messages cite the articles' own words; none calls them "the seed" (a word users never saw)."""
    cited = [r.code for r in LEX.research_rules if any(p in " ".join(r.message.split()) for p in ARTICLE_PHRASES)]
    assert len(cited) >= 20
    assert not [r.code for r in LEX.rules if "seed" in (r.message or "").lower()]


def test_titles_cover_the_taxonomy_and_refer_to_existing_groups():
    names = [t["name"] for t in LEX.titles]
    assert names == ["ML Engineer", "AI Engineer", "Forward-Deployed AI Engineer", "ML Platform / MLOps Engineer",
                     "Applied Scientist", "Research Scientist", "Data Scientist"]
    groups = {r.group for r in LEX.rules}
    for title in LEX.titles:
        assert set(title["evidence"]) <= groups


def test_market_reference_matches_the_seed_table():
    assert "Valenx" in LEX.market["source"] and LEX.market["date"] == "2026-06"
    senior = next(lv for lv in LEX.market["levels"] if lv["id"] == "senior")
    assert senior["ml_engineer"] == {"base": 193000, "total": 260000}
    assert senior["ai_engineer"] == {"base": 210000, "total": 300000}
    assert [lv["min_years"] for lv in LEX.market["levels"]] == [0, 3, 6]


# --- broken folders --------------------------------------------------------

def _folder(tmp_path: Path, rules: str, name: str = "extra.yaml") -> Path:
    folder = tmp_path / "lex"
    (folder / "rules").mkdir(parents=True)
    (folder / "rules" / name).write_text(rules, encoding="utf-8")
    return folder


GOOD_RULE = """rules:
  - code: RP901
    name: custom.kaggle
    group: academic
    level: suggestion
    area: core_ml
    description: Kaggle medals as the achievement.
    message: A competition medal is a leaderboard result.
    phrases: [kaggle medal]
"""


def test_a_good_custom_folder_passes(tmp_path):
    folder = _folder(tmp_path, GOOD_RULE.replace("phrases: [kaggle medal]",
                                                 "phrases: [kaggle medal]\n    exceptions: [$deployment_words, hackathon]"))
    (folder / "claims.yaml").write_text("tools: [kagglehub]\n")
    (folder / "reframe.yaml").write_text("swaps: {compete: build}\n")
    assert _check(folder) == []
    rule = compile_lexicon((str(folder),)).rule("RP901")
    assert set(rule.exceptions) == {"production", "deploy", "hackathon"}


@pytest.mark.parametrize(("rules", "expected"), [
    ("rules: [ {code: RP901, name: x.y", "invalid YAML"),
    (GOOD_RULE.replace("area: core_ml", "area: quantum"), "area 'quantum' is not in skill_matrix.yaml"),
    (GOOD_RULE.replace("phrases: [kaggle medal]", 'patterns: [[{LEMMA: {IN: [kaggle, on]}}]]'),
     "RP901 patterns[1]: does not compile"),
    (GOOD_RULE.replace("phrases: [kaggle medal]", "patterns: [[{LEMA: kaggle}]]"), "RP901 patterns[1]: does not compile"),
    (GOOD_RULE + GOOD_RULE.split("rules:\n", 1)[1].replace("custom.kaggle", "custom.other"), "duplicate code"),
    (GOOD_RULE.replace("phrases: [kaggle medal]", "phrases: [tuned hyperparameters]"), "tuned hyperparameters"),
    (GOOD_RULE.replace("name: custom.kaggle", "name: Kaggle"), "must be dotted lower_case"),
    (GOOD_RULE.replace("level: suggestion", "level: fatal"), "RP901 level: must be one of suggestion, warning"),
    (GOOD_RULE + "    rewrites: [{kind: prompt, question: Which one, template: no placeholder}]\n", "placeholder"),
    (GOOD_RULE + "    rewrites: [{kind: reframe, swap: [train, build]}]\n", "RP901 rewrites[1].swap: must be a mapping"),
], ids=["bad-yaml", "unknown-area", "bad-pattern-value", "bad-pattern-key", "duplicate-code",
        "duplicate-phrase", "bad-name", "bad-level", "prompt-without-placeholder", "bad-swap"])
def test_lexicon_check_reports_broken_folders(tmp_path, rules, expected):
    problems = _check(_folder(tmp_path, rules))
    assert any(expected in p for p in problems), problems


def test_titles_must_refer_to_existing_groups(tmp_path):
    folder = _folder(tmp_path, GOOD_RULE)
    titles = yaml.safe_load((shipped_dir() / "titles.yaml").read_text())
    titles["titles"][0]["evidence"].append("telepathy")
    (folder / "titles.yaml").write_text(yaml.safe_dump(titles))
    assert any("title ml_engineer evidence: names unknown rule group(s) telepathy" in p for p in _check(folder))


def test_titles_must_require_existing_titles(tmp_path):
    folder = _folder(tmp_path, GOOD_RULE)
    titles = yaml.safe_load((shipped_dir() / "titles.yaml").read_text())
    titles["titles"][0]["requires_titles"] = ["astronaut"]
    (folder / "titles.yaml").write_text(yaml.safe_dump(titles))
    assert any("requires_titles: names unknown title(s) astronaut" in p for p in _check(folder))


def test_lexicon_check_command_exit_codes(tmp_path):
    good = _folder(tmp_path, GOOD_RULE)
    result = CliRunner().invoke(main, ["lexicon", "check", str(good)])
    assert result.exit_code == 0 and "ok" in result.output
    shutil.rmtree(good)
    bad = _folder(tmp_path, GOOD_RULE.replace("area: core_ml", "area: quantum"))
    result = CliRunner().invoke(main, ["lexicon", "check", str(bad)])
    assert result.exit_code == 2
    assert "quantum" in result.output


def test_override_replaces_a_shipped_rule(tmp_path):
    override = GOOD_RULE.replace("RP901", "RP001").replace("custom.kaggle", "research.hyperparameter_tuning")
    folder = _folder(tmp_path, override)
    lex = compile_lexicon((str(folder),))
    assert lex.rule("RP001").phrases == ("kaggle medal",)
    assert _check(folder) == []


# --- the schema of every file, and shared lists ---------------------------------------------

def _with_file(tmp_path: Path, name: str, text: str) -> Path:
    folder = _folder(tmp_path, GOOD_RULE)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("name", "text", "expected"), [
    # a typo'd key used to pass and quietly switch off that part of the claim guard
    ("claims.yaml", "ownership_ladde:\n  - [helped]\n",
     "claims.yaml: ownership_ladde: unknown key (did you mean ownership_ladder?)"),
    ("reframe.yaml", "swapz: {conduct: run}\n", "reframe.yaml: swapz: unknown key (did you mean swaps?)"),
    ("reframe.yaml", "research_focus: {ownerz: [my]}\n", "reframe.yaml: research_focus.ownerz: unknown key"),
    ("claims.yaml", "tools: kubernetes\n", "claims.yaml: tools: must be a list ([a, b]), not str"),
    ("claims.yaml", "not_names: [etc, no]\n", "claims.yaml: not_names[2]: read as the boolean false"),
    ("market.yaml", "source: x\ndate: 2026-06\nlevels: [{id: a, name: A, min_years: 0,"
                    " ml_engineer: {base: 1, total: 2}, ai_engineer: {base: 1, total: many}}]\n",
     "market.yaml: a ai_engineer.total: must be a valid integer, not str"),
    ("lemmas.yaml", "lemma: {ran: run}\n", "lemmas.yaml: lemma: unknown key (did you mean lemmas?)"),
    ("lists.yaml", "lists: {Deploy-Words: [ship]}\n", "must be lower_case"),
], ids=["claims-unknown-key", "reframe-unknown-key", "reframe-nested-unknown-key", "claims-wrong-type",
        "claims-boolean-word", "market-wrong-type", "lemmas-unknown-key", "bad-list-name"])
def test_every_lexicon_file_is_checked_against_its_schema(tmp_path, name, text, expected):
    problems = _check(_with_file(tmp_path, name, text))
    assert any(expected in p for p in problems), problems


def test_a_rule_entry_with_a_wrong_type_names_the_rule_and_field(tmp_path):
    problems = _check(_folder(tmp_path, GOOD_RULE + "    fallback: sometimes\n"))
    assert [p.split(": ", 1)[1] for p in problems] == ["RP901 fallback: must be a valid boolean, not str"]


def test_an_unknown_list_is_a_problem(tmp_path):
    rules = GOOD_RULE + "    exceptions: [$deploymnet_words, hackathon]\n"
    problems = _check(_folder(tmp_path, rules))
    assert len(problems) == 1
    assert "RP901 exceptions: unknown list $deploymnet_words (lists.yaml has $deployment_words" in problems[0]


def test_a_list_that_uses_itself_is_a_problem(tmp_path):
    folder = _with_file(tmp_path, "lists.yaml", "lists:\n  a_words: [x, $b_words]\n  b_words: [$a_words]\n")
    assert any("a_words: list a_words -> b_words -> a_words uses itself" in p for p in _check(folder))


def test_a_custom_list_replaces_the_shipped_one_for_every_rule(tmp_path):
    """A user's lists.yaml key replaces the shipped list of that name, so shipped rules use it too."""
    folder = _with_file(tmp_path, "lists.yaml", "lists:\n  deployment_words: [production, deploy, kiosk]\n")
    lex = compile_lexicon((str(folder),))
    assert "kiosk" in lex.rule("RP001").exceptions and "kiosk" not in LEX.rule("RP001").exceptions


def test_shipped_rules_share_their_repeated_lists(tmp_path):
    """The words many rules repeat are one list each; a rule using one has every word of it."""
    text = "".join(p.read_text() for p in sorted((shipped_dir() / "rules").glob("*.yaml")))
    assert text.count("$deployment_words") >= 25 and text.count("$teaching_words") >= 10
    deployment = set(LEX.lists["deployment_words"])
    using = [r for r in LEX.research_rules if deployment <= set(r.exceptions)]
    assert len(using) >= 38


def test_lexicon_check_prints_one_line_per_problem_and_exits_2(tmp_path):
    folder = _with_file(tmp_path, "reframe.yaml", "swapz: {conduct: run}\n")
    (folder / "claims.yaml").write_text("titels: [senior]\n")
    result = CliRunner().invoke(main, ["lexicon", "check", str(folder)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines[:2] == [f"{folder}/claims.yaml: titels: unknown key (did you mean titles?)",
                         f"{folder}/reframe.yaml: swapz: unknown key (did you mean swaps?)"]
    assert lines[2] == f"retitle: error: {folder}: 2 problem(s)" and "Traceback" not in result.output


def test_lexicon_check_without_a_folder_checks_the_shipped_lexicon():
    result = CliRunner().invoke(main, ["lexicon", "check"])
    assert result.exit_code == 0 and result.output.strip() == f"{shipped_dir()}: ok"


@pytest.mark.parametrize("batch", [False, True], ids=["one-file", "batch"])
def test_analyze_with_a_bad_pattern_is_one_line_and_exit_2(tmp_path, batch):
    folder = _folder(tmp_path, GOOD_RULE.replace("phrases: [kaggle medal]", "patterns: [[{LEMA: kaggle}]]"))
    resume = tmp_path / "cv" / "r.md"
    resume.parent.mkdir()
    resume.write_text("## Experience\n\n- Tuned hyperparameters.\n")
    args = ["analyze", "--lexicons", str(folder), str(resume.parent if batch else resume)]
    result = CliRunner().invoke(main, args + (["--jobs", "1"] if batch else []))
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"retitle: error: {folder}/rules/extra.yaml: RP901 patterns[1]: does not compile: "
        "[pattern -> 0 -> LEMA] Extra inputs are not permitted"]
