"""A scenario's `reference:` entries -> checked outside views (DESIGN section 7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..domain.network import Network
from ..domain.reference import Reference
from .corpus import Corpus
from .distributions import distribution
from .models import ReferenceSpec


def build_references(specs: Sequence[ReferenceSpec], targets: Sequence[str], network: Network,
                     corpus: Corpus | None, report: Callable[[str, tuple], None]
                     ) -> tuple[Reference, ...]:
    """Each reference on a target of the scenario, its distribution over that target's states,
    its citation in the corpus; names unique. Problems go to `report` with their location."""
    from .load import citation_problem

    references: list[Reference] = []
    seen: set[str] = set()
    for i, spec in enumerate(specs):
        loc = ("reference", i)
        if spec.name in seen:
            report(f"two references named {spec.name!r}; give each outside view its own name",
                   (*loc, "name"))
        seen.add(spec.name)
        target = spec.target or (targets[0] if targets else None)
        if target is None or target not in network:
            report(f"reference {spec.name!r}: unknown target {target!r}; it is not a node of "
                   f"model {network.id!r}", (*loc, "target"))
            continue
        if target not in targets:
            report(f"reference {spec.name!r} is on {target!r}, not a target of this scenario; "
                   f"its targets are {', '.join(targets)}", (*loc, "target"))
            continue
        if spec.source is not None:
            problem = citation_problem(spec.source.doc, corpus)
            if problem:
                report(problem, (*loc, "source", "doc"))
        states = network[target].states
        vector = distribution(spec.p, states, (*loc, "p"), report,
                              f"reference {spec.name!r} on {target!r}")
        if vector is not None:
            references.append(Reference(
                spec.name, target, states, vector, spec.basis,
                spec.source.model_dump(exclude_none=True) if spec.source else None))
    return tuple(references)
