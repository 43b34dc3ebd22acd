"""LaTeX resumes: sections, items and the entry macros of common resume classes, anchored to line:col.

Nothing is compiled or expanded. Known macros are read by their role (heading,
bullet, entry header, contact line); every other command is dropped and its text
arguments kept. Every loop is flat (no recursion), so deeply nested braces cannot
exhaust the stack, and text is emitted in runs that remember their source offset.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from retitle.model import Document
from retitle.parse.dates import find_date_range
from retitle.parse.lines import Line, Piece, build_document, separator_pieces, source_lines
from retitle.parse.text import decode

_TEXT_RUN_RE = re.compile(r"[^\\{}%$~&\s`'^_-]+(?: [^\\{}%$~&\s`'^_-]+)*")  # words and single spaces
_WORD_RE = re.compile(r"[A-Za-z@]+")
_IGNORE_RE = re.compile(r"retitle:\s*ignore\s+([\w.,\s-]+)", re.IGNORECASE)
# Not inside a comment: "% \begin{document}" in a template's notes must not start the body.
_DOCUMENT_RE = re.compile(r"^(?:[^%\n]|\\%)*?(\\begin\s*\{document\})", re.MULTILINE)
_END_DOCUMENT_RE = re.compile(r"^(?:[^%\n]|\\%)*?(\\end\s*\{document\})", re.MULTILINE)
_LET_RE = re.compile(r"\s*\\[A-Za-z@]+\s*=?\s*(?:\\[A-Za-z@]+|.)", re.S)

# Commands that stand for a character or a word.
_SYMBOLS = {
    "LaTeX": "LaTeX", "TeX": "TeX", "LaTeXe": "LaTeX2e", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textbar": "|", "vert": "|", "mid": "|", "textbullet": "•", "bullet": "•", "cdot": "·", "cdotp": "·",
    "textperiodcentered": "·", "sim": "~", "textasciitilde": "~", "times": "×", "approx": "≈",
    "rightarrow": "→", "to": "→", "textrightarrow": "→", "leftarrow": "←", "pm": "±", "le": "≤",
    "leq": "≤", "ge": "≥", "geq": "≥", "textendash": "–", "textemdash": "—", "textquoteright": "’",
    "textquoteleft": "‘", "textasciicircum": "^", "textbackslash": "\\", "textless": "<",
    "textgreater": ">", "S": "§", "copyright": "©", "textregistered": "®", "texttrademark": "™",
    "euro": "€", "EUR": "€", "pounds": "£", "textdegree": "°", "infty": "∞", "ss": "ß", "o": "ø",
    "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "oe": "œ", "OE": "Œ",
    "i": "ı", "textunderscore": "_", "textdollar": "$", "textpercent": "%", "slash": "/",
}
# Commands that make horizontal space: a word boundary, never glue.
_SPACERS = {"hfill", "hfil", "hss", "quad", "qquad", "enskip", "enspace", "space", "thinspace",
            "medspace", "thickspace", "newline", "linebreak", "hspace", "tab", "nobreakspace",
            "vspace", "smallskip", "medskip", "bigskip", "noindent", "par", "cr"}
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "r": "\u030a",
            "k": "\u0328", "d": "\u0323", "b": "\u0331"}
_CONTROL_SYMBOLS = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
                    " ": " ", ",": " ", ";": " ", ":": " ", ">": " ", "!": "", "/": "", "-": "", "@": ""}
# Commands whose first N brace arguments are not text (skipped unread); later ones are text.
_DROP_ARGS = {
    "vspace": 1, "hspace": 1, "label": 1, "ref": 1, "pageref": 1, "eqref": 1, "cite": 1,
    "includegraphics": 1, "color": 1, "pagecolor": 1, "setlength": 2, "addtolength": 2,
    "setcounter": 2, "addtocounter": 2, "usepackage": 1, "RequirePackage": 1, "documentclass": 1,
    "newcommand": 2, "renewcommand": 2, "providecommand": 2, "DeclareRobustCommand": 2,
    "newenvironment": 3, "renewenvironment": 3, "definecolor": 3, "colorlet": 2, "fontsize": 2,
    "geometry": 1, "pagestyle": 1, "thispagestyle": 1, "titleformat": 5, "titlespacing": 4,
    "setmainfont": 1, "setsansfont": 1, "setmonofont": 1, "newfontfamily": 2, "fontspec": 1,
    "input": 1, "include": 1, "bibliography": 1, "bibliographystyle": 1, "addbibresource": 1,
    "hypersetup": 1, "urlstyle": 1, "raisebox": 1, "rule": 2, "faIcon": 1, "photo": 1,
    "moderncvstyle": 1, "moderncvcolor": 1, "moderncvtheme": 1, "hyphenation": 1, "setlist": 1,
    "newlength": 1, "settowidth": 2, "graphicspath": 1, "href": 1, "textcolor": 1, "colorbox": 1,
    "hyperlink": 1, "fcolorbox": 2, "foreignlanguage": 1, "resizebox": 2, "scalebox": 1,
    "rotatebox": 1, "newcounter": 1, "pdfbookmark": 2, "pgfsetlayers": 1, "fontfamily": 1,
}
_RAW_ARG = {"url", "nolinkurl", "path"}
_SKIP_ENVS = {"comment", "verbatim", "tikzpicture", "figure", "lstlisting", "minted", "thebibliography"}
_ENV_DROP_ARGS = {"tabular": 1, "tabular*": 2, "tabularx": 2, "tabulary": 2, "longtable": 1,
                  "minipage": 1, "multicols": 1, "multicols*": 1, "adjustwidth": 2, "list": 2,
                  "wrapfigure": 2, "paracol": 1, "textblock": 1, "textblock*": 1, "columns": 0}
_HEADINGS = {"section": 1, "cvsection": 1, "chapter": 1, "sectiontitle": 1, "subsection": 2,
             "cvsubsection": 2, "subsubsection": 3}
_BULLET_MACROS = {"resumeItem", "resumeSubItem", "resumeitem", "cvlistitem", "resumeItemNH"}
_TEXT_MACROS = {"cvitem": 2, "cvskill": 2, "cvdoubleitem": 4, "cvitemwithcomment": 3, "cvparagraph": 1,
                "cvlanguage": 3, "cvcomputer": 4}
# Entry-header macros: argument roles by where the dates are (index -> roles), first layout is the default.
_ENTRY_MACROS: dict[str, dict[int, tuple[str, ...]]] = {
    "resumeSubheading": {3: ("organisation", "location", "title", "dates"),
                         1: ("title", "dates", "organisation", "location")},
    "resumeSubSubheading": {1: ("title", "dates")},
    "resumeProjectHeading": {1: ("title", "dates")},
    "cvevent": {2: ("title", "organisation", "dates", "location")},
    "cvhonor": {3: ("title", "organisation", "location", "dates")},
    "rSubsection": {1: ("organisation", "dates", "title", "location")},
    "datedsubsection": {1: ("title", "dates")},
}
# cventry: Awesome-CV has 5 arguments, moderncv 6; the last one is the description, read as body.
_CVENTRY = {5: ("title", "organisation", "location", "dates"),
            6: ("dates", "title", "organisation", "location", "grade")}
# Deedy-style entry parts: `\runsubsection{Org}\descript{| Title}\location{Dates | Place}`.
_ENTRY_PARTS = {"runsubsection": "organisation", "descript": "title", "location": "location"}
_WORD_MACROS = {"cvtag", "cvskillbadge", "tag"}
_CONTACT_MACROS = {"tagline", "name", "firstname", "familyname", "position", "address", "mobile", "phone",
                   "email", "homepage", "github", "linkedin", "gitlab", "stackoverflow", "twitter",
                   "social", "extrainfo", "quote", "namesection", "fullname", "contact"}
_LIST_ENV_RE = re.compile(r"item|enum|list|description|highlights", re.IGNORECASE)


@dataclass
class _Open:
    """The line being written: runs of (text, source offset)."""

    kind: str
    indent: int = 0
    runs: list[list] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fields: dict = field(default_factory=dict)

    def has_text(self) -> bool:
        return any(r[0].strip() for r in self.runs)


def _add_run(runs: list[list], text: str, offset: int, verbatim: bool = False) -> None:
    """Append text as runs of [text, source offset, verbatim], collapsing whitespace as TeX does.

    Only verbatim text (the same characters as the source, on one line) extends a run,
    so every run start maps to the right line and column.
    """
    if text == " " and (not runs or runs[-1][0].endswith(" ")):
        return
    last = runs[-1] if runs else None
    if verbatim and last is not None and last[2] and last[1] + len(last[0]) == offset:
        last[0] += text
    else:
        runs.append([text, offset, verbatim])


class _Reader:
    """A cursor over the source that yields TeX-ish tokens and can skip or read arguments."""

    def __init__(self, src: str, start: int, end: int):
        self.src, self.pos, self.end = src, start, end

    def _skip_blank(self, newlines: bool = True) -> None:
        """Skip spaces (and comments and newlines when allowed) between a command and its arguments."""
        src = self.src
        while self.pos < self.end:
            ch = src[self.pos]
            if ch in " \t" or newlines and ch in "\r\n":
                self.pos += 1
            elif ch == "%" and newlines:
                nl = src.find("\n", self.pos, self.end)
                self.pos = self.end if nl < 0 else nl + 1
            else:
                return

    def peek_arg(self, opener: str = "{") -> bool:
        save = self.pos
        self._skip_blank()
        found = self.pos < self.end and self.src[self.pos] == opener
        self.pos = save
        return found

    def group(self, opener: str = "{") -> tuple[int, int] | None:
        """The (start, end) of the next balanced {…} or […] argument, and move past it."""
        save = self.pos
        self._skip_blank()
        if self.pos >= self.end or self.src[self.pos] != opener:
            self.pos = save
            return None
        closer = "}" if opener == "{" else "]"
        depth, i, src = 0, self.pos + 1, self.src
        start = i
        while i < self.end:
            ch = src[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "%":
                nl = src.find("\n", i, self.end)
                i = self.end if nl < 0 else nl + 1
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                if depth == 0 and closer == "}":
                    self.pos = i + 1
                    return start, i
                depth -= 1 if depth else 0
            elif ch == closer and depth == 0:
                self.pos = i + 1
                return start, i
            i += 1
        self.pos = self.end
        return start, self.end

    def skip_optionals(self) -> None:
        while self.group("[") is not None:
            pass

    def skip_args(self, count: int) -> None:
        for _ in range(count):
            self.skip_optionals()
            if self.group() is None:
                return
        self.skip_optionals()

    def next_token(self) -> tuple:
        """One token: ("text", s, off) ("space", off) ("par", off) ("break", off) ("comment", s, off) ("cmd", name, off)."""
        src, i = self.src, self.pos
        ch = src[i]
        m = _TEXT_RUN_RE.match(src, i, self.end)
        if m:
            self.pos = m.end()
            return ("text", m.group(), i, True)
        if ch.isspace():
            j, newlines = i, 0
            while j < self.end and src[j].isspace():
                newlines += src[j] == "\n"
                j += 1
            self.pos = j
            return ("par", i) if newlines >= 2 else ("space", i, ch == " ")
        if ch == "%":
            nl = src.find("\n", i, self.end)
            stop = self.end if nl < 0 else nl
            self.pos = stop
            if nl >= 0:  # a comment swallows its newline and the next line's indentation
                self.pos = nl + 1
                while self.pos < self.end and src[self.pos] in " \t":
                    self.pos += 1
            return ("comment", src[i + 1:stop], i)
        if ch == "\\":
            return self._control(i)
        self.pos = i + 1
        if ch == "-":
            if src.startswith("---", i):
                self.pos = i + 3
                return ("text", "—", i, False)
            if src.startswith("--", i):
                self.pos = i + 2
                return ("text", "–", i, False)
            return ("text", "-", i, True)
        if ch == "`":
            if src.startswith("``", i):
                self.pos = i + 2
                return ("text", "“", i, False)
            return ("text", "‘", i, False)
        if ch == "'":
            if src.startswith("''", i):
                self.pos = i + 2
                return ("text", "”", i, False)
            return ("text", "'", i, True)
        if ch == "~":
            return ("space", i, False)
        if ch == "&":
            return ("text", " | ", i, False)
        return ("skip", i)  # { } $ ^ _ : grouping and math markers carry no text

    def _control(self, i: int) -> tuple:
        src = self.src
        if i + 1 >= self.end:
            self.pos = self.end
            return ("skip", i)
        nxt = src[i + 1]
        m = _WORD_RE.match(src, i + 1, self.end)
        if not m:
            self.pos = i + 2
            if nxt == "\\":
                if self.pos < self.end and src[self.pos] == "*":
                    self.pos += 1
                self.group("[")
                return ("break", i)
            if nxt in _ACCENTS:
                return self._accent(nxt, i)
            if nxt in _CONTROL_SYMBOLS:
                sym = _CONTROL_SYMBOLS[nxt]
                return ("text", sym, i, False) if sym.strip() else ("space", i, False) if sym else ("skip", i)
            if nxt in "\r\n\t":
                return ("space", i, False)
            return ("skip", i)
        name = m.group()
        self.pos = m.end()
        if name in _ACCENTS and self.pos < self.end and not src[self.pos].isalpha():
            return self._accent(name, i)
        if self.pos < self.end and src[self.pos] == "*":
            self.pos += 1
        if name in _SYMBOLS:
            if self.pos + 1 < self.end and src[self.pos:self.pos + 2] == "{}":
                self.pos += 2
            return ("text", _SYMBOLS[name], i, False)
        while self.pos < self.end and src[self.pos] in " \t":
            self.pos += 1
        return ("cmd", name, i)

    def _accent(self, accent: str, i: int) -> tuple:
        """`\\'e`, `\\'{e}`, `\\c c`: compose the accent with the next letter."""
        src = self.src
        while self.pos < self.end and src[self.pos] == " ":
            self.pos += 1
        braced = self.pos < self.end and src[self.pos] == "{"
        j = self.pos + braced
        if j < self.end and src[j] == "\\" and src.startswith(("\\i", "\\j"), j):
            base, j = src[j + 1], j + 2
        elif j < self.end and src[j].isalpha():
            base, j = src[j], j + 1
        else:
            return ("skip", i)
        if braced:
            if j < self.end and src[j] == "}":
                j += 1
            else:
                return ("skip", i)
        self.pos = j
        return ("text", unicodedata.normalize("NFC", base + _ACCENTS[accent]), i, False)


class _LatexParser:
    """Walks the source once, turning commands into `Line`s for the shared block builder."""

    def __init__(self, src: str):
        self.src = src
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.lines: list[Line] = []
        self.open: _Open | None = None
        self.list_depth = 0
        self.warnings: list[str] = []
        self.seen_heading = False
        self.upcoming_ignore: list[str] = []

    # --- positions and output -------------------------------------------------

    def where(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def pieces(self, runs: list[list]) -> list[Piece]:
        out = []
        for text, offset, verbatim in runs:
            line, column = self.where(offset)
            if verbatim or len(text) == 1:
                out.append(Piece(text, line, column))
            else:  # "–" for "--", " | " for "&", "LaTeX" for "\LaTeX": every character points at the command
                out.extend(separator_pieces(text, line, column))
        return out

    def close(self) -> None:
        """Finish the open line and hand it on."""
        current, self.open = self.open, None
        if current is None:
            return
        if not current.has_text():
            if current.ignore:
                self.lines.append(Line([], ignore=current.ignore))
            return
        self.lines.append(Line(self.pieces(current.runs), kind=current.kind, indent=current.indent,
                               ignore=current.ignore, fields=current.fields))

    def _new_open(self, kind: str) -> _Open:
        """Open a line; a `% retitle: ignore` comment on the line before applies to it."""
        ignore, self.upcoming_ignore = self.upcoming_ignore, []
        return _Open(kind, indent=self.list_depth * 2, ignore=ignore)

    def emit_line(self, kind: str, runs: list[list], level: int = 0, fields: dict | None = None) -> None:
        self.close()
        if any(r[0].strip() for r in runs):
            ignore, self.upcoming_ignore = self.upcoming_ignore, []
            self.lines.append(Line(self.pieces(runs), kind=kind, indent=self.list_depth * 2,
                                   level=level, fields=fields or {}, ignore=ignore))

    def blank(self) -> None:
        self.close()
        if self.lines and self.lines[-1].kind != "blank":
            self.lines.append(Line([], kind="blank"))

    def write(self, token: tuple) -> None:
        if self.open is None:
            if token[0] == "space":
                return
            self.open = self._new_open("text")
        if token[0] == "space":
            _add_run(self.open.runs, " ", token[1], token[2])
        else:
            _add_run(self.open.runs, token[1], token[2], token[3])

    # --- flat text of an argument --------------------------------------------------

    def flat(self, span: tuple[int, int] | None) -> list[list]:
        """The text of an argument with every command stripped: runs of (text, offset)."""
        runs: list[list] = []
        if span is None:
            return runs
        reader = _Reader(self.src, *span)
        while reader.pos < reader.end:
            token = reader.next_token()
            kind = token[0]
            if kind == "text":
                _add_run(runs, token[1], token[2], token[3])
            elif kind == "space":
                _add_run(runs, " ", token[1], token[2])
            elif kind in ("par", "break"):
                _add_run(runs, " ", token[1])
            elif kind == "cmd":
                self._inline_command(reader, token[1], token[2], runs)
        while runs and not runs[-1][0].strip():
            runs.pop()
        if runs and runs[-1][0] != runs[-1][0].rstrip():
            runs[-1][0] = runs[-1][0].rstrip()
        while runs and not runs[0][0].strip():
            runs.pop(0)
        if runs and runs[0][0] != runs[0][0].lstrip():
            cut = len(runs[0][0]) - len(runs[0][0].lstrip())
            runs[0] = [runs[0][0][cut:], runs[0][1] + cut, runs[0][2]]
        return runs

    def _inline_command(self, reader: _Reader, name: str, offset: int, runs: list[list]) -> bool:
        """Commands that act the same in body text and inside arguments; True if handled."""
        if name in _DROP_ARGS:
            reader.skip_args(_DROP_ARGS[name])
            if name in ("hspace", "vspace"):
                _add_run(runs, " ", offset)
            return True
        if name == "verb" and reader.pos < reader.end:  # \verb|a_b|: the text between the delimiters, as is
            delimiter = self.src[reader.pos]
            stop = self.src.find(delimiter, reader.pos + 1, reader.end)
            stop = reader.end if stop < 0 else stop
            raw = self.src[reader.pos + 1:stop]
            if raw and "\n" not in raw:
                _add_run(runs, raw, reader.pos + 1, True)
            reader.pos = min(stop + 1, reader.end)
            return True
        if name in _RAW_ARG:
            span = reader.group()
            if span and span[1] > span[0]:
                raw = self.src[span[0]:span[1]]
                if "\n" not in raw.strip():
                    _add_run(runs, raw.strip(), span[0] + len(raw) - len(raw.lstrip()))
            return True
        if name in ("def", "gdef", "edef"):
            nxt = _WORD_RE.match(self.src, reader.pos + 1, reader.end)
            reader.pos = nxt.end() if nxt else reader.pos
            brace = self.src.find("{", reader.pos, reader.end)
            reader.pos = brace if brace >= 0 else reader.end
            reader.group()
            return True
        if name == "let":
            m = _LET_RE.match(self.src, reader.pos, reader.end)
            reader.pos = m.end() if m else reader.pos
            return True
        if name in _SPACERS:
            _add_run(runs, " ", offset)
            return True
        if name in ("begin", "end"):
            reader.group()
            _add_run(runs, " ", offset)
            return True
        return False

    # --- the body --------------------------------------------------------------------

    def run(self, start: int, end: int, preamble: bool = False) -> None:
        reader = _Reader(self.src, start, end)
        while reader.pos < reader.end:
            token = reader.next_token()
            kind = token[0]
            if kind == "comment":
                self._comment(token[1], token[2])
            elif kind == "cmd":
                self._command(reader, token[1], token[2], preamble)
            elif preamble or kind == "skip":
                continue
            elif kind == "par":
                self.blank()
            elif kind == "break":
                if self.open is not None and self.open.kind == "bullet":
                    self.write(("space", token[1], False))
                else:
                    self.close()
            else:
                self.write(token)
        self.close()

    def _comment(self, text: str, offset: int) -> None:
        m = _IGNORE_RE.search(text)
        if not m:
            return
        codes = [c for c in re.split(r"[\s,]+", m.group(1)) if c]
        line = self.where(offset)[0]
        current = self.open
        if not self.src[self.src.rfind("\n", 0, offset) + 1:offset].strip():
            self.upcoming_ignore.extend(codes)  # a comment on a line of its own: the next block
        elif current is not None and (current.has_text() or current.kind == "bullet"):
            current.ignore.extend(codes)
        elif self.lines and self.lines[-1].pieces and self.lines[-1].pieces[-1].line == line:
            self.lines[-1].ignore.extend(codes)  # `\resumeItem{…} % retitle: ignore RP012`

    def _command(self, reader: _Reader, name: str, offset: int, preamble: bool) -> None:
        if name in _CONTACT_MACROS:
            self._contact(reader, name)
            return
        if preamble:
            if name in _DROP_ARGS or name in ("def", "gdef", "edef", "let"):
                self._inline_command(reader, name, offset, [])
            return
        if name == "begin":
            self._begin(reader)
        elif name == "end":
            span = reader.group()
            env = self.src[span[0]:span[1]].strip() if span else ""
            self.close()
            if _LIST_ENV_RE.search(env) and self.list_depth:
                self.list_depth -= 1
        elif name in _HEADINGS:
            reader.skip_optionals()
            self.emit_line("heading", self.flat(reader.group()), level=_HEADINGS[name])
            self.seen_heading = True
        elif name in _WORD_MACROS:  # `\cvtag{Python}\cvtag{Go}`: words, not one glued word
            for text, off, verbatim in self.flat(reader.group()):
                self.write(("text", text, off, verbatim))
            self.write(("space", offset, False))
        elif name == "item":
            self.close()
            self.open = self._new_open("bullet")
            label = reader.group("[")
            if label is not None:
                for text, off, verbatim in self.flat(label):
                    _add_run(self.open.runs, text, off, verbatim)
                _add_run(self.open.runs, " ", label[1])
        elif name in _BULLET_MACROS:
            args = self._args(reader, 2)
            self.emit_line("bullet", _join(args, ": "))
        elif name in _TEXT_MACROS:
            args = self._args(reader, _TEXT_MACROS[name])
            self.emit_line("text", _join(args, ": "))
            self.blank()
        elif name in _ENTRY_MACROS:
            layouts = _ENTRY_MACROS[name]
            width = len(next(iter(layouts.values())))
            self._entry(self._args(reader, width), layouts)
        elif name == "cventry":
            count = self._count_args(reader, 6)
            roles = _CVENTRY.get(count) or _CVENTRY[5]
            args = self._args(reader, len(roles))
            self._entry(args, {roles.index("dates"): roles})  # the description follows as body text
        elif name in _ENTRY_PARTS:
            self._entry_part(name, self.flat(reader.group()))
        elif name in ("input", "include", "subfile"):
            span = reader.group()
            self.warnings.append(f"\\{name}{{{self.src[span[0]:span[1]] if span else ''}}} was not followed")
        else:
            runs: list[list] = []
            if not self._inline_command(reader, name, offset, runs):
                if name in ("makecvheader", "makecvtitle", "maketitle", "newpage", "clearpage", "pagebreak"):
                    self.close()
            for text, off, verbatim in runs:  # \url, \verb and spacing commands
                self.write(("space", off, False) if text == " " else ("text", text, off, verbatim))

    def _begin(self, reader: _Reader) -> None:
        span = reader.group()
        env = self.src[span[0]:span[1]].strip() if span else ""
        self.close()
        if env in _SKIP_ENVS:
            end = re.compile(r"\\end\s*\{" + re.escape(env) + r"\}").search(self.src, reader.pos, reader.end)
            reader.pos = end.end() if end else reader.end
            return
        if env == "rSection":
            self.emit_line("heading", self.flat(reader.group()), level=1)
            self.seen_heading = True
            return
        if env == "rSubsection":
            self._entry(self._args(reader, 4), _ENTRY_MACROS["rSubsection"])
            return
        reader.skip_args(_ENV_DROP_ARGS.get(env, 0))
        if _LIST_ENV_RE.search(env):
            self.list_depth += 1

    def _args(self, reader: _Reader, count: int) -> list[list[list]]:
        """Up to `count` brace arguments (optional […] ones skipped), each as flat text runs."""
        args = []
        for _ in range(count):
            reader.skip_optionals()
            if not reader.peek_arg():
                break
            args.append(self.flat(reader.group()))
        return args

    def _count_args(self, reader: _Reader, most: int) -> int:
        save, count = reader.pos, 0
        while count < most and reader.group() is not None:
            count += 1
        reader.pos = save
        return count

    def _entry(self, args: list[list[list]], layouts: dict[int, tuple[str, ...]]) -> None:
        """An entry header from macro arguments: fields by role, text in reading order."""
        texts = ["".join(r[0] for r in a) for a in args]
        date_index = next((i for i, t in enumerate(texts) if find_date_range(t)), None)
        roles = layouts.get(date_index) if date_index is not None else None
        roles = roles or next(iter(layouts.values()))
        by_role = {role: args[i] for i, role in enumerate(roles) if i < len(args) and args[i]}
        order = [r for r in ("title", "organisation", "location", "dates", "grade") if r in by_role]
        fields = {role: "".join(r[0] for r in by_role[role]) for role in order}
        _add_dates(fields)
        self.emit_line("entry", _join([by_role[r] for r in order], " | "), fields=fields)

    def _entry_part(self, name: str, runs: list[list]) -> None:
        """Deedy-style parts add to one open entry line."""
        runs = _strip_runs(runs, " |·,–—-")
        if not runs:
            return
        if not self.seen_heading:  # AltaCV's header `\location{Paris}` is a contact detail
            self.emit_line("text", runs)
            self.blank()
            return
        role = _ENTRY_PARTS[name]
        current = self.open
        if current is None or current.kind != "entry" or role in current.fields:
            self.close()
            current = self.open = self._new_open("entry")
        else:
            while current.runs and not current.runs[-1][0].strip():
                current.runs.pop()
            _add_run(current.runs, " | ", runs[0][1])
        for text, off, verbatim in runs:
            _add_run(current.runs, text, off, verbatim)
        value = "".join(r[0] for r in runs)
        dates = find_date_range(value)
        if role == "location" and dates:
            place = value.replace(dates["dates"], " ").strip(" |·,–—-")
            current.fields["dates"] = dates["dates"]
            if place:
                current.fields["location"] = place
        else:
            current.fields[role] = value
        _add_dates(current.fields)

    def _contact(self, reader: _Reader, name: str) -> None:
        """Header macros (`\\name{First}{Last}`, `\\email{…}`) become contact lines."""
        args = self._args(reader, 3 if name == "namesection" else 2)
        self.close()
        if name == "namesection" and len(args) == 3:  # Deedy: {first}{last}{contact details}
            self.emit_line("text", _join(args[:2], " "))
            self.blank()
            self.emit_line("text", args[2])
        else:
            self.emit_line("text", _join(args, " "))
        self.blank()


def _join(args: list[list[list]], separator: str) -> list[list]:
    out: list[list] = []
    for arg in args:
        if not arg:
            continue
        if out:
            out.append([separator, arg[0][1], False])
        out.extend([list(r) for r in arg])
    return out


def _strip_runs(runs: list[list], chars: str) -> list[list]:
    runs = [list(r) for r in runs]
    while runs and not runs[0][0].strip(chars):
        runs.pop(0)
    while runs and not runs[-1][0].strip(chars):
        runs.pop()
    if runs:
        text, off, verbatim = runs[0]
        cut = len(text) - len(text.lstrip(chars))
        runs[0] = [text[cut:], off + cut, verbatim]
        runs[-1][0] = runs[-1][0].rstrip(chars)
    return runs


def _add_dates(fields: dict) -> None:
    dates = find_date_range(fields.get("dates", ""))
    if dates:
        fields.update(start=dates["start"], end=dates["end"])


def looks_like_latex(text: str) -> bool:
    """True for LaTeX source: a document class, a document environment, or several resume macros."""
    head = text[:20000]
    if re.search(r"\\documentclass\s*[\[{]|\\begin\s*\{document\}", head):
        return True
    return len(re.findall(r"\\(?:section\*?|cvsection|resumeItem|resumeSubheading|cventry|item|begin|end)\b",
                          head)) >= 3


def latex_lines(source: str) -> tuple[list[Line], list[str]]:
    source = "\n".join(source_lines(source))  # same line numbers and columns, one newline kind
    parser = _LatexParser(source)
    begin = _DOCUMENT_RE.search(source)
    body_start = begin.end() if begin else 0
    end = _END_DOCUMENT_RE.search(source, body_start)
    if begin:
        parser.run(0, begin.start(1), preamble=True)
        parser.blank()
    parser.run(body_start, end.start(1) if end else len(source))
    return parser.lines, parser.warnings


def parse_latex(path: Path, data: bytes) -> Document:
    source = decode(data, str(path))
    lines, warnings = latex_lines(source)
    doc = build_document(str(path), "latex", lines)
    doc.warnings.extend(warnings)
    return doc
