"""Cold start of `forecast run` against merely importing pgmpy (goal: ratio at most 0.25),
and `forecast run --samples 10000` against a plain run (goal: at most 2x)."""

from __future__ import annotations

import sys

from common import BIN, RATIOS, command_time, markdown_table, seconds

SCENARIO = "scenarios/oct2022.yaml"


def main() -> str:
    run = command_time([BIN, "run", SCENARIO])
    pgmpy = command_time([sys.executable, "-c", "import pgmpy.models, pgmpy.inference"])
    sampled = command_time([BIN, "run", SCENARIO, "--samples", "10000"])
    RATIOS["`run --samples 10000` / plain `run`"] = (sampled / run, "≤ 2")
    rows = [
        ["`forecast run` (cold process)", seconds(run), "", ""],
        ["`python -c 'import pgmpy'` (cold process)", seconds(pgmpy), "", ""],
        ["run / pgmpy import", "", f"{run / pgmpy:.3f}", "≤ 0.25"],
        ["`forecast run --samples 10000`", seconds(sampled), "", ""],
        ["samples run / plain run", "", f"{sampled / run:.2f}", "≤ 2"],
    ]
    return "### Start-up\n\n" + markdown_table(["measure", "time", "ratio", "goal"], rows)


if __name__ == "__main__":
    print(main())
