"""Parameter forms that turn what an analyst writes into a CPT array.

Each form is a frozen dataclass with `cpt()` (shape (*parent cards, card)) and
`batched_cpt(params)` for a leading batch axis of parameter samples.
"""

from .noisy_max import NoisyMax
from .ranked import Ranked
from .table import Table

__all__ = ["NoisyMax", "Ranked", "Table"]
