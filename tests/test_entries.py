"""Entry headers as real resumes lay them out: dates, parts, grouping, kinds and years.

Every resume here is fictional; each case stands for a layout pattern seen in real resumes.
"""

from __future__ import annotations

import json
from datetime import date

import docx
import pytest

from retitle import analyze
from retitle.model import EntryKind, Experience, ExperienceEntry
from retitle.parse import parse
from retitle.parse.common import clean_text, rejoin_small_caps, section_for_heading, section_named
from retitle.parse.dates import find_date_range, is_date_only, parse_point
from retitle.parse.entries import (
    MAX_HEADER_CHARS,
    MAX_HEADER_LINES,
    MAX_HEADER_WORDS,
    entry_kind,
    header_fields,
    is_header_like,
    part_kind,
)
from retitle.parse.lines import Line, Piece, build_document
from retitle.sentences import experience_line

TODAY = date(2026, 6, 15)


def entries(doc):
    return [b for b in doc.blocks if b.kind == "entry"]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- dates -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "end"), [
    ("Mar 2024 – Sep 2024", "2024-03", "2024-09"),
    ("Mar, 2024 - Sep, 2024", "2024-03", "2024-09"),
    ("March 2024 to present", "2024-03", "present"),
    ("03/2025 - Present", "2025-03", "present"),
    ("2019.03 – 2020.01", "2019-03", "2020-01"),
    ("2019-03-01 to 2020-02-28", "2019-03", "2020-02"),
    ("Summer 2021", "2021-06", "2021-06"),
    ("Fall 2019 – Spring 2021", "2019-09", "2021-03"),
    ("Jan '19 – Mar '20", "2019-01", "2020-03"),
    ("2019 – present", "2019", "present"),
    ("since 2020", "2020", "present"),
    ("2022 –", "2022", "present"),
    ("Feb. 2021 ‐ Mar. 2024", "2021-02", "2024-03"),  # U+2010 hyphen, as some PDFs write it
    ("From Jun., 2022 to Present", "2022-06", "present"),
    ("2017", "2017", "2017"),
    # an end not reached yet, as a student writes it
    ("Sept. 2018—Est. Jun. 2022", "2018-09", "2022-06"),
    ("Oct, 2024 – Expected 2026", "2024-10", "2026"),
    ("Sep 2022 – (expected) Jun 2024", "2022-09", "2024-06"),
    # a month glued to the word before it, as a converter leaves it
    ("Northmere UniversityJan 2022 – Present", "2022-01", "present"),
    ("weeklymay 2020", "2020", "2020"),  # ... only a capital after a lower-case letter starts one
    # a slash between two years; an end written as "onwards"
    ("Winter 2022/2023", "2022-12", "2023"),
    ("2019/2020", "2019", "2020"),
    ("12/2021", "2021-12", "2021-12"),
    ("Mar 2019 – onwards, Lisbon", "2019-03", "present"),
    # a month's common misspelling is still the month
    ("August 2018 - Decemeber 2021", "2018-08", "2021-12"),
    ("Febuary 2020 – Present", "2020-02", "present"),
    # a role held in several years, listed: from the first to the last
    ("[2021, 2022, 2023] Summer intern", "2021", "2023"),
    ("Reviewer 2023, 2022", "2023", "2023"),  # ... a list that runs backwards is no range
])
def test_date_forms_resumes_use(text, start, end):
    found = find_date_range(text)
    assert found is not None and (found["start"], found["end"]) == (start, end)


@pytest.mark.parametrize("text", ["GPA 3.6/4.0", "Improved recall by 12.5%", "Python 3.11 and C++17", "v2.0.1"])
def test_numbers_that_are_not_dates(text):
    assert find_date_range(text) is None


def test_date_only_and_points():
    assert is_date_only("(Jan 2020 – Present)") and is_date_only("2019") and is_date_only("Present")
    assert not is_date_only("Engineer 2019")
    assert is_date_only("Expected Graduation: May 2027") and is_date_only("Graduated June 2017")
    assert not is_date_only("Graduated in Physics, 2016")
    assert parse_point("Sept. 2018") == "2018-09" and parse_point("Autumn 2018") == "2018-09"
    assert parse_point("13/2020") is None


# --- the parts of a header ------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("Senior Software Engineer", "title"),
    ("Graduate Research Assistant", "title"),
    ("Robotics and Machine Learning Researcher", "title"),  # "and" joins the modifiers of one role
    ("Institute of Robotics and Vision", "organisation"),
    ("Institute of Applied Robotics", "organisation"),
    ("Harbourline Analytics GmbH", "organisation"),
    ("Brightwater AI Research", "organisation"),
    ("M.Sc. in Computer Science", "degree"),
    ("Bachelor of Engineering", "degree"),
    ("Berlin, Germany", "location"),
    ("Remote", "location"),
    ("GPA: 3.8/4.0", "other"),
    ("110/110 cum laude", "other"),
    ("Quillfeather", ""),
    ("3.58 GPA", "other"),  # a grade before its name is no title
    ("MA", "location"), ("ON", "location"), ("QX", ""),
    ("Quebec City", "location"),
])
def test_part_kinds(text, kind):
    assert part_kind(text) == kind


@pytest.mark.parametrize(("lines", "title", "org"), [
    # organisation and place over role and dates (the common LaTeX template)
    (["Marrowby Labs | Leeds, UK", "Data Scientist | Jan 2020 – Present"], "Data Scientist", "Marrowby Labs"),
    # role, organisation, dates on one line, in either order
    (["Machine Learning Engineer | Quillfeather | 03/2021 - 05/2023"], "Machine Learning Engineer", "Quillfeather"),
    (["Quillfeather | Machine Learning Engineer | 2021 – 2023"], "Machine Learning Engineer", "Quillfeather"),
    (["Research Intern, Harbourline Analytics GmbH, Berlin, Germany (Jun. 2019 – Aug. 2019)"],
     "Research Intern", "Harbourline Analytics GmbH"),
    (["Software Engineer at Tamsin Robotics, Summer 2020"], "Software Engineer", "Tamsin Robotics"),
    # a degree under its university, the university first
    (["University of Northmere | 2016 – 2020 | Northmere, UK", "B.Sc. in Physics, First Class"],
     "B.Sc. in Physics", "University of Northmere"),
    # a capitalised role joined to its employer with AT
    (["DATA ANALYST AT PELLWOOD BANK | 2018 – 2019"], "DATA ANALYST", "PELLWOOD BANK"),
    # a unit and its parent are one organisation; a description after a company is not
    (["Vision Lab, University of Northmere | 2020 – 2021 | Research Assistant"],
     "Research Assistant", "Vision Lab, University of Northmere"),
    (["Tamsin Robotics Inc., a warehouse automation startup | 2019 – 2021 | Engineer"], "Engineer", "Tamsin Robotics Inc."),
    # ... so is a lab, group or institute and a parent named by an acronym or "Academia", after
    # other parts too; a lone capitalised word after a unit may be its city, and stays out
    (["Research Assistant | Kiln Lab, NMU Pellwood | 2020 – 2021"], "Research Assistant", "Kiln Lab, NMU Pellwood"),
    (["2020 – 2021 | Flow models | Research Assistant, Advised by Dr. Ada Quill, Kiln Lab, NMU Pellwood"],
     "Research Assistant", "Kiln Lab, NMU Pellwood"),
    (["Research Intern | Institute of Optics, Academia Marrowby | 2019 – 2020"], "Research Intern",
     "Institute of Optics, Academia Marrowby"),
    (["Research Intern | Optics Group, Pellwood | 2019 – 2020"], "Research Intern", "Optics Group"),
    (["Data Scientist | Kiln Data, NMU Pellwood | 2019 – 2020"], "Data Scientist", "Kiln Data"),
    # a degree's field that shares a word with firms is its field when the school has a part of its
    # own; a school or a unit of one in that place is not ("PhD in X, Y Institute" keeps its title)
    (["Master of Business Administration, Business Analytics | Pellwood Institute (PIT), Leeds, UK | 2021 – 2023"],
     "Master of Business Administration, Business Analytics", "Pellwood Institute (PIT)"),
    (["Master of Technology (Software Systems) | Pellwood Institute (PIT), Leeds, UK | 2017 – 2020"],
     "Master of Technology, Software Systems", "Pellwood Institute (PIT)"),
    (["Northmere University | 2018 - Present | Leeds, UK | PhD in Computer Science, Marsh Institute"],
     "PhD in Computer Science", "Northmere University"),
    # a list the commas split stays one degree; a bracket with words after it stays inside its name
    (["01/2018 Micro-Masters in Data, Economics, and Development Policy, NMU"],
     "Micro-Masters in Data, Economics, and Development Policy", "NMU"),
    (["Postgraduate in Mobile Apps (Co-op) Program | Kiln College | September 2020 - Present"],
     "Postgraduate in Mobile Apps (Co-op) Program", "Kiln College"),
    # a bare degree in a cell of its own, then its field, then the school, in cells
    (["2015  | B.Eng.  | Software Engineering  | Marrowby University"], "B.Eng., Software Engineering", "Marrowby University"),
    # two capitals that are no state or province name a firm; "Organisation" names one too
    (["Data Scientist, QX, Search Team | Sep 2022 – Present, Leeds"], "Data Scientist", "QX"),
    (["Intern at Northmere Space Research Organisation(NSRO) | Jul– Aug 2017"], "Intern",
     "Northmere Space Research Organisation(NSRO)"),
    # a programme named beside its school, with no degree word, is what was studied there
    (["Kiln College, Leeds, UK | Big Data Analytics (Spark, Hive) - Dec 2023"], "Big Data Analytics (Spark, Hive)",
     "Kiln College"),
    (["Generative AI Seminar (Flow Models) at Marrowby University 2025"], "Generative AI Seminar (Flow Models)",
     "Marrowby University"),
    # a sentence after the employer describes it and names nothing
    (["2018 — 2021 · AI Researcher, Quillprice | Quillprice is an ICT company that builds a price platform"],
     "AI Researcher", "Quillprice"),
    # a double degree; a degree's abbreviation leading its school's name; a city beside an organisation's cell
    (["University of Northmere | Leeds, UK | December 2022 | B.S. Computer Science, B.A. Philosophy | GPA: 3.85"],
     "B.S. Computer Science, B.A. Philosophy", "University of Northmere"),
    (["PhD Northmere University, PhD in Computer Science – Leeds, UK | Sept 2018 – May 2023"],
     "PhD in Computer Science", "Northmere University"),
    # a name and, after its colon, what the body does: the name alone
    (["December 2020 - July 2021: Founder, Quillworks: Helping startups scale by mentoring"], "Founder", "Quillworks"),
    # a degree and its school across a colon
    (["MSc in Mathematics: Marrowby University, Leeds, UK (2005)"], "MSc in Mathematics", "Marrowby University"),
    # a degree's field keeps its words, not its grade
    (["Marrowby College | B.Tech, Computer Science (GPA: 8.4/10) | 2019 – 2023"], "B.Tech, Computer Science", "Marrowby College"),
    # two titles held at once; a department after the title when the employer has a part of its own
    (["Quillfeather Ltd. | Jul 2020 – Mar 2021 | Backend Developer, Co-founder"], "Backend Developer, Co-founder",
     "Quillfeather Ltd."),
    (["Pellwood Bank | Leeds, UK | May 2018 – Jul 2018 | Intern, Risk Analytics Centre"], "Intern, Risk Analytics Centre",
     "Pellwood Bank"),
    # a degree's two capitals that lead a line are the degree, not a state
    (["Pellwood College | 2013 – 2017", "BS, Biology"], "BS, Biology", "Pellwood College"),
    (["Data Analyst | Pellwood Bank | Leeds, MA | 2018 – 2019"], "Data Analyst", "Pellwood Bank"),
    # ... and a bare degree in a cell of its own takes its full name or the field the header names
    (["BS | Marrowby University, BS in Civil Engineering – Berlin, Germany | Sept 2014 – June 2018"],
     "BS in Civil Engineering", "Marrowby University"),
    (["BS | Marrowby University, Civil Engineering | Berlin, Germany | Sept 2014 – June 2018"],
     "BS, Civil Engineering", "Marrowby University"),
    # brackets around the dates go with them
    (["[2022-] Visiting researcher at the Marsh Institute"], "Visiting researcher", "the Marsh Institute"),
    # ... but the only organisation named stays the organisation
    (["Research Intern, Harbourline Analytics GmbH, Berlin, Germany (Jun. 2019 – Aug. 2019)"],
     "Research Intern", "Harbourline Analytics GmbH"),
])
def test_header_fields_from_real_layouts(lines, title, org):
    fields = header_fields(lines)
    assert fields["title"] == title and fields["organisation"] == org
    assert "start" in fields and "end" in fields


def test_a_course_named_before_its_teaching_title_qualifies_the_title(tmp_path):
    text = ("Teaching\n\nUniversity of Northmere\nSpring 2019 CSE 2100: Data Structures, Lecturer\n"
            "- Taught two lab groups.\nFall 2018 CSE 1201: Introduction to Programming, Lecturer\n- Marked weekly exercises.\n")
    got = [(e.fields["title"], e.fields.get("organisation")) for e in entries(parse(write(tmp_path, "cv.md", text)))]
    assert got == [("Lecturer, CSE 2100: Data Structures", "University of Northmere"),
                   ("Lecturer, CSE 1201: Introduction to Programming", "University of Northmere")]


def test_a_degree_bullet_under_a_dated_university_line_is_its_title(tmp_path):
    text = ("# Sam Fiction\n\n## Education\n\nUniversity of Northmere | 2019 – 2021\n\n"
            "- M.Sc. in Statistics | GPA: 3.9/4.0\n- Thesis on survival models for hospital stays.\n\n"
            "## Experience\n\nAnalyst, Pellwood Bank | 2021 – 2023\n\n- MBA courses paid by the bank, taken at night.\n")
    got = [(e.fields.get("title"), e.fields.get("organisation")) for e in entries(parse(write(tmp_path, "cv.md", text)))]
    # the bullet under an entry that has its title stays a bullet
    assert got == [("M.Sc. in Statistics", "University of Northmere"), ("Analyst", "Pellwood Bank")]


def test_header_limits_are_pinned():
    assert (MAX_HEADER_CHARS, MAX_HEADER_WORDS, MAX_HEADER_LINES) == (120, 16, 3)
    assert is_header_like("x" * MAX_HEADER_CHARS) and not is_header_like("x" * (MAX_HEADER_CHARS + 1))
    assert not is_header_like(" ".join(["word"] * (MAX_HEADER_WORDS + 1)))
    assert not is_header_like("Built the ingestion service. Cut latency by half")
    assert is_header_like("Dr. Orrin Lab, St. Albans")


# --- grouping lines into entries, in every format -------------------------------------

ORG_OVER_ROLE = """\
Experience

Pellwood Bank | Glasgow, UK
Senior Data Engineer | Mar, 2022 - Present
- Built the nightly ledger ingestion pipeline on Airflow.

Tamsin Robotics | Remote
Software Engineer | 2019 - 2022
- Wrote the fleet telemetry service in Go.
"""


def test_organisation_line_over_role_line_is_one_entry(tmp_path):
    doc = parse(write(tmp_path, "cv.txt", ORG_OVER_ROLE))
    got = [(e.fields["title"], e.fields["organisation"], e.fields["start"], e.fields["end"]) for e in entries(doc)]
    assert got == [("Senior Data Engineer", "Pellwood Bank", "2022-03", "present"),
                   ("Software Engineer", "Tamsin Robotics", "2019", "2022")]
    assert all(b.section == "experience" for b in doc.blocks if b.kind == "bullet")


def test_role_line_over_organisation_line(tmp_path):
    text = "Experience\n\nMachine Learning Engineer    Oct 2016 – Present\nQuillfeather Inc., Austin, TX\n" \
           "- Shipped the ranking model behind the search API.\n"
    (entry,) = entries(parse(write(tmp_path, "cv.txt", text)))
    assert (entry.fields["title"], entry.fields["organisation"]) == ("Machine Learning Engineer", "Quillfeather Inc.")
    assert (entry.fields["start"], entry.fields["end"]) == ("2016-10", "present")


def test_several_roles_under_one_employer_inherit_it(tmp_path):
    text = ("Experience\n\nHarbourline Analytics\nSenior Analyst | 2021 – Present\n- Ran the weekly demand review.\n"
            "Analyst | 2019 – 2021\n- Cleaned the store-level sales tables.\n")
    got = [(e.fields["title"], e.fields.get("organisation")) for e in entries(parse(write(tmp_path, "cv.md", text)))]
    assert got == [("Senior Analyst", "Harbourline Analytics"), ("Analyst", "Harbourline Analytics")]


def test_a_markdown_item_broken_into_header_lines_is_an_entry(tmp_path):
    """A list item whose dated first line ends at a hard break ("  ") holds the header's lines."""
    text = ("# Rowan Fiction\n\n## Education\n"
            "- [2019 - 2023] — **PhD in Applied Statistics**  \n  University of Northmere, Eastland.  \n"
            "  Topic: Sequential inference for streaming sensor data.\n"
            "## Work Experience\n- [2021, 2022] — **Summer intern: Quant developer**    \n   Harbour Analytics, Portsmouth\n"
            "   - Summer 2022: built a backtesting service for pricing models.\n"
            "## Academic positions\n- [2020] **Teaching assistant**\\\n    University of Northmere, Eastland.\n"
            "## Projects\n- Moved the sensor store to Postgres 2019 – 2020  \n  with no lost readings.\n"
            "- Ported the plotting code  \n  to a notebook-free script.\n")
    doc = parse(write(tmp_path, "cv.md", text))
    got = [(e.fields["title"], e.fields.get("organisation"), e.fields["start"], e.fields["end"]) for e in entries(doc)]
    assert got == [("PhD in Applied Statistics", "University of Northmere", "2019", "2023"),
                   ("Summer intern: Quant developer", "Harbour Analytics", "2021", "2022"),
                   ("Teaching assistant", "University of Northmere", "2020", "2020")]
    bullets = [b.text for b in doc.blocks if b.kind == "bullet"]
    # the item's description and sub-items stay; an item without the hard break, or without a
    # date on its first line, stays one bullet
    assert "Summer 2022: built a backtesting service for pricing models." in bullets
    assert "Topic: Sequential inference for streaming sensor data." in bullets  # the item's description
    assert "Moved the sensor store to Postgres 2019 – 2020 with no lost readings." in bullets
    assert "Ported the plotting code to a notebook-free script." in bullets


def test_a_dotted_abbreviation_ends_no_sentence():
    assert is_header_like("Ph.D. Candidate, Marine Robotics")
    assert is_header_like("B.Tech. Civil Engineering & Surveying (CES)")
    assert not is_header_like("Shipped the API. Cut latency by half")
    assert is_header_like("Research Assistant, Advised by Prof. Ada R. Quill")  # an initial


def test_a_dates_line_over_a_name_takes_the_name_but_not_a_sentence(tmp_path):
    text = ("## Research\n\nSept 2023 – May 2025\n\nStreaming Anomaly Detection at Scale\n\n"
            "Research Assistant, Advised by Prof. Ada R. Quill, Systems Lab, Northmere University\n\n"
            "- Built the replay harness.\n\n## Projects\n\n2019 – 2020\n\nPorted the loaders to Rust\n\n- Kept the API.\n")
    got = [(e.fields.get("title"), e.fields.get("organisation"), e.text.count(" | "))
           for e in entries(parse(write(tmp_path, "cv.md", text)))]
    assert got == [("Research Assistant", "Systems Lab, Northmere University", 2), (None, None, 0)]


def test_a_full_stop_after_an_address_line_ends_no_sentence():
    assert is_header_like("University of Northmere, Eastland.")
    assert is_header_like("Harbour Analytics, Portsmouth.")
    assert not is_header_like("Devised a loss model of water utility networks.")
    assert not is_header_like("Northmere University.  Built the lab's booking system.")


@pytest.mark.parametrize(("text", "header"), [
    ("[2021] Teaching assistant", True),
    ("2020 – MSc in Statistics", True),
    ("[2021] Best Paper Award, Northmere Symposium", False),
    ("2019 Migrated the feature store", False),
])
def test_a_single_year_bullet_is_a_header_only_before_a_role_or_degree(tmp_path, text, header):
    doc = parse(write(tmp_path, "cv.md", f"## Experience\n\n* {text}\n"))
    assert bool(entries(doc)) is header


def test_degree_list_items_with_a_graduation_date(tmp_path):
    """A degree item with its graduation date, an organisation item first in the list above it, and
    a graduation-date item under the header lines are the lines of one entry each."""
    text = ("# Sam Fiction\n\n## Education\n\n- University of Northmere      Eastland, NM\n"
            "- M.S. in Geography, GPA: 3.8/4.0      Graduated May 2020\n\n"
            "Coursework: Databases, Compilers\n\n- Pellwood College      Leeds, UK\n"
            "- B.Tech in Civil Engineering, GPA: 8.7/10      Graduated June 2017\n\n"
            "MARSH INSTITUTE OF TECHNOLOGY\n\nBachelor of Science in Marine Biology\n\n"
            "- Expected Graduation: May 2027\n- GPA: 3.4\n\n"
            "## Awards\n\n- Dean's Scholarship, Pellwood College\n- Best Poster, Northmere Symposium 2019\n")
    doc = parse(write(tmp_path, "cv.md", text))
    got = [(e.fields["title"], e.fields.get("organisation"), e.fields["end"]) for e in entries(doc)]
    assert got[:3] == [("M.S. in Geography", "University of Northmere", "2020-05"),
                       ("B.Tech in Civil Engineering", "Pellwood College", "2017-06"),
                       ("Bachelor of Science in Marine Biology", "MARSH INSTITUTE OF TECHNOLOGY", "2027-05")]
    assert "GPA: 3.4" in [b.text for b in doc.blocks if b.kind == "bullet"]


def test_a_degree_with_one_date_outside_education_and_a_list_of_years_are_no_header(tmp_path):
    text = "## Experience\n\n- PhD-level models shipped in 2021 to three clinics\n- Won the Kiln hackathon 2021, 2022\n"
    assert not entries(parse(write(tmp_path, "cv.md", text)))  # ... nor is an award held in several years


def test_an_award_item_above_a_dated_line_stays_an_item(tmp_path):
    text = ("## Education\n\n### University of Northmere\n\n**MSc in Statistics, 2012**\n\n"
            "- Top Student Prize, STAT 701\n- Dean's Summer Fieldwork Bursary\n\n"
            "**Bachelor of Arts in Mathematics, 2010**\n")
    doc = parse(write(tmp_path, "cv.md", text))
    assert "Dean's Summer Fieldwork Bursary" in [b.text for b in doc.blocks if b.kind == "bullet"]


def test_the_topic_after_a_role_under_its_employers_line_qualifies_the_role(tmp_path):
    text = ("## Research Experience\n\nNorthmere University — Remote\n\n"
            "Research Assistant — Streaming Systems & Sensor AI | Jan 2021 – Present\n\n- Built the ingestion service.\n\n"
            "## Experience\n\nResearch Engineer — Pellwood Analytics | 2018 – 2020\n\n- Ran the nightly loads.\n")
    got = [(e.fields.get("title"), e.fields.get("organisation"), e.fields.get("start"))
           for e in entries(parse(write(tmp_path, "cv.md", text))) if "start" in e.fields]
    assert got == [("Research Assistant, Streaming Systems & Sensor AI", "Northmere University", "2021-01"),
                   ("Research Engineer", "Pellwood Analytics", "2018")]


def test_a_dated_role_bullet_is_an_entry_but_an_achievement_bullet_is_not(tmp_path):
    text = ("## Experience\n\n* Senior MLOps Engineer, Tamsin Robotics (03/2025 - Present)\n"
            "    * Migrated the model registry to MLflow between 2019 and 2020.\n"
            "* Migrated the feature store 2019 – 2020 without downtime\n"
            "* Best Poster Award, Northmere Symposium (2019)\n")
    doc = parse(write(tmp_path, "cv.md", text))
    (entry,) = entries(doc)
    assert entry.fields["title"] == "Senior MLOps Engineer" and entry.fields["end"] == "present"
    assert [b.text[:20] for b in doc.blocks if b.kind == "bullet"] == [
        "Migrated the model r", "Migrated the feature", "Best Poster Award, N"]


def test_company_in_heading_style_is_not_a_section():
    """A PDF sets an employer in the heading font: it is an entry line, not a new section."""
    def line(text, kind="text", level=0):
        return Line([Piece(text, line=n)], kind=kind, level=level)
    n = 1
    lines = [line("EXPERIENCE", "heading"), line("PELLWOOD BANK", "heading"),
             line("Data Engineer | 2020 – 2023"), line("Built the ledger pipeline.", "bullet"),
             line("EDUCATION", "heading"), line("110/110 cum laude", "heading")]
    doc = build_document("cv.pdf", "pdf", lines)
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["EXPERIENCE", "EDUCATION"]
    (entry,) = [b for b in doc.blocks if b.kind == "entry"]
    assert entry.section == "experience" and entry.fields["organisation"] == "PELLWOOD BANK"


def test_markdown_heading_that_names_a_section_stays_a_heading(tmp_path):
    text = "# Ana\n\n## Experience\n\n### Data Engineer, Pellwood Bank (2020 – 2023)\n\n- Built X.\n\n" \
           "### Awards and Scholarships\n\n- Dean's list\n"
    doc = parse(write(tmp_path, "cv.md", text))
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Experience", "Awards and Scholarships"]
    assert entries(doc)[0].fields["organisation"] == "Pellwood Bank"


def test_plain_text_in_a_markdown_file_gets_its_capitalised_headings(tmp_path):
    text = "JANE ROE\njane@example.org\n\nWORK EXPERIENCE\nDATA ANALYST          January 2021 - March 2023\n" \
           "Pellwood Bank, Glasgow\nBuilt the churn dashboard in Tableau.\n"
    doc = parse(write(tmp_path, "cv.md", text))
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["WORK EXPERIENCE"]
    (entry,) = entries(doc)
    assert (entry.fields["title"], entry.fields["organisation"]) == ("DATA ANALYST", "Pellwood Bank")


def test_docx_two_paragraph_header_is_one_entry(tmp_path):
    document = docx.Document()
    document.add_heading("Experience", level=1)
    document.add_paragraph("Quillfeather Inc. | Austin, TX")
    document.add_paragraph("Machine Learning Engineer | Jan 2021 – Present")
    document.add_paragraph("Shipped the ranking model behind the search API.", style="List Bullet")
    path = tmp_path / "cv.docx"
    document.save(path)
    (entry,) = entries(parse(path))
    assert (entry.fields["title"], entry.fields["organisation"]) == ("Machine Learning Engineer", "Quillfeather Inc.")
    assert entry.fields["kind"] == "job"


def test_docx_header_lines_broken_inside_one_paragraph_are_one_entry(tmp_path):
    """Line breaks (w:br) after a dated first line are the header's lines, as a hard break in Markdown."""
    document = docx.Document()
    document.add_heading("Experience", level=1)
    for lines in (["Northmere UniversityJan 2020 – Jun 2022", "Research Engineer — Sensor reliabilityEastland (Remote)"],
                  ["Shipped the ranking model behind the search API in 2021", "and kept it within budget."]):
        paragraph = document.add_paragraph()
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            if number < len(lines) - 1:
                run.add_break()
    document.add_heading("Education", level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run("Pellwood CollegeSep 2014 – Jun 2018").add_break()
    paragraph.add_run("BSc in Computer Engineering").add_break()
    paragraph.add_run("Thesis: Fault injection on small FPGAs")
    path = tmp_path / "cv.docx"
    document.save(path)
    doc = parse(path)
    got = [(e.fields["title"], e.fields["organisation"], e.fields["start"]) for e in entries(doc)]
    assert got == [("Research Engineer", "Northmere University", "2020-01"),
                   ("BSc in Computer Engineering", "Pellwood College", "2014-09")]
    texts = [b.text for b in doc.blocks]
    # a paragraph that opens with an achievement stays one block
    assert "Shipped the ranking model behind the search API in 2021 and kept it within budget." in texts


# --- sections ------------------------------------------------------------------------

def test_section_headings_by_plural_and_by_word():
    assert section_for_heading("Work Experiences") == "experience"
    assert section_named("Honors & Awards") == "other"
    assert section_named("Teaching") == "experience"
    assert section_named("Academic Positions") == "research"
    assert section_named("Pellwood Bank") is None and section_named("110/110 cum laude") is None


# --- kinds and years ---------------------------------------------------------------------

@pytest.mark.parametrize(("title", "section", "heading", "kind"), [
    ("Data Scientist", "experience", "Experience", "job"),
    ("Machine Learning Intern", "experience", "Experience", "internship"),
    ("Graduate Research Assistant", "research", "Research Experience", "research_position"),
    ("Teaching Assistant", "experience", "Teaching", "teaching"),
    ("Lecturer", "other", "Teaching", "teaching"),
    ("M.Sc. in Statistics", "education", "Education", "degree"),
    ("Flood forecasting with graph networks", "research", "Research", "project"),
    ("Route planner", "projects", "Projects", "project"),
    ("Mentor", "other", "Volunteering", "volunteer"),
    ("Treasurer", "other", "Positions of Responsibility", "other"),
])
def test_entry_kinds(title, section, heading, kind):
    assert entry_kind({"title": title}, section, heading) == kind


YEARS = """\
# Rowan Vale

## Experience

### Data Scientist, Pellwood Bank (Jan 2022 – Dec 2023)

- Forecast branch demand.

## Research Experience

### Research Assistant, University of Northmere (2019 – 2020)

- Ran the survey analysis.

## Teaching

### Teaching Assistant, University of Northmere (Sep 2020 – Dec 2020)

- Taught the statistics labs.

## Education

### M.Sc. in Statistics, University of Northmere (2018 – 2021)

## Projects

### Route planner (2015 – 2016)

- Wrote a route planner.
"""


def test_years_count_positions_in_every_section_and_nothing_else(tmp_path):
    report = analyze(write(tmp_path, "cv.md", YEARS), today=TODAY)
    s = report.summary
    # 2019-01..2020-12 research + 2020-09..12 teaching (inside it) + 2022-01..2023-12 job = 48 months
    assert s.years == 4.0
    worked = s.experience
    assert worked.positions == 3 and (worked.first, worked.last) == ("2019", "2023-12")
    assert sorted(e.kind for e in worked.entries) == [EntryKind.JOB, EntryKind.RESEARCH_POSITION, EntryKind.TEACHING]
    assert experience_line(worked, s.market).startswith("4 years from 3 positions, 2019 to 2023-12, level Mid")


def test_one_year_is_singular():
    worked = Experience(1.0, "2020-01", "2020-12", (ExperienceEntry("b1", EntryKind.JOB, "Analyst", "2020-01", "2020-12"),))
    assert experience_line(worked, None) == "1 year from 1 position, 2020-01 to 2020-12, level ?"


# --- text hygiene and JSON Resume ------------------------------------------------------------

def test_small_caps_rejoined_but_mixed_case_words_kept():
    assert rejoin_small_caps("SENIOR DATA SCiENTiST") == "SENIOR DATA SCIENTIST"
    assert rejoin_small_caps("PhD, MSc, LaTeX, iPhone, MLOps, McDonald") == "PhD, MSc, LaTeX, iPhone, MLOps, McDonald"


def test_control_characters_never_leave_the_parser(tmp_path):
    assert clean_text("ef\x00cient\x0bpipeline") == "ef cient pipeline"
    doc = parse(write(tmp_path, "cv.md", "## Experience\n\n- Built an ef\x01cient ingestion pipeline.\n"))
    assert all(ch.isprintable() for b in doc.blocks for ch in b.text)


def test_star_glyph_bullets_are_stripped(tmp_path):
    doc = parse(write(tmp_path, "cv.txt", "EXPERIENCE\n★ Built the ingestion service.\n"))
    assert [b.text for b in doc.blocks if b.kind == "bullet"] == ["Built the ingestion service."]


def test_json_resume_extra_sections_and_written_out_dates(tmp_path):
    resume = {"basics": {"name": "Rowan Vale"},
              "work": [{"name": "Pellwood Bank", "position": "Analyst", "startDate": "09/2017", "endDate": "Present"}],
              "teaching": [{"name": "University of Northmere", "position": "Teaching Assistant",
                            "startDate": "2016-09-01", "endDate": "2017-06-01"}]}
    doc = parse(write(tmp_path, "resume.json", json.dumps(resume)))
    got = [(e.section, e.fields["title"], e.fields["start"], e.fields["end"], e.fields["kind"]) for e in entries(doc)]
    assert got == [("experience", "Analyst", "2017-09", "present", "job"),
                   ("experience", "Teaching Assistant", "2016-09", "2017-06", "teaching")]


# --- the head: name, contact lines --------------------------------------------------------

@pytest.mark.parametrize(("text", "first", "name"), [
    ("Rowan Vale", False, "Rowan Vale"),
    ("ROWAN VALE", False, "ROWAN VALE"),
    ("Rowan Vale | rowan@example.org | +44 20 7946 0000", False, "Rowan Vale"),
    ("Mei-Lin “May” Okafor", False, "Mei-Lin “May” Okafor"),
    ("rowan vale", True, "rowan vale"),
    ("Glasgow, United Kingdom", False, None),
    ("Senior Data Scientist", False, None),
    ("Computer Science", True, None),
    ("Rowan Vale Email", False, None),
    ("rowan vale", False, None),
])
def test_name_in_a_head_line(text, first, name):
    from retitle.parse.head import name_in
    assert name_in(text, first) == name


def test_head_lines_are_contact_lines_and_the_name_titles_the_new_docx(tmp_path):
    from retitle.render.docx_out import write_docx
    text = ("Glasgow, United Kingdom\n- +44 20 7946 0000\nRowan Vale\nrowan@example.org\n\nEXPERIENCE\n"
            "Data Engineer | Pellwood Bank | 2020 – 2023\n- Built the ledger pipeline on Airflow.\n")
    path = write(tmp_path, "cv.txt", text)
    report = analyze(path)
    head = [b for b in report.document.blocks if b.section == "other" and b.kind == "contact"]
    assert [b.text for b in head][:3] == ["Glasgow, United Kingdom", "+44 20 7946 0000", "Rowan Vale"]
    assert not any(b.kind == "bullet" and "7946" in b.text for b in report.document.blocks)
    out = write_docx(report, tmp_path / "out.docx")
    titled = [p.text for p in docx.Document(out).paragraphs if p.style.name == "Title"]
    assert titled == ["Rowan Vale"]


def test_docx_subheading_reads_like_a_markdown_one(tmp_path):
    """One rule for a heading that names no section, in every format: Word's Heading 2 like Markdown's ###."""
    document = docx.Document()
    document.add_heading("Experience", level=1)
    document.add_heading("Data Engineer, Pellwood Bank", level=2)
    document.add_paragraph("Built the ledger pipeline.", style="List Bullet")
    document.add_heading("Awards and Scholarships", level=2)
    document.add_paragraph("Dean's list", style="List Bullet")
    path = tmp_path / "cv.docx"
    document.save(path)
    doc = parse(path)
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Experience", "Awards and Scholarships"]
    assert entries(doc)[0].fields["organisation"] == "Pellwood Bank"


def test_an_unknown_name_before_a_place_beside_an_organisation_is_its_city():
    assert header_fields(["Research Intern | Kiln Labs | Marrowtown, CA | May 2022 – Aug 2022"])["location"] == "Marrowtown, CA"
    # alone, an unknown name and a place may be a firm and its city
    fields = header_fields(["Data Scientist | Kiln Data, Leeds | 2020 – 2021"])
    assert fields["organisation"] == "Kiln Data"
