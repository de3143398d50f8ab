"""Timing helpers shared by the benchmarks: best-of-n wall clock, Markdown tables."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
BIN = str(ROOT / ".venv" / "bin" / "forecast") if (ROOT / ".venv" / "bin" / "forecast").exists() \
    else "forecast"


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def command_time(args: list[str], repeat: int = 5) -> float:
    """Best wall-clock time of a whole process, start-up included."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    def run() -> None:
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT, env=env)

    run()  # warm the file cache
    return best_of(run, repeat)


def paired_ratios(numerator: list[str], denominator: list[str], rounds: int = 9
                  ) -> tuple[list[float], list[float], list[float]]:
    """Two commands timed in alternation, round by round (so the machine's load falls on both
    alike): each one's wall-clock times and the ratio of each round, as lists."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    def timed(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT, env=env)
        return time.perf_counter() - start

    timed(numerator), timed(denominator)  # warm the file cache
    tops, bottoms = [], []
    for _ in range(rounds):
        tops.append(timed(numerator))
        bottoms.append(timed(denominator))
    return tops, bottoms, [a / b for a, b in zip(tops, bottoms, strict=True)]


def spread(values: list[float], fmt: str = "{:.3f}") -> str:
    """The median, and the lowest and highest: "0.262 (0.241-0.290)"."""
    ordered = sorted(values)
    median = ordered[len(ordered) // 2] if len(ordered) % 2 else \
        (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    return f"{fmt.format(median)} ({fmt.format(ordered[0])}\u2013{fmt.format(ordered[-1])})"


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def seconds(x: float) -> str:
    return f"{x * 1e3:.1f} ms" if x < 1 else f"{x:.2f} s"


# the three goal ratios, filled in by the benchmarks as they run and printed together at the end
RATIOS: dict[str, tuple[float, str]] = {}
