"""`retitle verify BEFORE AFTER`: claims a rewrite adds, bullet by bullet, across formats."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import retitle
from retitle.api import _rewriter
from retitle.model import Anchor, Document
from retitle.verification import compare
from conftest import CORPUS, SAMPLES, needs_corpus
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


# -- property-based: reordering and splitting adds nothing; one inflation is found where it is --

POOL = [
    "Tuned hyperparameters for the invoice classifier, improving validation accuracy from 91% to 94%.",
    "Contributed to the fraud detection pipeline in Python.",
    "Built a churn model for the subscriptions team.",
    "Ran ablation studies on tokenizer choices and reported results weekly.",
    "Helped migrate nightly training jobs from cron to Airflow.",
    "Wrote data validation checks for the claims ingestion pipeline.",
    "Designed a Grafana dashboard that tracks classifier drift.",
    "Reduced inference latency by 35% by quantising the BERT encoder.",
]
INFLATE = {
    "new_scope": lambda b: b[:-1] + " in production.",
    "new_tool": lambda b: b[:-1] + " on Kubernetes.",
    "new_number": lambda b: b[:-1] + " across 600 services.",
    "new_title": lambda b: "As staff engineer, " + b[0].lower() + b[1:],
}


def document(name, bullets):
    doc = Document(name, "text")
    for text in bullets:
        doc.add("bullet", "experience", text, Anchor("text", line=1, column=1))
    return doc


@settings(max_examples=40, deadline=None)
@given(picked=st.lists(st.sampled_from(POOL), min_size=2, max_size=6, unique=True), data=st.data())
def test_reordered_resume_is_clean_and_one_inflation_is_found(picked, data):
    guard = _rewriter(()).guard
    shuffled = data.draw(st.permutations(picked))
    assert compare(document("a", picked), document("b", shuffled), guard).clean
    target = data.draw(st.sampled_from(picked))
    kind = data.draw(st.sampled_from(sorted(INFLATE)))
    after = [INFLATE[kind](b) if b == target else b for b in shuffled]
    result = compare(document("a", picked), document("b", after), guard)
    [pair] = result.flagged
    assert [u.text for u in pair.before] == [target]
    assert kind in {a.kind for a in pair.added}
    assert not result.new


@needs_corpus()
def test_rendercv_themes_of_one_cv_add_nothing_to_each_other():
    """Five PDF layouts of the same CV: headers split or merged differently, durations added by
    some themes ("4 months" beside May – Aug) — none of it is a new claim."""
    from retitle.parse import parse

    themes = [parse(path) for path in sorted((CORPUS / "rendercv").glob("*.pdf"))]
    assert len(themes) == 5
    guard = _rewriter(()).guard
    for before in themes:
        for after in themes:
            if before is not after:
                result = compare(before, after, guard)
                assert result.clean, (before.path, after.path, [p.to_dict() for p in result.flagged],
                                      [u.text for u in result.new])


def entry_doc(name, text):
    doc = Document(name, "text")
    doc.add("entry", "experience", text, Anchor("text", line=1, column=1))
    return doc


def test_a_duration_the_dates_imply_is_no_claim_but_a_longer_one_is():
    guard = _rewriter(()).guard
    before = entry_doc("a", "Research Intern | Santa Clara, CA | May 2022 – Aug 2022")
    implied = entry_doc("b", "Research Intern | Santa Clara, CA | May 2022 – Aug 2022 | 4 months")
    longer = entry_doc("c", "Research Intern | Santa Clara, CA | May 2022 – Aug 2022 | 9 months")
    assert compare(before, implied, guard).clean
    [pair] = compare(before, longer, guard).flagged
    assert [a.kind for a in pair.added] == ["new_number"]


def test_sample_pdf_and_docx_add_nothing_to_each_other():
    assert retitle.verify(SAMPLES / "ada_okafor_resume.pdf", SAMPLES / "ada_okafor_resume.docx").clean
    assert retitle.verify(SAMPLES / "ada_okafor_resume.docx", SAMPLES / "ada_okafor_resume.pdf").clean


@needs_corpus()
def test_docx_and_pdf_twins_add_nothing_to_each_other():
    from retitle.parse import parse

    guard = _rewriter(()).guard
    twins = [path for path in sorted((CORPUS / "soupboss").glob("*.docx")) if path.with_suffix(".pdf").exists()]
    assert twins
    for docx_path in twins:
        docx, pdf = parse(docx_path), parse(docx_path.with_suffix(".pdf"))
        for before, after in ((docx, pdf), (pdf, docx)):
            result = compare(before, after, guard)
            assert result.clean, (before.path, after.path, [p.to_dict() for p in result.flagged],
                                  [u.text for u in result.new])


# -- issue 15: like with like across formats (fictional resume, two segmentations) ---------------

def blocks_doc(name, blocks):
    doc = Document(name, "text")
    for kind, section, text in blocks:
        doc.add(kind, section, text, Anchor("text", line=1, column=1))
    return doc


ONE_LAYOUT = [
    ("contact", "other", "Nadia Voss"),
    ("contact", "other", "nadia.voss@example.com | +1 555 0100 | Tallinn, Estonia"),
    ("heading", "experience", "EXPERIENCE"),
    ("entry", "experience", "Data Analyst | Quillfeather Labs | Jan 2019 – Mar 2021"),
    ("bullet", "experience", "Built a demand forecast for the bakery chain in Python."),
    ("bullet", "experience", "Cleaned point-of-sale exports and analysed returns by store."),
    ("heading", "education", "EDUCATION"),
    ("entry", "education", "MSc Statistics | University of Tartu | Expected Fall 2021"),
    ("paragraph", "education", "GPA: 3.6/4.0"),
    ("heading", "skills", "SKILLS"),
    ("paragraph", "skills", "Python, SQL, R, Tableau"),
    ("paragraph", "other", "Page 1 of 2"),
]
# The same resume as another parser reads it: the header split, the heading glued to the next
# line, the contact lines merged, the skills one per line, the grade on the degree line.
OTHER_LAYOUT = [
    ("contact", "other", "Nadia Voss | nadia.voss@example.com | +1 555 0100"),
    ("paragraph", "other", "Tallinn, Estonia"),
    ("heading", "experience", "EXPERIENCEData Analyst"),
    ("entry", "experience", "Quillfeather Labs | Jan 2019 – Mar 2021"),
    ("bullet", "experience", "Built a demand forecast for the bakery chain in Python."),
    ("bullet", "experience", "Cleaned point-of-sale exports and analysed returns by store."),
    ("entry", "education", "MSc Statistics, University of Tartu, Expected Fall 2021, GPA: 3.6/4.0"),
    ("bullet", "skills", "Python"),
    ("bullet", "skills", "SQL"),
    ("bullet", "skills", "R"),
    ("bullet", "skills", "Tableau"),
]


def test_one_resume_in_two_segmentations_verifies_clean_both_ways():
    guard = _rewriter(()).guard
    a, b = blocks_doc("a", ONE_LAYOUT), blocks_doc("b", OTHER_LAYOUT)
    for before, after in ((a, b), (b, a)):
        result = compare(before, after, guard)
        assert result.clean, ([p.to_dict() for p in result.flagged], [u.text for u in result.new])


def test_headers_and_lists_still_catch_a_changed_date_a_new_title_and_a_new_skill():
    guard = _rewriter(()).guard
    after = [(k, s, t.replace("Data Analyst |", "Senior Data Analyst |").replace("Jan 2019", "Jan 2018")
              .replace("Python, SQL", "Python, Kubernetes, SQL")) for k, s, t in ONE_LAYOUT]
    result = compare(blocks_doc("a", ONE_LAYOUT), blocks_doc("b", after), guard)
    added = {(a.kind, a.text) for p in result.flagged for a in p.added}
    assert ("new_title", "Senior") in added
    assert ("changed_number", "2018") in added
    assert ("new_tool", "Kubernetes") in added
    assert not result.new  # a header or a skills line is compared as such, never "new work"


def test_a_new_work_bullet_is_still_new_content():
    guard = _rewriter(()).guard
    after = OTHER_LAYOUT + [("bullet", "experience", "Mentored 4 junior analysts on forecasting.")]
    result = compare(blocks_doc("a", ONE_LAYOUT), blocks_doc("b", after), guard)
    assert [u.text for u in result.new] == ["Mentored 4 junior analysts on forecasting."]


def test_json_gives_each_added_claim_its_kind_words_and_what_the_original_had(tmp_path):
    before = write(tmp_path, "before.md", BEFORE)
    after = write(tmp_path, "after.md", BEFORE.replace("94.8%", "97%").replace("Contributed to the fraud", "Led the fraud"))
    data = json.loads(run("verify", before, after, "--format", "json").output)
    added = {a["kind"]: a for p in data["pairs"] for a in p["added"]}
    assert added["changed_number"]["text"] == "97%" and added["changed_number"]["was"] == "94.8%"
    assert added["ownership_climb"]["text"] == "Led" and added["ownership_climb"]["was"] == "Contributed"
