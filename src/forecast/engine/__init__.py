"""Exact inference engines behind one interface.

`compiled` (default): numpy tensor contractions along the elimination planner's schedule,
with a leading batch axis.
`pgmpy`: the reference, pgmpy's VariableElimination (pgmpy is imported only here).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..domain.network import Network
from ..errors import UserError

ENGINES = ("compiled", "pgmpy")


def posteriors(
    network: Network,
    targets: tuple[str, ...] | list[str],
    evidence: Mapping[str, np.ndarray] | None = None,
    engine: str = "compiled",
) -> dict[str, np.ndarray]:
    """Posterior of every target given likelihood evidence, with the engine named."""
    if engine == "compiled":
        from . import compiled

        return compiled.posteriors(network, targets, evidence)
    if engine == "pgmpy":
        from . import pgmpy_engine

        return pgmpy_engine.posteriors(network, targets, evidence)
    raise UserError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
