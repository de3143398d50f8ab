"""forecast: scenario assessment with discrete Bayesian networks.

The public API is re-exported lazily so that `import forecast` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "load_model",
    "load_scenario",
    "query",
    "run_scenario",
]


def __getattr__(name: str):
    if name in {"load_model", "load_scenario"}:
        from .spec import load

        return getattr(load, name)
    if name in {"run_scenario", "query"}:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'forecast' has no attribute {name!r}")
