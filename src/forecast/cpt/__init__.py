"""Parameter forms that turn what an analyst writes into a CPT array.

Each form is a frozen dataclass with one interface: `cpt()` (shape (*parent cards, card)),
`parameters(node, parent states)` (every number the analyst wrote), `tables(node,
parameters, values)` (the CPTs with each parameter at each value, batched), `sample(rng,
node, n)` (n CPTs drawn around the written numbers) and `explicit` (written out entry by
entry, as every file format stores a CPT).
"""

from typing import Any

from .noisy_max import NoisyMax
from .ranked import Ranked
from .table import Table

__all__ = ["NoisyMax", "Ranked", "Table", "form_of"]


def form_of(node: Any) -> Table | NoisyMax | Ranked:
    """A node's parameter form; a node built without one (a bare CPT) is a table."""
    return node.form if node.form is not None else Table(node.cpt)
