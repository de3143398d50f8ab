"""What every part of the assembly needs, gathered from the input once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..chart_style import checked_yardstick, human
from .inputs import BriefInput
from .markup import lit
from .wording import judged, said


class _Context:
    """What every part of the assembly needs: names, words, documents."""

    def __init__(self, data: BriefInput):
        self.data = data
        self.y = checked_yardstick(data.yardstick)
        self.nodes = data.nodes
        self.doc_numbers = _number_documents(data)

    def label(self, node: str) -> str:
        return str((self.nodes.get(node) or {}).get("label") or human(node))

    def states(self, node: str) -> list[str]:
        return list((self.nodes.get(node) or {}).get("states") or [])

    def said(self, p: float) -> str:
        return said(p, self.y)

    def judged(self, p: float) -> str:
        return judged(p, self.y)

    def state(self, state: str) -> str:
        return human(state)

    def source_ref(self, doc: str | None) -> str:
        return f"[S{self.doc_numbers[doc]}]" if doc in self.doc_numbers else ""

    def finding(self, item: Mapping[str, Any]) -> str:
        """'Joint regional group of forces announced: **announced**' or the soft likelihoods."""
        node = item["node"]
        if item.get("state"):
            return f"{lit(self.label(node))}: **{lit(self.state(item['state']))}**"
        return f"{lit(self.label(node))}: *soft finding*"

    def ratios(self, item: Mapping[str, Any]) -> str:
        """A soft finding's likelihoods, scaled to a largest of 1: 'none 0.6 : limited 1'."""
        likelihood = item.get("likelihood")
        states = self.states(item["node"])
        if not likelihood or len(states) != len(likelihood):
            return ""
        top = max(float(v) for v in likelihood) or 1.0
        return " : ".join(f"{human(s)} {float(v) / top:.2g}"
                          for s, v in zip(states, likelihood, strict=True))

    def likelihood_text(self, item: Mapping[str, Any]) -> str:
        ratios = "" if item.get("state") else self.ratios(item)
        return f"relative likelihoods {ratios}" if ratios else ""


def _number_documents(data: BriefInput) -> dict[str, int]:
    """Documents numbered S1, S2... in order of first citation by a finding, then the rest in
    the order of the seeds index."""
    order: list[str] = []
    for snap in data.snapshots:
        for item in snap.run.get("evidence") or []:
            doc = (item.get("source") or {}).get("doc")
            if doc and doc not in order:
                order.append(doc)
    for doc in data.documents:
        if doc not in order:
            order.append(doc)
    return {doc: i + 1 for i, doc in enumerate(order)}


def _targets(run: Mapping[str, Any]) -> list[str]:
    posteriors = run.get("posteriors") or {}
    return [t for t in (run.get("targets") or list(posteriors)) if t in posteriors]
