"""forecast: scenario assessment with discrete Bayesian networks.

The public API is re-exported lazily so that `import forecast` stays cheap (matplotlib is
imported only when a `plot_*` function is first used, pgmpy only by its engine).
"""

from __future__ import annotations

__version__ = "0.1.0"

# name -> the module that defines it (relative to this package)
_PUBLIC = {
    "load_model": ".spec.load",
    "load_scenario": ".spec.load",
    "Checks": ".app",
    "load_checked": ".app",
    "run_scenario": ".app",
    "query": ".app",
    "sensitivity_scenario": ".app",
    "explain_scenario": ".app",
    "voi_scenario": ".app",
    "compare_scenarios": ".app",
    "answer_scenario": ".answer",
    "init_case": ".initcase",
    "ForecastError": ".errors",
    "UserError": ".errors",
    "InferenceError": ".errors",
    "plot_posterior": ".report.charts",
    "plot_tornado": ".report.charts",
    "plot_impact": ".report.charts",
    "plot_timeline": ".report.charts",
    "plot_network": ".report.chart_network",
    "plot_horizon": ".report.chart_horizon",
    "plot_ach": ".report.chart_ach",
    "plot_calibration": ".report.chart_calibration",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'forecast' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module, __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)
