"""The HTML report (issue 17): a self-contained page per resume and an index for a batch.

The first tests read the markup; those marked `browser` open the pages in headless Chromium
(Debian's `chromium`, which .ci/run installs) and check what a browser makes of them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

import retitle
from conftest import FIXTURES, SAMPLES
from retitle.cli import main
from retitle.model import AreaScore
from retitle.render.html import (CHART_BAR_HEIGHT, CHART_BAR_SPACE, CHART_LABEL_WIDTH, CHART_LEGEND_HEIGHT,
                                 CHART_ROW_HEIGHT, CHART_WIDTH, chart, render_index, render_page, write_html)
from retitle.sentences import summary_text

SAMPLE = SAMPLES / "ada_okafor_resume.md"
HOSTILE = FIXTURES / "text" / "hostile_markup.txt"
# A file name that is itself markup: the index must show it as text and link it safely.
HOSTILE_NAME = '"><img src=x onerror=alert(1)> cv.md'


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


class Dom(HTMLParser):
    """The elements of a page (tag, attributes), its text, and the text inside each finding's mark."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.marks: list[tuple[str, str]] = []   # (rule code, marked words)
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._open_mark: list[str] | None = None
        self._raw: str | None = None
        self._in_ref = False   # the number after a mark, a link to its note: not the resume's text
        self.lines: list[str] = []   # the text of each summary line (elements marked data-line)
        self._line: list | None = None   # [tag, depth, text] of the line being read
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if self._line is not None and tag == self._line[0]:
            self._line[1] += 1
        elif "data-line" in attributes:
            self._line = [tag, 0, ""]
        if "data-finding" in attributes:
            self._open_mark = [attributes["data-finding"], ""]
        if tag in ("style", "script"):
            self._raw = ""
        self._in_ref = tag == "a" and attributes.get("class") == "ref"

    def handle_endtag(self, tag):
        self._in_ref = False
        if self._line is not None and tag == self._line[0]:
            if self._line[1] == 0:
                self.lines.append(" ".join(self._line[2].split()))
                self._line = None
            else:
                self._line[1] -= 1
        if tag == "mark" and self._open_mark is not None:
            self.marks.append((self._open_mark[0], self._open_mark[1]))
            self._open_mark = None
        if tag in ("style", "script") and self._raw is not None:
            (self.styles if tag == "style" else self.scripts).append(self._raw)
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self._raw += data
            return
        if self._in_ref:
            return
        self.text.append(data)
        if self._line is not None:
            self._line[2] += data
        if self._open_mark is not None:
            self._open_mark[1] += data

    def all(self, tag: str | None = None, **attrs) -> list[dict[str, str]]:
        return [a for t, a in self.elements if (tag is None or t == tag)
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


@pytest.fixture(scope="module")
def sample():
    return retitle.analyze(SAMPLE)


@pytest.fixture(scope="module")
def hostile():
    report = retitle.analyze(HOSTILE)
    texts = " ".join(b.text for b in report.document.blocks)
    # The parser keeps the markup as text; otherwise this file would test nothing.
    assert "<script>" in texts and '"><img src=x onerror=' in texts and "<iframe" in texts
    assert report.findings
    return report


# ---------------------------------------------------------------- the markup


def test_every_finding_is_one_marked_element_on_its_own_words(sample):
    dom = Dom(render_page(sample))
    assert len([a for _, a in dom.elements if "data-finding" in a]) == len(sample.findings)
    assert dom.marks == [(f.code, f.text) for f in sample.findings]
    # each mark is numbered and linked to its note, and the note back to the words
    for number, finding in enumerate(sample.findings, start=1):
        assert dom.all("mark", id=f"f{number}")[0]["data-finding"] == finding.code
        assert dom.all("a", href=f"#n{number}") and dom.all("a", href=f"#f{number}")
        assert dom.all("article", id=f"n{number}")


def test_page_reads_the_resume_in_order_with_messages_and_suggestions(sample):
    dom = Dom(render_page(sample))
    text = dom.plain
    at = text.index("Resume and findings")
    for block in sample.document.blocks:   # every block, in reading order
        at = text.index(" ".join(block.text.split()), at)
    for finding in sample.findings:
        assert " ".join(finding.message.split()) in text
    reframes = [s for f in sample.findings for s in f.suggestions if s.kind == "reframe"]
    assert any(s.safe for s in reframes)
    for s in reframes:
        label = "safe to apply" if s.safe else "not safe to apply as is"
        assert f"Reframe {label}: {' '.join(s.text.split())}" in text
    shown = [a for a in dom.all("span") if a.get("class") == "placeholder"]
    expected = sum(s.text.count(f"[{p}]") for f in sample.findings for s in f.suggestions
                   if s.kind == "prompt" for p in set(s.placeholders))
    assert expected and len(shown) == expected + 1   # + the one in the key above the resume


def test_page_has_one_h1_landmarks_and_headings_that_never_skip_a_level(sample, hostile):
    for report in (sample, hostile):
        dom = Dom(render_page(report))
        assert dom.all("html")[0]["lang"] == "en"
        assert len(dom.all("h1")) == 1 and dom.all("main", id="main") and dom.all("nav") and dom.all("footer")
        assert dom.all("a", href="#main")                               # skip link
        levels = [int(tag[1]) for tag, _ in dom.elements if re.fullmatch(r"h[1-6]", tag)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
        chart = dom.all("svg", id="skill-matrix")[0]
        assert all(dom.all(None, id=ref) for ref in chart["aria-labelledby"].split())


# No ML or data work: the framing score is n/a with its note, and no title is supported.
SHOP = """# Robin Marsh

## Experience

### Shift Supervisor, Corner Bakery (2019 – 2022)

- Kept friendly customer interactions at the counter during the lunch rush.
"""


@pytest.mark.parametrize("case", ["sample", "hostile", "shop"])
def test_page_summary_is_exactly_the_sentences(case, sample, hostile, tmp_path):
    if case == "shop":
        (tmp_path / "shop.md").write_text(SHOP, encoding="utf-8")
        report = retitle.analyze(tmp_path / "shop.md")
        assert report.summary.framing.score is None
    else:
        report = sample if case == "sample" else hostile
    dom = Dom(render_page(report))
    assert dom.lines == [" ".join(str(line).split()) for line in summary_text(report.summary).every_line()]
    assert ("Market reference" in dom.plain) == (report.summary.market is not None)


def test_page_draws_every_skill_matrix_area_as_two_bars(sample):
    dom = Dom(render_page(sample))
    areas = sample.summary.areas
    assert dom.all("svg", id="skill-matrix")[0]["role"] == "img"
    assert [a["data-area"] for a in dom.all("g") if "data-area" in a] == [a.id for a in areas]
    bars = [(b["data-side"], int(b["data-count"])) for b in dom.all("rect") if "data-side" in b]
    assert bars == [pair for a in areas for pair in (("research", a.research), ("systems", a.systems))]
    widths = [float(b["width"]) for b in dom.all("rect") if "data-side" in b]
    assert max(widths) == CHART_BAR_SPACE and min(widths) == 0
    assert "seed" not in dom.plain.lower()


def test_chart_bars_scale_to_the_largest_count_and_fit_the_drawing():
    assert (CHART_WIDTH, CHART_LABEL_WIDTH, CHART_BAR_SPACE, CHART_ROW_HEIGHT, CHART_BAR_HEIGHT,
            CHART_LEGEND_HEIGHT) == (460, 170, 240, 32, 11, 26)
    areas = [AreaScore("a", "A", 10, 5, (), ()), AreaScore("b", "B", 0, 0, (), ())]
    drawn = chart(areas)
    widths = {(r["key"], b["side"]): b["width"] for r in drawn["rows"] for b in r["bars"]}
    assert widths == {("a", "research"): CHART_BAR_SPACE, ("a", "systems"): CHART_BAR_SPACE / 2,
                      ("b", "research"): 0, ("b", "systems"): 0}
    assert drawn["height"] == CHART_LEGEND_HEIGHT + 2 * CHART_ROW_HEIGHT + 4
    bottom = max(b["y"] + CHART_BAR_HEIGHT for r in drawn["rows"] for b in r["bars"])
    assert bottom <= drawn["height"]
    assert max(b["label_x"] for r in drawn["rows"] for b in r["bars"]) + 20 <= CHART_WIDTH   # room for "10"
    assert chart([AreaScore("a", "A", 0, 0, (), ())])["rows"][0]["bars"][0]["width"] == 0


def test_hostile_resume_text_stays_text(hostile, tmp_path):
    page = render_page(hostile)
    dom = Dom(page)
    assert not dom.all("img") and not dom.all("iframe") and not dom.all("textarea") and not dom.all("script")
    assert {a.get("id") or a.get("class") for a in dom.all("svg")} == {"skill-matrix", "meter"}
    assert not [a for _, a in dom.elements if any(k.startswith("on") for k in a)]
    for block in hostile.document.blocks:
        assert " ".join(block.text.split()) in dom.plain
    # The escaped text is what a browser shows: the parsed page's text holds the markup verbatim.
    assert "<script>document.body.setAttribute('data-pwned','script')</script>" in dom.plain


def test_pages_load_nothing_and_only_their_own_style_and_script_apply(sample):
    rows = [{"path": HOSTILE_NAME, "format": "markdown", "bullets": 3, "findings_warning": 1, "findings_suggestion": 0,
             "framing_score": 0, "level": "entry", "suggested_titles": [], "error": None}]
    for html in (render_page(sample, index_href="../index.html"), render_index(rows, {HOSTILE_NAME: "x.html"}, total=1)):
        dom = Dom(html)
        policy = dom.all("meta", http_equiv="Content-Security-Policy")[0]["content"]
        assert policy.startswith("default-src 'none';") and "img-src 'none'" in policy
        for style in dom.styles:
            assert f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'" in policy
        for script in dom.scripts:
            assert f"script-src 'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'" in policy
        assert "url(" not in html and "@import" not in html
        links = [a[k] for _, a in dom.elements for k in ("src", "href", "action", "srcset", "data") if k in a]
        assert links and all(not re.match(r"^[a-z][a-z0-9+.-]*:|^//", link, re.I) for link in links), links


def test_cli_html_writes_the_page_of_one_file(tmp_path):
    out = tmp_path / "report.html"
    result = run("analyze", SAMPLE, "--html", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    report = json.loads(result.stdout)
    assert len(Dom(out.read_text(encoding="utf-8")).marks) == len(report["findings"])


def test_cli_html_refuses_a_batch_and_the_input_itself(tmp_path):
    copy = tmp_path / "cv.txt"
    shutil.copy(SAMPLES / "ada_okafor_resume.txt", copy)
    before = copy.read_bytes()
    result = run("analyze", copy, "--html", copy)
    assert result.exit_code == 2 and "would overwrite the input" in result.stderr
    assert copy.read_bytes() == before
    result = run("analyze", copy, SAMPLE, "--html", tmp_path / "x.html")
    assert result.exit_code == 2 and "--html takes exactly one input file" in result.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A batch of a sample, a nested copy, a file whose name is markup, the hostile resume and an empty file."""
    root = tmp_path_factory.mktemp("batch")
    inbox = root / "in"
    (inbox / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, inbox / "ada.md")
    shutil.copy(SAMPLES / "ada_okafor_resume.txt", inbox / "sub" / "ada.txt")
    shutil.copy(SAMPLE, inbox / HOSTILE_NAME)
    shutil.copy(HOSTILE, inbox / "hostile.txt")
    (inbox / "empty.txt").write_bytes(b"")
    result = run("analyze", inbox, "--out", root / "out", "--jobs", "2")
    assert result.exit_code == 3, result.stderr  # empty.txt failed; the rest finished
    return inbox, root / "out", result


def test_batch_writes_a_page_per_file_and_an_index_row_per_input(batch):
    inbox, out, result = batch
    inputs = sorted(str(p) for p in inbox.rglob("*") if p.is_file())
    dom = Dom((out / "index.html").read_text(encoding="utf-8"))
    rows = [a["data-file"] for a in dom.all("tr") if "data-file" in a]
    assert rows == inputs
    summary = {r["path"]: r for r in json.loads((out / "summary.json").read_text())["rows"]}
    for path in inputs:
        row = summary[path]
        page = out / Path(path).relative_to(inbox).with_name(Path(path).name + ".retitle.html")
        assert page.is_file() == (row["error"] is None)
    assert "empty file" in dom.plain and not (out / "empty.txt.retitle.html").exists()
    links = [unquote(a["href"]) for a in dom.all("a") if a["href"].endswith(".retitle.html")]
    assert len(links) == len(inputs) - 1 and all((out / link).is_file() for link in links)
    assert not dom.all("img")  # the file name that is markup stays text
    nested = Dom((out / "sub" / "ada.txt.retitle.html").read_text(encoding="utf-8"))
    back = [a["href"] for a in nested.all("a") if a["href"].endswith("index.html")]
    assert back == ["../index.html"]
    report = json.loads((out / "sub" / "ada.txt.retitle.json").read_text())
    assert len(nested.marks) == len(report["findings"])
    assert "pages listed in" in result.stderr and "index.html" in result.stderr


def test_no_html_leaves_the_pages_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.md")
    assert run("analyze", folder, "--out", tmp_path / "out", "--no-html", "--no-docx").exit_code == 0
    assert (tmp_path / "out" / "a.md.retitle.json").is_file()
    assert not list((tmp_path / "out").rglob("*.html"))


def test_write_html_replaces_only_its_own_output(sample, tmp_path):
    out = tmp_path / "deep" / "page.html"
    write_html(sample, out)
    write_html(sample, out)
    assert [p.name for p in out.parent.iterdir()] == ["page.html"]


# ---------------------------------------------------------------- in a browser


CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; .ci/run installs it "
                                                              "(apt-get install chromium)")
# Quiet the browser's own background traffic (updates, sync, accounts) so the net log shows the page's.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--disable-default-apps"]
WARNING_MARK, RESEARCH_BAR, SYSTEMS_BAR = (0xFD, 0xE6, 0x8A), (0xB4, 0x53, 0x09), (0x1D, 0x4E, 0xD8)


def _chromium(work: Path, name: str, url: str, *action: str) -> dict:
    """One headless Chromium run on `url` with a net log; returns its stdout and the page's requests."""
    netlog = work / f"{name}.netlog.json"
    proc = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={work / ('profile-' + name)}",
                           f"--log-net-log={netlog}", *action, url],
                          capture_output=True, text=True, timeout=180, cwd=work)
    return {"stdout": proc.stdout, "returncode": proc.returncode, "stderr": proc.stderr[-2000:],
            "requests": page_requests(netlog)}


def page_requests(netlog: Path) -> list[str]:
    """URLs a page asked the network stack for. The browser's own requests carry no page in their
    network isolation key; a page opened from file:// puts file:// there."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in log["events"] if e["type"] == start
            and "file://" in str(e.get("params", {}).get("network_isolation_key", ""))]


@pytest.fixture(scope="module")
def browser(tmp_path_factory, sample, hostile, batch):
    """Every page the browser tests look at, opened in parallel: the sample's page (DOM, screenshot
    and PDF), the hostile page, the batch index (sorted through its address) and a control page
    that does load from the network, to show the net-log check would see it."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed; .ci/run installs it (apt-get install chromium)")
    work = tmp_path_factory.mktemp("browser")
    write_html(sample, work / "sample.html")
    write_html(hostile, work / "hostile.html")
    (work / "control.html").write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    _, out, _ = batch
    index = (out / "index.html").as_uri()
    sample_page = (work / "sample.html").as_uri()
    jobs = {   # one run can dump the DOM, take the screenshot and print the PDF together
        "sample": (sample_page, "--dump-dom", "--window-size=1280,2200", f"--screenshot={work / 'shot.png'}",
                   "--no-pdf-header-footer", f"--print-to-pdf={work / 'print.pdf'}"),
        "hostile": ((work / "hostile.html").as_uri(), "--dump-dom"),
        "index": (index + "#sort=-score", "--dump-dom"),
        "control": ((work / "control.html").as_uri(), "--dump-dom"),
    }
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(_chromium, work, name, url, *action) for name, (url, *action) in jobs.items()}
        results = {name: future.result() for name, future in futures.items()}
    for name, outcome in results.items():
        assert outcome["returncode"] == 0, f"chromium {name}: {outcome['stderr']}"
    return work, results


@pytest.mark.browser
@needs_chromium
def test_browser_marks_every_finding_and_shows_the_chart_and_score(browser, sample):
    _, results = browser
    dom = Dom(results["sample"]["stdout"])
    assert len([a for _, a in dom.elements if "data-finding" in a]) == len(sample.to_dict()["findings"])
    assert dom.marks == [(f.code, f.text) for f in sample.findings]
    assert dom.all("svg", id="skill-matrix") and len([a for a in dom.all("rect") if "data-side" in a]) == 12
    assert f"{sample.summary.framing.score}/100" in dom.plain


@pytest.mark.browser
@needs_chromium
def test_browser_runs_no_script_from_a_hostile_resume(browser, hostile):
    _, results = browser
    dump = results["hostile"]["stdout"]
    dom = Dom(dump)
    assert "data-pwned" not in dom.all("body")[0]
    assert re.search(r"<title>(.*?)</title>", dump).group(1) == f"retitle report: {hostile.file}"
    assert not dom.all("img") and not dom.all("iframe") and not dom.all("script")
    assert "<script>document.title='pwned'</script>" in dom.plain
    assert len(dom.marks) == len(hostile.findings)


@pytest.mark.browser
@needs_chromium
def test_browser_index_has_one_row_per_input_and_sorts(browser, batch):
    inbox, _, _ = batch
    _, results = browser
    dom = Dom(results["index"]["stdout"])
    rows = [a["data-file"] for a in dom.all("tr") if "data-file" in a]
    assert sorted(rows) == sorted(str(p) for p in inbox.rglob("*") if p.is_file())
    assert len(dom.all("button", type="button")) == 8          # the script ran: the headings became buttons
    assert dom.all("th", data_key="score")[0]["aria-sort"] == "descending"
    scores = [a["data-value"] for a in dom.all("td", **{"class": "num col-score"})]
    numbers = [float(v) for v in scores if v]
    assert numbers == sorted(numbers, reverse=True) and scores[-1] == ""   # the failed file, with no score, last
    assert rows[-1].endswith("empty.txt")


@pytest.mark.browser
@needs_chromium
def test_browser_loads_nothing_from_the_network(browser):
    _, results = browser
    assert results["control"]["requests"] == ["http://127.0.0.1:9/x.png"]   # the check does see a page's load
    for name in ("sample", "hostile", "index"):
        assert results[name]["requests"] == [], name


@pytest.mark.browser
@needs_chromium
def test_browser_screenshot_shows_the_marks_and_the_chart(browser):
    from PIL import Image

    work, _ = browser
    image = Image.open(work / "shot.png").convert("RGB")
    assert image.size == (1280, 2200)
    colours = dict((rgb, n) for n, rgb in image.getcolors(maxcolors=1 << 20))
    assert len(colours) > 100                                   # not blank
    for colour in (RESEARCH_BAR, SYSTEMS_BAR, WARNING_MARK):    # the styled chart and highlights are drawn
        assert colours.get(colour, 0) > 200, colour


@pytest.mark.browser
@needs_chromium
def test_browser_prints_the_page_to_pdf(browser, sample):
    from pdfminer.high_level import extract_text

    work, _ = browser
    text = " ".join(unicodedata.normalize("NFKC", extract_text(str(work / "print.pdf"))).split())  # "ﬁ" -> "fi"
    assert "Framing score" in text and f"{sample.summary.framing.score}/100" in text
    assert "Skip to the content" not in text and "Resume and findings" in text
    for finding in sample.findings:
        assert finding.code in text
