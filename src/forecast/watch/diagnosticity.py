"""How much an indicator could tell about the target: the diagnosticity a watch sorts by.

An indicator's diagnosticity is the mutual information (bits) between it and the target,
as `voi` computes it, under the snapshot's evidence on every other node: the indicator's own
findings are set aside, so that an indicator already reported on is judged by what it
could tell, not by what is left to learn. Indicators without findings share one `voi` pass;
each one with findings takes its own, on the network converted to the snapshot, as `voi`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.voi import value_of_information
from ..domain.evidence import Finding, combine
from ..domain.network import Network


def diagnosticities(network: Network, findings: Sequence[Finding], target: str,
                    indicators: Sequence[str]) -> dict[str, float]:
    """Bits of information each of `indicators` carries about `target` (0 for the target)."""
    out: dict[str, float] = {}
    observed = {f.node for f in findings}
    quiet = [n for n in indicators if n not in observed and n != target]
    if quiet:
        out.update(_bits(network, combine(findings), target, quiet))
    for name in indicators:
        if name == target:
            out[name] = 0.0
        elif name in observed:
            rest = combine(f for f in findings if f.node != name)
            out.update(_bits(network, rest, target, [name]))
    return out


def _bits(network: Network, evidence, target: str, names: Sequence[str]) -> dict[str, float]:
    result = value_of_information(network, evidence, target)
    rows = {row.node: row.bits for row in (*result.nodes, *result.collect)}
    return {name: float(rows.get(name, 0.0)) for name in names}
