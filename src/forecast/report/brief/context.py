"""What every part of the assembly needs, gathered from the input once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..chart_style import checked_yardstick, clipped, human
from .inputs import BriefInput
from .markup import lit
from .wording import judged, said

if TYPE_CHECKING:
    from ...domain.evidence import Finding
    from ...domain.numbers import ByState
    from ...results import RunResult


_NO_DOCUMENT: Mapping[str, Any] = dict.fromkeys(
    ("id", "file", "title", "outlet", "published", "published_basis", "url"))


class _Context:
    """What every part of the assembly needs: names, words, documents."""

    def __init__(self, data: BriefInput):
        self.data = data
        self.y = checked_yardstick(data.yardstick)
        self.nodes = data.nodes
        self.doc_numbers = _number_documents(data)

    def label(self, node: str) -> str:
        return clipped(str(self.nodes[node]["label"])) if node in self.nodes else human(node)

    def states(self, node: str) -> list[str]:
        return list(self.nodes[node]["states"]) if node in self.nodes else []

    def said(self, p: float) -> str:
        return said(p, self.y)

    def judged(self, p: float) -> str:
        return judged(p, self.y)

    def state(self, state: str) -> str:
        return human(state)

    def source_ref(self, doc: str | None) -> str:
        return f"[S{self.doc_numbers[doc]}]" if doc in self.doc_numbers else ""

    def document(self, doc: str) -> Mapping[str, Any]:
        """The seeds index's entry for `doc`; every field None when the model has no seeds
        index (a finding may cite a document the brief cannot describe)."""
        return self.data.documents.get(doc, _NO_DOCUMENT)

    def finding(self, item: Finding) -> str:
        """'Joint regional group of forces announced: **announced**' or the soft likelihoods."""
        if item.state:
            return f"{lit(self.label(item.node))}: **{lit(self.state(item.state))}**"
        return f"{lit(self.label(item.node))}: *soft finding*"

    def ratios(self, item: Finding) -> str:
        """A soft finding's likelihoods, scaled to a largest of 1: 'none 0.6 : limited 1'."""
        likelihood = [float(v) for v in item.likelihood]
        states = self.states(item.node)
        if not likelihood or len(states) != len(likelihood):
            return ""
        top = max(likelihood) or 1.0
        return " : ".join(f"{human(s)} {v / top:.2g}"
                          for s, v in zip(states, likelihood, strict=True))

    def likelihood_text(self, item: Finding) -> str:
        ratios = "" if item.state else self.ratios(item)
        return f"relative likelihoods {ratios}" if ratios else ""


def _number_documents(data: BriefInput) -> dict[str, int]:
    """Documents numbered S1, S2... in order of first citation by a finding, then the rest in
    the order of the seeds index."""
    order: list[str] = []
    for snap in data.snapshots:
        for doc in cited_documents(snap.run):
            if doc not in order:
                order.append(doc)
    for doc in data.documents:
        if doc not in order:
            order.append(doc)
    return {doc: i + 1 for i, doc in enumerate(order)}


def cited_documents(run: RunResult) -> list[str]:
    """The document each finding of the run cites, in the scenario's order (a finding without
    a source cites none)."""
    return [f.source["doc"] for f in run.findings if f.source]


def _targets(run: RunResult) -> list[str]:
    return [t for t in (run.targets or tuple(run.posteriors)) if t in run.posteriors]


def value_of(dists: Mapping[str, ByState], node: str, state: str) -> float | None:
    """P(node=state) in `dists`, or None where the node (or the state) is not among them."""
    dist = dists.get(node)
    return dist[state] if dist is not None and state in dist else None


def intervals_of(run: RunResult, node: str) -> dict[str, tuple[float, float]]:
    """The run's interval of each state of `node` (with --samples), or none."""
    unc = run.uncertainty
    if unc is None or node not in unc.low:
        return {}
    return {state: unc.interval(node, state) for state in unc.low[node]}


def has_intervals(run: RunResult) -> bool:
    """Whether the run carries any interval (--samples, for one of its targets)."""
    return run.uncertainty is not None and bool(run.uncertainty.low)


def pooled(ctx: _Context) -> bool:
    """Whether the brief's numbers are a pool of several analysts (the latest snapshot's)."""
    return len(ctx.data.snapshots[-1].run.per_analyst) > 1
