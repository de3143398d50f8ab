"""Which window a result's probabilities are for, in words: from a typed result's windows,
or (`across_snapshots`, for charts drawn from result files) from the written `window`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..domain.numbers import stable

if TYPE_CHECKING:
    from ..domain.scenario import Scenario
    from ..domain.window import Window
    from ..results import ComparisonResult


def _days(n: float | int | None) -> str:
    return f"{n:g} day{'' if n == 1 else 's'}"


def _first_state(result: Any, node: str) -> str | None:
    """The state that means "nothing happened" of a windowed node the result reports."""
    from ..results import AnalysisResult, QueryResult, RunResult

    if isinstance(result, (RunResult, QueryResult)):
        for reported in (result.posteriors, getattr(result, "elicited", {})):
            if node in reported:
                return reported[node].states[0]
        return None
    if isinstance(result, AnalysisResult) and getattr(result.analysis, "target", None) == node:
        posterior = getattr(result.analysis, "posterior", None)
        return posterior.states[0] if posterior is not None else None
    return None


def window_line(node: str, window: Window, scenario: Scenario | None,
                first: str | None = None) -> str:
    """One sentence: the days the numbers are for, and whether they were converted."""
    elicited, remaining = window.elicited_days, window.remaining_days
    if remaining is None:
        why = ("the scenario gives no horizon" if scenario else "a query has no dates")
        return (f"{node}: probabilities for the model's window of {_days(elicited)}, not "
                f"converted ({why})")
    assert scenario is not None and scenario.horizon is not None  # a remaining span has both
    span = (f"the {_days(remaining)} from {scenario.as_of.isoformat()} to the horizon "
            f"{scenario.horizon.isoformat()}")
    if remaining == elicited:
        return f"{node}: probabilities for {span}, the window the model's numbers are for"
    nothing = f"'{first}'" if first else "the first state"
    # the share as JSON writes it, so that the sentence and the file print the same digits
    of_hazard = f", {100 * stable(window.ratio):.1f}% of the window's hazard" if window.profile \
        else ""
    shape = "the model's hazard profile" if window.profile else "a constant hazard"
    text = (f"{node}: probabilities for {span}{of_hazard}, every row of the table converted "
            f"from the model's window of {_days(elicited)} at {shape} ({nothing} = nothing "
            "happened)")
    if window.quiet_since is not None:
        text += (f"; the {_days(window.quiet_days)} since {window.quiet_since.isoformat()} in "
                 f"which nothing happened are a finding "
                 f"({100 * stable(window.quiet_share or 0.0):.1f}% of the window's hazard)")
    return text


def window_lines(result: Any) -> list[str]:
    """A line per windowed node of a run, query or analysis; for a comparison, the days
    left in each snapshot."""
    from ..results import AnalysisResult, ComparisonResult, RunResult

    if isinstance(result, ComparisonResult):
        return _compare_lines(result)
    if isinstance(result, AnalysisResult):
        windows, scenario = result.context.windows, result.context.loaded.scenario
    else:
        scenario = result.loaded.scenario if isinstance(result, RunResult) else None
        windows = result.windows
    return [window_line(node, w, scenario, _first_state(result, node))
            for node, w in windows.items()]


def _compare_lines(result: ComparisonResult) -> list[str]:
    lines = []
    for node, wa in result.windows_before.items():
        wb = result.windows_after.get(node)
        if wb is None:
            continue
        ta, tb = wa.remaining_days, wb.remaining_days
        if ta == tb:
            lines.append(window_line(node, wb, result.after.scenario))
            continue
        left = " to ".join(_days(t) if t is not None else "the model's window"
                           for t in (ta, tb))
        lines.append(f"{node}: {left} left to the horizon (the model's numbers are for "
                     f"{_days(wa.elicited_days)}); the item 'time' is what the days that "
                     "passed did")
    return lines


def across_snapshots(runs: list[Mapping[str, Any]]) -> list[str]:
    """For a chart of several runs: the days each snapshot's windowed numbers are for."""
    nodes = list(dict.fromkeys(n for run in runs for n in (run.get("window") or {})))
    out = []
    for node in nodes:
        days = [(run.get("window") or {}).get(node, {}).get("remaining_days") for run in runs]
        elicited = next(run["window"][node]["elicited_days"] for run in runs
                        if node in (run.get("window") or {}))
        shown = ", ".join(_days(d) if d is not None else "the model's window" for d in days)
        out.append(f"{node}: each snapshot's probabilities are for the days it had left to its "
                   f"horizon ({shown}), converted from the model's {_days(elicited)}.")
    return out
