"""Sensitivity, explain, ACH, value-of-information and compare results as tables for people.

Text tables fit 100 columns (`text_table`); long outcome names become H1, H2... with a key
in the header; probabilities print as percentages, shifts and contributions as points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.numbers import stable
from .integrity import check_lines_of, counts_of, warning_lines_of, warnings_of
from .tables import csv_draft_line, header_markdown, to_csv, to_json, to_markdown
from .text_table import cell, fitted
from .window_text import window_lines

if TYPE_CHECKING:
    from ..analysis.ach import CompetingHypotheses
    from ..analysis.impact import Explanation, FindingEffect
    from ..analysis.sensitivity import ParameterSweep, Sensitivity
    from ..analysis.voi import ValueOfInformation
    from ..domain.adjustment import Adjustment
    from ..domain.scenario import Scenario
    from ..results import ComparisonResult


def parameter_name(p: ParameterSweep) -> str:
    """'P(node=state | parent=s, ...)', or what a ranked weight or variance is."""
    if p.kind == "weight":
        return f"weight of {p.given.get('weight')} in {p.node}"
    if p.kind == "variance":
        return f"variance of {p.node}"
    given = ", ".join(f"{k}={v}" for k, v in p.given.items())
    suffix = {"leak": " leak", "effect": " alone"}.get(p.kind, "")
    return f"P({p.node}={p.state}{f' | {given}' if given else ''}){suffix}"


def sensitivity_rows(result: Sensitivity, limit: int | None = None,
                     plain: bool = False) -> list[dict[str, Any]]:
    """The ranking without mirrored rows (a two-state distribution's parameter appears once);
    `plain` (CSV) keeps numbers as numbers (as JSON writes them), the sweep as its two ends."""
    rows = []
    for p in result.ranking()[:limit]:
        low, high = (None if x is None else stable(x) for x in (p.low, p.high))
        if plain:
            rows.append({"parameter": parameter_name(p), "kind": p.kind,
                         "value": stable(p.value), "sweep_low": stable(p.sweep[0]),
                         "sweep_high": stable(p.sweep[1]), "low": low, "high": high,
                         "swing": p.written_swing})
            continue
        value, sweep = ((cell("p", p.value, ("p",)),
                         "-".join(cell("p", x, ("p",)) for x in p.sweep)) if p.probability
                        else (f"{p.value:.3g}", "-".join(f"{x:.3g}" for x in p.sweep)))
        rows.append({"parameter": parameter_name(p), "kind": p.kind, "value": value,
                     "sweep": sweep, "low": low, "high": high, "swing": p.written_swing})
    return rows


def hypothesis_key(states: Sequence[str], short: bool = True) -> tuple[dict[str, str], str]:
    """H1, H2... for the outcome states, and the key line that says which is which; with
    `short=False` (CSV, read by programs) the states' own names and no key."""
    if not short:
        return {s: s for s in states}, ""
    names = {s: f"H{i + 1}" for i, s in enumerate(states)}
    return names, "; ".join(f"{h} = {s}" for s, h in names.items())


def explain_rows(result: Explanation, short: bool = True) -> list[dict[str, Any]]:
    state = result.state
    names, _ = hypothesis_key(result.states, short)
    rows = []
    for item in result.evidence:
        rows.append({"finding": _named(item), "grade": _short_grade(item),
                     f"P({names[state]}) without": stable(item.without[state]),
                     "leave-one-out shift": stable(item.shift[state]),
                     **{f"P(f|{names[s]})": None if v is None else stable(v)
                        for s, v in item.diagnosticity.items()}})
    return rows


def _short_grade(item: FindingEffect) -> str:
    """The grade used, with the letter the relays replaced: 'F2 (B2 via F)'; the relays'
    names are in the lines below the table (`relay_lines`)."""
    if not item.grade:
        return "-"
    text = item.grade_text or item.grade
    if text == item.grade:
        return text
    stated = text[text.index("(") + 1:].split(" ", 1)[0]
    return f"{item.grade} ({stated} via {item.grade[0]})"


def relay_lines(result: Explanation) -> list[str]:
    """For explain: each relayed finding's whole chain, the weakest link setting its letter."""
    return [f"relayed: {item.ref}: {item.grade_text}" for item in result.evidence
            if item.grade_text and item.grade_text != item.grade]


def ach_rows(result: Explanation, ach: CompetingHypotheses, short: bool = True
             ) -> list[dict[str, Any]]:
    names, _ = hypothesis_key(ach.hypotheses, short)
    rows = []
    for row in ach.findings:
        ratio = row.diagnosticity
        item = result.evidence[row.index]
        rows.append({"finding": _named(item), "grade": row.grade or "-",
                     **{names[h]: row.marks[h] for h in ach.hypotheses},
                     "diagnosticity": "rules out" if ratio is None else f"x{ratio:.2f}",
                     "key": "*" if row.index in ach.most_discriminating else ""})
    return rows


def ach_notes(ach: CompetingHypotheses) -> list[str]:
    """The lines below an ACH table: the marks, the most discriminating findings, and each
    hypothesis's inconsistency."""
    from ..analysis.ach import MARK_MEANING

    names, _ = hypothesis_key(ach.hypotheses)
    notes = ["Marks from each finding's Bayes factor for the hypothesis against the others: "
             + "; ".join(f"{m} {meaning}" for m, meaning in MARK_MEANING.items()) + ".",
             "Diagnosticity: the largest over the smallest likelihood of the finding across "
             "hypotheses (x1.00 cannot tell them apart); * = most discriminating."]
    for h, summary in ach.summary.items():
        notes.append(f"{names[h]} {h}: {100 * summary.posterior:.1f}%, "
                     f"{summary.inconsistent} inconsistent finding(s), "
                     f"{summary.inconsistency_bits:.2f} bits against")
    return notes


def voi_rows(result: ValueOfInformation, limit: int | None = None) -> list[dict[str, Any]]:
    return [{"node": node.node, "bits": node.written_bits(),
             "tripwire": ", ".join(node.tripwires) if node.flips_lead else "-"}
            for node in result.nodes[:limit]]


def collect_rows(result: ValueOfInformation, limit: int | None = None) -> list[dict[str, Any]]:
    """The observable nodes to collect on, with the state that would flip (or most move) it."""
    rows = []
    for node in result.collect[:limit]:
        rows.append({"indicator": node.node, "bits": node.written_bits(),
                     "soft": "yes" if node.key.carries_evidence else "-",
                     "if observed": node.key.state, "then": stable(node.key.focus_after),
                     "shift": stable(node.key.focus_shift),
                     "lead": (f"flips to {node.key.lead_after}"
                              if node.key.flips_lead else "holds")})
    return rows


def compare_rows(result: ComparisonResult, short: bool = True) -> list[dict[str, Any]]:
    """Before, after, the change, then one row per difference, its contribution to each state
    of the first target (points)."""
    comparison = result.comparison
    target = next(iter(comparison.targets))
    movement = comparison.targets[target]
    states = list(movement.after)
    names, _ = hypothesis_key(states, short)
    before = {s: stable(movement.before[s]) for s in states}
    after = {s: stable(movement.after[s]) for s in states}
    rows = [{"item": f"before ({result.before.scenario.id})", "kind": "value",
             **{names[s]: before[s] for s in states}},
            {"item": f"after ({result.after.scenario.id})", "kind": "value",
             **{names[s]: after[s] for s in states}},
            {"item": "(change)", "kind": "points",  # the printed change: after minus before
             **{names[s]: stable(after[s] - before[s]) for s in states}}]
    for item in comparison.attribution:
        moved = item.contribution[target]
        rows.append({"item": item.item, "kind": item.kind,
                     **{names[s]: stable(moved[s]) for s in states}})
    return rows


def compare_cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compare rows as text: the first two in percent, the rest in points."""
    out = []
    for row in rows:
        numbers = {k: v for k, v in row.items() if k not in {"item", "kind"}}
        if row["kind"] == "value":
            text = {k: cell(k, v, percent=(k,)) for k, v in numbers.items()}
        else:
            text = {k: cell(k, v, points=(k,)) for k, v in numbers.items()}
        out.append({"item": row["item"], "kind": row["kind"], **text})
    return out


def render(result: Any, fmt: str, rows: list[dict[str, Any]], title: str,
           percent: tuple[str, ...] = (), points: tuple[str, ...] = (),
           notes: Sequence[str] = (), key: str = "", below: Sequence[str] = ()) -> str:
    """One analysis (an AnalysisResult or a ComparisonResult) as text, all from its typed
    result: `rows` and the lines `below` them, and the header (scenario, adjustments,
    windows, checks) and warnings."""
    if fmt == "json":
        return to_json(result.to_json())
    from .adjustments import adjustment_lines, with_adjustment_column

    counts = counts_of(result)
    if fmt == "csv":
        return csv_draft_line(counts) + to_csv(with_adjustment_column(rows, _adjustments(result)))
    scenario = _scenario(result)
    checks = check_lines_of(counts)
    draft = [line for line in checks[:1] if line.startswith("DRAFT")]
    header = [*draft, title, f"{scenario.title} ({scenario.id}), as of "
              f"{scenario.as_of.isoformat()}", *adjustment_lines(_adjustments(result)),
              *window_lines(result), *checks[len(draft):]]
    if key:
        header.append(key)
    extra = [*below, *(f"warning: {w}" for w in warning_lines_of(warnings_of(result)))]
    if fmt == "markdown":
        shown = [{k: cell(k, v, percent, points) for k, v in r.items()} for r in rows]
        return (header_markdown(header) + to_markdown(shown) + "".join(f"\n{n}\n" for n in notes)
                + ("\n" + "".join(f"- {line}\n" for line in extra) if extra else ""))
    body = fitted(rows, percent, points)
    return ("\n".join(_wrap_lines(header)) + "\n\n" + body
            + "".join(f"\n{line}" for line in _wrap_lines(notes)) + ("\n" if notes else "")
            + "".join(f"{line}\n" for line in _wrap_lines(extra)))


def group_lines(result: Explanation) -> list[str]:
    """For explain: what each group of findings that share an origin does as one piece."""
    lead = result.lead
    return [f"shared origin {', '.join(group.findings)}: without the whole group "
            f"P({lead}) = {100 * group.without[lead]:.1f}%, the group moves it "
            f"{100 * group.shift[lead]:+.1f} pts ({'; '.join(group.reasons)})"
            for group in result.groups]


Build = Callable[[Any], tuple[list[dict[str, Any]], str, dict[str, Any]]]


def render_each(result: Any, fmt: str, build: Build) -> str:
    """One analysis result, or one per analyst (`EachAnalyst`): tables one after the other,
    CSV with an `analyst` column first. `build(result)` gives its rows, title and the keyword
    arguments of `render` (percent and point columns, notes, key)."""
    from ..results import EachAnalyst

    if fmt == "json":
        return to_json(result.to_json())
    if not isinstance(result, EachAnalyst):
        rows, title, options = build(result)
        return render(result, fmt, rows, title, **options)
    if fmt == "csv":
        from .adjustments import with_adjustment_column

        rows = [{"analyst": name, **row} for name, one in result.results.items()
                for row in with_adjustment_column(build(one)[0], _adjustments(one))]
        return csv_draft_line(counts_of(result.first)) + to_csv(rows)
    parts = []
    for name, one in result.results.items():
        rows, title, options = build(one)
        parts.append(render(one, fmt, rows, f"Analyst {name}: {title}", **options))
    return "\n".join(parts)


def _scenario(result: Any) -> Scenario:
    """The snapshot an analysis is of; for a comparison, the later one."""
    return result.checked_scenarios()[-1][1].scenario


def _adjustments(result: Any) -> Sequence[Adjustment]:
    """The adjustments in force for an analysis (in its context) or a comparison."""
    from ..results import AnalysisResult

    return result.context.adjustments if isinstance(result, AnalysisResult) else result.adjustments


def _wrap_lines(lines: Sequence[str], width: int = 100) -> list[str]:
    import textwrap

    return [part for line in lines for part in (textwrap.wrap(line, width) or [""])]


def _finding(item: FindingEffect) -> str:
    return f"{item.node}={item.state}" if item.state else f"{item.node} (soft)"


def _named(item: FindingEffect) -> str:
    """A finding as explain's tables show it: its id (or node#k, as `drop` and JSON name it),
    then what it reports."""
    return f"{item.ref}: {_finding(item)}"


# --- each command's table: title and rows from its typed result --------------------------


def render_sensitivity(result: Any, fmt: str, top: int = 20) -> str:
    """`forecast sensitivity`: the ranking, its top rows in table formats (all in CSV)."""

    def build(one: Any):
        t = one.analysis
        over = "its 90% credible range" if t.sweep == "credible" else (
            f"value ± {t.range:g}" if t.range else "[0, 1]")
        title = (f"Sensitivity of P({t.target}={t.state}) = {100 * t.baseline:.1f}% "
                 f"to each parameter swept over {over} (top {top} by swing; a two-state "
                 "distribution's parameter once)")
        csv = fmt == "csv"
        return (sensitivity_rows(t, None if csv else top, plain=csv), title,
                {"percent": ("low", "high"), "points": ("swing",)})

    return render_each(result, fmt, build)


def render_explain(result: Any, fmt: str, ach: bool = False) -> str:
    """`forecast explain`: each finding's effect, or (with `ach`) the ACH matrix."""
    short = fmt != "csv"

    def build(one: Any):
        e = one.analysis
        state = e.state
        _, key = hypothesis_key(e.states)
        if ach:
            title = (f"Competing hypotheses for {e.target}: each finding's marks "
                     f"(Bayes factors) and diagnosticity; lead {e.lead}")
            return (ach_rows(e, one.ach, short=short), title,
                    {"notes": ach_notes(one.ach), "key": key, "below": group_lines(e)})
        title = (f"Evidence impact on P({e.target}={state}): "
                 f"{100 * e.prior[state]:.1f}% before evidence, "
                 f"{100 * e.posterior[state]:.1f}% after; leave-one-out shift = with all "
                 "evidence minus without this finding (points)")
        rows = explain_rows(e, short=short)
        return rows, title, {"percent": tuple(k for k in (rows[0] if rows else {})
                                              if k.startswith("P(")),
                             "points": ("leave-one-out shift",), "key": key,
                             "below": [*relay_lines(e), *group_lines(e)]}

    return render_each(result, fmt, build)


def render_voi(result: Any, fmt: str, top: int = 20) -> str:
    """`forecast voi`: what to collect (observable nodes) above every unobserved node."""
    from ..results import EachAnalyst

    limit = None if fmt == "csv" else top

    def build(one: Any):
        v = one.analysis
        title = (f"Value of information for {v.target} (lead: {v.lead}): every "
                 "unobserved node, latent factors included; tripwire = observations that would "
                 "change the lead")
        return voi_rows(v, limit), title, {}

    every = render_each(result, fmt, build)
    if fmt in ("json", "csv") or isinstance(result, EachAnalyst):
        return every
    v = result.analysis
    if not v.collect:
        return every + "\nNo node of the model is marked observable: nothing to collect on.\n"
    title = (f"What to collect for {v.target} (lead: {v.lead}): the observable "
             "nodes by value of information (soft = already carries soft or graded evidence); "
             "'if observed' = the state that would flip the lead, or else move "
             f"P({v.state}) most; then = P({v.state}) if it is observed")
    return (render(result, fmt, collect_rows(v, limit), title, ("then",), ("shift",))
            + "\n" + every)


def render_compare(result: Any, fmt: str) -> str:
    """`forecast compare`: before, after, the change and each difference's share."""

    def build(one: Any):
        c = one.comparison
        target = next(iter(c.targets))
        a, b = one.before.scenario, one.after.scenario
        title = (f"What moved {target} from {a.id} ({a.as_of.isoformat()}) to "
                 f"{b.id} ({b.as_of.isoformat()}), and why ({c.method}; "
                 "the contributions, in points, add up to the change)")
        rows = compare_rows(one, short=fmt != "csv")
        shown = rows if fmt == "csv" else compare_cells(rows)
        return shown, title, {"key": hypothesis_key(c.targets[target].after.states)[1]}

    return render_each(result, fmt, build)
