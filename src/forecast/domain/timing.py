"""A snapshot's network: windowed tables converted row by row, quiet days as a finding.

Every row r of a windowed node's table is converted to the snapshot's span before any
inference (`window.convert` with the share f of the window's hazard from as_of to the
horizon). Days in which nothing above the first state happened (`quiet_since` to as_of)
are evidence about the rows: under row r they had probability P_W(first | r) ** g, g their
share of the window's hazard. That factor lives on a derived two-state node, `quiet:NODE`,
a child of the windowed node's parents, observed in its state `quiet` by a finding of kind
`quiet`; so every engine, explanation (leave-one-out) and comparison treats it like any
finding, and without the finding the node is barren and changes nothing.

The written tables stay with the network (`SnapshotTime.elicited`): parameter sweeps and
samples vary what the analyst wrote and convert each table the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from .evidence import Finding
from .network import Network, Node
from .window import Window, convert, quiet_likelihood

QUIET_STATES = ("quiet", "not_quiet")
QUIET_PREFIX = "quiet:"
TIME_KEY = "time"  # Network.meta key of a converted network's SnapshotTime


def quiet_node_name(node: str) -> str:
    """The derived node holding a windowed node's quiet days (":" is in no model name)."""
    return f"{QUIET_PREFIX}{node}"


def is_derived(name: str) -> bool:
    """A node the tool adds (quiet days), not one of the model's: no parameters of its own,
    never a candidate to observe or a node to draw."""
    return name.startswith(QUIET_PREFIX)


def model_names(network: Network) -> tuple[str, ...]:
    """The model's own nodes, without the derived ones."""
    return tuple(n for n in network.names if not is_derived(n))


@dataclass(frozen=True)
class SnapshotTime:
    """What converted a network: each windowed node's window (share f, quiet share g) and
    its node as written (for W days), whose table every conversion starts from."""

    windows: Mapping[str, Window]
    elicited: Mapping[str, Node]

    def table(self, node: str, written: np.ndarray) -> np.ndarray:
        """A written table (or a batch of them) of `node` converted to the snapshot."""
        return convert(written, self.windows[node].ratio)

    def quiet_table(self, node: str, written: np.ndarray) -> np.ndarray:
        """The table of `quiet:node` implied by a written table (or batch) of `node`."""
        q = quiet_likelihood(written, self.windows[node].quiet_share or 0.0)
        return np.stack([q, 1.0 - q], axis=-1)

    def quiet_nodes(self) -> dict[str, str]:
        """quiet node -> the windowed node it belongs to."""
        return {quiet_node_name(n): n for n, w in self.windows.items()
                if w.quiet_share is not None}


def time_of(network: Network) -> SnapshotTime | None:
    """How `network` was converted to its snapshot (None: it holds the written numbers)."""
    return network.meta.get(TIME_KEY)


def timed_network(network: Network, windows: Mapping[str, Window]) -> Network:
    """`network` (written numbers, adjustments applied) converted to a snapshot: every
    windowed node's rows converted, and a `quiet:` node after each that has quiet days.

    Windowed nodes without a horizon (ratio 1) keep their rows; a network already converted
    is returned as it is."""
    if time_of(network) is not None or not windows:
        return network
    nodes: dict[str, Node] = {}
    elicited: dict[str, Node] = {}
    for name, node in network.nodes.items():
        window = windows.get(name)
        if window is None:
            nodes[name] = node
            continue
        elicited[name] = node
        converted = convert(node.cpt, window.ratio)
        nodes[name] = replace(node, cpt=converted, form=None)
        if window.quiet_share is not None:
            q = quiet_likelihood(node.cpt, window.quiet_share)
            quiet = quiet_node_name(name)
            nodes[quiet] = Node(
                quiet, QUIET_STATES, node.parents, np.stack([q, 1.0 - q], axis=-1),
                confidence=node.confidence,
                meta={"label": f"nothing happened on {node.label} since "
                               f"{window.quiet_since} ({window.quiet_days} days)",
                      "derived": "quiet", "of": name})
    time = SnapshotTime(MappingProxyType(dict(windows)), MappingProxyType(elicited))
    return replace(network, nodes=nodes, meta={**network.meta, TIME_KEY: time})


def quiet_findings(network: Network, windows: Mapping[str, Window], where: str | None
                   ) -> tuple[Finding, ...]:
    """The finding that the quiet days happened, one per windowed node that has them."""
    out = []
    for name, window in windows.items():
        if window.quiet_share is None:
            continue
        node = network[name]
        out.append(Finding(
            quiet_node_name(name), np.array([1.0, 0.0]), state="quiet", id=f"quiet_{name}",
            note=(f"nothing above {node.states[0]!r} on {name} from {window.quiet_since} to "
                  f"as_of: {window.quiet_days} days, {100 * (window.quiet_share or 0):.1f}% of "
                  "the window's hazard"),
            where=where, kind="quiet"))
    return tuple(out)


def timed_samples(network: Network, cpts: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Sampled tables of a converted network's nodes: each windowed node was drawn from
    what the analyst wrote; its draws converted and its quiet node's tables derived."""
    time = time_of(network)
    if time is None:
        return dict(cpts)
    out = dict(cpts)
    for quiet, node in time.quiet_nodes().items():
        if node in cpts:
            out[quiet] = time.quiet_table(node, cpts[node])
    for node in time.elicited:
        if node in cpts:
            out[node] = time.table(node, cpts[node])
    return out


def written_network(network: Network) -> Network:
    """A converted network with its windowed nodes' written tables back (the quiet nodes
    and their finding stay): the same evidence read against the model's own window."""
    time = time_of(network)
    if time is None:
        return network
    nodes = {n: time.elicited.get(n, node) for n, node in network.nodes.items()}
    meta = {k: v for k, v in network.meta.items() if k != TIME_KEY}
    return replace(network, nodes=nodes, meta=meta)


def without_derived(network: Network) -> Network:
    """The model's own nodes only, for drawing and listing (the quiet nodes are the tool's
    way of holding a finding, not part of the model the analyst drew)."""
    if not any(is_derived(n) for n in network.names):
        return network
    return replace(network, nodes={n: node for n, node in network.nodes.items()
                                   if not is_derived(n)})
