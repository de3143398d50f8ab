"""Every YAML syntax error of a file that can be recovered from, for `forecast validate`.

A YAML parser stops at the first syntax error. To report the others in the same pass, the
line the error is reported on is blanked (its line count kept, so later positions stay right)
and the text parsed again, up to MAX_ERRORS times; an error already reported, or one that does
not move on, ends the search. What follows a blanked line may be misread (a blanked key leaves
its values without one), so the errors after the first are those the parser still finds, not
a promise that fixing the first leaves only them."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, UserError
from .yamlio import load_yaml, read_text

MAX_ERRORS = 20


def syntax_problems(path: Path | str) -> list[Problem]:
    """The YAML syntax errors of `path` (empty when it parses); other problems are not looked at."""
    path = Path(path)
    try:
        text = read_text(path)
    except UserError as exc:
        return list(exc.problems)
    lines = text.split("\n")
    found: list[Problem] = []
    for _ in range(MAX_ERRORS):
        try:
            load_yaml(path, "\n".join(lines))
            return found
        except UserError as exc:
            syntax = [p for p in exc.problems if p.message.startswith("YAML syntax error")
                      and p.line is not None]
            if not syntax:
                return found
            problem = syntax[0]
            if any(p.line == problem.line for p in found) or problem.line > len(lines):
                return found
            found.append(problem)
            lines[problem.line - 1] = ""
    return found
