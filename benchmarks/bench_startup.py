"""Cold start of `forecast run` against merely importing pgmpy (goal: ratio at most 0.25),
and `forecast run --samples 10000` against a plain run (goal: at most 2x)."""

from __future__ import annotations

import sys

from common import BIN, RATIOS, markdown_table, paired_ratios, spread

SCENARIO = "scenarios/oct2022.yaml"


def main() -> str:
    """Each ratio from its two commands timed in alternation, round by round: the median of
    the rounds' ratios with their range, so a loaded machine shows as spread, not as bias.
    forecast's own modules are compiled to bytecode first, as pip compiled pgmpy's when it
    installed it (with PYTHONDONTWRITEBYTECODE set, an editable install would otherwise
    compile its sources in every process and the comparison would not be like for like)."""
    import compileall

    from common import ROOT

    compileall.compile_dir(str(ROOT / "src" / "forecast"), quiet=1)
    pgmpy_import = [sys.executable, "-c", "import pgmpy.models, pgmpy.inference"]
    runs, imports, cold = paired_ratios([BIN, "run", SCENARIO], pgmpy_import)
    sampled, plain, samples = paired_ratios([BIN, "run", SCENARIO, "--samples", "10000"],
                                            [BIN, "run", SCENARIO])
    RATIOS["`run` / `import pgmpy.models` (cold processes)"] = (_median(cold), "≤ 0.25")
    RATIOS["`run --samples 10000` / plain `run`"] = (_median(samples), "≤ 2")
    rows = [
        ["`forecast run` (cold process)", spread(runs, "{:.3f} s"), "", ""],
        ["`python -c 'import pgmpy'` (cold process)", spread(imports, "{:.3f} s"), "", ""],
        ["run / pgmpy import, per round", "", spread(cold), "≤ 0.25"],
        ["`forecast run --samples 10000`", spread(sampled, "{:.3f} s"), "", ""],
        ["`forecast run` (beside it)", spread(plain, "{:.3f} s"), "", ""],
        ["samples run / plain run, per round", "", spread(samples, "{:.2f}"), "≤ 2"],
    ]
    return ("### Start-up\n\nMedian of 9 rounds (lowest\u2013highest); in each round the two "
            "commands run one after the other.\n\n"
            + markdown_table(["measure", "time", "ratio", "goal"], rows))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


if __name__ == "__main__":
    print(main())
