"""Errors a user can act on. Each renders as one line; the CLI maps them to exit codes."""

from __future__ import annotations


class RetitleError(Exception):
    """Base class: anything retitle reports to the user instead of a traceback."""

    exit_code = 1


class InputError(RetitleError):
    """An input file could not be read (exit code 3). Names the file and the reason."""

    exit_code = 3

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class BatchError(RetitleError):
    """The batch itself cannot run (a worker could not start, a cluster cannot be reached); exit code 3."""

    exit_code = 3


class UsageError(RetitleError):
    """The command was asked for something it must not do, e.g. write over its input (exit code 2)."""

    exit_code = 2


class LexiconError(RetitleError):
    """A lexicon folder is malformed (exit code 2: it is the user's configuration)."""

    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} lexicon problems: {problems[0]} …")
        self.problems = problems


def one_line(exc: BaseException) -> str:
    """An unexpected exception as one short line: no traceback ever reaches a user."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
