"""The command line: parse options, call the library, turn errors into one line and an exit code.

Exit codes: 0 ok; 1 findings at or above --fail-on (or claims added, for verify);
2 usage error; 3 an input could not be read. Heavy libraries are imported inside
commands so `retitle --help` starts instantly.
"""

from __future__ import annotations

import sys

import click

from retitle import __version__
from retitle.errors import RetitleError
from retitle.render import FORMATS

EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 1, 2, 3
_LEVEL_RANK = {"suggestion": 1, "warning": 2}


def _fail(message: str, code: int) -> None:
    click.echo(f"retitle: error: {message}", err=True)
    sys.exit(code)


def _split(values: tuple[str, ...]) -> list[str]:
    """`--select RP001,RP002 --select training` -> ['RP001', 'RP002', 'training']."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def unknown_rule_keys(keys: list[str], lexicon_dirs=()) -> list[str]:
    """One message per `--select`/`--ignore` key that selects no rule: "unknown rule RP0O2 — did you
    mean RP002?" (the closest code, dotted name or group, when one is close)."""
    import difflib

    from retitle.api import compiled_lexicon

    if not keys:
        return []
    rules = compiled_lexicon(tuple(str(d) for d in lexicon_dirs)).rules
    known = sorted({r.code for r in rules} | {r.name for r in rules} | {r.group for r in rules})
    problems = []
    for key in keys:
        if any(rule.selected_by(key) for rule in rules):
            continue
        guess = key
        if key[:2].upper() in ("RP", "SF"):   # a code: letters typed for the digits they look like
            guess = key[:2].upper() + key[2:].upper().translate(str.maketrans("OIL", "011"))
        close = [guess] if guess in known else difflib.get_close_matches(guess, known, n=1, cutoff=0.6)
        problems.append(f"unknown rule {key}" + (f" — did you mean {close[0]}?" if close else
                                                 " (not a rule code, dotted name or group; see `retitle rules`)"))
    return problems


def _input_limits(command):
    """The options that bound what an input may cost to read, shared by analyze and verify."""
    for option in reversed([
        click.option("--max-size", type=click.FloatRange(min=0.001), default=20.0, show_default=True,
                     help="Largest input file to read, in MB."),
        click.option("--max-pages", type=click.IntRange(min=1), default=50, show_default=True,
                     help="Refuse PDFs with more pages than this."),
        click.option("--password", default="", help="Password of an encrypted PDF (prefer RETITLE_PDF_PASSWORD).",
                     envvar="RETITLE_PDF_PASSWORD", show_envvar=True),
        click.option("--max-unzipped", type=click.FloatRange(min=0.001), default=100.0, show_default=True,
                     help="Largest total uncompressed size of a DOCX zip, in MB (checked before unzipping)."),
        click.option("--max-zip-members", type=click.IntRange(min=1), default=1000, show_default=True,
                     help="Most files a DOCX zip may hold."),
        click.option("--pdf-engine", type=click.Choice(["auto", "pdfium", "pdfminer"]), default="auto",
                     show_default=True, envvar="RETITLE_PDF_ENGINE", show_envvar=True,
                     help="What reads PDFs: PDFium (fast, repairs damaged files), pdfminer.six, or auto "
                          "(PDFium, falling back to pdfminer when PDFium cannot read the file)."),
    ]):
        command = option(command)
    return command


def _limits(max_size, max_pages, password, max_unzipped, max_zip_members, pdf_engine) -> dict:
    """CLI units (MB) to the keyword arguments of `retitle.api`."""
    return dict(max_bytes=int(max_size * 1024 * 1024), max_pages=max_pages, password=password,
                max_unzipped=int(max_unzipped * 1024 * 1024), max_members=max_zip_members, pdf_engine=pdf_engine)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="retitle")
def main() -> None:
    """Find research-style framing in an ML resume and reframe it toward systems
    integration — without inflating a single claim. Everything runs offline."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, help="Only these rules: code, dotted-name prefix or group (repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: code, dotted-name prefix or group.")
@click.option("--lexicons", "lexicon_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Extra lexicon folder; its rules add to or override the shipped ones.")
@click.option("--fail-on", type=click.Choice(["suggestion", "warning", "never"]), default="never",
              show_default=True, help="Exit 1 when a finding at or above this level is found.")
@_input_limits
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False, path_type=str),
              help="Also write a marked-up DOCX: Word comments on the flagged words (one input file only).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=str),
              help="Also write a self-contained HTML report: the resume with the flagged words marked, "
                   "the suggestions beside them, the score and the skill-matrix chart (one input file only).")
@click.option("--revisions", is_flag=True,
              help="With --docx: add the safe reframes as tracked changes to accept or reject in Word.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=str),
              help="Batch: write <name>.retitle.json, .retitle.docx and .retitle.html per file, mirroring the "
                   "input tree, plus summary.csv, summary.json and index.html, into this folder.")
@click.option("--no-docx", is_flag=True, help="Batch: with --out, skip the marked-up DOCX per file (faster).")
@click.option("--no-html", is_flag=True, help="Batch: with --out, skip the HTML page per file and index.html.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Batch: worker processes  [default: the CPU count]")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Batch: seconds one file may take before it is stopped and recorded as failed (0: no limit).")
@click.option("--scheduler", envvar="RETITLE_SCHEDULER", show_envvar=True, metavar="tcp://HOST:PORT",
              help="Batch: run the files on this Dask scheduler's workers instead of local processes "
                   "(needs the extra: pip install \"retitle[dask]\").")
@click.option("--send-files", is_flag=True,
              help="With --scheduler: send each file's bytes to the workers (without it they read the "
                   "same paths, on a shared file system).")
def analyze(paths, fmt, select, ignore, lexicon_dirs, fail_on, max_size, max_pages, password,
            max_unzipped, max_zip_members, pdf_engine, docx_out, html_out, revisions, out_dir, no_docx, no_html,
            jobs, timeout, scheduler, send_files) -> None:
    """Analyse resume files or folders (PDF, DOCX, TXT, MD, TEX, JSON Resume).

    A folder, --out, --jobs or --scheduler makes a batch: files are analysed in parallel worker
    processes (or on a Dask cluster), each failure is reported in one line and every other file
    still finishes."""
    import os

    from retitle.batch import Options

    if scheduler:
        _check_cluster_options(jobs)
    elif send_files:
        _fail("--send-files needs --scheduler (local workers read the files themselves)", EXIT_USAGE)
    batch = bool(out_dir or jobs or scheduler or any(os.path.isdir(p) for p in paths))
    if docx_out and (len(paths) != 1 or batch):
        _fail("--docx takes exactly one input file (a batch writes DOCX files with --out)", EXIT_USAGE)
    if html_out and (len(paths) != 1 or batch):
        _fail("--html takes exactly one input file (a batch writes HTML pages and index.html with --out)", EXIT_USAGE)
    if revisions and not docx_out:
        _fail("--revisions needs --docx OUT.docx", EXIT_USAGE)
    try:
        problems = unknown_rule_keys(_split(select) + _split(ignore), lexicon_dirs)
    except RetitleError as exc:
        _fail(str(exc), exc.exit_code)
    if problems:
        _fail("; ".join(problems), EXIT_USAGE)
    analyze_options = dict(select=_split(select), ignore=_split(ignore), lexicons=lexicon_dirs,
                           **_limits(max_size, max_pages, password, max_unzipped, max_zip_members, pdf_engine))
    options = Options(analyze=analyze_options, out=out_dir, docx=not no_docx, html=not no_html,
                      color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    if batch:
        _analyze_batch(paths, options, fmt, fail_on, jobs, timeout, scheduler, send_files)
    else:
        _analyze_files(paths, options, fmt, fail_on, docx_out, revisions, html_out)


def _analyze_files(paths, options, fmt: str, fail_on: str, docx_out: str | None, revisions: bool,
                   html_out: str | None = None) -> None:
    """Files named one by one: analysed in this process, reported in the order given."""
    from retitle.api import analyze_file
    from retitle.model import error_dict
    from retitle.render import json_out, render_report

    results, failed, worst = [], 0, 0
    for path in paths:
        try:
            report, error = analyze_file(path, **options.analyze)
        except RetitleError as exc:
            _fail(str(exc), exc.exit_code)
        if error is not None:
            failed += 1
            click.echo(f"retitle: error: {path}: {error}", err=True)
            results.append(error_dict(path, error))
            continue
        worst = max([worst, *(_LEVEL_RANK[f.level] for f in report.findings)])
        if docx_out:
            _write_docx(report, docx_out, revisions)
        if html_out:
            _write_html(report, html_out)
        if fmt == "json":
            results.append(report.to_dict())
        else:
            click.echo(render_report(report, fmt, options.color), nl=fmt == "jsonl")
    if fmt == "json":
        click.echo(json_out.dumps(results[0] if len(paths) == 1 else results))
    elif fmt == "jsonl":
        for result in results:
            if "error" in result:
                click.echo(json_out.dumps(result, pretty=False))
    if failed:
        sys.exit(EXIT_INPUT)
    if fail_on != "never" and worst >= _LEVEL_RANK[fail_on]:
        sys.exit(EXIT_FINDINGS)


def _write_docx(report, out: str, revisions: bool) -> None:
    from retitle.render.docx_out import write_docx

    notes: list[str] = []
    try:
        write_docx(report, out, revisions=revisions, notes=notes)
    except RetitleError as exc:
        _fail(str(exc), exc.exit_code)
    except OSError as exc:
        _fail(f"{out}: cannot write ({exc.strerror or exc})", EXIT_USAGE)
    click.echo(f"retitle: wrote {out}", err=True)
    for note in notes:
        click.echo(f"retitle: {note}", err=True)


def _write_html(report, out: str) -> None:
    from retitle.render.html import write_html

    try:
        write_html(report, out)
    except RetitleError as exc:
        _fail(str(exc), exc.exit_code)
    except OSError as exc:
        _fail(f"{out}: cannot write ({exc.strerror or exc})", EXIT_USAGE)
    click.echo(f"retitle: wrote {out}", err=True)


def _check_cluster_options(jobs) -> None:
    """--scheduler needs the optional Dask extra, and leaves the worker count to the cluster."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        _fail('--scheduler needs Dask, which is not installed: pip install "retitle[dask]"', EXIT_USAGE)
    if jobs:
        _fail("--jobs sets local worker processes; with --scheduler the cluster's workers run the files", EXIT_USAGE)


def _analyze_batch(paths, options, fmt: str, fail_on: str, jobs, timeout: float, scheduler=None,
                   send_files: bool = False) -> None:
    """A batch: the library does the work; this maps its result to an exit code. With --out,
    the text report stays in the files and stdout only carries what was asked for explicitly."""
    from dataclasses import replace

    from retitle.batch import EXIT_INTERRUPTED, run_batch

    options = replace(options, fmt=None if options.out and fmt == "text" else fmt)
    try:
        result = run_batch(paths, options, jobs=jobs, timeout=timeout or None, scheduler=scheduler,
                           send_files=send_files)
    except RetitleError as exc:
        _fail(str(exc), exc.exit_code)
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if result.failed:
        sys.exit(EXIT_INPUT)
    if fail_on != "never" and result.worst_level and _LEVEL_RANK[result.worst_level] >= _LEVEL_RANK[fail_on]:
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("before", type=click.Path(path_type=str))
@click.argument("after", type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lexicons", "lexicon_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Extra lexicon folder (its claims.yaml extends the claim vocabulary).")
@_input_limits
def verify(before, after, fmt, lexicon_dirs, max_size, max_pages, password, max_unzipped,
           max_zip_members, pdf_engine) -> None:
    """List every claim AFTER (a rewrite) adds to BEFORE, bullet by bullet.

    Any two formats (e.g. the original PDF and a rewritten DOCX). Exit 1 when a claim was added
    or a bullet has no counterpart in BEFORE, 0 when nothing was added."""
    from retitle.api import verify as run
    from retitle.render import json_out

    try:
        result = run(before, after, lexicons=lexicon_dirs,
                     **_limits(max_size, max_pages, password, max_unzipped, max_zip_members, pdf_engine))
    except RetitleError as exc:
        _fail(str(exc), exc.exit_code)
    if fmt == "json":
        click.echo(json_out.dumps(result.to_dict()))
    else:
        from retitle.render.verify import render

        click.echo(render(result), nl=False)
    if not result.clean:
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.option("--lexicons", "lexicon_dirs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Extra lexicon folder to include.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(lexicon_dirs, fmt) -> None:
    """List every rule with its code, name, level, area and description."""
    from retitle.lexicon import compile_lexicon
    from retitle.render import json_out

    try:
        lex = compile_lexicon(lexicon_dirs)
    except RetitleError as exc:
        _fail(str(exc), exc.exit_code)
    if fmt == "json":
        click.echo(json_out.dumps([
            {"code": r.code, "name": r.name, "group": r.group, "level": r.level if r.is_research else "evidence",
             "area": r.area, "description": r.description}
            for r in sorted(lex.rules, key=lambda rule: rule.code)
        ]))
        return
    for r in sorted(lex.rules, key=lambda rule: rule.code):
        level = r.level if r.is_research else "evidence"
        click.echo(f"{r.code}  {r.name:<38} {level:<10} {r.area:<16} {r.description}")


@main.group()
def lexicon() -> None:
    """Work with lexicon folders."""


@lexicon.command("check")
@click.argument("folder", type=click.Path(file_okay=False, exists=True), required=False)
def lexicon_check(folder) -> None:
    """Validate a lexicon folder (layered over the shipped one, as --lexicons uses it), or the
    shipped lexicon alone: one line per problem (file: where: reason), exit 2 if any."""
    from retitle.lexicon import check_folder, shipped_dir

    problems = check_folder(folder)
    for problem in problems:
        click.echo(str(problem))
    name = folder or str(shipped_dir())
    if problems:
        _fail(f"{name}: {len(problems)} problem(s)", EXIT_USAGE)
    click.echo(f"{name}: ok")
