"""The use cases as a notebook calls them: keyword functions over `forecast.usecases`, each
taking a path or a scenario already loaded (`load_checked`) and returning a typed result.
The commands and the what-if page use `forecast.usecases` directly."""

from __future__ import annotations

from .usecases.answer import answer_scenario
from .usecases.compare import compare_scenarios
from .usecases.explain import explain_scenario
from .usecases.query import query
from .usecases.run import run_scenario
from .usecases.sensitivity import ranges_scenario, sensitivity_scenario
from .usecases.snapshot import Adjustments, Checks, load_checked, load_snapshots
from .usecases.voi import voi_scenario
from .usecases.warn import warn_scenario

__all__ = [
    "Adjustments", "Checks", "answer_scenario", "compare_scenarios", "explain_scenario",
    "load_checked", "load_snapshots", "query", "ranges_scenario", "run_scenario",
    "sensitivity_scenario", "voi_scenario", "warn_scenario",
]
