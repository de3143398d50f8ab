"""Which window a result's probabilities are for, in words, from the result's `window`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _days(n: float | int | None) -> str:
    return f"{n:g} day{'' if n == 1 else 's'}"


def _first_state(result: Mapping[str, Any], node: str) -> str | None:
    for key in ("posteriors", "elicited_posteriors"):
        states = list(((result.get(key) or {}).get(node)) or {})
        if states:
            return states[0]
    posterior = result.get("posterior")
    return next(iter(posterior)) if result.get("target") == node and posterior else None


def window_line(node: str, window: Mapping[str, Any], scenario: Mapping[str, Any] | None,
                first: str | None = None) -> str:
    """One sentence: the days the numbers are for, and whether they were converted."""
    elicited, remaining = window["elicited_days"], window["remaining_days"]
    if remaining is None:
        why = ("the scenario gives no horizon" if scenario else "a query has no dates")
        return (f"{node}: probabilities for the model's window of {_days(elicited)}, not "
                f"converted ({why})")
    span = f"the {_days(remaining)} from {scenario['as_of']} to the horizon {scenario['horizon']}"
    if remaining == elicited:
        return f"{node}: probabilities for {span}, the window the model's numbers are for"
    nothing = f"'{first}'" if first else "the first state"
    share = window.get("hazard_share")
    shape = ("a constant hazard" if window.get("hazard") != "profile"
             else "the model's hazard profile")
    of_hazard = (f", {100 * share:.1f}% of the window's hazard" if share is not None
                 and window.get("hazard") == "profile" else "")
    text = (f"{node}: probabilities for {span}{of_hazard}, every row of the table converted "
            f"from the model's window of {_days(elicited)} at {shape} ({nothing} = nothing "
            "happened)")
    quiet = window.get("quiet")
    if quiet:
        text += (f"; the {_days(quiet['days'])} since {quiet['since']} in which nothing "
                 f"happened are a finding ({100 * quiet['hazard_share']:.1f}% of the window's "
                 "hazard)")
    return text


def window_lines(result: Mapping[str, Any]) -> list[str]:
    """A line per windowed node of a run, query or analysis; for a comparison, the days
    left in each snapshot."""
    if "from" in result and "to" in result:
        return _compare_lines(result)
    scenario = result.get("scenario")
    return [window_line(node, w, scenario, _first_state(result, node))
            for node, w in (result.get("window") or {}).items()]


def _compare_lines(result: Mapping[str, Any]) -> list[str]:
    a, b = result["from"], result["to"]
    lines = []
    for node, wa in (a.get("window") or {}).items():
        wb = (b.get("window") or {}).get(node)
        if wb is None:
            continue
        ta, tb = wa["remaining_days"], wb["remaining_days"]
        if ta == tb:
            lines.append(window_line(node, wb, b))
            continue
        left = " to ".join(_days(t) if t is not None else "the model's window"
                           for t in (ta, tb))
        lines.append(f"{node}: {left} left to the horizon (the model's numbers are for "
                     f"{_days(wa['elicited_days'])}); the item 'time' is what the days that "
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
