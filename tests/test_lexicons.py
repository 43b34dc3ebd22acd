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
from retitle.engine import build_nlp, compile_problems
from retitle.lexicon import GROUP_KINDS, check_folder, load_lexicon, shipped_dir

LEX = load_lexicon()


def test_shipped_lexicon_has_no_problems():
    assert check_folder(shipped_dir()) == []


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
    nlp = build_nlp(LEX.lemmas)
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
    assert check_folder(_folder(tmp_path, GOOD_RULE)) == []


@pytest.mark.parametrize(("rules", "expected"), [
    ("rules: [ {code: RP901, name: x.y", "invalid YAML"),
    (GOOD_RULE.replace("area: core_ml", "area: quantum"), "area 'quantum' is not in skill_matrix.yaml"),
    (GOOD_RULE.replace("phrases: [kaggle medal]", 'patterns: [[{LEMMA: {IN: [kaggle, on]}}]]'),
     "pattern 1 does not compile"),
    (GOOD_RULE.replace("phrases: [kaggle medal]", "patterns: [[{LEMA: kaggle}]]"), "pattern 1 does not compile"),
    (GOOD_RULE + GOOD_RULE.split("rules:\n", 1)[1].replace("custom.kaggle", "custom.other"), "duplicate code"),
    (GOOD_RULE.replace("phrases: [kaggle medal]", "phrases: [tuned hyperparameters]"), "tuned hyperparameters"),
    (GOOD_RULE.replace("name: custom.kaggle", "name: Kaggle"), "must be dotted lower_case"),
    (GOOD_RULE.replace("level: suggestion", "level: fatal"), "level must be one of"),
    (GOOD_RULE + "    rewrites: [{kind: prompt, question: Which one, template: no placeholder}]\n", "placeholder"),
    (GOOD_RULE + "    rewrites: [{kind: reframe, swap: [train, build]}]\n", "swap must map"),
], ids=["bad-yaml", "unknown-area", "bad-pattern-value", "bad-pattern-key", "duplicate-code",
        "duplicate-phrase", "bad-name", "bad-level", "prompt-without-placeholder", "bad-swap"])
def test_lexicon_check_reports_broken_folders(tmp_path, rules, expected):
    problems = check_folder(_folder(tmp_path, rules))
    assert any(expected in p for p in problems), problems


def test_titles_must_refer_to_existing_groups(tmp_path):
    folder = _folder(tmp_path, GOOD_RULE)
    titles = yaml.safe_load((shipped_dir() / "titles.yaml").read_text())
    titles["titles"][0]["evidence"].append("telepathy")
    (folder / "titles.yaml").write_text(yaml.safe_dump(titles))
    assert any("unknown rule group(s) telepathy" in p for p in check_folder(folder))


def test_titles_must_require_existing_titles(tmp_path):
    folder = _folder(tmp_path, GOOD_RULE)
    titles = yaml.safe_load((shipped_dir() / "titles.yaml").read_text())
    titles["titles"][0]["requires_titles"] = ["astronaut"]
    (folder / "titles.yaml").write_text(yaml.safe_dump(titles))
    assert any("requires_titles names unknown title(s) astronaut" in p for p in check_folder(folder))


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
    lex = load_lexicon((str(_folder(tmp_path, override)),))
    assert lex.rule("RP001").phrases == ("kaggle medal",)
    assert compile_problems(lex) == []
