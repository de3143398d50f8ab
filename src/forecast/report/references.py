"""Outside views beside the model's forecast, as lines under the run table (text, Markdown)."""

from __future__ import annotations

import textwrap
from typing import Any


def _percent(p: float) -> str:
    """As the run table prints probabilities (the rounding rule of `language`)."""
    from ..language import percent

    return percent(float(p))


def _words(p: float, result: dict[str, Any]) -> str:
    from ..language import estimate

    return estimate(float(p), result.get("yardstick") or "icd203").words


def reference_lines(result: dict[str, Any]) -> list[str]:
    """Per outside view: who, then each state as model vs. view, then how words became numbers."""
    lines: list[str] = []
    for ref in result.get("reference") or []:
        model = result.get("posteriors", {}).get(ref["target"], {})
        source = ref.get("source") or {}
        cited = f" ({source['doc']})" if source.get("doc") else ""
        lines.append(f"outside view: {ref['name']}{cited} on {ref['target']}")
        width = max(len(s) for s in ref["p"])
        for state, p in ref["p"].items():
            said = f"{_percent(p)} {_words(p, result)}"
            beside = f"model {_percent(model[state])}" if state in model else ""
            lines.append(f"  {state.ljust(width)}  {said.ljust(24)}{beside}".rstrip())
        if ref.get("basis"):
            lines += textwrap.wrap(f"basis: {ref['basis']}", 96, initial_indent="  ",
                                   subsequent_indent="    ")
    return lines


def reference_text(result: dict[str, Any]) -> str:
    lines = reference_lines(result)
    return ("\n" + "\n".join(lines) + "\n") if lines else ""


def reference_markdown(result: dict[str, Any]) -> str:
    refs = result.get("reference") or []
    if not refs:
        return ""
    out = ["", "### Outside views", "", "| view | target | state | view p | model p |",
           "|---|---|---|---:|---:|"]
    for ref in refs:
        model = result.get("posteriors", {}).get(ref["target"], {})
        for state, p in ref["p"].items():
            shown = _percent(model[state]) if state in model else "-"
            out.append(f"| {ref['name'].replace('|', '/')} | {ref['target']} | {state} | "
                       f"{_percent(p)} {_words(p, result)} | {shown} |")
    bases = [f"- {r['name']}: {r['basis']}" for r in refs if r.get("basis")]
    if bases:
        out += ["", *bases]
    return "\n".join(out) + "\n"
