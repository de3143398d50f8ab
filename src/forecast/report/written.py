"""Charts draw the written form of a result: the JSON the CLI writes, with node labels.

That form is the charts' contract (DESIGN: `plot_<kind>(result)`), so a chart can be drawn
from a result saved as JSON, or from hand-built data in a test, as well as from a use case's
typed result: `draws_written` turns a typed result into its written form at the door.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def written(data: Any) -> Any:
    """`data.to_json()` with the nodes' labels for a typed result (each one, for a list of
    them); JSON-shaped data as it is."""
    if isinstance(data, (list, tuple)):
        return [written(item) for item in data]
    to_json = getattr(data, "to_json", None)
    if to_json is None:
        return data
    out = to_json()
    labels = getattr(data, "labels", None)
    if labels is None and hasattr(data, "context"):
        labels = data.context.labels
    if labels is not None:
        out.setdefault("labels", labels)
    return out


def draws_written(plot: Callable[..., Any]) -> Callable[..., Any]:
    """A plot function that takes a typed result as readily as its written form."""

    @functools.wraps(plot)
    def wrapper(data: Any, *args: Any, **kwargs: Any) -> Any:
        return plot(written(data), *args, **kwargs)

    return wrapper
