"""Error types callers can tell apart: bad input from users versus failed inference."""

from __future__ import annotations

from dataclasses import dataclass


class ForecastError(Exception):
    """Base of every error `forecast` raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in a file, located where it can be (1-based line and column)."""

    message: str
    path: str | None = None
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}" if where else self.message


class UserError(ForecastError):
    """Bad input: a file, an option or a value the user can fix. Carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InferenceError(ForecastError):
    """Inference could not be done: impossible evidence, or a model too large to solve exactly."""
