"""`retitle verify BEFORE AFTER`: claims a rewrite adds, bullet by bullet, across formats."""

from __future__ import annotations

import json

import retitle
from test_cli import run

BEFORE = """## Experience

### ML Engineer — Larkspur Analytics | 2022 – Present

- Tuned hyperparameters for an invoice classifier, improving validation accuracy from 91.2% to 94.8%.
- Contributed to the fraud detection pipeline in Python.
- Built a churn model for the subscriptions team.
- Ran ablation studies on tokenizer choices and reported results weekly.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_honest_reordered_rewrite_exits_0(tmp_path):
    before = write(tmp_path, "before.md", BEFORE)
    after = write(tmp_path, "after.txt", """EXPERIENCE

ML Engineer — Larkspur Analytics | 2022 – Present
• Built a churn model for the subscriptions team.
• Improved invoice-classifier validation accuracy from 91.2% to 94.8% by tuning hyperparameters.
• Contributed to the Python fraud detection pipeline.
• Ran ablation studies on tokenizer choices.
• Reported the results weekly.
""")
    result = run("verify", before, after)
    assert result.exit_code == 0, result.output
    assert "nothing added" in result.output


def test_inflated_rewrite_lists_each_added_claim_and_exits_1(tmp_path):
    before = write(tmp_path, "before.md", BEFORE)
    after = write(tmp_path, "after.md", BEFORE
                  .replace("ML Engineer —", "Senior ML Engineer —")
                  .replace("94.8%", "97%")
                  .replace("Contributed to the fraud", "Led the real-time fraud")
                  .replace("Built a churn model", "Built a churn model on Kubernetes")
                  + "- Mentored 4 junior engineers.\n")
    result = run("verify", before, after)
    assert result.exit_code == 1
    out = result.output
    for label in ("new title", "changed number", "ownership climb", "new scope word", "new tool"):
        assert label in out
    assert "“94.8%” became “97%”" in out
    assert "Mentored 4 junior engineers." in out.split("New content")[1]
    assert "│" in out  # both texts side by side


def test_json_output_lists_pairs_and_new_content(tmp_path):
    before = write(tmp_path, "before.md", BEFORE)
    after = write(tmp_path, "after.md", BEFORE.replace("Built a churn model", "Built 3 churn models")
                  + "- Shipped a chatbot.\n")
    result = run("verify", before, after, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema_version"] == 1
    [pair] = data["pairs"]
    assert pair["before"][0]["text"] == "Built a churn model for the subscriptions team."
    assert pair["after"]["text"] == "Built 3 churn models for the subscriptions team."
    assert [a["kind"] for a in pair["added"]] == ["new_number"]
    assert [u["text"] for u in data["new_content"]] == ["Shipped a chatbot."]
    assert data["summary"]["clean"] is False


def test_merged_bullets_are_checked_against_both_sources(tmp_path):
    before = write(tmp_path, "before.md", "## Experience\n\n- Built a churn model for the subscriptions team.\n"
                   "- Deployed the churn model behind a FastAPI service.\n")
    after = write(tmp_path, "after.md", "## Experience\n\n- Built a churn model for the subscriptions team "
                  "and deployed it behind a FastAPI service.\n")
    result = retitle.verify(before, after)
    assert result.clean
    [pair] = result.pairs
    assert len(pair.before) == 2


def test_same_resume_in_two_formats_adds_nothing(sample_txt, sample_md):
    result = run("verify", sample_txt, sample_md)
    assert result.exit_code == 0, result.output


def test_unreadable_input_exits_3(tmp_path, sample_md):
    result = run("verify", sample_md, tmp_path / "missing.pdf")
    assert result.exit_code == 3
    assert "missing.pdf" in result.output


def test_verify_is_listed_in_help():
    result = run("--help")
    assert "verify" in result.output
