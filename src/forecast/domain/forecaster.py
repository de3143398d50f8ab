"""Who a forecast belongs to: the names an analyst may take.

The ledger scores the model's own forecasts as `model` and a pool as `pool (method: ...)`, and
every output prints analyst names on lines of their own; so an analyst may not take those
names, nor carry characters that would break or forge a printed line.
"""

from __future__ import annotations

import unicodedata

MODEL = "model"  # the forecaster of a forecast recorded without an analyst
POOL_PREFIX = "pool ("  # the forecaster of a pooled forecast: "pool (linear: a, b)"
MAX_NAME = 200  # characters: a name, not a paragraph


def forecaster_name_problem(name: str) -> str | None:
    """Why `name` cannot be an analyst's name, or None when it can."""
    bad = next((c for c in name if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn",
                                                             "Zl", "Zp"}), None)
    if bad is not None:
        return (f"the analyst's name holds the control character U+{ord(bad):04X}; write the "
                "name on one line, in visible characters")
    if name != name.strip() or not name.strip():
        return "the analyst's name starts or ends with white space; remove it"
    if name.casefold() == MODEL:
        return (f"{name!r} is the name the ledger gives the model's own forecasts; give the "
                "analyst a name of their own")
    if name.casefold().startswith(POOL_PREFIX):
        return (f"names starting {POOL_PREFIX!r} are how the ledger labels a pool; give the "
                "analyst a name of their own")
    if len(name) > MAX_NAME:
        return f"the analyst's name is {len(name):,} characters; shorten it to {MAX_NAME} or fewer"
    return None
